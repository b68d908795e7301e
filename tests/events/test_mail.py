"""Mail of theme days: every change to a registration is mailed in Danish, as plain text
and HTML, with the manage link and the .ics; a failing mail server never loses a
registration; reminders go out once; personal data go after the retention period."""

import re
import smtplib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone, translation
from icalendar import Calendar

from events import services, tasks
from events.models import OccurrenceStatus, Registration, RegistrationStatus
from samskabelse.celery import app as celery_app
from samskabelse.models import OutboxMessage
from tests.factories import OccurrenceFactory, RegistrationFactory, organiser

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
ONLINE_URL = "https://meet.example.dk/taenketank-42"


@pytest.fixture
def register(run_on_commit):
    counter = iter(range(1, 1000))

    def register(occurrence, **fields):
        number = next(counter)
        fields = {
            "name": f"Deltager {number}",
            "email": f"deltager{number}@kommune.dk",
            "consent": True,
            **fields,
        }
        return run_on_commit(services.register_participant, occurrence=occurrence, **fields)

    return register


def danish(msgid, **values):
    """The Danish text of one of the mails' strings, as the mail renders it."""
    with translation.override("da"):
        text = translation.gettext(msgid)
    return text % values if values else text


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def calendar_of(message):
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    return Calendar.from_ical(content)


def only_event(calendar):
    [entry] = calendar.walk("VEVENT")
    return entry


def online_occurrence(**fields):
    return OccurrenceFactory(venue="", address="", city="", online_url=ONLINE_URL, **fields)


def test_registering_sends_one_danish_mail_with_text_html_manage_link_and_calendar(register):
    occurrence = OccurrenceFactory(event__title="Playmakeren og fælles-skaberen")

    registration = register(occurrence, name="Mette Hansen", email="mette@herlev.dk")

    [message] = mail.outbox
    assert message.to == ["mette@herlev.dk"]
    assert message.subject == danish(
        "You are registered: %(title)s", title="Playmakeren og fælles-skaberen"
    )
    manage_url = settings.SITE_URL + registration.get_absolute_url()
    assert manage_url in message.body
    assert f'href="{manage_url}"' in html_of(message)
    assert "Herlev Medborgerhus, Herlev Bygade 90, 2730 Herlev" in message.body
    assert "<html" not in message.body
    entry = only_event(calendar_of(message))
    assert entry.decoded("dtstart") == occurrence.starts_at
    assert str(entry["summary"]) == "Playmakeren og fælles-skaberen"


@pytest.mark.parametrize(
    ("local_start", "utc_start", "danish_date"),
    [
        # The last Sunday of October: summer time has just ended, Copenhagen is UTC+1.
        (datetime(2027, 10, 31, 10, 0), datetime(2027, 10, 31, 9, 0, tzinfo=UTC), "31. oktober"),
        # The last Sunday of March: summer time has just begun, Copenhagen is UTC+2.
        (datetime(2027, 3, 28, 10, 0), datetime(2027, 3, 28, 8, 0, tzinfo=UTC), "28. marts"),
    ],
)
def test_mail_and_calendar_give_the_copenhagen_time_on_daylight_saving_days(
    register, local_start, utc_start, danish_date
):
    starts_at = local_start.replace(tzinfo=COPENHAGEN)
    occurrence = OccurrenceFactory(
        starts_at=starts_at, ends_at=starts_at + timezone.timedelta(hours=6)
    )

    register(occurrence)

    [message] = mail.outbox
    entry = only_event(calendar_of(message))
    assert entry.decoded("dtstart") == utc_start
    assert entry.decoded("dtstart").utcoffset() == timezone.timedelta(0)
    when = next(line for line in message.body.splitlines() if danish_date in line)
    assert f"Søndag {danish_date} 2027" in when
    assert "10.00" in when
    assert "16.00" in when


def test_waitlisted_participant_is_told_the_waiting_list_and_the_position(register):
    occurrence = OccurrenceFactory(capacity=1, event__title="Temadag i Aarhus")
    register(occurrence)
    register(occurrence)
    mail.outbox.clear()

    third = register(occurrence)

    assert third.status == RegistrationStatus.WAITLISTED
    [message] = mail.outbox
    assert message.subject == danish(
        "You are on the waiting list: %(title)s", title="Temadag i Aarhus"
    )
    assert danish("Your number on the waiting list") in message.body
    assert re.search(r": 2\n", message.body)
    assert services.waitlist_position(third) == 2


