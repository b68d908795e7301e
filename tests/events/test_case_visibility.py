"""Lists in the events app that touch cases name a case only to those who may see it."""

import pytest
from django.urls import reverse

from events.models import Speaker
from projects.models import Visibility
from tests.factories import CaseFactory, EventFactory, municipality, organiser

pytestmark = pytest.mark.django_db


def event_with_a_speaker_on_a_draft():
    draft = CaseFactory(
        title="Hemmelige Havevenner", visibility=Visibility.KLADDE, municipality=municipality()
    )
    event = EventFactory()
    Speaker.objects.create(event=event, name="Lise Holm", talk_title="Haven", case=draft)
    return event


def test_a_co_manager_from_another_municipality_does_not_see_a_speakers_draft_case(client):
    event = event_with_a_speaker_on_a_draft()
    elsewhere = organiser(municipality=municipality("621"))
    event.managers.add(elsewhere)
    client.force_login(elsewhere)

    page = client.get(reverse("events:organiser_event", args=[event.pk])).content.decode()

    assert "Lise Holm" in page
    assert "Hemmelige Havevenner" not in page


def test_a_manager_of_the_drafts_municipality_sees_the_speakers_case(client):
    event = event_with_a_speaker_on_a_draft()
    own = organiser(municipality=municipality())
    event.managers.add(own)
    client.force_login(own)

    page = client.get(reverse("events:organiser_event", args=[event.pk])).content.decode()

    assert "Hemmelige Havevenner" in page


def test_the_public_event_page_and_api_do_not_name_a_speakers_draft_case(client, api_client):
    event = event_with_a_speaker_on_a_draft()

    page = client.get(event.get_absolute_url()).content.decode()
    body = api_client.get(f"/api/v1/events/{event.slug}/").json()

    assert "Lise Holm" in page and "Hemmelige Havevenner" not in page
    assert body["speakers"][0]["case"] is None
