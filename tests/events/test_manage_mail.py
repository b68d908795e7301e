"""The mails the manage link's changes send: in Danish with Danish dates, whatever the
language of the request that caused them, and a cancellation that leads back to the dates."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from events import emails, services
from tests.events.test_mail import html_of
from tests.factories import OccurrenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# 2 December 2026, 09:00–16:00 UTC: 10.00–17.00 in Copenhagen (winter time).
# A Wednesday in December, far enough ahead that the date stays in the future.
STARTS = datetime.datetime(2037, 12, 2, 9, 0, tzinfo=datetime.UTC)


def december_day(**fields):
    return OccurrenceFactory(
        starts_at=STARTS, ends_at=STARTS + datetime.timedelta(hours=7), **fields
    )


@pytest.mark.parametrize("request_language", ["da", "en"])
def test_a_danish_mail_shows_a_danish_date_and_time(request_language):
    registration = RegistrationFactory(occurrence=december_day())

    with translation.override(request_language):
        message = emails.registration_mail(registration, "confirmation")
        reminder = emails.registration_mail(registration, "reminder")

    when = "Onsdag 2. december 2037 kl. 10.00–17.00"
    assert f"Hvornår: {when}" in message.body
    assert when in html_of(message)
    assert reminder.subject.endswith("den 2. december")
    assert "December" not in message.body + reminder.subject


def test_a_date_over_midnight_names_both_days_in_danish():
    registration = RegistrationFactory(
        occurrence=OccurrenceFactory(
            starts_at=STARTS, ends_at=STARTS + datetime.timedelta(days=1, hours=1)
        )
    )

    with translation.override("en"):
        body = emails.registration_mail(registration, "confirmation").body

    assert "Onsdag 2. december 2037 kl. 10.00–3. december 2037 11.00" in body


def test_the_cancellation_mail_offers_to_register_again_on_the_event_page(
    run_on_commit,
):
    registration = RegistrationFactory(occurrence=december_day())
    mail.outbox.clear()

    run_on_commit(services.cancel_registration, registration=registration)

    [message] = mail.outbox
    event_url = settings.SITE_URL + reverse(
        "events:event", args=[registration.occurrence.event.slug]
    )
    assert event_url in message.body
    assert f'href="{event_url}"' in html_of(message)
    assert "tilmelde dig igen" in message.body
    assert "bagerst på ventelisten" in message.body


def test_other_mails_have_no_register_again_link():
    registration = RegistrationFactory(occurrence=december_day())

    message = emails.registration_mail(registration, "confirmation")

    event_url = settings.SITE_URL + registration.occurrence.event.get_absolute_url()
    assert event_url not in message.body
