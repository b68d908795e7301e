from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samskabelse.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print the key once, alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--scopes", default="read", help="Comma-separated: read,write:cases,…")
        parser.add_argument("--name", default="", help="Which system will use the token.")

    def handle(self, *args, email, scopes, name, **options):
        try:
            user = get_user_model().objects.get(email__iexact=email)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user with email {email}.") from exc
        scope_list = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        try:
            token, key = create_api_token(user=user, name=name or f"CLI {email}", scopes=scope_list)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Token '{token.name}' for {user.email} with scopes {', '.join(token.scopes)}. "
            "The key is shown once; store it now:"
        )
        self.stdout.write(key)
