"""Demo data for events: COK and KL's theme day in Herlev and Aarhus, an online think tank
and the co-creation movement's founding meeting (the data is in demo_data.py).

Idempotent: rows are found by their natural keys (an event's slug, an occurrence's event
and city, a speaker's event and name, a registration's occurrence and email) and saved
only when something differs, so running it again changes nothing. The 2016/2017 dates are
moved into the coming months relative to today, so registration is open; a date once
chosen is kept while it is still comfortably ahead.

Uses the models directly, like projects/demo.py: the services enforce the rules for the
person at the keyboard (and queue mail), and a seed sets the statuses it wants to show.
samskabelse/demo.py runs first and creates the organisations and the demo organiser."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from network.models import Network
from projects.demo import upsert
from projects.models import Case
from samskabelse.models import Municipality, Organisation, User

from . import demo_data as data
from .models import (
    Event,
    EventStatus,
    Occurrence,
    OccurrenceStatus,
    Registration,
    RegistrationStatus,
    Speaker,
)
from .services import CONSENT_VERSION

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_at(day, at):
    """An aware datetime for a wall-clock time on a day in Copenhagen (DST included)."""
    return datetime.combine(day, at, tzinfo=COPENHAGEN)


def next_yearly(month, day, at, now):
    """The next (month, day) at `at`, Copenhagen time, that is still ahead of `now`."""
    year = timezone.localtime(now, COPENHAGEN).year
    while local_at(date(year, month, day), at) <= now:
        year += 1
    return date(year, month, day)


def theme_day_first_date(existing, now):
    """Herlev's date: kept while it is at least two weeks ahead, otherwise the first Friday
    at least six weeks from today."""
    if existing is not None and existing.starts_at >= now + timedelta(
        days=data.THEME_DAY_MIN_LEAD_DAYS
    ):
        return timezone.localtime(existing.starts_at, COPENHAGEN).date()
    day = timezone.localtime(now, COPENHAGEN).date() + timedelta(days=data.THEME_DAY_LEAD_DAYS)
    return day + timedelta(days=(data.THEME_DAY_WEEKDAY - day.weekday()) % 7)


def seed(stdout):
    now = timezone.now()
    organisations = seed_organisations()
    organiser = User.objects.filter(email=data.ORGANISER_EMAIL).first()
    municipalities = list(Municipality.objects.order_by("code"))
    events = {}
    for spec in data.EVENTS:
        events[spec["slug"]] = seed_event(spec, organisations, organiser)

    theme_day = events[data.THEME_DAY_SLUG]
    spec = next(spec for spec in data.EVENTS if spec["slug"] == data.THEME_DAY_SLUG)
    first, *_ = spec["occurrences"]
    existing = Occurrence.objects.filter(event=theme_day, city=first[0]).first()
    day = theme_day_first_date(existing, now)
    occurrences = []
    for city, venue, address, seats, waitlist in spec["occurrences"]:
        starts_at, ends_at = (local_at(day, at) for at in data.THEME_DAY_HOURS)
        closes_at = local_at(
            day - timedelta(days=data.REGISTRATION_CLOSES_DAYS_BEFORE), data.THEME_DAY_HOURS[1]
        )
        occurrence = seed_occurrence(
            theme_day,
            city=city,
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue,
            address=address,
            capacity=seats,
            waitlist_enabled=waitlist,
            registration_closes_at=closes_at,
        )
        occurrences.append(occurrence)
        seed_registrations(
            occurrence,
            data.THEME_DAY_REGISTRATIONS.get(city, []),
            prefix=city.lower(),
            municipalities=municipalities,
            now=now,
        )
        day += timedelta(days=data.SECOND_OCCURRENCE_AFTER_DAYS)

    spec = next(spec for spec in data.EVENTS if spec["slug"] == data.THINK_TANK_SLUG)
    day = next_yearly(*data.THINK_TANK_DAY, data.THINK_TANK_HOURS[0], now)
    occurrences.append(
        seed_occurrence(
            events[data.THINK_TANK_SLUG],
            city="",
            starts_at=local_at(day, data.THINK_TANK_HOURS[0]),
            ends_at=local_at(day, data.THINK_TANK_HOURS[1]),
            online_url=spec["online_url"],
            capacity=spec["seats"],
        )
    )

    spec = next(spec for spec in data.EVENTS if spec["slug"] == data.FOUNDING_SLUG)
    day = next_yearly(*data.FOUNDING_DAY, data.FOUNDING_HOURS[0], now)
    founding = seed_occurrence(
        events[data.FOUNDING_SLUG],
        city=spec["city"],
        starts_at=local_at(day, data.FOUNDING_HOURS[0]),
        ends_at=local_at(day, data.FOUNDING_HOURS[1]),
        venue=spec["venue"],
        address=spec["address"],
        capacity=spec["seats"],
    )
    occurrences.append(founding)
    seed_registrations(
        founding,
        data.FOUNDING_REGISTRATIONS,
        prefix="stift",
        municipalities=municipalities,
        now=now,
        other_organisations=True,
    )

    registrations = Registration.objects.filter(occurrence__in=occurrences).count()
    stdout.write(
        f"Demo events: {len(events)} events, {len(occurrences)} occurrences, "
        f"{registrations} registrations (the theme day in Herlev on "
        f"{timezone.localtime(occurrences[0].starts_at, COPENHAGEN):%d.%m.%Y})."
    )


def seed_organisations():
    for name, kind, code in data.ORGANISATIONS:
        municipality = Municipality.objects.filter(code=code).first() if code else None
        upsert(Organisation, {"name": name, "municipality": municipality}, kind=kind)
    names = {data.COK, data.KL, data.SKANDERBORG, data.HOLBAEK}
    names |= {name for name, _kind, _code in data.ORGANISATIONS}
    return {org.name: org for org in Organisation.objects.filter(name__in=names)}


def seed_event(spec, organisations, organiser):
    """The event, its organisers, hosts, speakers and managers."""
    event, _ = upsert(
        Event,
        {"slug": spec["slug"]},
        title=spec["title"],
        kind=spec["kind"],
        summary=spec["summary"],
        programme="\n".join(spec["programme"]),
        price=spec["price"],
        status=EventStatus.OFFENTLIGGJORT,
        network=Network.objects.filter(slug=spec.get("network", "")).first(),
    )
    event.organisers.set([organisations[name] for name in spec["organisers"]])
    event.hosts.set([organisations[name] for name in spec["hosts"]])
    cases = Case.objects.in_bulk({speaker[3] for speaker in spec["speakers"]}, field_name="slug")
    for order, (name, role, talk_title, case_slug) in enumerate(spec["speakers"]):
        upsert(
            Speaker,
            {"event": event, "name": name},
            role=role,
            talk_title=talk_title,
            case=cases.get(case_slug),
            order=order,
        )
    if organiser is not None:
        event.managers.add(organiser)
    return event


def seed_occurrence(event, *, city, starts_at, ends_at, capacity, **values):
    occurrence, _ = upsert(
        Occurrence,
        {"event": event, "city": city},
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        venue=values.get("venue", ""),
        address=values.get("address", ""),
        online_url=values.get("online_url", ""),
        registration_opens_at=None,
        registration_closes_at=values.get("registration_closes_at"),
        waitlist_enabled=values.get("waitlist_enabled", True),
        status=OccurrenceStatus.PLANNED,
    )
    return occurrence


def seed_registrations(occurrence, plan, *, prefix, municipalities, now, other_organisations=False):
    """Invented participants in the statuses of `plan` ([(status, count)]), in arrival
    order; only those whose email is not yet registered for the occurrence are added, in
    one bulk insert."""
    have = set(occurrence.registrations.values_list("email", flat=True))
    new = []
    number = 0
    for status, count in plan:
        for _ in range(count):
            number += 1
            name, email = data.participant(prefix, number)
            if email in have:
                continue
            municipality = municipalities[(number * 13) % len(municipalities)]
            organisation = municipality.name
            if other_organisations and number % 4 == 0:
                municipality = None
                organisation = data.OTHER_ORGANISATIONS[number % len(data.OTHER_ORGANISATIONS)]
            new.append(
                Registration(
                    occurrence=occurrence,
                    name=name,
                    email=email,
                    organisation=organisation,
                    municipality=municipality,
                    job_title=data.JOB_TITLES[number % len(data.JOB_TITLES)],
                    needs=data.NEEDS[number % len(data.NEEDS)] if number % 5 == 0 else "",
                    consent_at=now,
                    consent_version=CONSENT_VERSION,
                    status=status,
                    source="api" if number % 10 == 0 else "web",
                    cancelled_at=now if status == RegistrationStatus.CANCELLED else None,
                    checked_in_at=now if status == RegistrationStatus.ATTENDED else None,
                )
            )
    Registration.objects.bulk_create(new, batch_size=500)
    return len(new)
