"""factory_boy factories shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from samskabelse.models import Municipality, Organisation, OrganisationKind, User
from samskabelse.roles import Role
from samskabelse.services import create_api_token

TEST_PASSWORD = "et-godt-kodeord-42"


def municipality(code="376"):
    """The data migration loads all 98; tests pick one by kommunekode (376 = Guldborgsund)."""
    return Municipality.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Forening nr. {n}")
    kind = OrganisationKind.FORENING


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@kommune.dk")
    first_name = "Mette"
    last_name = factory.Sequence(lambda n: f"Hansen{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        if extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


def consultant(code="376", **kwargs):
    """A municipal consultant (staff, konsulent role) of the municipality with that code."""
    return UserFactory(
        municipality=municipality(code), is_staff=True, roles=[Role.CONSULTANT], **kwargs
    )


def admin_user(**kwargs):
    return UserFactory(is_staff=True, is_superuser=True, **kwargs)


def api_token(user=None, scopes=("read",), name="Intranet"):
    """Return (token, key) for a new token."""
    return create_api_token(user=user or UserFactory(), name=name, scopes=list(scopes))
