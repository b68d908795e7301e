"""Demo data for the embedded default: accounts for each role and the organisations the
seed stories mention. Idempotent: running it again changes nothing."""

from django.conf import settings
from django.contrib.auth.models import Group

from .models import Municipality, Organisation, OrganisationKind, User
from .roles import Role

DEMO_PASSWORD = "samskabelse-demo"  # noqa: S105 - set only when DEBUG is on

ORGANISATIONS = [
    ("COK – Center for Offentlig Kompetenceudvikling", OrganisationKind.UDDANNELSE, None),
    ("KL – Kommunernes Landsforening", OrganisationKind.FORENING, None),
    ("Ældre Sagen", OrganisationKind.FRIVILLIGORGANISATION, None),
    ("Frivilligrådet", OrganisationKind.STAT, None),
    ("Resonans", OrganisationKind.KONSULENTHUS, None),
    ("Guldborgsund Kommune", OrganisationKind.KOMMUNE, "376"),
    ("Skanderborg Kommune", OrganisationKind.KOMMUNE, "746"),
    ("Holbæk Kommune", OrganisationKind.KOMMUNE, "316"),
]

# email, first name, last name, municipality code, roles, is_staff, is_superuser
ACCOUNTS = [
    ("admin@samskabelse.dk", "Ada", "Administrator", None, [], True, True),
    ("konsulent@guldborgsund.dk", "Karen", "Konsulent", "376", [Role.CONSULTANT], True, False),
    ("playmaker@skanderborg.dk", "Peter", "Playmaker", "746", [Role.CONSULTANT], True, False),
    ("arrangoer@cok.dk", "Anne", "Arrangør", None, [Role.ORGANISER], True, False),
    ("koordinator@cok.dk", "Niels", "Netværk", None, [Role.NETWORK_COORDINATOR], True, False),
]


def seed(stdout):
    municipalities = {m.code: m for m in Municipality.objects.all()}
    for name, kind, code in ORGANISATIONS:
        Organisation.objects.update_or_create(
            name=name, municipality=municipalities.get(code), defaults={"kind": kind}
        )
    groups = {group.name: group for group in Group.objects.all()}
    for email, first, last, code, roles, is_staff, is_superuser in ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "municipality": municipalities.get(code),
                "is_staff": is_staff,
                "is_superuser": is_superuser,
            },
        )
        if created:
            # A known password is only acceptable on a developer's machine.
            if settings.DEBUG:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        user.groups.add(*(groups[role] for role in roles))
    stdout.write(f"Demo accounts: {len(ACCOUNTS)} (password '{DEMO_PASSWORD}' when DEBUG=1).")
