"""Group registration: a registrant and colleagues are one entry that gets seats or waits
together, and promotion never skips an earlier group (issue 13)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events import services
from events.models import Registration, RegistrationStatus
from events.selectors import anonymisation_date
from samskabelse.exceptions import PermissionDenied
from tests.factories import OccurrenceFactory

pytestmark = pytest.mark.django_db


def colleagues(count, start=1, domain="herlev.dk"):
    return [
        {"name": f"Kollega {number}", "email": f"kollega{number}@{domain}"}
        for number in range(start, start + count)
    ]


def register(occurrence, email, members=(), **extra):
    return services.register_participant(
        occurrence=occurrence,
        name=email.split("@")[0].title(),
        email=email,
        consent=True,
        members=list(members),
        **extra,
    )


def statuses(occurrence):
    return dict(Registration.objects.filter(occurrence=occurrence).values_list("email", "status"))


def test_a_group_that_fits_exactly_gets_all_its_seats():
    occurrence = OccurrenceFactory(capacity=4)
    registrant = register(occurrence, "mette@herlev.dk", colleagues(3))
    assert set(statuses(occurrence).values()) == {RegistrationStatus.CONFIRMED}
    members = list(registrant.group_members.order_by("pk"))
    assert [member.email for member in members] == [f"kollega{n}@herlev.dk" for n in (1, 2, 3)]
    assert {member.entry_id for member in members} == {registrant.pk}


def test_a_group_one_seat_short_waits_as_a_whole():
    occurrence = OccurrenceFactory(capacity=4)
    register(occurrence, "first@herlev.dk")
    registrant = register(occurrence, "mette@herlev.dk", colleagues(3))
    assert registrant.status == RegistrationStatus.WAITLISTED
    waiting = Registration.objects.filter(status=RegistrationStatus.WAITLISTED)
    assert waiting.count() == 4
    assert {services.waitlist_position(member) for member in waiting} == {1}


def test_a_group_larger_than_the_date_is_refused_with_nothing_stored():
    occurrence = OccurrenceFactory(capacity=3)
    with pytest.raises(services.OccurrenceFull, match="større end|larger than"):
        register(occurrence, "mette@herlev.dk", colleagues(3))
    assert not Registration.objects.exists()


def test_an_email_twice_in_the_group_is_refused():
    occurrence = OccurrenceFactory(capacity=10)
    with pytest.raises(ValidationError) as error:
        register(occurrence, "mette@herlev.dk", [{"name": "Mette", "email": "METTE@herlev.dk"}])
    assert "mette@herlev.dk" in str(error.value.message_dict["members"])
    assert not Registration.objects.exists()


def test_a_colleague_already_registered_refuses_the_whole_group_naming_them():
    occurrence = OccurrenceFactory(capacity=10)
    register(occurrence, "kollega2@herlev.dk")
    with pytest.raises(services.AlreadyRegistered, match="Kollega 2"):
        register(occurrence, "mette@herlev.dk", colleagues(3))
    assert list(statuses(occurrence)) == ["kollega2@herlev.dk"]


def test_a_group_of_more_than_twenty_is_refused():
    occurrence = OccurrenceFactory(capacity=100)
    with pytest.raises(ValidationError):
        register(occurrence, "mette@herlev.dk", colleagues(20))


def test_every_member_gets_their_own_mail_and_manage_link(run_on_commit):
    occurrence = OccurrenceFactory(capacity=10)
    registrant = run_on_commit(register, occurrence, "mette@herlev.dk", colleagues(2))
    assert sorted(message.to[0] for message in mail.outbox) == [
        "kollega1@herlev.dk",
        "kollega2@herlev.dk",
        "mette@herlev.dk",
    ]
    tokens = set(Registration.objects.values_list("manage_token", flat=True))
    assert len(tokens) == 3
    for message in mail.outbox:
        registration = Registration.objects.get(email=message.to[0])
        assert registration.manage_token in message.body
        assert message.attachments, "each member gets the .ics"
    assert registrant.pk


def test_a_waiting_group_is_promoted_whole_once_enough_seats_free_one_at_a_time():
    occurrence = OccurrenceFactory(capacity=3)
    seated = [register(occurrence, f"s{n}@kommune.dk") for n in range(3)]
    register(occurrence, "mette@herlev.dk", colleagues(1))
    services.cancel_registration(registration=seated[0])
    assert statuses(occurrence)["mette@herlev.dk"] == RegistrationStatus.WAITLISTED
    services.cancel_registration(registration=seated[1])
    assert statuses(occurrence)["mette@herlev.dk"] == RegistrationStatus.CONFIRMED
    assert statuses(occurrence)["kollega1@herlev.dk"] == RegistrationStatus.CONFIRMED


def test_a_later_single_never_takes_a_seat_an_earlier_waiting_group_waits_for():
    occurrence = OccurrenceFactory(capacity=3)
    seated = [register(occurrence, f"s{n}@kommune.dk") for n in range(3)]
    register(occurrence, "mette@herlev.dk", colleagues(1))
    later = register(occurrence, "later@kommune.dk")
    services.cancel_registration(registration=seated[0])
    assert later.status == RegistrationStatus.WAITLISTED
    assert Registration.objects.get(pk=later.pk).status == RegistrationStatus.WAITLISTED
    newcomer = register(occurrence, "newcomer@kommune.dk")
    assert newcomer.status == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(newcomer) == 3


def test_with_fill_free_seats_smaller_registrations_take_what_a_group_cannot_use():
    occurrence = OccurrenceFactory(capacity=3, fill_free_seats_with_smaller=True)
    seated = [register(occurrence, f"s{n}@kommune.dk") for n in range(3)]
    register(occurrence, "mette@herlev.dk", colleagues(1))
    later = register(occurrence, "later@kommune.dk")
    services.cancel_registration(registration=seated[0])
    assert Registration.objects.get(pk=later.pk).status == RegistrationStatus.CONFIRMED
    assert statuses(occurrence)["mette@herlev.dk"] == RegistrationStatus.WAITLISTED
    services.cancel_registration(registration=seated[1])
    newcomer = register(occurrence, "newcomer@kommune.dk")
    assert newcomer.status == RegistrationStatus.CONFIRMED


def test_a_member_who_cancels_frees_one_seat_for_the_next_in_line():
    occurrence = OccurrenceFactory(capacity=3)
    registrant = register(occurrence, "mette@herlev.dk", colleagues(2))
    waiting = register(occurrence, "next@kommune.dk")
    member = registrant.group_members.first()
    services.cancel_registration(registration=member)
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED
    assert statuses(occurrence)["mette@herlev.dk"] == RegistrationStatus.CONFIRMED


def add(registrant, number):
    return services.add_group_member(
        registration=registrant, name=f"Kollega {number}", email=f"kollega{number}@herlev.dk"
    )


def test_the_registrant_adds_a_colleague_while_a_seat_is_free():
    occurrence = OccurrenceFactory(capacity=3)
    registrant = register(occurrence, "mette@herlev.dk", colleagues(1))
    added = add(registrant, 2)
    assert added.status == RegistrationStatus.CONFIRMED
    assert added.registered_by == registrant
    with pytest.raises(services.OccurrenceFull):
        add(registrant, 3)
    assert registrant.group_members.count() == 2


def test_a_confirmed_group_cannot_add_past_someone_waiting():
    occurrence = OccurrenceFactory(capacity=3)
    seated = register(occurrence, "s@kommune.dk")
    registrant = register(occurrence, "mette@herlev.dk")
    register(occurrence, "big@kommune.dk", colleagues(1, start=7, domain="varde.dk"))
    services.cancel_registration(registration=seated)  # one free, the pair still waits
    with pytest.raises(services.OccurrenceFull):
        add(registrant, 2)


def test_a_waiting_group_takes_a_new_colleague_along_on_the_waiting_list():
    occurrence = OccurrenceFactory(capacity=4)
    register(occurrence, "s1@kommune.dk")
    register(occurrence, "s2@kommune.dk")
    registrant = register(occurrence, "mette@herlev.dk", colleagues(2))
    added = add(registrant, 3)
    assert added.status == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(added) == 1
    with pytest.raises(services.OccurrenceFull):
        add(registrant, 4)  # the group would outgrow the date


def test_a_colleague_already_registered_cannot_be_added_again():
    occurrence = OccurrenceFactory(capacity=5)
    registrant = register(occurrence, "mette@herlev.dk")
    register(occurrence, "kollega1@herlev.dk")
    with pytest.raises(ValidationError):
        add(registrant, 1)


def test_only_the_registrant_adds_and_removes_colleagues():
    occurrence = OccurrenceFactory(capacity=5)
    registrant = register(occurrence, "mette@herlev.dk", colleagues(2))
    member, other = registrant.group_members.order_by("pk")
    with pytest.raises(PermissionDenied):
        add(member, 3)
    with pytest.raises(Registration.DoesNotExist):
        services.remove_group_member(registration=member, member_id=other.pk)
    services.remove_group_member(registration=registrant, member_id=member.pk)
    assert Registration.objects.get(pk=member.pk).status == RegistrationStatus.CANCELLED


# --- the API -----------------------------------------------------------------------------


def api_register(api_client, occurrence, members):
    from tests.events.test_api import citizen, registrations, writer

    return api_client.post(
        registrations(occurrence), citizen(members=members), format="json", **writer()
    )


def test_the_api_registers_a_group_and_answers_each_members_manage_token(api_client):
    occurrence = OccurrenceFactory(capacity=2)
    register(occurrence, "first@kommune.dk")
    answer = api_register(api_client, occurrence, colleagues(1))
    assert answer.status_code == 201
    body = answer.json()
    assert body["status"] == "waitlisted" and body["waitlist_position"] == 1
    [member] = body["members"]
    assert member["status"] == "waitlisted" and member["waitlist_position"] == 1
    assert member["registered_by"] == body["id"]
    # Each colleague is told the day their data go, the registrant's day.
    assert (
        member["anonymised_on"]
        == body["anonymised_on"]
        == (anonymisation_date(occurrence).isoformat())
    )
    assert Registration.objects.get(manage_token=member["manage_token"]).email == (
        "kollega1@herlev.dk"
    )


@pytest.mark.parametrize(
    "members",
    [
        [{"name": "Uden mail"}],
        [{"name": "X", "email": "ikke-en-mail"}],
        colleagues(20),
        "ikke en liste",
    ],
)
def test_bad_members_are_a_400_with_nothing_stored(api_client, members):
    answer = api_register(api_client, OccurrenceFactory(), members)
    assert answer.status_code == 400
    assert "members" in answer.json()
    assert not Registration.objects.exists()


def test_the_api_refuses_a_group_with_a_registered_colleague_with_409(api_client):
    occurrence = OccurrenceFactory()
    register(occurrence, "kollega1@herlev.dk")
    answer = api_register(api_client, occurrence, colleagues(2))
    assert answer.status_code == 409
    assert "Kollega 1" in answer.json()["detail"]
    assert Registration.objects.count() == 1


def test_the_registrant_adds_and_removes_a_colleague_through_the_api(api_client):
    occurrence = OccurrenceFactory(capacity=2)
    registrant = register(occurrence, "mette@herlev.dk")
    url = f"/api/v1/registrations/{registrant.manage_token}/members/"
    added = api_client.post(url, colleagues(1)[0], format="json")
    assert added.status_code == 201 and added.json()["status"] == "confirmed"
    assert added.json()["anonymised_on"] == anonymisation_date(occurrence).isoformat()
    full = api_client.post(url, colleagues(1, start=2)[0], format="json")
    assert full.status_code == 422
    removed = api_client.post(f"{url}{added.json()['id']}/cancel/")
    assert removed.status_code == 200 and removed.json()["status"] == "cancelled"
    assert api_client.post(f"{url}999999/cancel/").status_code == 404
    member = Registration.objects.get(pk=added.json()["id"])
    assert (
        api_client.post(
            f"/api/v1/registrations/{member.manage_token}/members/",
            colleagues(1, start=3)[0],
            format="json",
        ).status_code
        == 403
    )


# --- the organiser's side ----------------------------------------------------------------


def test_the_participant_list_marks_groups_and_numbers_them_as_one_entry(
    client, django_assert_max_num_queries
):
    from django.urls import reverse

    from tests.factories import organiser

    occurrence = OccurrenceFactory(capacity=6)
    register(occurrence, "first@kommune.dk")
    register(occurrence, "mette@herlev.dk", colleagues(5))
    register(occurrence, "later@kommune.dk")
    manager = organiser()
    occurrence.event.managers.add(manager)
    client.force_login(manager)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("events:organiser_participants", args=[occurrence.pk]))
    html = page.content.decode()
    assert "I gruppen hos Mette" in html or "In the group of Mette" in html
    rows = {row.email: row.waitlist_position for row in page.context["registrations"]}
    assert rows["kollega5@herlev.dk"] == rows["mette@herlev.dk"] == 1
    assert rows["later@kommune.dk"] == 2
    export = client.get(reverse("events:organiser_export", args=[occurrence.pk, "csv"]))
    lines = export.content.decode("utf-8-sig").splitlines()
    assert sum(line.endswith(";Mette") for line in lines) == 6


def test_switching_fill_smaller_on_gives_free_seats_to_later_singles(client):
    from events.organiser import services as organiser_services
    from tests.factories import organiser

    occurrence = OccurrenceFactory(capacity=3)
    seated = [register(occurrence, f"s{n}@kommune.dk") for n in range(3)]
    register(occurrence, "mette@herlev.dk", colleagues(1))
    later = register(occurrence, "later@kommune.dk")
    services.cancel_registration(registration=seated[0])
    manager = organiser()
    occurrence.event.managers.add(manager)
    organiser_services.update_occurrence_details(
        user=manager, occurrence=occurrence, fill_free_seats_with_smaller=True
    )
    assert Registration.objects.get(pk=later.pk).status == RegistrationStatus.CONFIRMED


# --- under concurrency -------------------------------------------------------------------


def test_a_burst_of_groups_and_singles_never_overbooks_nor_splits_a_group(fresh_database_url):
    from tests.burst import run_probe

    outcome = run_probe(
        "tests.events.group_probe", fresh_database_url, "--processes", "6", "--each", "12"
    )
    assert not any(key.startswith("error") for key in outcome["outcomes"]), outcome
    assert outcome["confirmed"] <= outcome["capacity"]
    assert outcome["split_groups"] == 0
    assert outcome["group_sizes"] == [1, 3]
    assert outcome["groups"] == 6 * 4
    assert outcome["waiting_entries"] and not outcome["first_waiting_fits"], outcome


def test_a_colleagues_mail_says_who_registered_them(run_on_commit):
    occurrence = OccurrenceFactory(capacity=10)
    run_on_commit(register, occurrence, "mette@herlev.dk", colleagues(1))
    [to_colleague] = [message for message in mail.outbox if message.to == ["kollega1@herlev.dk"]]
    assert "Mette" in to_colleague.body
    [to_registrant] = [message for message in mail.outbox if message.to == ["mette@herlev.dk"]]
    assert "gruppe" not in to_registrant.body and "group" not in to_registrant.body
