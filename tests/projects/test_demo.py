"""`seed_demo` for projects: Guldborgsund's 100 days, the voices and five other
municipalities, loaded idempotently and within the rules the platform enforces."""

import pytest
from django.apps import apps
from django.core.management import call_command

from projects import selectors
from projects.demo_data import LOCAL_AREAS
from projects.models import (
    Case,
    CitizenVoice,
    Grip,
    Photo,
    Principle,
    Quote,
    Track,
    Visibility,
    VoiceStatus,
    VoiceTheme,
)
from projects.voices.selectors import representation
from tests.factories import municipality

pytestmark = pytest.mark.django_db

FIND_OG_FORSTOER_UNITS = [
    "Bakkehuset Plejecenter",
    "Daginstitutionen Æblehuset",
    "Nordbyskolen",
    "Nordbyskolen",
    "Park og Vej",
    "Sundskolen",
]
OTHER_MUNICIPALITIES = ["746", "316", "751", "766", "573"]


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seeding_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    before = counts()
    stamps = dict(Case.objects.values_list("slug", "updated_at"))
    call_command("seed_demo")
    assert counts() == before
    assert dict(Case.objects.values_list("slug", "updated_at")) == stamps
    assert before["projects.Case"] >= 15


def test_the_six_find_og_forstoer_cases_of_guldborgsund(seeded):
    cases = Case.objects.filter(municipality__code="376", track=Track.FIND_OG_FORSTOER)
    assert sorted(cases.values_list("unit", flat=True)) == sorted(FIND_OG_FORSTOER_UNITS)
    bakkehuset = cases.get(unit="Bakkehuset Plejecenter")
    assert bakkehuset.case_partners.filter(organisation__name="Ældre Sagen").exists()


def test_guldborgsund_has_training_grounds_facilitation_and_a_visibility_mix(seeded):
    guldborgsund = Case.objects.filter(municipality__code="376")
    assert guldborgsund.filter(track=Track.TRAENINGSBANE).count() == 2
    assert guldborgsund.filter(track=Track.FACILITERING).count() == 1
    assert guldborgsund.filter(visibility=Visibility.KLADDE).count() == 1
    assert guldborgsund.filter(visibility=Visibility.INTERN).count() == 1
    assert guldborgsund.filter(visibility=Visibility.OFFENTLIG).count() == 7
    for case in guldborgsund:
        assert case.start_date.year == 2016 and case.end_date.year in (2016, 2017)
        assert (case.end_date - case.start_date).days == 99


def test_demo_consultants_own_their_municipalities_cases(seeded):
    for code, email in [("376", "konsulent@guldborgsund.dk"), ("746", "playmaker@skanderborg.dk")]:
        for case in Case.objects.filter(municipality__code=code):
            assert list(case.consultants.values_list("email", flat=True)) == [email]
            assert case.created_by.email == email and case.updated_by.email == email


def test_every_case_is_valid_and_complete(seeded):
    for case in Case.objects.all():
        case.full_clean()
        assert case.summary and case.story and case.unit and case.step
        assert case.principles.exists() and case.case_partners.exists()
        assert case.revisions.exists()
    portrait = Case.objects.get(unit="Park og Vej").story
    assert "samskabende mindset" in portrait and "Rosendahlsgade" in portrait


def test_each_voice_theme_has_approved_voices_with_consent(seeded):
    themes = VoiceTheme.objects.all()
    assert set(themes.values_list("slug", flat=True)) == {
        "aktivt-medborgerskab",
        "spirende-baghave",
        "kommunen-som-medskaber",
    }
    for theme in themes:
        assert theme.description
        assert theme.voices.filter(status=VoiceStatus.APPROVED).exists()
    for voice in CitizenVoice.objects.all():
        assert voice.consent_at and voice.consent_version == "2026-11"
        assert voice.area and voice.themes.exists()


def test_guldborgsund_has_local_areas_with_inhabitants_so_the_gaps_show(seeded):
    comparison = representation(None, municipality=municipality("376"))

    assert len(comparison.local_areas.rows) == len(LOCAL_AREAS)
    assert comparison.has_population
    assert comparison.age_groups.flagged  # the seed's six voices leave groups missing


def test_practice_spreads_from_one_unit_to_another(seeded):
    spread = Case.objects.filter(spread_from__isnull=False)
    assert spread.exists()
    for case in spread:
        assert case.spread_from.unit != case.unit


def test_cases_in_all_five_other_municipalities(seeded):
    for code in OTHER_MUNICIPALITIES:
        assert Case.objects.filter(municipality__code=code).exists(), code


def test_principles_grips_and_their_cases(seeded):
    for source in ("Resonans", "Frivilligrådet"):
        assert Principle.objects.filter(source=source).count() == 6
    for grip in Grip.objects.all():
        assert grip.good_questions and grip.dos and grip.donts
        assert grip.cases.exists(), grip.slug


def test_names_and_photos_only_with_consent(seeded):
    assert Quote.objects.exists()
    assert not Quote.objects.exclude(speaker_name="").filter(name_consent_at__isnull=True)
    assert all(quote.speaker_role for quote in Quote.objects.all())
    assert not Photo.objects.filter(alt_text="")


def test_demo_cases_are_searchable_in_danish(seeded):
    found = selectors.search_cases(Case.objects.all(), "frivillige")
    assert found.filter(slug="bakkehuset-plejecenter-frivillige-fra-aeldre-sagen").exists()


def test_the_consultancys_cases_follow_its_note(seeded):
    """UKON's note: Aarhus collects experience with active citizenship, Hedensted runs a
    culture programme, Varde trains politicians, leaders and specialists."""
    varde = Case.objects.get(slug="varde-samskabelseseksperimenter")
    assert varde.municipality.code == "573"
    assert varde.unit == "Politikere, ledere og fagspecialister"
    assert "UKON" in set(varde.partners.values_list("name", flat=True))
    assert Case.objects.get(slug="hedensted-kulturudvikling-samskabelse").municipality.code == "766"
    assert Case.objects.get(slug="aarhus-medborgerskabskatalog").municipality.code == "751"
