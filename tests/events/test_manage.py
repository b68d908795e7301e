"""The manage link: a participant changes their own details, cancels after a confirmation
that says what happens to the seat, and afterwards finds the dates they can still get a
seat on, or registers again at the back of the queue."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import selectors, services
from events.models import OccurrenceStatus, Registration, RegistrationStatus
from samskabelse.exceptions import Unprocessable
from tests.events.test_api import register as api_register
from tests.events.test_api import writer
from tests.events.test_pages import da, in_days
from tests.events.test_pages import register as page_register
from tests.factories import OccurrenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def details_url(registration):
    return reverse("events:change_details", args=[registration.manage_token])


def cancel_url(registration):
    return reverse("events:cancel", args=[registration.manage_token])


def details(**overrides):
    data = {
        "name": "Mette Hansen",
        "organisation": "Guldborgsund Kommune",
        "job_title": "Playmaker",
        "needs": "Vegetar",
    }
    return data | overrides


# --- Changing one's details ---------------------------------------------------------------


def test_details_page_shows_the_current_details_in_a_form_without_colons(client):
    registration = RegistrationFactory(name="Mette Hansen", organisation="Guldborgsund Kommune")

    response = client.get(details_url(registration))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Mette Hansen"' in page
    assert 'value="Guldborgsund Kommune"' in page
    assert f"{da('Name')}:" not in page
    assert "no-store" in response["Cache-Control"]


def test_a_participant_changes_name_organisation_job_title_and_needs(client):
    registration = RegistrationFactory(name="Mette Hanse", email="mette@guldborgsund.dk")

    response = client.post(details_url(registration), details(needs="Kørestol"))

    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    registration.refresh_from_db()
    assert (registration.name, registration.organisation, registration.job_title) == (
        "Mette Hansen",
        "Guldborgsund Kommune",
        "Playmaker",
    )
    assert registration.needs == "Kørestol"
    assert registration.email == "mette@guldborgsund.dk"  # not in the form: the link's key
    page = client.get(response["Location"]).content.decode()
    assert da("Your details have been changed.") in page


def test_an_email_posted_to_the_details_form_is_ignored(client):
    registration = RegistrationFactory(email="mette@guldborgsund.dk")

    client.post(details_url(registration), details(email="anden@example.dk"))

    registration.refresh_from_db()
    assert registration.email == "mette@guldborgsund.dk"


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("name", "   "), ("organisation", "x" * 201), ("needs", "x" * 1001)],
    ids=["empty name", "blank name", "organisation too long", "needs too long"],
)
def test_invalid_details_are_refused_with_an_error_summary_linking_to_the_field(
    client, field, value
):
    registration = RegistrationFactory(name="Mette Hansen")

    response = client.post(details_url(registration), details(**{field: value}))

    page = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in page
    assert f'href="#id_{field}"' in page
    assert "js/error-summary.js" in page
    registration.refresh_from_db()
    assert registration.name == "Mette Hansen"


def test_an_empty_name_is_refused_in_danish(client):
    registration = RegistrationFactory()

    response = client.post(details_url(registration), details(name=""))

    assert "Skriv dit navn." in response.content.decode()


def test_the_service_validates_and_strips_the_details():
    registration = RegistrationFactory()

    with pytest.raises(ValidationError) as error:
        services.update_registration_details(registration=registration, name=" ")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.update_registration_details(
            registration=registration, name="Mette", job_title="x" * 161
        )

    changed = services.update_registration_details(
        registration=registration, name="  Mette Hansen ", organisation=" COK "
    )
    assert (changed.name, changed.organisation) == ("Mette Hansen", "COK")


@pytest.mark.parametrize(
    "state",
    ["cancelled", "started", "anonymised"],
)
def test_details_cannot_be_changed_once_cancelled_started_or_anonymised(state):
    registration = RegistrationFactory()
    if state == "cancelled":
        registration.status = RegistrationStatus.CANCELLED
    elif state == "anonymised":
        registration.anonymised_at = timezone.now()
    else:
        registration.occurrence.starts_at = timezone.now() - timezone.timedelta(minutes=5)
        registration.occurrence.save()
    registration.save()

    with pytest.raises(Unprocessable):
        services.update_registration_details(registration=registration, name="Ny")


def test_details_page_of_a_cancelled_registration_leads_back_to_the_manage_page(client):
    registration = RegistrationFactory(status=RegistrationStatus.CANCELLED)

    response = client.post(details_url(registration), details(name="Ny"))

    assert response["Location"] == registration.get_absolute_url()
    registration.refresh_from_db()
    assert registration.name != "Ny"


# --- Cancelling after a confirmation ------------------------------------------------------


def test_the_confirmation_page_does_not_cancel_on_get(client):
    registration = RegistrationFactory()

    response = client.get(cancel_url(registration))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert f'action="{cancel_url(registration)}"' in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_the_confirmation_says_a_confirmed_seat_goes_to_the_first_waiting(client):
    registration = RegistrationFactory()

    page = client.get(cancel_url(registration)).content.decode()

    assert (
        da(
            "If you cancel, your seat goes at once to the first on the waiting list, who is told "
            "by email. If nobody is waiting, the seat becomes free for others."
        )
        in page
    )


def test_the_confirmation_says_a_waiting_person_leaves_the_list(client):
    occurrence = OccurrenceFactory(capacity=0)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    second = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)

    page = client.get(cancel_url(second)).content.decode()

    assert "2" in page
    assert da("Yes, cancel my registration") in page
    expected = da(
        "You are number %(position)s on the waiting list. If you cancel, you leave the "
        "waiting list, and those behind you move up."
    ) % {"position": 2}
    assert expected in page


def test_confirming_cancels_and_gives_the_seat_to_the_first_waiting(client):
    occurrence = OccurrenceFactory(capacity=1)
    confirmed = RegistrationFactory(occurrence=occurrence)
    first = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)

    response = client.post(cancel_url(confirmed), follow=True)

    assert da("Your registration is cancelled.") in response.content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED


def test_the_confirmation_page_of_a_cancelled_registration_leads_to_the_manage_page(client):
    registration = RegistrationFactory(status=RegistrationStatus.CANCELLED)

    response = client.get(cancel_url(registration))

    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()


def test_the_manage_page_links_to_changing_and_cancelling(client):
    registration = RegistrationFactory()

    page = client.get(registration.get_absolute_url()).content.decode()

    assert details_url(registration) in page
    assert cancel_url(registration) in page


# --- After cancelling: other dates and registering again ----------------------------------


def test_other_dates_are_listed_only_with_free_seats_and_open_registration():
    mine = OccurrenceFactory(capacity=5, starts_at=in_days(10))
    event = mine.event
    later_with_seats = OccurrenceFactory(event=event, starts_at=in_days(30), capacity=2)
    sooner_with_seats = OccurrenceFactory(event=event, starts_at=in_days(20), capacity=2)
    RegistrationFactory(occurrence=sooner_with_seats)
    full = OccurrenceFactory(event=event, capacity=1)
    RegistrationFactory(occurrence=full)
    OccurrenceFactory(event=event, status=OccurrenceStatus.CANCELLED)
    OccurrenceFactory(event=event, registration_closes_at=timezone.now())
    OccurrenceFactory(
        event=event, registration_opens_at=timezone.now() + timezone.timedelta(days=1)
    )
    OccurrenceFactory(event=event, starts_at=in_days(-2), ends_at=in_days(-2, hour=16))
    OccurrenceFactory(capacity=5)  # another event

    listed = list(selectors.other_dates_with_free_seats(mine))

    assert listed == [sooner_with_seats, later_with_seats]
    assert [occurrence.seats_left_count for occurrence in listed] == [1, 2]


def test_after_cancelling_the_manage_page_offers_the_other_dates_with_free_seats(client):
    mine = OccurrenceFactory(capacity=1)
    other = OccurrenceFactory(event=mine.event, starts_at=in_days(40), city="Aarhus")
    full = OccurrenceFactory(event=mine.event, capacity=1, city="Odense")
    RegistrationFactory(occurrence=full)
    registration = RegistrationFactory(occurrence=mine)

    client.post(cancel_url(registration))
    response = client.get(registration.get_absolute_url())

    page = response.content.decode()
    assert f"#occurrence-{other.pk}" in page
    assert f"#occurrence-{full.pk}" not in page
    assert f"#occurrence-{mine.pk}" in page  # register again for the same date
    assert [occurrence.pk for occurrence in response.context["other_dates"]] == [other.pk]


def test_before_cancelling_the_manage_page_lists_no_other_dates(client):
    mine = OccurrenceFactory()
    OccurrenceFactory(event=mine.event)
    registration = RegistrationFactory(occurrence=mine)

    response = client.get(registration.get_absolute_url())

    assert response.context["other_dates"] == []


def waiting_emails(occurrence):
    return list(
        occurrence.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .order_by("pk")
        .values_list("email", flat=True)
    )


def test_a_cancelled_person_registers_again_on_the_page_at_the_back_of_the_queue(client):
    occurrence = OccurrenceFactory(capacity=1)
    page_register(client, occurrence, email="anna@kommune.dk")
    page_register(client, occurrence, email="bo@kommune.dk")
    page_register(client, occurrence, email="carl@kommune.dk")
    anna = Registration.objects.get(email="anna@kommune.dk")
    client.post(cancel_url(anna))  # Bo gets the seat, Carl waits

    response = page_register(client, occurrence, email="anna@kommune.dk")

    assert response.status_code == 302
    again = Registration.objects.get(email="anna@kommune.dk", status=RegistrationStatus.WAITLISTED)
    assert again.pk != anna.pk
    assert response["Location"] == reverse("events:receipt", args=[again.manage_token])
    assert waiting_emails(occurrence) == ["carl@kommune.dk", "anna@kommune.dk"]
    assert services.waitlist_position(again) == 2
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CANCELLED  # the old one stays cancelled


def test_a_cancelled_person_registers_again_through_the_api_at_the_back_of_the_queue(
    api_client,
):
    occurrence = OccurrenceFactory(capacity=1)
    headers = writer()
    first = api_register(api_client, occurrence, headers, number=1).json()
    api_register(api_client, occurrence, headers, number=2)
    api_register(api_client, occurrence, headers, number=3)
    cancelled = api_client.post(f"/api/v1/registrations/{first['manage_token']}/cancel/")
    assert cancelled.status_code == 200

    again = api_register(api_client, occurrence, headers, number=1)

    assert again.status_code == 201
    assert again.json()["status"] == "waitlisted"
    assert again.json()["waitlist_position"] == 2
    assert again.json()["manage_token"] != first["manage_token"]
    assert waiting_emails(occurrence) == ["borger3@example.dk", "borger1@example.dk"]
