"""Network pages: the list, a network's page, meetings with agenda and minutes, and
mini-experiments; who sees and who changes what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import Experiment, ExperimentStatus, Meeting, Paradox, Perspective
from tests.factories import (
    CaseFactory,
    ExperimentFactory,
    MeetingFactory,
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    UserFactory,
    admin_user,
    consultant,
    coordinator,
    municipality,
)

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("network:index")
KOLDING, VARDE, AALBORG = "621", "573", "851"


def network_with_content(**kwargs):
    """A network of Kolding and Varde with a public and an internal meeting, experiment
    and paradox each."""
    network = NetworkFactory(**kwargs)
    MembershipFactory(network=network, municipality=municipality(KOLDING))
    MembershipFactory(
        network=network,
        municipality=municipality(VARDE),
        person=PersonFactory(name="Karen Kontakt", municipality=municipality(VARDE)),
    )
    past = timezone.now() - timedelta(days=10)
    MeetingFactory(network=network, title="Åbent netværksmøde", is_public=True, starts_at=past)
    MeetingFactory(network=network, title="Internt arbejdsmøde", minutes="Hemmeligt referat")
    ExperimentFactory(network=network, title="Offentligt eksperiment")
    ExperimentFactory(network=network, title="Internt eksperiment", is_public=False)
    Paradox.objects.create(
        network=network, title="Åbent paradoks", description="…", perspective="borger",
        is_public=True,
    )  # fmt: skip
    Paradox.objects.create(
        network=network, title="Internt paradoks", description="…", perspective="politiker"
    )
    return network


def member(code=KOLDING):
    return consultant(code)


def network_coordinator(network):
    user = coordinator()
    network.coordinators.add(user)
    return user


def assert_refused(client, url, data):
    """Both the form and its submission answer 403."""
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403


def meeting_data(**overrides):
    data = {
        "title": "Netværksmøde i Varde",
        "starts_at": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Varde Rådhus",
        "agenda": "1. Velkomst",
        "minutes": "",
    }
    return data | overrides


def experiment_data(**overrides):
    data = {
        "title": "Politikerne med fra start",
        "question": "Hvad sker der, når politikerne er med fra første møde?",
        "what_we_tried": "Vi inviterede udvalget.",
        "with_politicians": "on",
        "status": ExperimentStatus.I_GANG,
        "learning": "",
    }
    return data | overrides


# --- Who sees what ------------------------------------------------------------------------


def test_anonymous_visitors_see_public_networks_only(client):
    NetworkFactory(name="Det åbne netværk")
    NetworkFactory(name="Det lukkede netværk", is_public=False)

    page = client.get(INDEX_URL).content.decode()

    assert "Det åbne netværk" in page
    assert "Det lukkede netværk" not in page


def test_staff_see_every_network_in_the_list(client):
    NetworkFactory(name="Det lukkede netværk", is_public=False)
    client.force_login(member())

    assert "Det lukkede netværk" in client.get(INDEX_URL).content.decode()


def test_network_list_shows_kind_member_count_and_status(client):
    network = network_with_content()

    page = client.get(INDEX_URL).content.decode()

    assert network.name in page
    assert network.get_kind_display() in page
    assert network.get_status_display() in page
    assert "<dd>2</dd>" in page


def test_empty_network_list_says_so(client):
    response = client.get(INDEX_URL)

    assert response.status_code == 200
    assert "empty-state" in response.content.decode()


def test_anonymous_visitors_cannot_open_a_non_public_network(client):
    network = NetworkFactory(is_public=False)

    assert client.get(network.get_absolute_url()).status_code == 404


def test_anonymous_visitors_see_only_what_the_network_marked_public(client):
    network = network_with_content()

    page = client.get(network.get_absolute_url()).content.decode()

    assert "Åbent netværksmøde" in page
    assert "Offentligt eksperiment" in page
    assert "Åbent paradoks" in page
    for internal in ("Internt arbejdsmøde", "Internt eksperiment", "Internt paradoks"):
        assert internal not in page


def test_members_see_the_networks_internals(client):
    network = network_with_content()
    client.force_login(member())

    page = client.get(network.get_absolute_url()).content.decode()

    for internal in ("Internt arbejdsmøde", "Internt eksperiment", "Internt paradoks"):
        assert internal in page


def test_network_page_lists_members_by_region_with_their_contact_person(client):
    network = network_with_content()

    page = client.get(network.get_absolute_url()).content.decode()

    assert "Kolding Kommune" in page
    assert "Karen Kontakt" in page
    assert municipality(VARDE).get_region_display() in page


def test_coordinator_of_another_network_sees_internals_as_staff_but_no_actions(client):
    network = network_with_content()
    other = NetworkFactory()
    client.force_login(network_coordinator(other))

    page = client.get(network.get_absolute_url()).content.decode()

    assert "Internt arbejdsmøde" in page
    assert reverse("network:meeting_create", args=[network.slug]) not in page


def test_coordinators_see_their_actions_on_their_own_network(client):
    network = network_with_content()
    client.force_login(network_coordinator(network))

    page = client.get(network.get_absolute_url()).content.decode()

    assert reverse("network:meeting_create", args=[network.slug]) in page


def test_anonymous_visitors_cannot_open_a_non_public_meeting_or_experiment(client):
    network = network_with_content()
    meeting = network.meetings.get(is_public=False)
    experiment = network.experiments.get(is_public=False)

    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(experiment.get_absolute_url()).status_code == 404


def test_minutes_are_hidden_from_anonymous_visitors(client):
    network = NetworkFactory()
    meeting = MeetingFactory(network=network, is_public=True, minutes="Referatets indhold")

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "<li>Velkomst</li>" in page  # the agenda is public
    assert "Referatets indhold" not in page


def test_minutes_are_shown_to_members(client):
    network = network_with_content()
    meeting = network.meetings.get(is_public=True)
    meeting.minutes = "Referatets indhold"
    meeting.save()
    client.force_login(member())

    assert "Referatets indhold" in client.get(meeting.get_absolute_url()).content.decode()


def test_meeting_page_shows_participants_and_paradoxes_raised_there(client):
    network = NetworkFactory()
    meeting = MeetingFactory(network=network, is_public=True)
    meeting.participants.add(PersonFactory(name="Ole Deltager"))
    Paradox.objects.create(
        network=network, meeting=meeting, title="Bolden og politikeren", description="…",
        perspective=Perspective.POLITIKER, is_public=True,
    )  # fmt: skip

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "Ole Deltager" in page
    assert "Bolden og politikeren" in page


# --- Minutes are sanitised ----------------------------------------------------------------


def test_script_in_minutes_is_removed_on_output(client):
    network = NetworkFactory()
    meeting = MeetingFactory(
        network=network,
        starts_at=timezone.now() - timedelta(days=1),
        minutes="Referat\n\n<script>alert('x')</script>\n\n- punkt",
    )
    client.force_login(member())
    MembershipFactory(network=network)

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "alert('x')" not in page
    assert "<li>punkt</li>" in page


def test_onclick_and_javascript_links_in_minutes_are_removed_on_output(client):
    network = NetworkFactory()
    MembershipFactory(network=network)
    meeting = MeetingFactory(
        network=network,
        starts_at=timezone.now() - timedelta(days=1),
        minutes=(
            '<a href="javascript:alert(1)" onclick="alert(2)">klik</a> [link](javascript:alert(3))'
        ),
    )
    client.force_login(member())

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "javascript:" not in page
    assert "onclick" not in page


# --- Coordinators manage their own networks only ------------------------------------------


def test_coordinator_creates_a_meeting_in_their_own_network(client):
    network = NetworkFactory()
    client.force_login(network_coordinator(network))

    response = client.post(reverse("network:meeting_create", args=[network.slug]), meeting_data())

    meeting = network.meetings.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.place == "Varde Rådhus"


def test_meeting_time_is_read_as_copenhagen_time(client):
    network = NetworkFactory()
    client.force_login(network_coordinator(network))

    client.post(
        reverse("network:meeting_create", args=[network.slug]),
        meeting_data(starts_at="2026-06-01T10:00"),
    )

    starts_at = network.meetings.get().starts_at
    assert starts_at.isoformat() == "2026-06-01T08:00:00+00:00"


def test_coordinator_writes_minutes_that_are_rendered_from_markdown(client):
    network = NetworkFactory()
    meeting = MeetingFactory(network=network, starts_at=timezone.now() - timedelta(days=1))
    client.force_login(network_coordinator(network))

    client.post(
        reverse("network:meeting_edit", args=[network.slug, meeting.pk]),
        meeting_data(minutes="Vi aftalte:\n\n- at lege med bolden\n- at mødes igen"),
    )

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<li>at lege med bolden</li>" in page


def test_coordinator_of_network_a_cannot_edit_network_bs_meeting(client):
    network_a, network_b = NetworkFactory(), NetworkFactory()
    meeting = MeetingFactory(network=network_b, title="B's møde")
    client.force_login(network_coordinator(network_a))
    url = reverse("network:meeting_edit", args=[network_b.slug, meeting.pk])

    assert_refused(client, url, meeting_data(title="Overtaget"))
    meeting.refresh_from_db()
    assert meeting.title == "B's møde"


def test_coordinator_of_network_a_cannot_create_meetings_or_paradoxes_in_network_b(client):
    network_a, network_b = NetworkFactory(), NetworkFactory()
    meeting = MeetingFactory(network=network_b)
    client.force_login(network_coordinator(network_a))

    create = client.post(reverse("network:meeting_create", args=[network_b.slug]), meeting_data())
    paradox = client.post(
        reverse("network:paradox_create", args=[network_b.slug, meeting.pk]),
        {"title": "X", "description": "Y", "perspective": Perspective.BORGER},
    )

    assert create.status_code == 403
    assert paradox.status_code == 403
    assert network_b.meetings.count() == 1


def test_members_cannot_create_meetings(client):
    network = network_with_content()
    client.force_login(member())

    response = client.post(reverse("network:meeting_create", args=[network.slug]), meeting_data())

    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_before_creating_a_meeting(client):
    network = NetworkFactory()

    response = client.get(reverse("network:meeting_create", args=[network.slug]))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_coordinator_adds_a_paradox_raised_at_a_meeting(client):
    network = NetworkFactory()
    meeting = MeetingFactory(network=network)
    client.force_login(network_coordinator(network))

    response = client.post(
        reverse("network:paradox_create", args=[network.slug, meeting.pk]),
        {"title": "Styring og tillid", "description": "…", "perspective": Perspective.POLITIKER},
    )

    assert response.status_code == 302
    assert meeting.paradoxes.get().network == network


# --- Bad input ----------------------------------------------------------------------------


def test_minutes_for_a_meeting_that_has_not_taken_place_show_an_error(client):
    network = NetworkFactory()
    client.force_login(network_coordinator(network))
    future = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("network:meeting_create", args=[network.slug]),
        meeting_data(starts_at=future, minutes="Skrevet på forhånd"),
    )

    assert response.status_code == 400
    assert "minutes" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_missing_title_and_an_impossible_date_show_errors(client):
    network = NetworkFactory()
    client.force_login(network_coordinator(network))

    response = client.post(
        reverse("network:meeting_create", args=[network.slug]),
        meeting_data(title="", starts_at="2026-13-45T10:00"),
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "starts_at"}
    assert 'aria-describedby="id_title_error"' in response.content.decode()


def test_experiment_without_a_question_shows_an_error(client):
    network = network_with_content()
    client.force_login(member())

    response = client.post(
        reverse("network:experiment_create", args=[network.slug]), experiment_data(question="")
    )

    assert response.status_code == 400
    assert "question" in response.context["form"].errors


# --- Members edit their own municipality's experiments ------------------------------------


def test_member_adds_an_experiment_for_their_own_municipality(client):
    network = network_with_content()
    client.force_login(member(KOLDING))

    response = client.post(
        reverse("network:experiment_create", args=[network.slug]), experiment_data()
    )

    experiment = Experiment.objects.get(title="Politikerne med fra start")
    assert response.status_code == 302
    assert experiment.municipality.code == KOLDING
    assert experiment.with_politicians


def test_member_edits_their_own_municipalitys_experiment(client):
    network = network_with_content()
    experiment = network.experiments.get(title="Offentligt eksperiment")  # Kolding's
    client.force_login(member(KOLDING))

    response = client.post(
        reverse("network:experiment_edit", args=[network.slug, experiment.pk]),
        experiment_data(title="Nyt navn", learning="At politikerne lytter."),
    )

    experiment.refresh_from_db()
    assert response.status_code == 302
    assert experiment.title == "Nyt navn"


def test_member_cannot_edit_another_municipalitys_experiment(client):
    network = network_with_content()
    experiment = network.experiments.get(title="Offentligt eksperiment")  # Kolding's
    client.force_login(member(VARDE))
    url = reverse("network:experiment_edit", args=[network.slug, experiment.pk])

    assert_refused(client, url, experiment_data(title="Overtaget"))
    experiment.refresh_from_db()
    assert experiment.title == "Offentligt eksperiment"


def test_staff_from_a_municipality_outside_the_network_cannot_add_experiments(client):
    network = network_with_content()
    client.force_login(member(AALBORG))

    response = client.get(reverse("network:experiment_create", args=[network.slug]))

    assert response.status_code == 403


def test_coordinator_edits_any_experiment_in_their_network_and_chooses_the_municipality(client):
    network = network_with_content()
    experiment = network.experiments.get(title="Offentligt eksperiment")
    client.force_login(network_coordinator(network))

    response = client.post(
        reverse("network:experiment_edit", args=[network.slug, experiment.pk]),
        experiment_data(municipality=municipality(VARDE).pk),
    )

    experiment.refresh_from_db()
    assert response.status_code == 302
    assert experiment.municipality.code == VARDE


def test_experiment_links_only_to_cases_the_member_may_see(client):
    network = network_with_content()
    visible = CaseFactory(title="Bakkehuset")
    client.force_login(member(KOLDING))

    page = client.get(reverse("network:experiment_create", args=[network.slug]))
    response = client.post(
        reverse("network:experiment_create", args=[network.slug]),
        experiment_data(case=visible.pk),
    )

    assert "Bakkehuset" in page.content.decode()
    assert response.status_code == 302
    assert Experiment.objects.get(title="Politikerne med fra start").case == visible


def test_experiment_page_shows_question_what_we_tried_and_who_took_part(client):
    network = NetworkFactory()
    experiment = ExperimentFactory(
        network=network, what_we_tried="Bolden blev spillet", with_citizens=True
    )

    page = client.get(experiment.get_absolute_url()).content.decode()

    assert experiment.question in page
    assert "Bolden blev spillet" in page


# --- Query counts -------------------------------------------------------------------------


def _networks(count):
    for _ in range(count):
        network = network_with_content()
        network.coordinators.add(UserFactory())


@pytest.mark.parametrize("count", [3, 30])
def test_network_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries,
                                                        count):  # fmt: skip
    _networks(count)

    with django_assert_max_num_queries(3):
        response = client.get(INDEX_URL)

    assert response.content.decode().count("network-card") == count


@pytest.mark.parametrize("count", [3, 30])
def test_network_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries,
                                                        count):  # fmt: skip
    network = NetworkFactory()
    for index in range(count):
        MeetingFactory(network=network, is_public=True)
        ExperimentFactory(network=network, is_public=True, title=f"Eksperiment {index}")
        Paradox.objects.create(
            network=network, title=f"Paradoks {index}", description="…", perspective="borger",
            is_public=True, meeting=network.meetings.first(),
        )  # fmt: skip
    client.force_login(member())
    MembershipFactory(network=network)

    with django_assert_max_num_queries(14):
        response = client.get(network.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count("Eksperiment ") >= count


# --- Admin --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["network", "membership", "membershiprequest", "meeting", "experiment", "paradox",
              "person", "tag", "localarea"],
)  # fmt: skip
def test_admin_lists_and_forms_of_network_models_open_for_an_admin(client, model):
    network = network_with_content()
    client.force_login(admin_user())

    changelist = client.get(reverse(f"admin:network_{model}_changelist") + "?q=a")
    add = client.get(reverse(f"admin:network_{model}_add"))
    change = client.get(reverse("admin:network_network_change", args=[network.pk]))

    # Requests come only from the join form, with the asker's consent (network/admin.py).
    add_status = 403 if model == "membershiprequest" else 200
    assert (changelist.status_code, add.status_code, change.status_code) == (200, add_status, 200)


def test_network_page_lists_its_published_theme_days_only(client):
    from tests.factories import EventFactory, NetworkFactory

    network = NetworkFactory()
    EventFactory(network=network, title="Netværkets temadag")
    EventFactory(network=network, title="Hemmelig kladde", status="kladde")
    html = client.get(network.get_absolute_url()).content.decode()
    assert "Netværkets temadag" in html
    assert "Hemmelig kladde" not in html