def test_cancelled_seat_goes_to_the_first_on_the_waiting_list_who_is_mailed(
    register, run_on_commit
):
    occurrence = OccurrenceFactory(capacity=1, event__title="Temadag i Herlev")
    seated = register(occurrence)
    waiting = register(occurrence)
    mail.outbox.clear()

    run_on_commit(services.cancel_registration, registration=seated)

    cancellation, promotion = mail.outbox
    assert cancellation.to == [seated.email]
    assert cancellation.subject == danish(
        "Your registration is cancelled: %(title)s", title="Temadag i Herlev"
    )
    assert cancellation.attachments == []  # no calendar entry for a day they will miss
    assert promotion.to == [waiting.email]
    assert promotion.subject == danish("You have got a seat: %(title)s", title="Temadag i Herlev")
    assert only_event(calendar_of(promotion))["summary"] == "Temadag i Herlev"


def test_online_link_is_only_in_confirmed_participants_mails(register):
    occurrence = online_occurrence(capacity=1)

    register(occurrence)
    register(occurrence)

    confirmed, waitlisted = mail.outbox
    assert ONLINE_URL in confirmed.body
    assert f'href="{ONLINE_URL}"' in html_of(confirmed)
    assert str(only_event(calendar_of(confirmed))["location"]) == ONLINE_URL
    assert ONLINE_URL not in waitlisted.body
    assert ONLINE_URL not in html_of(waitlisted)
    assert "location" not in only_event(calendar_of(waitlisted))
    assert danish("Online: you get the link when you have a seat.") in waitlisted.body


def test_promoted_participant_gets_the_online_link(register, run_on_commit):
    occurrence = online_occurrence(capacity=1)
    seated = register(occurrence)
    register(occurrence)
    mail.outbox.clear()

    run_on_commit(services.cancel_registration, registration=seated)

    cancellation, promotion = mail.outbox
    assert ONLINE_URL not in cancellation.body
    assert ONLINE_URL in promotion.body


