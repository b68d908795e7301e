"""Retention the citizen can see: the receipt, the manage page, Mine data, every
registration mail and the API say on which day the registration's personal data are
anonymised, and that is the day the retention job (hourly) anonymises them, in
Copenhagen's calendar, summer time or not. The newsletter says it keeps the address until
the subscriber unsubscribes."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation

from events import emails, services
from events.models import Occurrence, Registration, RegistrationStatus, Subscriber
from events.privacy.services import link_token
from events.selectors import anonymisation_cutoff, anonymisation_date
from tests.events.test_api import register as api_register
from tests.events.test_api import writer
from tests.events.test_pages import da
from tests.factories import OccurrenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# A theme day that ends at 16.00 on 1 March 2030: with 90 days' retention its registrations
# go on 31 May 2030 (1 March + 91 days), the first day after 90 whole days have passed.
ENDS = datetime(2030, 3, 1, 16, 0, tzinfo=COPENHAGEN)
ANONYMISED_ON = date(2030, 5, 31)
DANISH_NOTE = (
    "Vi gemmer dit navn, din e-mail og dine øvrige oplysninger, til der er gået 90 dage "
    "efter temadagen. Den 31. maj 2030 anonymiserer vi dem, og kun antallet af tilmeldinger "
    "bliver gemt."
)
NEWSLETTER_NOTE = "We keep your email address until you unsubscribe; then it is deleted at once."


@pytest.fixture(autouse=True)
def ninety_days(settings):
    settings.REGISTRATION_RETENTION_DAYS = 90


def on_the_day(**fields):
    occurrence = OccurrenceFactory(starts_at=ENDS - timedelta(hours=7), ends_at=ENDS)
    return RegistrationFactory(occurrence=occurrence, **fields)


def copenhagen(*args):
    return datetime(*args, tzinfo=COPENHAGEN)


def ended_at(moment):
    return Occurrence(starts_at=moment - timedelta(hours=2), ends_at=moment)


# --- the rule ---------------------------------------------------------------------------


def test_the_date_is_the_day_after_the_retention_days_have_passed_since_the_theme_day():
    assert anonymisation_date(ended_at(ENDS), retention_days=90) == ANONYMISED_ON
    assert anonymisation_date(ended_at(ENDS), retention_days=1) == date(2030, 3, 3)


def test_a_registration_has_the_date_of_its_occurrence():
    registration = on_the_day()
    assert anonymisation_date(registration) == anonymisation_date(registration.occurrence)
    assert anonymisation_date(registration) == ANONYMISED_ON


def test_the_day_is_counted_in_copenhagen_not_in_utc():
    # 00.30 in Copenhagen on 2 March is still 1 March in UTC.
    just_after_midnight = copenhagen(2030, 3, 2, 0, 30)
    assert just_after_midnight.astimezone(UTC).day == 1
    assert anonymisation_date(ended_at(just_after_midnight), retention_days=90) == date(2030, 6, 1)


def test_the_date_follows_the_occurrence_when_it_is_moved():
    registration = on_the_day()
    registration.occurrence.ends_at = ENDS + timedelta(days=10)
    assert anonymisation_date(registration) == ANONYMISED_ON + timedelta(days=10)


@pytest.mark.parametrize(
    "ends",
    [
        ENDS,
        copenhagen(2030, 3, 1, 23, 30),  # the last half hour of a day
        copenhagen(2030, 3, 2, 0, 30),  # the first half hour of a day
        copenhagen(2030, 3, 30, 23, 59),  # the evening before summer time starts
        copenhagen(2030, 8, 1, 23, 30),  # summer time, anonymised after it has ended
        copenhagen(2030, 10, 27, 2, 30),  # the hour that happens twice
    ],
    ids=str,
)
@pytest.mark.parametrize("retention_days", [1, 90])
def test_the_hourly_job_first_takes_a_registration_early_on_the_day_it_was_told(
    ends, retention_days
):
    """The beat runs the job every hour: the first run whose cutoff the theme day's end
    falls before is within the first hour of the day the citizen was told, never on the
    day before."""
    occurrence = ended_at(ends)
    told = anonymisation_date(occurrence, retention_days=retention_days)
    run = ends.astimezone(UTC).replace(minute=7, second=0, microsecond=0)
    while not occurrence.ends_at < anonymisation_cutoff(now=run, retention_days=retention_days):
        run += timedelta(hours=1)
    first_run = timezone.localtime(run, COPENHAGEN)
    assert first_run.date() == told
    assert first_run.hour == 0
    assert first_run - ends > timedelta(days=retention_days) - timedelta(hours=1)


def test_the_beat_runs_the_job_at_least_every_hour_so_the_date_holds():
    schedule = settings.CELERY_BEAT_SCHEDULE["anonymise-old-registrations"]
    assert schedule["task"] == "events.tasks.anonymise_old_registrations"
    assert schedule["schedule"] <= 60 * 60


def test_the_job_keeps_the_data_the_day_before_and_anonymises_them_on_the_day():
    registration = on_the_day(name="Mette Hansen", email="mette@guldborgsund.dk")
    evening_before = copenhagen(2030, 5, 30, 23, 59)
    assert services.anonymise_registrations(older_than_days=90, now=evening_before) == 0
    registration.refresh_from_db()
    assert (registration.name, registration.anonymised_at) == ("Mette Hansen", None)

    midnight = copenhagen(2030, 5, 31, 0, 0)
    assert services.anonymise_registrations(older_than_days=90, now=midnight) == 1
    registration.refresh_from_db()
    assert registration.email != "mette@guldborgsund.dk"
    assert timezone.localtime(registration.anonymised_at, COPENHAGEN).date() == ANONYMISED_ON
    assert anonymisation_date(registration) == ANONYMISED_ON


def test_the_job_takes_every_status_and_leaves_the_later_theme_day_alone():
    for status in RegistrationStatus.values:
        on_the_day(status=status)
    later = RegistrationFactory(
        occurrence=OccurrenceFactory(
            starts_at=ENDS + timedelta(days=1), ends_at=ENDS + timedelta(days=1, hours=3)
        )
    )
    day = copenhagen(2030, 5, 31, 0, 7)
    assert services.anonymise_registrations(older_than_days=90, now=day) == len(
        RegistrationStatus.values
    )
    later.refresh_from_db()
    assert later.anonymised_at is None
    assert anonymisation_date(later) == ANONYMISED_ON + timedelta(days=1)


# --- where the citizen reads it ---------------------------------------------------------


def test_the_receipt_says_the_day_in_danish(client):
    registration = on_the_day()
    page = client.get(reverse("events:receipt", args=[registration.manage_token]))
    assert DANISH_NOTE in page.content.decode()


def test_the_manage_page_says_the_day(client):
    registration = on_the_day()
    page = client.get(reverse("events:manage", args=[registration.manage_token]))
    assert DANISH_NOTE in page.content.decode()


def test_mine_data_says_the_day_of_each_registration(client):
    on_the_day(email="mette@guldborgsund.dk")
    RegistrationFactory(
        email="mette@guldborgsund.dk",
        occurrence=OccurrenceFactory(
            starts_at=copenhagen(2030, 9, 1, 9, 0), ends_at=copenhagen(2030, 9, 1, 15, 0)
        ),
    )
    page = client.get(reverse("events:my_data", args=[link_token("mette@guldborgsund.dk")]))
    text = page.content.decode()
    assert DANISH_NOTE in text
    assert "Den 1. december 2030 anonymiserer vi dem" in text


def test_the_pages_say_it_in_english_too(client):
    registration = on_the_day()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("events:manage", args=[registration.manage_token]))
    assert "On May 31, 2030 we anonymise them" in page.content.decode()


def test_the_confirmation_mail_says_the_day_in_text_and_html(run_on_commit):
    occurrence = OccurrenceFactory()
    registration = run_on_commit(
        services.register_participant,
        occurrence=occurrence,
        name="Mette Hansen",
        email="mette@guldborgsund.dk",
        consent=True,
    )
    [message] = mail.outbox
    assert message.to == ["mette@guldborgsund.dk"]
    with translation.override("da"):
        told = formats.date_format(anonymisation_date(registration), "j. F Y")
    for body in (message.body, message.alternatives[0][0]):
        assert f"til der er gået 90 dage efter temadagen. Den {told} anonymiserer vi dem" in body


@pytest.mark.parametrize("kind", [*emails.SUBJECTS, "message"])
def test_every_registration_mail_says_the_day_in_text_and_html(kind):
    registration = on_the_day()
    message = emails.registration_mail(
        registration, kind, subject="Husk madpakke", body="Vi ses i Herlev."
    )
    assert DANISH_NOTE in message.body
    [(html, _mimetype)] = message.alternatives
    assert f'<p class="retention-note">{DANISH_NOTE}</p>' in html


def test_a_mail_sent_later_says_the_day_of_the_moved_date(run_on_commit):
    registration = on_the_day()
    registration.occurrence.ends_at += timedelta(days=1)
    message = emails.registration_mail(registration, "change")
    assert "Den 1. juni 2030 anonymiserer vi dem" in message.body


def test_the_api_answer_says_the_day_and_the_schema_names_it(api_client):
    occurrence = OccurrenceFactory()
    response = api_register(api_client, occurrence, writer())
    assert response.status_code == 201
    registration = Registration.objects.get(pk=response.json()["id"])
    assert response.json()["anonymised_on"] == anonymisation_date(registration).isoformat()

    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    field = schema["components"]["schemas"]["RegistrationResult"]["properties"]["anonymised_on"]
    assert (field["type"], field["format"], field["readOnly"]) == ("string", "date", True)
    assert "anonymised_on" in schema["components"]["schemas"]["RegistrationResult"]["required"]


def test_the_newsletter_says_the_address_is_kept_until_unsubscribing(client, run_on_commit):
    assert da(NEWSLETTER_NOTE) != NEWSLETTER_NOTE
    assert da(NEWSLETTER_NOTE) in client.get(reverse("events:newsletter")).content.decode()

    subscriber = run_on_commit(services.subscribe, email="mette@guldborgsund.dk", consent=True)
    [message] = mail.outbox
    assert da(NEWSLETTER_NOTE) in message.body
    assert da(NEWSLETTER_NOTE) in message.alternatives[0][0]

    confirmed = client.get(reverse("events:newsletter_confirm", args=[subscriber.token]))
    assert da(NEWSLETTER_NOTE) in confirmed.content.decode()
    assert Subscriber.objects.get(pk=subscriber.pk).confirmed_at is not None
