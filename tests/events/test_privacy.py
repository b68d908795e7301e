"""Mine data (GDPR art. 15 and 17): a citizen asks for a link by mail, sees every
registration, subscription and network request tied to the address, downloads them as
JSON, and erases them: registrations anonymised by the retention job's rule, seats
released to the waiting list, the subscription deleted."""

import json
import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services as events_services
from events.models import Registration, RegistrationStatus, Subscriber
from events.privacy import services
from events.privacy.views import LINK_LIMIT
from network.models import MembershipRequest
from tests.events.test_pages import da
from tests.factories import (
    CitizenVoiceFactory,
    NetworkFactory,
    OccurrenceFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

REQUEST_URL = reverse("events:my_data_request")
EMAIL = "mette@guldborgsund.dk"


@pytest.fixture
def ask_for_link(client, django_capture_on_commit_callbacks):
    def ask(email=EMAIL, website="", remote_addr="192.0.2.40"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                REQUEST_URL, {"email": email, "website": website}, REMOTE_ADDR=remote_addr
            )

    return ask


def link_in(message):
    return re.search(r"http\S*/events/my-data/[^/\s]+/", message.body).group()


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def without_csrf_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def my_data_url(email=EMAIL):
    return reverse("events:my_data", args=[services.link_token(email)])


def citizen_with_data():
    """Mette: a confirmed seat on a full date ahead (with Bo waiting), a theme day she took
    part in, a confirmed newsletter subscription and a request to join a network."""
    full = OccurrenceFactory(capacity=1, event__title="Playmakeren og Fælles-skaberen")
    seat = RegistrationFactory(
        occurrence=full, email=EMAIL, name="Mette Hansen", needs="Vegetar", job_title="Playmaker"
    )
    waiting = RegistrationFactory(
        occurrence=full, email="bo@holbaek.dk", status=RegistrationStatus.WAITLISTED
    )
    held = OccurrenceFactory(
        starts_at=timezone.now() - timezone.timedelta(days=10),
        ends_at=timezone.now() - timezone.timedelta(days=10, hours=-6),
        event__title="Temadag i Aarhus",
    )
    attended = RegistrationFactory(
        occurrence=held, email=EMAIL, name="Mette Hansen", status=RegistrationStatus.ATTENDED
    )
    Subscriber.objects.create(email=EMAIL, consent_version="2026-11", confirmed_at=timezone.now())
    MembershipRequest.objects.create(
        network=NetworkFactory(name="Samskabelsesbevægelsen"),
        name="Mette Hansen",
        email=EMAIL,
        consent_at=timezone.now(),
    )
    return seat, waiting, attended


# --- Asking for a link --------------------------------------------------------------------


def test_the_footer_and_the_privacy_page_link_to_my_data(client):
    page = client.get(reverse("privacy")).content.decode()

    assert page.count(f'href="{REQUEST_URL}"') == 2


def test_a_known_address_gets_a_link_by_mail_that_opens_its_data(client, ask_for_link, mailoutbox):
    citizen_with_data()

    response = ask_for_link()

    assert response.status_code == 302
    assert response.url == reverse("events:my_data_sent")
    assert [message.to for message in mailoutbox] == [[EMAIL]]
    page = client.get(path_of(link_in(mailoutbox[0])))
    assert page.status_code == 200
    assert "Playmakeren og Fælles-skaberen" in page.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, ask_for_link, mailoutbox):
    citizen_with_data()
    known = ask_for_link()
    known_page = without_csrf_tokens(client.get(known.url))
    mailoutbox.clear()

    unknown = ask_for_link(email="ukendt@example.dk")

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert without_csrf_tokens(client.get(unknown.url)) == known_page
    assert mailoutbox == []


def test_an_address_gets_one_link_in_five_minutes_however_often_it_is_asked_for(
    ask_for_link, mailoutbox
):
    citizen_with_data()

    ask_for_link(remote_addr="192.0.2.41")
    ask_for_link(remote_addr="192.0.2.42")

    assert len(mailoutbox) == 1


def test_asking_for_links_is_rate_limited_per_client(ask_for_link):
    for number in range(LINK_LIMIT.per_window):
        assert ask_for_link(email=f"borger{number}@example.dk").status_code == 302

    response = ask_for_link(email="endnu-en@example.dk")

    assert response.status_code == 429
    assert response.context["form"].non_field_errors()


def test_the_honeypot_sends_no_mail(ask_for_link, mailoutbox):
    citizen_with_data()

    response = ask_for_link(website="http://spam.example")

    assert response.status_code == 302
    assert mailoutbox == []


def test_asking_needs_a_valid_address(ask_for_link):
    response = ask_for_link(email="ikke-en-adresse")

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["email"]


# --- Seeing and downloading ---------------------------------------------------------------


def test_the_page_shows_every_registration_the_subscription_and_the_requests(client):
    citizen_with_data()
    CitizenVoiceFactory(text="Naboerne kender hinanden i Horbelev.")

    response = client.get(my_data_url())

    page = response.content.decode()
    for shown in (
        "Playmakeren og Fælles-skaberen",
        "Temadag i Aarhus",
        "Vegetar",
        "Playmaker",
        da("Confirmed"),
        da("Attended"),
        "Samskabelsesbevægelsen",
        da("Download my data (JSON)"),
    ):
        assert shown in page
    assert "Naboerne kender hinanden" not in page  # voices are tied to nobody
    assert "bo@holbaek.dk" not in page
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_the_page_says_citizen_voices_are_anonymous(client):
    citizen_with_data()

    page = client.get(my_data_url()).content.decode()

    assert da("Citizen voices") in page
    assert "privatliv@samskabelse.dk" in page


