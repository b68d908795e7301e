"""Realistic Danish case data in bulk, for benchmarks: 100,000 cases in about a minute."""

import random
from datetime import date, timedelta

SUBJECTS = [
    "Frivillige", "Borgerne", "Foreningerne", "Forældrene", "De ældre", "Eleverne",
    "Naboerne", "Lokalrådet", "Idrætsklubben", "Virksomhederne", "Personalet", "Pårørende",
]  # fmt: skip
VERBS = [
    "skaber sammen med kommunen", "driver", "udvikler", "afprøver", "planlægger",
    "holder liv i", "samler kræfter om", "finder nye veje til", "tager ansvar for",
]  # fmt: skip
OBJECTS = [
    "en fælles have ved plejecentret", "aftenaktiviteter for beboerne", "en lektiecafé",
    "trygge skoleveje", "et mødested i landsbyen", "motion for ældre", "en madklub",
    "vedligehold af grønne områder", "nye fællesskaber for unge", "besøgsvenner",
    "en legeplads i byparken", "sommerfest i området", "cykeltræning for nydanskere",
]  # fmt: skip
PLACES = [
    "Horbelev", "Nordbyen", "Sundby", "Nykøbing", "Stubbekøbing", "Sakskøbing", "Væggerløse",
    "Idestrup", "Eskilstrup", "Nørre Alslev", "Gedser", "Marielyst", "Toreby", "Guldborg",
]  # fmt: skip
UNITS = [
    "Park og Vej", "Bakkehuset Plejecenter", "Nordbyskolen", "Sundskolen", "Æblehuset",
    "Sundhedscentret", "Biblioteket", "Jobcentret", "Dagtilbud Nord", "Kulturhuset",
]  # fmt: skip
LEARNINGS = [
    "Det virker, når vi spørger, før vi planlægger.",
    "Borgerne tog over, da vi trådte et skridt tilbage.",
    "Små forsøg gav mod på større forandringer.",
    "Tværfagligt samarbejde kræver en fælles retning.",
    "Frivillige bliver, når de får ansvar og anerkendelse.",
]
JOURNAL = [
    "Møde med de frivillige om næste skridt.",
    "Workshop med borgerne i forsamlingshuset.",
    "Observation: flere beboere deltog end ventet.",
    "Beslutning: vi fortsætter forsøget i 100 dage mere.",
    "Læring: invitationen skal komme fra borgerne selv.",
]
TRACKS = ["find_og_forstoer", "traeningsbane", "facilitering"]
AREAS = [
    "boern_og_unge", "aeldre", "sundhed", "social_og_omsorg", "arbejdsmarked",
    "teknik_og_miljoe", "kultur_og_fritid", "tvaergaaende",
]  # fmt: skip
STATUSES = ["ide", "i_gang", "afsluttet", "sat_paa_pause"]
VISIBILITIES = ["offentlig"] * 7 + ["intern"] * 2 + ["kladde"]
PARTNER_ROLES = ["frivillige", "forening", "virksomhed", "borgere", "uddannelse"]


def sentence(rng):
    return (
        f"{rng.choice(SUBJECTS)} i {rng.choice(PLACES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
    )


def case_fields(n, rng, municipality_ids):
    """Keyword arguments for Case(...) number n."""
    start = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 3000))
    title = f"{rng.choice(OBJECTS).capitalize()} i {rng.choice(PLACES)}"
    return {
        "title": title[:200],
        "slug": f"bench-{n}",
        "summary": " ".join(sentence(rng) for _ in range(2)),
        "story": " ".join(sentence(rng) for _ in range(8)),
        "municipality_id": rng.choice(municipality_ids),
        "unit": rng.choice(UNITS),
        "welfare_area": rng.choice(AREAS),
        "track": rng.choice(TRACKS),
        "status": rng.choice(STATUSES),
        "visibility": rng.choice(VISIBILITIES),
        "start_date": start,
        "end_date": start + timedelta(days=100),
        "outside_in": rng.random() < 0.7,
        "mobilisation": rng.random() < 0.6,
        "innovation": rng.random() < 0.5,
        "cross_disciplinary": rng.random() < 0.5,
        "step": rng.randint(1, 5),
        "recipe_problem": sentence(rng),
        "recipe_helpers": sentence(rng),
        "learnings": rng.choice(LEARNINGS),
    }


def fill(count, *, seed=2016, batch=5000, progress=print):
    """Bulk-insert `count` cases with two partners and three journal entries each."""
    from django.db import transaction

    from projects.caching import bump_cases_version
    from projects.models import Case, CasePartner, JournalEntry
    from projects.services import refresh_search_vectors
    from samskabelse.models import Municipality, Organisation

    rng = random.Random(seed)
    municipality_ids = list(Municipality.objects.values_list("pk", flat=True))
    organisations = [
        Organisation.objects.get_or_create(
            name=f"Bench-forening {i}", municipality=None, defaults={"kind": "forening"}
        )[0]
        for i in range(200)
    ]
    start = Case.objects.filter(slug__startswith="bench-").count()
    for offset in range(start, count, batch):
        size = min(batch, count - offset)
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                [Case(**case_fields(offset + i, rng, municipality_ids)) for i in range(size)]
            )
            partners = []
            for case in cases:
                for organisation in rng.sample(organisations, 2):
                    partners.append(
                        CasePartner(
                            case=case, organisation=organisation, role=rng.choice(PARTNER_ROLES)
                        )
                    )
            CasePartner.objects.bulk_create(partners)
            JournalEntry.objects.bulk_create(
                JournalEntry(
                    case=case,
                    date=case.start_date + timedelta(days=7 * k),
                    kind=rng.choice(["moede", "workshop", "observation", "beslutning", "laering"]),
                    text=rng.choice(JOURNAL),
                )
                for case in cases
                for k in range(3)
            )
            refresh_search_vectors(Case.objects.filter(pk__in=[case.pk for case in cases]))
        progress(f"  {offset + size:>7,} cases")
    bump_cases_version()  # bulk inserts send no signals
