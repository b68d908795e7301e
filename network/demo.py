"""Demo data for networks: COK's inter-municipal network, Holbæk's fælles-skabere,
Skanderborg's playmakers, Guldborgsund's task committee and the national movement with
150 members and a waiting list (the data is in demo_data.py).

Idempotent: rows are found by their natural keys (a network's or person's slug, a
meeting's network and title, a local area's name and municipality …) and saved only when
something differs. Uses the models directly, like projects/demo.py: a seed sets the
statuses it wants to show and sends no mail. samskabelse/demo.py runs first and creates
the organisations and the demo coordinator."""

from projects.demo import upsert
from samskabelse.models import Municipality, Organisation, User

from . import demo_data as data
from .models import (
    Experiment,
    LocalArea,
    Meeting,
    Membership,
    MembershipRequest,
    Network,
    Paradox,
    Person,
    RequestStatus,
    Tag,
)


def seed(stdout):
    municipalities = {m.code: m for m in Municipality.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    coordinator = User.objects.filter(email=data.COORDINATOR_EMAIL).first()
    role_faelles_skaber = _tag(*data.FAELLES_SKABER, Tag.Kind.ROLE)
    role_playmaker = _tag(*data.PLAYMAKER, Tag.Kind.ROLE)
    expertise = [_tag(slug, name, Tag.Kind.EXPERTISE) for slug, name in data.EXPERTISE]

    seed_cok_network(municipalities, organisations.get(data.COK), coordinator, expertise)
    seed_holbaek(municipalities["316"], organisations.get(data.HOLBAEK), role_faelles_skaber)
    seed_people(
        data.PLAYMAKERS,
        municipality=municipalities["746"],
        organisation=organisations.get(data.SKANDERBORG),
        title=data.PLAYMAKER[1],
        bio=data.PLAYMAKER_BIO,
        tags=[role_playmaker],
    )
    seed_committee(municipalities["376"], organisations.get(data.GULDBORGSUND), coordinator)
    movement = seed_movement(coordinator)
    stdout.write(
        f"Demo networks: {Network.objects.count()}, people: {Person.objects.count()}, "
        f"movement members: {movement.memberships.count()}."
    )


def _tag(slug, name, kind):
    tag, _ = upsert(Tag, {"kind": kind, "slug": slug}, name=name)
    return tag


def _network(spec, *, facilitator=None, coordinator=None):
    slug = spec["slug"]
    values = {key: value for key, value in spec.items() if key != "slug"}
    network, _ = upsert(Network, {"slug": slug}, facilitator=facilitator, **values)
    if coordinator is not None:
        network.coordinators.add(coordinator)
    return network


def _person(slug, name, **values):
    person, _ = upsert(Person, {"slug": slug}, name=name, **values)
    return person


def _meetings(network, specs):
    meetings = {}
    for title, starts_at, place, is_public, agenda, minutes in specs:
        meetings[title], _ = upsert(
            Meeting,
            {"network": network, "title": title},
            starts_at=starts_at,
            place=place,
            is_public=is_public,
            agenda=agenda,
            minutes=minutes,
        )
    return meetings


def seed_cok_network(municipalities, cok, coordinator, expertise):
    network = _network(data.COK_NETWORK, facilitator=cok, coordinator=coordinator)
    consultant = _person(**data.COK_CONSULTANT, organisation=cok)
    consultant.tags.add(*expertise)
    contacts = []
    for code, slug, name, title in data.COK_MEMBERS:
        municipality = municipalities[code]
        contact = _person(
            slug,
            name,
            title=title,
            municipality=municipality,
            email=f"{slug.removeprefix('demo-')}@example.dk",
        )
        upsert(Membership, {"network": network, "municipality": municipality}, person=contact)
        contacts.append(contact)

    meetings = _meetings(network, data.COK_MEETINGS)
    for meeting in meetings.values():
        meeting.participants.add(consultant, *contacts)
    for title, perspective, description, reflections in data.COK_PARADOXES:
        upsert(
            Paradox,
            {"network": network, "title": title},
            meeting=meetings[data.BALL_MEETING],
            perspective=perspective,
            description=description,
            reflections=reflections,
            is_public=True,
        )
    for (
        code, title, question, tried, status, learning, politicians, volunteers, citizens,
    ) in data.COK_EXPERIMENTS:  # fmt: skip
        upsert(
            Experiment,
            {"network": network, "municipality": municipalities[code], "title": title},
            question=question,
            what_we_tried=tried,
            status=status,
            learning=learning,
            with_politicians=politicians,
            with_volunteer_consultants=volunteers,
            with_citizens=citizens,
        )
    return network


def seed_people(specs, *, municipality, organisation, title, bio, tags, bios=None):
    people = []
    for slug, name in specs:
        person = _person(
            slug,
            name,
            title=title,
            municipality=municipality,
            organisation=organisation,
            email=f"{slug.removeprefix('demo-')}@example.dk",
            bio=(bios or {}).get(slug, bio),
        )
        person.tags.add(*tags)
        people.append(person)
    return people


def seed_holbaek(holbaek, organisation, role):
    """The corps of 14 fælles-skabere; one is contact person for three local areas."""
    seed_people(
        data.FAELLES_SKABERE,
        municipality=holbaek,
        organisation=organisation,
        title=data.FAELLES_SKABER_TITLE,
        bio=data.FAELLES_SKABER_BIO,
        tags=[role],
        bios={data.HOLBAEK_AREA_CONTACT: data.AREA_CONTACT_BIO},
    )
    contact = Person.objects.get(slug=data.HOLBAEK_AREA_CONTACT)
    areas = [
        upsert(LocalArea, {"name": name, "municipality": holbaek})[0]
        for name in data.HOLBAEK_LOCAL_AREAS
    ]
    contact.local_areas.add(*areas)


def seed_committee(guldborgsund, organisation, coordinator):
    network = _network(
        data.GULDBORGSUND_COMMITTEE, facilitator=organisation, coordinator=coordinator
    )
    upsert(Membership, {"network": network, "municipality": guldborgsund})
    _meetings(network, data.COMMITTEE_MEETINGS)
    return network


def seed_movement(coordinator):
    """150 members (bulk-created on the first run) and a waiting list in arrival order."""
    network = _network(data.MOVEMENT, coordinator=coordinator)
    members = [data.movement_member(n) for n in range(1, data.MOVEMENT_MEMBERS + 1)]
    existing = set(
        Person.objects.filter(slug__in=[slug for slug, _, _ in members]).values_list(
            "slug", flat=True
        )
    )
    Person.objects.bulk_create(
        Person(slug=slug, name=name, email=email)
        for slug, name, email in members
        if slug not in existing
    )
    already = set(network.memberships.values_list("person__slug", flat=True))
    people = Person.objects.filter(slug__in=[slug for slug, _, _ in members])
    Membership.objects.bulk_create(
        Membership(network=network, person=person)
        for person in people.order_by("slug")
        if person.slug not in already
    )
    for number in range(1, data.MOVEMENT_WAITING + 1):
        name, email = data.waiting_applicant(number)
        upsert(
            MembershipRequest,
            {"network": network, "email": email},
            name=name,
            consent_at=data.CONSENT_AT,
            status=RequestStatus.WAITLISTED,
            motivation="Jeg vil gerne være med til at udbrede samskabelse i min kommune.",
        )
    return network