def test_an_address_we_know_nothing_about_sees_that_we_hold_nothing(client):
    page = client.get(my_data_url("ukendt@example.dk")).content.decode()

    assert da("No registrations.") in page
    assert reverse("events:my_data_erase", args=[services.link_token("ukendt@example.dk")]) not in (
        page
    )


def test_the_download_is_a_json_attachment_with_every_stored_field(client):
    seat, waiting, attended = citizen_with_data()

    response = client.get(reverse("events:my_data_download", args=[services.link_token(EMAIL)]))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["email"] == EMAIL
    assert [r["event"] for r in data["registrations"]] == [
        "Temadag i Aarhus",
        "Playmakeren og Fælles-skaberen",
    ]
    ahead = data["registrations"][1]
    assert (ahead["status"], ahead["needs"], ahead["job_title"]) == (
        "confirmed",
        "Vegetar",
        "Playmaker",
    )
    assert ahead["consent_text_version"] == "2026-11"
    assert data["newsletter_subscription"]["email"] == EMAIL
    assert data["membership_requests"][0]["network"] == "Samskabelsesbevægelsen"
    assert data["citizen_voices"]["tied_to_this_address"] is False
    assert "bo@holbaek.dk" not in response.content.decode()


def test_a_forged_or_expired_link_shows_nothing(client, monkeypatch):
    citizen_with_data()
    hour_ago = time.time() - services.LINK_VALID_SECONDS - 1
    monkeypatch.setattr(signing.time, "time", lambda: hour_ago)
    expired = services.link_token(EMAIL)
    monkeypatch.undo()
    other_salt = signing.dumps(EMAIL, salt="something-else", compress=True)

    for token in (expired, other_salt, services.link_token(EMAIL)[:-2] + "xx", "ukendt"):
        for name in ("my_data", "my_data_download", "my_data_erase"):
            response = client.get(reverse(f"events:{name}", args=[token]))
            assert response.status_code == 404
            assert "Vegetar" not in response.content.decode()
            assert da("The link has expired or is not valid.") in response.content.decode()


# --- Erasing ------------------------------------------------------------------------------


def test_the_erase_link_asks_for_confirmation_and_changes_nothing(client):
    seat, *_ = citizen_with_data()

    page = client.get(reverse("events:my_data_erase", args=[services.link_token(EMAIL)]))

    assert page.status_code == 200
    assert da("Yes, erase my data") in page.content.decode()
    seat.refresh_from_db()
    assert seat.email == EMAIL
    assert Subscriber.objects.filter(email=EMAIL).exists()


def test_erasing_needs_the_csrf_token():
    citizen_with_data()

    response = Client(enforce_csrf_checks=True).post(
        reverse("events:my_data_erase", args=[services.link_token(EMAIL)])
    )

    assert response.status_code == 403
    assert Registration.objects.filter(email=EMAIL).count() == 2


def test_erasing_anonymises_releases_the_seat_to_the_waiting_list_and_deletes_the_subscription(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    seat, waiting, attended = citizen_with_data()
    token = services.link_token(EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:my_data_erase", args=[token]), follow=True)

    seat.refresh_from_db()
    waiting.refresh_from_db()
    attended.refresh_from_db()
    assert seat.status == RegistrationStatus.CANCELLED
    assert seat.anonymised_at is not None and seat.cancelled_at is not None
    assert waiting.status == RegistrationStatus.CONFIRMED  # the freed seat went on at once
    assert attended.status == RegistrationStatus.ATTENDED  # the statistics keep the day
    assert attended.anonymised_at is not None
    assert not Registration.objects.filter(email=EMAIL).exists()
    assert not Subscriber.objects.filter(email=EMAIL).exists()
    assert [message.to for message in mailoutbox] == [["bo@holbaek.dk"]]  # the promotion
    page = response.content.decode()
    assert da("Your data are erased.") in page
    assert da("No registrations.") in page


def test_erasing_anonymises_exactly_as_the_retention_job_does():
    _, _, attended = citizen_with_data()
    retained = RegistrationFactory(
        occurrence=attended.occurrence, organisation="COK", needs="Vegetar", job_title="Chef"
    )

    services.erase_personal_data(email=EMAIL)
    assert events_services.anonymise_registrations(older_than_days=1) == 1  # only `retained`

    def personal_fields(registration):
        registration.refresh_from_db()
        email = registration.email.replace(str(registration.pk), "<pk>")
        return (registration.name, email, registration.organisation, registration.job_title,
                registration.needs)  # fmt: skip

    assert personal_fields(attended) == personal_fields(retained)


def test_erasing_finds_the_address_whatever_its_case_and_twice_is_harmless():
    seat, *_ = citizen_with_data()

    first = services.erase_personal_data(email="  Mette@Guldborgsund.DK ")
    second = services.erase_personal_data(email=EMAIL)

    assert (first.registrations_anonymised, first.seats_released) == (2, 1)
    assert first.subscription_deleted
    assert (second.registrations_anonymised, second.seats_released) == (0, 0)
    assert not second.subscription_deleted


def test_erasing_leaves_other_peoples_registrations_alone():
    seat, waiting, _ = citizen_with_data()
    other = RegistrationFactory(occurrence=OccurrenceFactory(), email="anne@skanderborg.dk")

    services.erase_personal_data(email=EMAIL)

    other.refresh_from_db()
    assert (other.email, other.status, other.anonymised_at) == (
        "anne@skanderborg.dk",
        RegistrationStatus.CONFIRMED,
        None,
    )
