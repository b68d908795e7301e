"""Who has not spoken yet: the voice form asks, optionally, age group and local area; the
admin holds each municipality's local areas and inhabitants per age group; the pattern page
and the API compare the voices with the inhabitants, flag the groups that are missing or
thin, and never show a count small enough to point at a person."""

import pytest
from django.urls import reverse

from projects.models import AgeGroup, AreaPopulation, CitizenVoice, LocalArea, VoiceStatus
from projects.voices.selectors import MISSING, THIN, hidden_counts, representation
from tests.admin_forms import add_url, change_url, form_data, messages_of
from tests.factories import CitizenVoiceFactory, VoiceThemeFactory, admin_user, municipality

pytestmark = pytest.mark.django_db

FORM_URL = reverse("projects:voice_form")
PATTERNS_URL = reverse("projects:voices")
REPRESENTATION_API = "/api/v1/voices/representation/"


def local_area(name="Horbelev", code="376", **inhabitants_by_age_group):
    """A local area with inhabitants, e.g. local_area("Nysted", **{"18-29": 100})."""
    area = LocalArea.objects.create(municipality=municipality(code), name=name)
    for age_group, inhabitants in inhabitants_by_age_group.items():
        AreaPopulation.objects.create(local_area=area, age_group=age_group, inhabitants=inhabitants)
    return area


def approved_voices(count, *, age_group="", area=None, code="376", status=VoiceStatus.APPROVED):
    return [
        CitizenVoiceFactory(
            status=status,
            age_group=age_group,
            local_area=area,
            municipality=municipality(code),
            area="",
        )
        for _ in range(count)
    ]


def rows_by_key(table):
    return {row.key: row for row in table.rows}


def voice_data(**overrides):
    data = {"text": "Vi mangler en bænk ved havnen.", "consent": "on", "website": ""}
    data.update(overrides)
    return data


# --- The form -----------------------------------------------------------------------------


def test_voice_form_saves_age_group_and_local_area_and_takes_the_municipality_from_the_area(
    client,
):
    nysted = local_area("Nysted")

    response = client.post(FORM_URL, voice_data(age_group="18-29", local_area=nysted.pk))

    assert response.status_code == 302
    voice = CitizenVoice.objects.get()
    assert (voice.age_group, voice.local_area, voice.municipality.code) == ("18-29", nysted, "376")
    assert voice.consent_version == "2026-12"


def test_voice_form_is_sent_without_age_group_and_local_area(client):
    local_area("Nysted")

    response = client.post(FORM_URL, voice_data(age_group="", local_area=""))

    assert response.status_code == 302
    voice = CitizenVoice.objects.get()
    assert (voice.age_group, voice.local_area) == ("", None)


