"""The directory the test provider signs people in from, and the claims it gives them."""

import base64
import json
import os
from pathlib import Path

from django.contrib.auth.models import User
from oauth2_provider.oauth2_validators import OAuth2Validator


def directory():
    return json.loads(Path(os.environ["PROVIDER_DIRECTORY"]).read_text(encoding="utf-8"))


def entry(username):
    return directory()["people"].get(username)


class DirectoryBackend:
    """Signs in whoever the directory lists, with the directory's password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        person = entry(username or "")
        if person is None or person["password"] != password:
            return None
        user, _ = User.objects.get_or_create(username=username)
        return user

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id).first()


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class DirectoryValidator(OAuth2Validator):
    # The groups claim comes with the profile scope, as Entra ID sends it with the token.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "profile"}

    def get_additional_claims(self, request):
        person = entry(request.user.username)
        return {
            "email": person["email"],
            "email_verified": True,
            "given_name": person.get("given_name", ""),
            "family_name": person.get("family_name", ""),
            "groups": person.get("groups", []),
        }

    def finalize_id_token(self, id_token, token, token_handler, request):
        fault = entry(request.user.username).get("fault")
        if fault == "wrong_nonce":
            id_token["nonce"] = "not-the-nonce-the-client-sent"
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if fault == "tampered_id_token":
            # What an attacker on the way would do: change a claim and keep the signature.
            header, payload, signature = signed.split(".")
            claims = json.loads(_unb64(payload))
            claims["groups"] = [*claims.get("groups", []), "SG-Samskabelse-Arrangoerer"]
            payload = _b64(json.dumps(claims).encode())
            signed = ".".join([header, payload, signature])
        return signed