@pytest.fixture
def flaky_mail_server(monkeypatch):
    """The SMTP server refuses the first `failures` attempts, then accepts. Eager Celery
    stops raising the task's errors, as a worker would: it runs each retry at once, in
    process, instead of raising Retry into the code that queued the mail."""
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
    real_send = EmailMultiAlternatives.send
    server = {"failures": 0, "attempts": 0}

    def send(message, fail_silently=False):
        server["attempts"] += 1
        if server["attempts"] <= server["failures"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, fail_silently=fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    return server


def test_mail_is_retried_when_the_mail_server_fails_and_the_registration_is_kept(
    register, flaky_mail_server
):
    flaky_mail_server["failures"] = 3
    occurrence = OccurrenceFactory()

    registration = register(occurrence, email="ida@kommune.dk")

    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED
    assert flaky_mail_server["attempts"] == 4
    [message] = mail.outbox
    assert message.to == ["ida@kommune.dk"]


def test_mail_server_down_for_good_gives_up_after_the_retries_but_keeps_the_registration(
    run_on_commit, flaky_mail_server
):
    flaky_mail_server["failures"] = 1000
    occurrence = OccurrenceFactory()

    run_on_commit(
        services.register_participant,
        occurrence=occurrence,
        name="Ida",
        email="ida@kommune.dk",
        consent=True,
    )

    assert Registration.objects.filter(email="ida@kommune.dk").count() == 1
    assert flaky_mail_server["attempts"] == settings.OUTBOX_MAX_ATTEMPTS
    assert mail.outbox == []
    [message] = OutboxMessage.objects.filter(done_at__isnull=True)
    assert message.attempts == settings.OUTBOX_MAX_ATTEMPTS
    assert message.last_error == "SMTPServerDisconnected"


def test_reminder_is_sent_once_even_when_the_beat_runs_twice(run_on_commit):
    tomorrow = OccurrenceFactory(starts_at=timezone.now() + timezone.timedelta(hours=30))
    confirmed = RegistrationFactory(occurrence=tomorrow)
    RegistrationFactory(occurrence=tomorrow, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(occurrence=tomorrow, status=RegistrationStatus.CANCELLED)
    next_week = RegistrationFactory(
        occurrence=OccurrenceFactory(starts_at=timezone.now() + timezone.timedelta(days=7))
    )
    called_off = RegistrationFactory(
        occurrence=OccurrenceFactory(
            starts_at=timezone.now() + timezone.timedelta(hours=30),
            status=OccurrenceStatus.CANCELLED,
        )
    )

    assert run_on_commit(tasks.send_reminders) == 1
    assert run_on_commit(tasks.send_reminders) == 0

    [message] = mail.outbox
    assert message.to == [confirmed.email]
    assert message.subject.startswith(danish("Reminder: %(title)s on %(date)s")[:6])
    assert calendar_of(message)
    confirmed.refresh_from_db()
    next_week.refresh_from_db()
    called_off.refresh_from_db()
    assert confirmed.reminder_sent_at is not None
    assert next_week.reminder_sent_at is None
    assert called_off.reminder_sent_at is None


def test_organiser_message_uses_their_words_and_escapes_them_in_html(run_on_commit):
    occurrence = OccurrenceFactory()
    occurrence.event.managers.add(user := organiser())
    participant = RegistrationFactory(occurrence=occurrence)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)

    run_on_commit(
        services.message_participants,
        user=user,
        occurrence=occurrence,
        subject="Husk madpakke",
        body="Tag <b>madpakke</b> med.\n\nVi ses!",
    )

    [message] = mail.outbox
    assert message.to == [participant.email]
    assert message.subject == f"Husk madpakke – {occurrence.event.title}"
    assert message.reply_to == [user.email]
    assert "Tag <b>madpakke</b> med." in message.body
    assert "Tag &lt;b&gt;madpakke&lt;/b&gt; med." in html_of(message)
    assert "<b>madpakke</b>" not in html_of(message)


def test_anonymisation_after_the_retention_period_keeps_counts_per_status(settings):
    settings.REGISTRATION_RETENTION_DAYS = 90
    long_ago = timezone.now() - timezone.timedelta(days=100)
    old = OccurrenceFactory(starts_at=long_ago, ends_at=long_ago + timezone.timedelta(hours=6))
    recent = OccurrenceFactory(
        starts_at=timezone.now() - timezone.timedelta(days=10),
        ends_at=timezone.now() - timezone.timedelta(days=10) + timezone.timedelta(hours=6),
    )
    for status in (*RegistrationStatus.values, RegistrationStatus.ATTENDED):
        RegistrationFactory(
            occurrence=old, status=status, name="Ole Berg", needs="Glutenfri", job_title="Leder"
        )
    kept = RegistrationFactory(occurrence=recent, needs="Kørestol")

    def counts(occurrence):
        return {
            status: occurrence.registrations.filter(status=status).count()
            for status in RegistrationStatus.values
        }

    before = counts(old)
    old_emails = set(old.registrations.values_list("email", flat=True))

    assert tasks.anonymise_old_registrations() == 5

    assert counts(old) == before
    for registration in old.registrations.all():
        assert registration.anonymised_at is not None
        assert registration.email not in old_emails
        assert registration.name != "Ole Berg"
        assert registration.needs == ""
        assert registration.job_title == ""
    kept.refresh_from_db()
    assert kept.anonymised_at is None
    assert kept.needs == "Kørestol"


def test_no_mail_goes_to_an_anonymised_or_deleted_registration():
    anonymised = RegistrationFactory(anonymised_at=timezone.now())

    tasks.mail_registration(registration_id=anonymised.pk, kind="confirmation")
    tasks.mail_registration(registration_id=anonymised.pk + 1000, kind="confirmation")

    assert mail.outbox == []


def test_newsletter_confirmation_has_confirm_and_unsubscribe_links_and_header(run_on_commit):
    subscriber = run_on_commit(services.subscribe, email="Karen@Kommune.dk", consent=True)

    [message] = mail.outbox
    assert message.to == ["karen@kommune.dk"]
    token = re.escape(subscriber.token)
    site = re.escape(settings.SITE_URL)
    confirm = re.search(rf"{site}/\S*confirm/{token}/", message.body)
    unsubscribe = re.search(rf"{site}/\S*unsubscribe/{token}/", message.body)
    assert confirm and unsubscribe
    assert f'href="{confirm.group()}"' in html_of(message)
    assert f'href="{unsubscribe.group()}"' in html_of(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe.group()}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe" in message.message()


def test_everyone_registered_is_mailed_when_the_date_is_cancelled_without_the_online_link(
    run_on_commit,
):
    occurrence = online_occurrence(capacity=1)
    occurrence.event.managers.add(user := organiser())
    confirmed = RegistrationFactory(occurrence=occurrence)
    waiting = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.CANCELLED)

    run_on_commit(services.cancel_occurrence, user=user, occurrence=occurrence)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [confirmed.email, waiting.email]
    )
    for message in mail.outbox:
        assert message.subject == danish("Cancelled: %(title)s", title=occurrence.event.title)
        assert ONLINE_URL not in message.body
        assert str(only_event(calendar_of(message))["status"]) == "CANCELLED"


def test_moved_date_is_mailed_with_the_new_time(run_on_commit):
    occurrence = OccurrenceFactory()
    occurrence.event.managers.add(user := organiser())
    participant = RegistrationFactory(occurrence=occurrence)
    new_start = datetime(2027, 1, 14, 13, 0, tzinfo=COPENHAGEN)

    run_on_commit(
        services.move_occurrence,
        user=user,
        occurrence=occurrence,
        starts_at=new_start,
        ends_at=new_start + timezone.timedelta(hours=3),
    )

    [message] = mail.outbox
    assert message.to == [participant.email]
    assert "Torsdag 14. januar 2027" in message.body
    assert "13.00" in message.body
    assert only_event(calendar_of(message)).decoded("dtstart") == new_start
