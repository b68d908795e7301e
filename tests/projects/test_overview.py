"""Overview for a municipality: its cases by track, welfare area and step, and its spread
graph, counting only what the viewer may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Step, Track, Visibility, WelfareArea
from tests.factories import CaseFactory, UserFactory, admin_user, consultant, municipality

pytestmark = pytest.mark.django_db

GULDBORGSUND = "376"
HOLBAEK = "316"


def overview_url(code=GULDBORGSUND):
    return reverse("projects:overview", args=[code])


def chart_counts(response, chart_id):
    """{choice value: count} as the chart (and its table) shows it."""
    (chart,) = [chart for chart in response.context["charts"] if chart.chart_id == chart_id]
    return {bar.key: bar.value for bar in chart.bars if bar.value}


def spread_pairs(response):
    return [(case.spread_from.title, case.title) for case in response.context["spread_links"]]


def one_case_of_each_visibility(code=GULDBORGSUND):
    for visibility in Visibility.values:
        CaseFactory(municipality=municipality(code), visibility=visibility)


def test_unknown_kommunekode_is_404(client):
    assert client.get(overview_url("999")).status_code == 404
    assert client.get(overview_url("abc")).status_code == 404


def test_overview_of_a_municipality_without_cases_shows_an_empty_state(client):
    response = client.get(overview_url(HOLBAEK))

    assert response.status_code == 200
    assert response.context["total_cases"] == 0
    assert b'class="empty-state"' in response.content


def test_anonymous_visitor_counts_only_public_cases(client):
    one_case_of_each_visibility()

    response = client.get(overview_url())

    assert response.context["total_cases"] == 1
    assert chart_counts(response, "cases-by-track") == {Track.FIND_OG_FORSTOER: 1}


def test_consultant_of_the_municipality_counts_its_draft_cases(client):
    one_case_of_each_visibility()
    client.force_login(consultant(GULDBORGSUND))

    assert client.get(overview_url()).context["total_cases"] == 3


def test_consultant_elsewhere_counts_internal_but_not_another_municipality_s_drafts(client):
    one_case_of_each_visibility()
    client.force_login(consultant(HOLBAEK))

    assert client.get(overview_url()).context["total_cases"] == 2


def test_logged_in_citizen_counts_only_public_cases(client):
    one_case_of_each_visibility()
    client.force_login(UserFactory())

    assert client.get(overview_url()).context["total_cases"] == 1


def test_admin_counts_every_case(client):
    one_case_of_each_visibility()
    client.force_login(admin_user())

    assert client.get(overview_url()).context["total_cases"] == 3


def test_cases_are_counted_by_track_welfare_area_and_step(client):
    CaseFactory(track=Track.FIND_OG_FORSTOER, welfare_area=WelfareArea.AELDRE, step=2)
    CaseFactory(track=Track.FIND_OG_FORSTOER, welfare_area=WelfareArea.BOERN_OG_UNGE, step=2)
    CaseFactory(track=Track.TRAENINGSBANE, welfare_area=WelfareArea.AELDRE, step=None)
    CaseFactory(municipality=municipality(HOLBAEK), track=Track.FACILITERING)

    response = client.get(overview_url())

    assert chart_counts(response, "cases-by-track") == {
        Track.FIND_OG_FORSTOER: 2,
        Track.TRAENINGSBANE: 1,
    }
    assert chart_counts(response, "cases-by-welfare-area") == {
        WelfareArea.AELDRE: 2,
        WelfareArea.BOERN_OG_UNGE: 1,
    }
    assert chart_counts(response, "cases-by-step") == {Step.VOLUNTEERS: 2, "none": 1}


def test_charts_are_labelled_images_with_the_same_numbers_in_a_table(client):
    CaseFactory(track=Track.TRAENINGSBANE)

    html = client.get(overview_url()).content.decode()

    assert html.count('role="img" aria-labelledby=') == 3
    assert '<title id="cases-by-track-title">' in html
    assert '<th scope="row">' in html


def test_spread_graph_shows_cases_spread_to_and_from_other_municipalities(client):
    origin = CaseFactory(title="Bakkehuset")
    CaseFactory(title="Æblehuset", spread_from=origin)
    CaseFactory(title="Holbæks plejehjem", spread_from=origin, municipality=municipality(HOLBAEK))
    elsewhere = CaseFactory(title="Holbæks fælles-skabere", municipality=municipality(HOLBAEK))
    CaseFactory(title="Nordbyskolen", spread_from=elsewhere)
    CaseFactory(title="Kun i Holbæk", spread_from=elsewhere, municipality=municipality(HOLBAEK))

    pairs = spread_pairs(client.get(overview_url()))

    assert sorted(pairs) == [
        ("Bakkehuset", "Holbæks plejehjem"),
        ("Bakkehuset", "Æblehuset"),
        ("Holbæks fælles-skabere", "Nordbyskolen"),
    ]


def test_spread_graph_hides_a_link_whose_other_end_the_visitor_may_not_see(client):
    hidden_origin = CaseFactory(
        title="Kladde i Holbæk", municipality=municipality(HOLBAEK), visibility=Visibility.KLADDE
    )
    CaseFactory(title="Offentlig i Guldborgsund", spread_from=hidden_origin)
    origin = CaseFactory(title="Offentlig kilde")
    CaseFactory(title="Intern kopi", spread_from=origin, visibility=Visibility.INTERN)

    assert spread_pairs(client.get(overview_url())) == []
    client.force_login(consultant(HOLBAEK))
    assert sorted(spread_pairs(client.get(overview_url()))) == [
        ("Kladde i Holbæk", "Offentlig i Guldborgsund"),
        ("Offentlig kilde", "Intern kopi"),
    ]


def fill(count):
    """`count` cases of varied tracks, areas and steps; every third spread from another."""
    tracks, areas = Track.values, WelfareArea.values
    previous = None
    for n in range(count):
        previous = CaseFactory(
            track=tracks[n % len(tracks)],
            welfare_area=areas[n % len(areas)],
            step=(n % 5) + 1,
            spread_from=previous if n % 3 == 0 else None,
            municipality=municipality(GULDBORGSUND if n % 4 else HOLBAEK),
        )


@pytest.mark.parametrize("make_viewer", [None, consultant], ids=["anonymous", "consultant"])
def test_overview_uses_as_many_queries_for_30_cases_as_for_3(
    client, django_assert_max_num_queries, make_viewer
):
    if make_viewer:
        client.force_login(make_viewer())
    fill(3)
    with CaptureQueriesContext(connection) as with_three:
        assert client.get(overview_url()).status_code == 200

    fill(27)
    with django_assert_max_num_queries(len(with_three.captured_queries)):
        response = client.get(overview_url())
    assert response.context["total_cases"] > 3


def test_overview_names_the_place_not_the_genitive_of_its_official_name(client):
    CaseFactory(municipality=municipality("101"), visibility=Visibility.OFFENTLIG)

    page = client.get(overview_url("101")).content.decode()

    assert "fra København," in page
    assert "fra Københavns," not in page


def test_each_chart_is_drawn_once_with_its_numbers_behind_a_disclosure(client):
    CaseFactory(municipality=municipality(GULDBORGSUND), visibility=Visibility.OFFENTLIG)

    page = client.get(overview_url()).content.decode()

    assert page.count("<svg") == 3
    assert page.count('<details class="chart-numbers">') == 3
    assert page.count('<table class="chart-table">') == 3
    assert "Vis tallene som tabel" in page