def test_voice_form_says_the_questions_are_optional_and_why_they_are_asked(client):
    local_area("Nysted")

    html = client.get(FORM_URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert "Du behøver ikke svare" in html
    assert "hvis stemmer der mangler" in html
    assert "Ved ikke / vil ikke oplyse" in html
    assert '<optgroup label="Guldborgsund Kommune">' in html


def test_voice_form_leaves_out_local_area_until_a_municipality_has_entered_some(client):
    form = client.get(FORM_URL).context["form"]

    assert not form.asks_local_area
    assert 'name="local_area"' not in client.get(FORM_URL).content.decode()


@pytest.mark.parametrize("age_group", ["45", "over-100", "18–29"])
def test_voice_form_refuses_an_age_group_that_is_not_a_choice(client, age_group):
    response = client.post(FORM_URL, voice_data(age_group=age_group))

    assert response.status_code == 200
    assert response.context["form"].errors["age_group"]
    assert not CitizenVoice.objects.exists()


@pytest.mark.parametrize("local_area_value", ["999999", "Horbelev", "-1"])
def test_voice_form_refuses_a_local_area_that_is_not_a_choice(client, local_area_value):
    local_area("Nysted")

    response = client.post(FORM_URL, voice_data(local_area=local_area_value))

    assert response.status_code == 200
    assert response.context["form"].errors["local_area"]
    assert not CitizenVoice.objects.exists()


def test_voice_form_refuses_a_local_area_from_another_municipality(client):
    holbaek_area = local_area("Tuse", code="316")

    response = client.post(FORM_URL, voice_data(municipality="376", local_area=holbaek_area.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["local_area"] == [
        "Det lokalområde ligger ikke i den kommune, du valgte."
    ]
    assert not CitizenVoice.objects.exists()


# --- The comparison -----------------------------------------------------------------------


def test_a_group_with_exactly_half_its_population_share_is_not_thin_and_just_below_is():
    area = local_area(**{"18-29": 100, "30-49": 100})
    approved_voices(5, age_group="18-29", area=area)
    approved_voices(15, age_group="30-49", area=area)

    at_half = rows_by_key(representation(None, municipality=area.municipality).age_groups)
    assert at_half["18-29"].voice_share * 2 == at_half["18-29"].population_share
    assert at_half["18-29"].flag == ""

    approved_voices(1, age_group="30-49", area=area)
    below_half = rows_by_key(representation(None, municipality=area.municipality).age_groups)
    assert below_half["18-29"].flag == THIN
    assert below_half["30-49"].flag == ""


def test_a_group_with_inhabitants_and_no_voice_is_missing_one_without_inhabitants_is_not():
    area = local_area(**{"18-29": 100, "67+": 300})
    approved_voices(6, age_group="67+", area=area)

    rows = rows_by_key(representation(None, municipality=area.municipality).age_groups)

    assert rows["18-29"].flag == MISSING
    assert rows["18-29"].voices == 0
    assert rows["under-18"].flag == ""  # nobody entered, so nobody is missing
    assert rows["67+"].population_share == pytest.approx(0.75)


def test_a_local_area_without_voices_is_missing_and_shares_are_of_the_voices_that_told():
    nysted = local_area("Nysted", **{"30-49": 300})
    gedser = local_area("Gedser", **{"30-49": 100})
    approved_voices(8, age_group="30-49", area=nysted)
    approved_voices(6, age_group="30-49")  # no local area given

    comparison = representation(None, municipality=nysted.municipality)
    rows = rows_by_key(comparison.local_areas)

    assert rows[str(gedser.pk)].flag == MISSING
    assert rows[str(nysted.pk)].voice_share == 1
    assert comparison.local_areas.not_told == 6
    assert comparison.voices == 14
    assert [row.label for row in comparison.local_areas.rows] == ["Gedser", "Nysted"]


def test_only_approved_voices_of_the_municipality_and_theme_are_counted():
    area = local_area(**{"30-49": 100})
    theme = VoiceThemeFactory()
    for voice in approved_voices(5, age_group="30-49", area=area):
        voice.themes.add(theme)
    approved_voices(7, age_group="30-49", area=area)
    approved_voices(9, age_group="30-49", area=area, status=VoiceStatus.PENDING)
    approved_voices(9, age_group="30-49", code="316")

    assert representation(None, municipality=area.municipality).voices == 12
    assert representation(None, municipality=area.municipality, theme=theme).voices == 5


def test_counts_from_one_to_four_are_hidden_with_their_share():
    area = local_area(**{"18-29": 100, "30-49": 100, "50-66": 100})
    approved_voices(3, age_group="18-29", area=area)
    approved_voices(4, age_group="30-49", area=area)
    approved_voices(10, age_group="50-66", area=area)

    rows = rows_by_key(representation(None, municipality=area.municipality).age_groups)

    assert (rows["18-29"].voices, rows["18-29"].voice_share) == (None, None)
    assert rows["30-49"].hidden
    assert rows["50-66"].voices == 10
    assert rows["67+"].voices == 0  # nobody is behind a zero
    assert rows["18-29"].flag == ""  # the flag still tells where to go: 3/17 > 1/6


def test_a_single_small_count_hides_the_next_smallest_too_so_the_total_cannot_give_it_away():
    assert hidden_counts({"a": 2, "b": 7, "c": 9, "": 0}, total=18) == {"a", "b"}
    assert hidden_counts({"a": 2, "b": 3, "c": 9}, total=14) == {"a", "b"}
    assert hidden_counts({"a": 5, "b": 0, "c": 9}, total=14) == set()


def test_a_total_under_five_hides_every_count():
    assert hidden_counts({"a": 4, "b": 0, "": 0}, total=4) == {"a"}
    area = local_area(**{"18-29": 100})
    approved_voices(3, age_group="18-29", area=area)

    comparison = representation(None, municipality=area.municipality)

    assert comparison.voices is None
    assert rows_by_key(comparison.age_groups)["18-29"].hidden


def test_a_count_in_one_theme_is_hidden_when_the_count_of_every_theme_would_tell_the_rest():
    area = local_area(**{"18-29": 100, "67+": 100})
    theme, other = VoiceThemeFactory(), VoiceThemeFactory()
    for voice in approved_voices(5, age_group="18-29", area=area):
        voice.themes.add(theme, other)
    approved_voices(2, age_group="18-29", area=area)  # no theme: 7 - 5 would give them away
    for voice in approved_voices(10, age_group="67+", area=area):
        voice.themes.add(theme)

    every_theme = rows_by_key(representation(None, municipality=area.municipality).age_groups)
    in_theme = representation(None, municipality=area.municipality, theme=theme)

    assert (every_theme["18-29"].voices, every_theme["67+"].voices) == (7, 10)
    assert in_theme.voices == 15
    assert rows_by_key(in_theme.age_groups)["18-29"].hidden
    assert rows_by_key(in_theme.age_groups)["67+"].hidden  # else 15 - 10 tells the 5


def test_the_not_told_count_is_hidden_like_any_other():
    area = local_area(**{"18-29": 100})
    approved_voices(9, age_group="18-29", area=area)
    approved_voices(2, area=area)

    comparison = representation(None, municipality=area.municipality)

    assert comparison.age_groups.not_told is None
    assert rows_by_key(comparison.age_groups)["18-29"].hidden  # else 11 - 9 gives the 2


# --- The pattern page ---------------------------------------------------------------------


def test_pattern_page_flags_where_voices_are_missing(client):
    area = local_area("Nysted", **{"18-29": 100, "67+": 100})
    approved_voices(6, age_group="67+", area=area)

    response = client.get(PATTERNS_URL, HTTP_ACCEPT_LANGUAGE="da")
    html = response.content.decode()

    assert response.context["comparison"].municipality.code == "376"
    assert "Hvem har ikke sagt noget endnu?" in html
    assert "Her mangler stemmer (ingen endnu)" in html
    assert ">Stemmer pr. aldersgruppe i Guldborgsund Kommune over for indbyggerne</caption>" in html
    assert '<th scope="row">18–29 år</th>' in html


def test_pattern_page_shows_fewer_than_five_instead_of_a_small_count(client):
    area = local_area("Nysted", **{"18-29": 100, "67+": 100})
    approved_voices(2, age_group="18-29", area=area)
    approved_voices(9, age_group="67+", area=area)

    html = client.get(PATTERNS_URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert "færre end 5" in html
    assert "<td>2</td>" not in html


def test_pattern_page_says_what_to_enter_when_no_inhabitants_are_entered(client):
    approved_voices(6, age_group="67+")

    html = client.get(PATTERNS_URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert "Ingen indbyggere indtastet endnu" in html
    assert "Lokalområder" in html


def test_pattern_page_says_when_the_chosen_municipality_has_no_voices_yet(client):
    local_area("Tuse", code="316", **{"18-29": 100})
    approved_voices(6, age_group="67+")  # from Guldborgsund, which has entered nothing

    html = client.get(PATTERNS_URL, {"kommune": "316"}, HTTP_ACCEPT_LANGUAGE="da")
    html = html.content.decode()

    assert "Ingen stemmer herfra endnu" in html


def test_pattern_page_chooses_among_municipalities_and_themes_and_ignores_unknown_ones(client):
    tuse = local_area("Tuse", code="316", **{"18-29": 100})
    local_area("Nysted", code="376", **{"18-29": 100})
    theme = VoiceThemeFactory()
    for voice in approved_voices(5, age_group="18-29", area=tuse, code="316"):
        voice.themes.add(theme)

    chosen = client.get(PATTERNS_URL, {"kommune": "316", "tema": theme.slug}).context
    unknown = client.get(PATTERNS_URL, {"kommune": "999", "tema": "ukendt"}).context

    assert (chosen["comparison"].municipality.code, chosen["comparison"].theme) == ("316", theme)
    assert chosen["comparison"].voices == 5
    assert unknown["comparison"].municipality.name == "Guldborgsund Kommune"  # first by name
    assert unknown["comparison"].theme is None


def test_pattern_page_queries_stay_bounded_however_many_areas_and_voices(
    client, django_assert_max_num_queries
):
    for number in range(12):
        area = local_area(f"Område {number}", **dict.fromkeys(AgeGroup.values, 50))
        approved_voices(3, age_group=AgeGroup.values[number % 5], area=area)

    with django_assert_max_num_queries(10):
        response = client.get(PATTERNS_URL)

    assert len(response.context["comparison"].local_areas.rows) == 12


# --- The API ------------------------------------------------------------------------------


def test_voice_api_never_shows_a_voices_age_group_or_area(api_client):
    area = local_area("Nysted", **{"18-29": 100})
    approved_voices(1, age_group="18-29", area=area)

    body = api_client.get("/api/v1/voices/").content.decode()

    assert "Nysted" not in body
    assert "18-29" not in body
    assert "local_area" not in body


def test_representation_api_hides_small_counts_and_flags_the_gaps(
    api_client, django_assert_max_num_queries
):
    nysted = local_area("Nysted", **{"18-29": 100, "67+": 300})
    approved_voices(3, age_group="18-29", area=nysted)
    approved_voices(12, age_group="67+", area=nysted)
    for number in range(10):
        local_area(f"Område {number}", **{"30-49": 10})

    with django_assert_max_num_queries(5):
        response = api_client.get(REPRESENTATION_API, {"municipality": "376"})

    assert response.status_code == 200
    body = response.json()
    assert (body["municipality"], body["theme"], body["voices"]) == ("376", None, 15)
    rows = {row["key"]: row for row in body["age_groups"]["rows"]}
    assert rows["18-29"]["voices"] is None and rows["18-29"]["voice_share"] is None
    assert rows["67+"]["voices"] is None  # hidden too, or 15 - 12 gives the 3 away
    assert rows["50-66"] == {
        "key": "50-66",
        "label": "50–66 år",
        "voices": 0,
        "voice_share": 0.0,
        "inhabitants": 0,
        "population_share": 0.0,
        "flag": "",
    }
    assert body["local_areas"]["rows"][-1]["label"] == "Område 9"
    assert {row["label"]: row["flag"] for row in body["local_areas"]["rows"]}["Nysted"] == ""


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"municipality": "999"},
        {"municipality": "3\x0076"},
        {"municipality": "376", "theme": "ukendt"},
        {"municipality": "376", "theme": "a\x00" * 500},
    ],
)
def test_representation_api_refuses_a_missing_or_unknown_municipality_or_theme(api_client, query):
    response = api_client.get(REPRESENTATION_API, query)

    assert response.status_code == 400


def test_representation_api_is_in_the_schema(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()

    assert "/api/v1/voices/representation/" in schema


# --- The admin ----------------------------------------------------------------------------


def new_local_area_data(client, name, code="376", **inhabitants_by_age_group):
    data = form_data(client, add_url(LocalArea))
    data.update(name=name, municipality=municipality(code).pk)
    for index, (age_group, inhabitants) in enumerate(inhabitants_by_age_group.items()):
        data[f"populations-{index}-age_group"] = age_group
        data[f"populations-{index}-inhabitants"] = inhabitants
    return data


def test_admin_enters_a_local_area_with_inhabitants_per_age_group(superuser_client):
    data = new_local_area_data(superuser_client, "Nysted", **{"18-29": "120", "67+": "340"})

    response = superuser_client.post(add_url(LocalArea), data, follow=True)

    assert messages_of(response)[0][0] == "success"
    area = LocalArea.objects.get(name="Nysted")
    assert dict(area.populations.values_list("age_group", "inhabitants")) == {
        "18-29": 120,
        "67+": 340,
    }
    assert superuser_client.get(change_url(area)).status_code == 200


def test_admin_refuses_a_local_area_name_the_municipality_already_has(superuser_client):
    local_area("Nysted")

    response = superuser_client.post(
        add_url(LocalArea), new_local_area_data(superuser_client, "nysted")
    )

    assert response.status_code == 200
    assert "Kommunen har allerede et lokalområde med det navn." in response.content.decode()
    assert LocalArea.objects.count() == 1


def test_admin_allows_the_same_local_area_name_in_another_municipality(superuser_client):
    local_area("Nørreby")

    data = new_local_area_data(superuser_client, "Nørreby", code="316")
    response = superuser_client.post(add_url(LocalArea), data, follow=True)

    assert messages_of(response)[0][0] == "success"
    assert LocalArea.objects.filter(name="Nørreby").count() == 2


@pytest.mark.parametrize("inhabitants", ["-1", "12.5", "mange"])
def test_admin_refuses_inhabitants_that_are_not_a_whole_non_negative_number(
    superuser_client, inhabitants
):
    data = new_local_area_data(superuser_client, "Nysted", **{"18-29": inhabitants})

    response = superuser_client.post(add_url(LocalArea), data)

    assert response.status_code == 200
    assert not LocalArea.objects.exists()


def test_admin_refuses_the_same_age_group_twice_in_one_local_area(superuser_client):
    data = new_local_area_data(superuser_client, "Nysted", **{"18-29": "10"})
    data["populations-1-age_group"] = "18-29"
    data["populations-1-inhabitants"] = "20"

    response = superuser_client.post(add_url(LocalArea), data)

    assert response.status_code == 200
    assert not LocalArea.objects.exists()


def test_admin_shows_a_voices_age_group_and_local_area_read_only(superuser_client):
    voice = approved_voices(1, age_group="18-29", area=local_area("Nysted"))[0]
    admin_user()

    html = superuser_client.get(change_url(voice)).content.decode()

    assert 'name="local_area"' not in html
    assert 'name="age_group"' not in html
    assert "Nysted" in html
