"""The municipality overview's spreading trails: the spreads that came in, went out and
stayed within the municipality, drawn once as trees and listed in words, bounded."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import overview_views
from projects.models import Case, Visibility
from tests.factories import CaseFactory, municipality

pytestmark = pytest.mark.django_db

GULDBORGSUND = "376"
HOLBAEK = "316"


def overview(client, code=GULDBORGSUND):
    return client.get(reverse("projects:overview", args=[code]))


def groups(response):
    return {
        group_id: [(case.spread_from.title, case.title) for case in links]
        for group_id, _title, links in response.context["spread_groups"]
    }


def practices_that_travel():
    home_origin = CaseFactory(title="Bakkehuset")
    CaseFactory(title="Æblehuset", spread_from=home_origin)
    CaseFactory(
        title="Holbæks plejehjem", spread_from=home_origin, municipality=municipality(HOLBAEK)
    )
    elsewhere = CaseFactory(title="Holbæks fælles-skabere", municipality=municipality(HOLBAEK))
    CaseFactory(title="Nordbyskolen", spread_from=elsewhere, start_date=datetime.date(2017, 5, 3))


def test_spreads_are_grouped_as_came_in_went_out_and_within(client):
    practices_that_travel()

    assert groups(overview(client)) == {
        "spread-in": [("Holbæks fælles-skabere", "Nordbyskolen")],
        "spread-out": [("Bakkehuset", "Holbæks plejehjem")],
        "spread-within": [("Bakkehuset", "Æblehuset")],
    }


def test_the_other_municipality_sees_the_same_spreads_the_other_way_round(client):
    practices_that_travel()

    assert groups(overview(client, HOLBAEK)) == {
        "spread-in": [("Bakkehuset", "Holbæks plejehjem")],
        "spread-out": [("Holbæks fælles-skabere", "Nordbyskolen")],
        "spread-within": [],
    }


def test_the_drawing_shows_each_case_once_and_an_arrow_per_listed_spread(client):
    practices_that_travel()

    response = overview(client)
    html = response.content.decode()

    svg = html[
        html.index('<svg class="trail-graph"') : html.index("</svg>", html.index("trail-graph"))
    ]
    assert 'role="img" aria-labelledby="spread-trails-title spread-trails-desc"' in svg
    assert svg.count('class="trail-graph__edge"') == 3 == len(response.context["spread_links"])
    assert svg.count('<g class="trail-graph__node') == 5
    # The municipality's own cases stand out: Bakkehuset, Æblehuset, Nordbyskolen.
    assert svg.count("trail-graph__node--home") == 3
    assert "3. maj 2017" in html


def test_spreads_beyond_the_limit_are_left_out_and_the_page_says_so(client, monkeypatch):
    monkeypatch.setattr(overview_views, "OVERVIEW_SPREAD_LIMIT", 3)
    origin = CaseFactory(title="Kilde")
    for n in range(5):
        CaseFactory(title=f"Kopi {n}", spread_from=origin)

    response = overview(client)

    assert len(response.context["spread_links"]) == 3
    assert response.content.decode().count('class="trail-graph__edge"') == 3
    assert 'class="trail__truncated"' in response.content.decode()


def test_a_cycle_in_the_data_draws_each_case_once_and_ends(client):
    first = CaseFactory(title="Et")
    second = CaseFactory(title="To", spread_from=first)
    Case.objects.filter(pk=first.pk).update(spread_from=second)  # past the services

    html = overview(client).content.decode()

    assert html.count('<g class="trail-graph__node') == 2
    assert html.count('class="trail-graph__edge"') == 1


def test_a_spread_with_a_hidden_end_is_neither_drawn_nor_listed(client):
    hidden = CaseFactory(municipality=municipality(HOLBAEK), visibility=Visibility.KLADDE)
    CaseFactory(title="Offentlig", spread_from=hidden)

    response = overview(client)

    assert response.context["spread_links"] == []
    assert "trail-graph" not in response.content.decode()


def test_the_overview_costs_as_many_queries_for_forty_spreads_as_for_two(
    client, django_assert_max_num_queries
):
    def spreads(count):
        origin = CaseFactory(municipality=municipality(HOLBAEK))
        for n in range(count):
            CaseFactory(spread_from=origin if n % 2 else CaseFactory(spread_from=origin))

    spreads(2)
    with CaptureQueriesContext(connection) as with_two:
        overview(client)
    spreads(40)
    with django_assert_max_num_queries(len(with_two.captured_queries)):
        response = overview(client)
    assert len(response.context["spread_links"]) > 40
