"""Demo data for projects: Guldborgsund's "100 dages samskabelse" and cases from five other
municipalities (the data is in demo_data.py). Idempotent: rows are found by their natural
keys and saved only when something differs, so running it again changes nothing.

Uses the models directly: the services enforce the permissions of the person at the
keyboard, and a seed has no such person. samskabelse/demo.py runs first and creates the
demo consultants and the organisations it knows of."""

from samskabelse.models import Municipality, Organisation, User

from . import demo_data as data
from .models import (
    AgeGroup,
    AreaPopulation,
    Case,
    CasePartner,
    CaseRevision,
    CitizenVoice,
    Grip,
    JournalEntry,
    LocalArea,
    Principle,
    Quote,
    VoiceStatus,
    VoiceTheme,
)
from .services import refresh_search_vectors

CRITERIA_AND_FLAGS = [
    "outside_in",
    "mobilisation",
    "innovation",
    "cross_disciplinary",
    "flag_finished_solution",
    "flag_preprogrammed",
    "flag_cost_cutting",
]
CASE_TEXT_FIELDS = [
    "title",
    "summary",
    "story",
    "unit",
    "welfare_area",
    "track",
    "status",
    "visibility",
    "start_date",
    "end_date",
    "step",
    "recipe_problem",
    "recipe_helpers",
    "recipe_motivation",
    "recipe_arena",
    "outcomes",
    "learnings",
]


def upsert(model, lookup, **values):
    """get_or_create by `lookup`, then save only the fields that differ (so a second run
    leaves updated_at and every other column alone). Returns (object, created)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
    return obj, created


def lines(items):
    return "\n".join(items)


def seed(stdout):
    municipalities = {
        m.code: m
        for m in Municipality.objects.filter(code__in={case["municipality"] for case in data.CASES})
    }
    users = {u.email: u for u in User.objects.filter(email__in=data.CONSULTANTS.values())}
    consultant_of = {code: users.get(email) for code, email in data.CONSULTANTS.items()}
    org_municipalities = Municipality.objects.in_bulk(
        {code for _, _, code in data.ORGANISATIONS if code}, field_name="code"
    )

    principles = {}
    for slug, name, source, description in data.PRINCIPLES:
        principles[slug], _ = upsert(
            Principle, {"slug": slug}, name=name, source=source, description=description
        )

    organisations = {}
    for name, kind, code in data.ORGANISATIONS:
        organisations[name], _ = upsert(
            Organisation, {"name": name, "municipality": org_municipalities.get(code)}, kind=kind
        )

    grips = {}
    for grip in data.GRIPS:
        grips[grip["slug"]], _ = upsert(
            Grip,
            {"slug": grip["slug"]},
            title=grip["title"],
            description=grip["description"],
            good_questions=lines(grip["good_questions"]),
            dos=lines(grip["dos"]),
            donts=lines(grip["donts"]),
        )

    cases = {}
    for spec in data.CASES:
        cases[spec["slug"]] = seed_case(
            spec,
            municipality=municipalities[spec["municipality"]],
            consultant=consultant_of.get(spec["municipality"]),
            principles=principles,
            grips=grips,
            organisations=organisations,
        )
    # A second pass, so a case may spread from one listed after it.
    for spec in data.CASES:
        source = cases.get(spec.get("spread_from"))
        upsert(Case, {"pk": cases[spec["slug"]].pk}, spread_from=source)

    themes = {}
    for slug, name, description in data.VOICE_THEMES:
        themes[slug], _ = upsert(VoiceTheme, {"slug": slug}, name=name, description=description)

    voice_municipality = Municipality.objects.get(code=data.VOICE_MUNICIPALITY)
    for name, inhabitants in data.LOCAL_AREAS:
        local_area, _ = upsert(LocalArea, {"municipality": voice_municipality, "name": name})
        for age_group, count in zip(AgeGroup.values, inhabitants, strict=True):
            upsert(
                AreaPopulation,
                {"local_area": local_area, "age_group": age_group},
                inhabitants=count,
            )
    moderator = consultant_of.get(data.VOICE_MUNICIPALITY)
    for voice in data.VOICES:
        citizen_voice, _ = upsert(
            CitizenVoice,
            {"text": voice["text"], "municipality": voice_municipality},
            role=voice["role"],
            age_group=voice["age_group"],
            area=data.VOICE_AREA,
            consent_at=data.VOICE_CONSENT_AT,
            consent_version=data.VOICE_CONSENT_VERSION,
            status=VoiceStatus.APPROVED,
            moderated_by=moderator,
            moderated_at=data.VOICE_MODERATED_AT,
        )
        citizen_voice.themes.set([themes[slug] for slug in voice["themes"]])

    refresh_search_vectors(Case.objects.all())
    stdout.write(
        f"Demo cases: {len(cases)} cases in {len(municipalities)} municipalities, "
        f"{len(grips)} hverdagsgreb, {len(principles)} principles, "
        f"{len(data.VOICES)} citizen voices in {len(themes)} themes."
    )


def seed_case(spec, *, municipality, consultant, principles, grips, organisations):
    """One case with its partners, journal and quotes."""
    values = {name: spec[name] for name in CASE_TEXT_FIELDS}
    values.update({flag: flag in spec["criteria"] + spec["flags"] for flag in CRITERIA_AND_FLAGS})
    case, created = upsert(
        Case,
        {"slug": spec["slug"]},
        municipality=municipality,
        created_by=consultant,
        updated_by=consultant,
        **values,
    )
    if created:
        CaseRevision.objects.create(case=case, changed_by=consultant, changed_fields=["created"])
    case.consultants.set([consultant] if consultant else [])
    case.principles.set([principles[slug] for slug in spec["principles"]])
    case.grips.set([grips[slug] for slug in spec["grips"]])
    for name, role in spec["partners"]:
        upsert(CasePartner, {"case": case, "organisation": organisations[name]}, role=role)
    for day, kind, text in spec["journal"]:
        upsert(
            JournalEntry, {"case": case, "date": day, "kind": kind}, text=text, author=consultant
        )
    for text, role, name in spec["quotes"]:
        upsert(
            Quote,
            {"case": case, "text": text},
            speaker_role=role,
            speaker_name=name,
            # Only people the published report names are named, with that as consent.
            name_consent_at=data.NAMED_IN_REPORT_AT if name else None,
        )
    return case
