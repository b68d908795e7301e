"""factory_boy factories shared by every app's tests."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

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
            # get_or_create: a transactional test's flush empties the groups the data
            # migration made, and a test after it still needs its roles.
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))


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


# --- projects ---------------------------------------------------------------------------
from projects.models import (  # noqa: E402
    Case,
    CaseStatus,
    CitizenVoice,
    Grip,
    JournalEntry,
    JournalKind,
    Principle,
    Quote,
    Track,
    Visibility,
    VoiceTheme,
    WelfareArea,
)


class CaseFactory(factory.django.DjangoModelFactory):
    """A case saved directly (no service): for setting up state, not for testing rules."""

    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"Frivillige på plejecentret {n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    summary = "Frivillige og personale skaber sammen mere liv i hverdagen."
    story = "Det begyndte med en kop kaffe og et spørgsmål: hvad kan vi gøre sammen?"
    municipality = factory.LazyFunction(lambda: municipality("376"))
    unit = "Bakkehuset Plejecenter"
    welfare_area = WelfareArea.AELDRE
    track = Track.FIND_OG_FORSTOER
    status = CaseStatus.I_GANG
    visibility = Visibility.OFFENTLIG


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    case = factory.SubFactory(CaseFactory)
    date = factory.Faker("date_this_year")
    kind = JournalKind.MOEDE
    text = "Møde med Ældre Sagens frivillige om aftenaktiviteter."


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    case = factory.SubFactory(CaseFactory)
    text = "Vi kom for at hjælpe, men vi fik selv mest ud af det."
    speaker_role = "frivillig, Ældre Sagen"


class GripFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grip

    title = factory.Sequence(lambda n: f"Start med borgerens spørgsmål {n}")
    slug = factory.Sequence(lambda n: f"greb-{n}")
    description = "Begynd mødet med det, borgeren selv er optaget af."
    good_questions = "Hvad er vigtigt for dig?\nHvem kender du, der kunne hjælpe?"
    dos = "Lyt først"
    donts = "Kom med en færdig løsning"


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    name = factory.Sequence(lambda n: f"Princip {n}")
    slug = factory.Sequence(lambda n: f"princip-{n}")
    source = "Resonans"


class VoiceThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoiceTheme

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class CitizenVoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenVoice

    text = "Det gode liv er, når naboerne kender hinanden."
    area = "Horbelev"
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = "2026-11"


# --- events -----------------------------------------------------------------------------
from events.models import (  # noqa: E402
    Event,
    EventKind,
    EventStatus,
    Occurrence,
    Registration,
    RegistrationStatus,
)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Temadag om samskabelse {n}")
    slug = factory.Sequence(lambda n: f"temadag-{n}")
    kind = EventKind.TEMADAG
    summary = "Playmakeren og fælles-skaberen fortæller om samskabelse i praksis."
    programme = "09.30 Velkomst\n10.00 Playmakeren\n12.00 Frokost"
    status = EventStatus.OFFENTLIGGJORT


class OccurrenceFactory(factory.django.DjangoModelFactory):
    """A published occurrence in three weeks, open for registration, 20 seats."""

    class Meta:
        model = Occurrence

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timezone.timedelta(days=21)).replace(
            hour=8, minute=30, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timezone.timedelta(hours=7))
    venue = "Herlev Medborgerhus"
    address = "Herlev Bygade 90, 2730 Herlev"
    city = "Herlev"
    capacity = 20
    waitlist_enabled = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration saved directly (no seat check): for setting up state only."""

    class Meta:
        model = Registration

    occurrence = factory.SubFactory(OccurrenceFactory)
    name = factory.Sequence(lambda n: f"Deltager {n}")
    email = factory.Sequence(lambda n: f"deltager{n}@kommune.dk")
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = "2026-11"
    status = RegistrationStatus.CONFIRMED


def organiser(**kwargs):
    """A user with the arrangør role."""
    return UserFactory(is_staff=True, roles=[Role.ORGANISER], **kwargs)


# --- network ----------------------------------------------------------------------------
from network.models import (  # noqa: E402
    Experiment,
    LocalArea,
    Meeting,
    Membership,
    Network,
    NetworkKind,
    Person,
    Tag,
)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Samskabelsesnetværket {n}")
    slug = factory.Sequence(lambda n: f"netvaerk-{n}")
    kind = NetworkKind.TVAERKOMMUNALT
    purpose = "Kommunerne afprøver mini-eksperimenter med samskabelse og lærer af hinanden."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    municipality = factory.LazyFunction(lambda: municipality("621"))  # Kolding


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Netværksmøde {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=30))
    place = "Kolding Rådhus"
    agenda = "1. Velkomst\n2. Mini-eksperimenter"


class ExperimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experiment

    network = factory.SubFactory(NetworkFactory)
    municipality = factory.LazyFunction(lambda: municipality("621"))
    title = factory.Sequence(lambda n: f"Mini-eksperiment {n}")
    question = "Hvordan inddrager vi politikerne tidligt?"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Fælles-skaber {n}")
    slug = factory.Sequence(lambda n: f"faelles-skaber-{n}")
    kind = Tag.Kind.ROLE


class LocalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalArea

    name = factory.Sequence(lambda n: f"Lokalområde {n}")
    municipality = factory.LazyFunction(lambda: municipality("316"))  # Holbæk


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Lise Madsen {n}")
    slug = factory.Sequence(lambda n: f"lise-madsen-{n}")
    title = "Fælles-skaber"
    municipality = factory.LazyFunction(lambda: municipality("316"))
    email = factory.Sequence(lambda n: f"lise{n}@holbaek.dk")
    phone = "72 36 36 36"


def coordinator(**kwargs):
    """A user with the netværkskoordinator role."""
    return UserFactory(is_staff=True, roles=[Role.NETWORK_COORDINATOR], **kwargs)
