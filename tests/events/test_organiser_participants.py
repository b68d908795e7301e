"""The organiser's participant list and what it does to people: pages, filters, bulk
cancel, move and check-in with their confirmation step, adding and editing a participant,
undoing a check-in, messages with preview, test and log, and the printable lists."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from events import services
from events.models import Registration, RegistrationStatus, SentMessage
from samskabelse.exceptions import PermissionDenied
from tests.burst import run_probe
from tests.events import test_organiser
from tests.factories import OccurrenceFactory, RegistrationFactory, organiser

pytestmark = pytest.mark.django_db

# The organiser tests' fixtures: an organiser managing a date of two seats, and the mails
# queued in the outbox.
manager, occurrence = test_organiser.manager, test_organiser.occurrence
queued_mail, fill = test_organiser.queued_mail, test_organiser.fill

CONFIRMED, WAITLISTED = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED
CANCELLED, ATTENDED = RegistrationStatus.CANCELLED, RegistrationStatus.ATTENDED


def list_url(occurrence):
    return reverse("events:organiser_participants", args=[occurrence.pk])


def bulk_url(occurrence):
    return reverse("events:organiser_bulk", args=[occurrence.pk])


def status_of(*registrations):
    return [Registration.objects.get(pk=registration.pk).status for registration in registrations]


@pytest.fixture
def other_date(occurrence):
    """A second date of the same event."""
    return OccurrenceFactory(
        event=occurrence.event, starts_at=occurrence.starts_at + datetime.timedelta(days=7)
    )


# --- The list -------------------------------------------------------------------------------


def test_participant_list_shows_50_a_page(client, occurrence, manager):
    occurrence.capacity = 60
    occurrence.save()
    fill(occurrence, confirmed=60, waiting=0)
    client.force_login(manager)
    first = client.get(list_url(occurrence))
    assert len(first.context["registrations"]) == 50
    second = client.get(list_url(occurrence), {"page": 2})
    assert len(second.context["registrations"]) == 10


def test_participant_list_filters_by_status_and_counts_each_status(client, occurrence, manager):
    fill(occurrence, confirmed=2, waiting=2)
    RegistrationFactory(occurrence=occurrence, status=CANCELLED)
    client.force_login(manager)
    response = client.get(list_url(occurrence), {"status": "waitlisted"})
    assert [r.waitlist_position for r in response.context["registrations"]] == [1, 2]
    shown = response.context["occurrence"]
    assert (shown.total, shown.confirmed, shown.waitlisted, shown.cancelled) == (5, 2, 2, 1)


def test_participant_search_finds_email_and_organisation(client, occurrence, manager):
    RegistrationFactory(occurrence=occurrence, name="Anna", email="anna@holbaek.dk")
    RegistrationFactory(occurrence=occurrence, name="Bo", organisation="Ældre Sagen")
    RegistrationFactory(occurrence=occurrence, name="Carl")
    client.force_login(manager)
    by_email = client.get(list_url(occurrence), {"q": "holbaek"})
    assert [r.name for r in by_email.context["registrations"]] == ["Anna"]
    by_organisation = client.get(list_url(occurrence), {"q": "Sagen"})
    assert [r.name for r in by_organisation.context["registrations"]] == ["Bo"]


def test_participant_list_sorts_by_name_or_arrival(client, occurrence, manager):
    for name in ("Cecilie", "Anders", "Bente"):
        RegistrationFactory(occurrence=occurrence, name=name)
    client.force_login(manager)
    by_name = client.get(list_url(occurrence), {"order": "name"})
    assert [r.name for r in by_name.context["registrations"]] == ["Anders", "Bente", "Cecilie"]
    by_arrival = client.get(list_url(occurrence))
    assert [r.name for r in by_arrival.context["registrations"]] == ["Cecilie", "Anders", "Bente"]


def test_participant_list_query_count_is_constant_in_the_number_of_rows(
    client, occurrence, manager, django_assert_max_num_queries
):
    occurrence.capacity = 100
    occurrence.save()
    fill(occurrence, confirmed=3, waiting=1)
    client.force_login(manager)
    client.get(list_url(occurrence))  # warms the session and the content types
    with django_assert_max_num_queries(12) as few:
        client.get(list_url(occurrence), {"q": "Deltager"})
    fill(occurrence, confirmed=60, waiting=20)
    SentMessage.objects.create(
        occurrence=occurrence, sender=manager, recipient_count=3, subject="Hej", body="-"
    )
    with django_assert_max_num_queries(len(few)):
        response = client.get(list_url(occurrence), {"q": "Deltager"})
    assert len(response.context["registrations"]) == 50


# --- Bulk actions -----------------------------------------------------------------------------


def test_bulk_cancel_asks_first_saying_how_many_it_touches(client, occurrence, manager):
    first, second, waiting = fill(occurrence, confirmed=2, waiting=1)
    client.force_login(manager)
    chosen = [first.pk, second.pk, waiting.pk]
    response = client.post(bulk_url(occurrence), {"registration": chosen, "action": "cancel"})
    assert response.status_code == 200
    assert len(response.context["touched"]) == 3
    assert "3" in response.content.decode()
    assert status_of(first, second, waiting) == [CONFIRMED, CONFIRMED, WAITLISTED]


def test_bulk_cancel_mails_each_and_promotes_the_waiting_list_in_order(
    client, occurrence, manager, queued_mail, django_capture_on_commit_callbacks
):
    first, second, waiting_1, waiting_2, waiting_3 = fill(occurrence, confirmed=2, waiting=3)
    client.force_login(manager)
    data = {"registration": [first.pk, second.pk], "action": "cancel", "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url(occurrence), data)
    assert response.status_code == 302
    assert status_of(first, second, waiting_1, waiting_2, waiting_3) == [
        CANCELLED,
        CANCELLED,
        CONFIRMED,
        CONFIRMED,
        WAITLISTED,
    ]
    kinds = [(pk, kind) for pk, kind, _extra in queued_mail]
    assert kinds == [
        (first.pk, "cancellation"),
        (second.pk, "cancellation"),
        (waiting_1.pk, "promotion"),
        (waiting_2.pk, "promotion"),
    ]


def test_rows_past_a_thousand_are_chosen_by_their_plain_number(client, occurrence, manager):
    """Danish pages print 12091 as 12.091; a checkbox's value must stay the plain number,
    or choosing such a row fails validation on a database whose ids have grown."""
    late = RegistrationFactory(pk=12091, occurrence=occurrence, status=CONFIRMED)
    client.force_login(manager)
    page = client.get(list_url(occurrence)).content.decode()
    assert 'value="12091"' in page
    response = client.post(bulk_url(occurrence), {"registration": [late.pk], "action": "cancel"})
    assert response.status_code == 200
    assert list(response.context["touched"]) == [late]
    assert 'value="12091"' in response.content.decode()


def test_bulk_mark_as_attended_checks_in_only_people_with_a_seat(client, occurrence, manager):
    confirmed, waiting = fill(occurrence, confirmed=1, waiting=1)
    client.force_login(manager)
    data = {"registration": [confirmed.pk, waiting.pk], "action": "attended", "confirm": "1"}
    assert client.post(bulk_url(occurrence), data).status_code == 302
    assert status_of(confirmed, waiting) == [ATTENDED, WAITLISTED]


def test_bulk_export_holds_only_the_selection(client, occurrence, manager):
    chosen = RegistrationFactory(occurrence=occurrence, name="Valgt Person")
    RegistrationFactory(occurrence=occurrence, name="Ikke Valgt")
    client.force_login(manager)
    response = client.post(bulk_url(occurrence), {"registration": [chosen.pk], "action": "csv"})
    content = response.content.decode("utf-8-sig")
    assert "Valgt Person" in content and "Ikke Valgt" not in content


def test_bulk_action_ignores_rows_of_another_date(client, occurrence, manager):
    stranger = RegistrationFactory(occurrence=OccurrenceFactory(event=occurrence.event))
    client.force_login(manager)
    data = {"registration": [stranger.pk], "action": "cancel", "confirm": "1"}
    client.post(bulk_url(occurrence), data)
    assert status_of(stranger) == [CONFIRMED]


# --- Moving people to another date ------------------------------------------------------------


def move(client, occurrence, target, *registrations):
    data = {
        "registration": [registration.pk for registration in registrations],
        "action": "move",
        "target": target.pk,
        "confirm": "1",
    }
    return client.post(bulk_url(occurrence), data)


def test_move_seats_people_at_the_other_date_and_promotes_here(
    client, occurrence, other_date, manager, queued_mail, django_capture_on_commit_callbacks
):
    first, second, waiting = fill(occurrence, confirmed=2, waiting=1)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        assert move(client, occurrence, other_date, first).status_code == 302
    [moved] = other_date.registrations.all()
    assert (moved.email, moved.status) == (first.email, CONFIRMED)
    assert moved.manage_token == first.manage_token  # the emailed link still works
    assert status_of(first, second, waiting) == [CANCELLED, CONFIRMED, CONFIRMED]
    assert (moved.pk, "moved") in [(pk, kind) for pk, kind, _extra in queued_mail]
    assert (waiting.pk, "promotion") in [(pk, kind) for pk, kind, _extra in queued_mail]


def test_move_to_a_full_date_puts_people_at_the_back_of_its_waiting_list(
    client, occurrence, other_date, manager
):
    other_date.capacity = 1
    other_date.save()
    RegistrationFactory(occurrence=other_date)
    already_waiting = RegistrationFactory(occurrence=other_date, status=WAITLISTED)
    first, second = fill(occurrence, confirmed=2, waiting=0)
    client.force_login(manager)
    move(client, occurrence, other_date, first)
    moved = other_date.registrations.get(email=first.email)
    assert moved.status == WAITLISTED
    assert services.waitlist_position(moved) == 2
    assert services.waitlist_position(already_waiting) == 1


def test_move_to_a_date_without_room_or_waiting_list_is_refused_whole(
    client, occurrence, other_date, manager
):
    other_date.capacity, other_date.waitlist_enabled = 1, False
    other_date.save()
    first, second = fill(occurrence, confirmed=2, waiting=0)
    client.force_login(manager)
    response = move(client, occurrence, other_date, first, second)
    assert response.status_code == 400
    assert "1" in str(response.context["form"].non_field_errors())
    assert status_of(first, second) == [CONFIRMED, CONFIRMED]
    assert not other_date.registrations.exists()


def test_move_refuses_someone_already_registered_at_the_other_date(
    client, occurrence, other_date, manager
):
    [person] = fill(occurrence, confirmed=1, waiting=0)
    RegistrationFactory(occurrence=other_date, email=person.email, name="Samme Person")
    client.force_login(manager)
    response = move(client, occurrence, other_date, person)
    assert response.status_code == 400
    assert status_of(person) == [CONFIRMED]


def test_move_only_goes_to_a_date_of_the_same_event(client, occurrence, manager):
    elsewhere = OccurrenceFactory()
    elsewhere.event.managers.add(manager)
    [person] = fill(occurrence, confirmed=1, waiting=0)
    client.force_login(manager)
    move(client, occurrence, elsewhere, person)
    assert status_of(person) == [CONFIRMED]
    assert not elsewhere.registrations.exists()


@pytest.mark.parametrize("waitlist", [True, False])
def test_moves_both_ways_and_registrations_at_once_never_overbook(fresh_database_url, waitlist):
    args = ["--processes", "6", "--each", "9", "--capacity", "10"]
    outcome = run_probe(
        "tests.events.organiser_move_probe",
        fresh_database_url,
        *args,
        *([] if waitlist else ["--no-waitlist"]),
    )
    assert not any(key.startswith("error") for key in outcome["outcomes"]), outcome
    for name in ("first", "second"):
        assert outcome[f"{name}_confirmed"] <= 10, outcome
        if outcome[f"{name}_waitlisted"]:
            assert outcome[f"{name}_confirmed"] == 10, "a seat stayed free while people waited"
    assert outcome["active_rows"] == outcome["active_people"], "someone is active twice"
    registered = sum(
        count for key, count in outcome["outcomes"].items() if key in ("confirmed", "waitlisted")
    )
    assert outcome["active_people"] == 2 * 10 + registered, "a move lost or doubled someone"


# --- Adding, editing, undoing a check-in ------------------------------------------------------


def add_url(occurrence):
    return reverse("events:organiser_participant_add", args=[occurrence.pk])


PERSON = {"name": "Grethe Telefon", "email": "Grethe@Kommune.dk", "consent": "on"}


def test_organiser_adds_a_participant_by_hand_with_consent_on_their_behalf(
    client, occurrence, manager, queued_mail, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(occurrence), PERSON)
    assert response.status_code == 302
    added = occurrence.registrations.get()
    assert (added.email, added.status, added.source) == (
        "grethe@kommune.dk",
        CONFIRMED,
        "organiser",
    )
    assert added.consent_version == f"organiser:{manager.pk}"
    assert [(pk, kind) for pk, kind, _extra in queued_mail] == [(added.pk, "confirmation")]
    edit = client.get(reverse("events:organiser_participant_edit", args=[added.pk]))
    assert manager.get_full_name() in edit.content.decode()


def test_adding_by_hand_follows_the_seat_rules_of_the_public_form(client, occurrence, manager):
    fill(occurrence, confirmed=2, waiting=0)
    client.force_login(manager)
    client.post(add_url(occurrence), PERSON)
    assert occurrence.registrations.get(email="grethe@kommune.dk").status == WAITLISTED


def test_adding_by_hand_refuses_a_duplicate(client, occurrence, manager):
    RegistrationFactory(occurrence=occurrence, email="grethe@kommune.dk")
    client.force_login(manager)
    response = client.post(add_url(occurrence), PERSON)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert occurrence.registrations.count() == 1


def test_adding_by_hand_needs_the_persons_consent(client, occurrence, manager):
    client.force_login(manager)
    response = client.post(add_url(occurrence), {**PERSON, "consent": ""})
    assert response.status_code == 400
    assert b"error-summary" in response.content and b'href="#id_consent"' in response.content
    assert not occurrence.registrations.exists()


def test_organiser_edits_a_participants_details(client, occurrence, manager):
    person = RegistrationFactory(occurrence=occurrence, name="Ole Olsen")
    client.force_login(manager)
    url = reverse("events:organiser_participant_edit", args=[person.pk])
    data = {"name": "Ole Olesen", "email": "ole@kommune.dk", "organisation": "Holbæk"}
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.name, person.email, person.organisation) == (
        "Ole Olesen",
        "ole@kommune.dk",
        "Holbæk",
    )
    assert person.status == CONFIRMED


def test_editing_to_an_email_already_on_the_date_is_refused(client, occurrence, manager):
    RegistrationFactory(occurrence=occurrence, email="taget@kommune.dk")
    person = RegistrationFactory(occurrence=occurrence)
    client.force_login(manager)
    url = reverse("events:organiser_participant_edit", args=[person.pk])
    response = client.post(url, {"name": "X", "email": "taget@kommune.dk"})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.email != "taget@kommune.dk"


def test_undo_check_in_gives_the_seat_back_as_confirmed(client, occurrence, manager):
    person = RegistrationFactory(occurrence=occurrence, status=ATTENDED)
    client.force_login(manager)
    url = reverse("events:organiser_undo_check_in", args=[person.pk])
    response = client.post(url, {"next": "check-in"})
    assert response.url == reverse("events:organiser_check_in", args=[occurrence.pk])
    person.refresh_from_db()
    assert (person.status, person.checked_in_at) == (CONFIRMED, None)


def test_undo_check_in_of_someone_not_checked_in_changes_nothing(client, occurrence, manager):
    person = RegistrationFactory(occurrence=occurrence, status=WAITLISTED)
    client.force_login(manager)
    client.post(reverse("events:organiser_undo_check_in", args=[person.pk]))
    assert status_of(person) == [WAITLISTED]


# --- Messages ---------------------------------------------------------------------------------


def message_url(occurrence):
    return reverse("events:organiser_message", args=[occurrence.pk])


MESSAGE = {"subject": "Parkering", "body": "Kære alle\n\nBrug P-huset."}


def test_message_preview_shows_the_mail_and_sends_nothing(client, occurrence, manager, queued_mail):
    fill(occurrence, confirmed=2, waiting=1)
    client.force_login(manager)
    data = {**MESSAGE, "statuses": ["confirmed"], "intent": "preview"}
    response = client.post(message_url(occurrence), data)
    preview = response.context["preview"]
    assert preview["count"] == 2
    assert preview["mail"].subject == f"Parkering – {occurrence.event.title}"
    assert preview["mail"].reply_to == [manager.email]
    assert "Hej" not in preview["mail"].body  # the organiser's own greeting is the only one
    assert queued_mail == [] and not SentMessage.objects.exists()


def test_message_test_goes_to_the_organiser_alone(
    client, occurrence, manager, django_capture_on_commit_callbacks
):
    fill(occurrence, confirmed=2, waiting=0)
    client.force_login(manager)
    data = {**MESSAGE, "statuses": ["confirmed"], "intent": "test"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(message_url(occurrence), data)
    [test] = mail.outbox
    assert test.to == [manager.email]
    assert occurrence.event.title in test.subject
    assert not SentMessage.objects.exists()


def test_message_goes_to_the_chosen_statuses_and_is_logged_on_the_date(
    client, occurrence, manager, queued_mail, django_capture_on_commit_callbacks
):
    _first, _second, waiting = fill(occurrence, confirmed=2, waiting=1)
    client.force_login(manager)
    data = {**MESSAGE, "statuses": ["waitlisted"], "intent": "send"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(message_url(occurrence), data)
    assert [pk for pk, _kind, _extra in queued_mail] == [waiting.pk]
    [sent] = SentMessage.objects.all()
    assert (sent.sender, sent.recipient_count, sent.subject) == (manager, 1, "Parkering")
    page = client.get(list_url(occurrence)).content.decode()
    assert "Parkering" in page and "Brug P-huset." in page


def test_a_message_without_a_greeting_is_greeted_by_name(occurrence, monkeypatch):
    from events import emails

    person = RegistrationFactory(occurrence=occurrence, name="Ida")
    message = emails.registration_mail(person, "message", subject="Info", body="Husk madpakke.")
    assert message.body.count("Ida") == 1


def test_message_without_recipients_is_a_field_error(client, occurrence, manager, queued_mail):
    client.force_login(manager)
    response = client.post(message_url(occurrence), {**MESSAGE, "intent": "send"})
    assert response.status_code == 400
    assert b'href="#id_statuses_0"' in response.content
    assert queued_mail == []


# --- Print ------------------------------------------------------------------------------------


def test_attendance_list_and_badges_list_the_people_with_a_seat_by_name(
    client, occurrence, manager
):
    RegistrationFactory(occurrence=occurrence, name="Birte")
    RegistrationFactory(occurrence=occurrence, name="Anne", status=ATTENDED)
    RegistrationFactory(occurrence=occurrence, name="Venter", status=WAITLISTED)
    client.force_login(manager)
    for kind in ("attendance", "badges"):
        response = client.get(reverse("events:organiser_print", args=[occurrence.pk, kind]))
        assert [r.name for r in response.context["registrations"]] == ["Anne", "Birte"]


# --- Permissions ------------------------------------------------------------------------------


def test_an_organiser_of_another_event_gets_403_on_all_of_it(client, occurrence, queued_mail):
    person = RegistrationFactory(occurrence=occurrence, status=ATTENDED)
    client.force_login(organiser())
    pages = [
        list_url(occurrence),
        add_url(occurrence),
        message_url(occurrence),
        reverse("events:organiser_participant_edit", args=[person.pk]),
        reverse("events:organiser_print", args=[occurrence.pk, "attendance"]),
        reverse("events:organiser_print", args=[occurrence.pk, "badges"]),
    ]
    for url in pages:
        assert client.get(url).status_code == 403, url
    posts = [
        (bulk_url(occurrence), {"registration": [person.pk], "action": "cancel", "confirm": "1"}),
        (bulk_url(occurrence), {"registration": [person.pk], "action": "csv"}),
        (add_url(occurrence), PERSON),
        (message_url(occurrence), {**MESSAGE, "statuses": ["attended"], "intent": "send"}),
        (reverse("events:organiser_participant_edit", args=[person.pk]), {"name": "X"}),
        (reverse("events:organiser_undo_check_in", args=[person.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert status_of(person) == [ATTENDED]
    assert occurrence.registrations.count() == 1
    assert queued_mail == [] and not SentMessage.objects.exists()


def test_services_refuse_an_organiser_of_another_event(occurrence, other_date):
    stranger = organiser()
    [person] = fill(occurrence, confirmed=1, waiting=0)
    calls = [
        lambda: services.cancel_registrations(
            user=stranger, occurrence=occurrence, registration_ids=[person.pk]
        ),
        lambda: services.move_registrations(
            user=stranger, occurrence=occurrence, target=other_date, registration_ids=[person.pk]
        ),
        lambda: services.check_in_registrations(
            user=stranger, occurrence=occurrence, registration_ids=[person.pk]
        ),
        lambda: services.update_participant(user=stranger, registration=person, name="X"),
        lambda: services.register_on_behalf(
            user=stranger, occurrence=occurrence, name="X", email="x@kommune.dk"
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert status_of(person) == [CONFIRMED]


def test_the_moved_mail_names_the_event_and_carries_the_new_date(occurrence, other_date):
    from events import emails

    person = RegistrationFactory(occurrence=other_date, name="Ida")
    message = emails.registration_mail(person, "moved")
    assert occurrence.event.title in message.subject
    assert emails.when_text(other_date) in message.body
    assert person.manage_token in message.body


def test_status_filters_keep_the_search_and_the_order(client, occurrence, manager):
    fill(occurrence, confirmed=1, waiting=1)
    client.force_login(manager)
    response = client.get(list_url(occurrence), {"q": "Deltager", "order": "name"})
    links = {str(link["label"]): link for link in response.context["status_links"]}
    assert links["Alle"]["current"] and links["Alle"]["count"] == 2
    assert links["På venteliste"]["query"] == "q=Deltager&order=name&status=waitlisted"
