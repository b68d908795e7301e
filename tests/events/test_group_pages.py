"""Group registration on the citizen's pages: colleague rows on the form (plain HTML),
the group on the receipt and manage pages, adding and removing colleagues there."""

import pytest
from django.urls import reverse

from events.models import Registration, RegistrationStatus
from tests.events.test_pages import register
from tests.factories import OccurrenceFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def guldborgsund():
    municipality("376")


def colleague_rows(**rows):
    return {f"colleague_{number}_{field}": value for (number, field), value in rows.items()}


def register_group(client, occurrence, count=2):
    data = {}
    for number in range(1, count + 1):
        data[f"colleague_{number}_name"] = f"Kollega {number}"
        data[f"colleague_{number}_email"] = f"kollega{number}@guldborgsund.dk"
    return register(client, occurrence, **data)


def test_the_form_offers_colleague_rows_that_need_no_script(client):
    occurrence = OccurrenceFactory()
    page = client.get(occurrence.event.get_absolute_url()).content.decode()
    assert "<details" in page
    assert f'name="occurrence-{occurrence.pk}-colleague_3_email"' in page


def test_a_group_registered_on_the_form_gets_seats_together_in_the_registrants_municipality(
    client,
):
    occurrence = OccurrenceFactory(capacity=5)
    answer = register_group(client, occurrence)
    assert answer.status_code == 302
    registrant = Registration.objects.get(email="mette@guldborgsund.dk")
    members = list(registrant.group_members.order_by("pk"))
    assert [member.name for member in members] == ["Kollega 1", "Kollega 2"]
    assert {member.status for member in members} == {RegistrationStatus.CONFIRMED}
    assert {member.municipality.code for member in members} == {"376"}
    receipt = client.get(answer.url).content.decode()
    assert "Kollega 1" in receipt and "Kollega 2" in receipt


def test_a_colleague_row_with_a_name_but_no_email_is_shown_again_open_with_the_error(client):
    occurrence = OccurrenceFactory()
    answer = register(client, occurrence, colleague_1_name="Kollega 1")
    assert answer.status_code == 400
    assert '<details class="colleagues" open>' in answer.content.decode()
    assert not Registration.objects.exists()


def test_a_group_too_large_for_the_date_is_refused_on_the_form(client):
    occurrence = OccurrenceFactory(capacity=2)
    answer = register_group(client, occurrence, count=2)
    assert answer.status_code == 422
    assert not Registration.objects.exists()


def manage_page(client, registration):
    return client.get(reverse("events:manage", args=[registration.manage_token]))


def test_a_colleague_sees_who_registered_them_and_cannot_grow_the_group(client):
    occurrence = OccurrenceFactory()
    register_group(client, occurrence)
    member = Registration.objects.get(email="kollega1@guldborgsund.dk")
    page = manage_page(client, member).content.decode()
    assert "Mette Hansen" in page
    assert reverse("events:add_colleague", args=[member.manage_token]) not in page
    answer = client.post(
        reverse("events:add_colleague", args=[member.manage_token]),
        {"name": "Ny", "email": "ny@guldborgsund.dk"},
    )
    assert answer.status_code == 400
    assert not Registration.objects.filter(email="ny@guldborgsund.dk").exists()


def test_the_registrant_adds_and_removes_colleagues_on_the_manage_page(client):
    occurrence = OccurrenceFactory(capacity=3)
    register(client, occurrence)
    registrant = Registration.objects.get()
    add_url = reverse("events:add_colleague", args=[registrant.manage_token])
    assert add_url in manage_page(client, registrant).content.decode()
    answer = client.post(add_url, {"name": "Kollega 1", "email": "kollega1@guldborgsund.dk"})
    assert answer.status_code == 302
    colleague = Registration.objects.get(email="kollega1@guldborgsund.dk")
    assert colleague.registered_by == registrant
    page = manage_page(client, registrant).content.decode()
    assert "Kollega 1" in page
    remove_url = reverse("events:remove_colleague", args=[registrant.manage_token, colleague.pk])
    assert client.post(remove_url).status_code == 302
    colleague.refresh_from_db()
    assert colleague.status == RegistrationStatus.CANCELLED


def test_adding_a_colleague_without_a_free_seat_is_refused_with_a_message(client):
    occurrence = OccurrenceFactory(capacity=1)
    register(client, occurrence)
    registrant = Registration.objects.get()
    answer = client.post(
        reverse("events:add_colleague", args=[registrant.manage_token]),
        {"name": "Kollega 1", "email": "kollega1@guldborgsund.dk"},
    )
    assert answer.status_code == 400
    assert Registration.objects.count() == 1


def test_someone_elses_colleague_cannot_be_removed(client):
    occurrence = OccurrenceFactory(capacity=5)
    register_group(client, occurrence)
    register(client, occurrence, email="anden@guldborgsund.dk", ip="192.0.2.21")
    other = Registration.objects.get(email="anden@guldborgsund.dk")
    colleague = Registration.objects.get(email="kollega1@guldborgsund.dk")
    answer = client.post(
        reverse("events:remove_colleague", args=[other.manage_token, colleague.pk])
    )
    assert answer.status_code == 404
