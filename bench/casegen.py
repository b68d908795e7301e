"""Realistic Danish case data in bulk, for benchmarks: 100,000 cases in about a minute.

Each case keeps to its own topic, as real cases do: a few subjects, one or two things it
works on, one or two places, and a handful of words from a long-tailed vocabulary of Danish
compounds (Zipf-distributed, so a few words are in many cases and most in few). A search
for one of `search_words()` then matches from a few dozen cases to a third of them, the
spread a real collection of cases has, instead of every word being in most cases.
"""

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
# Compounds of these make the long tail: "naboværksted", "ældrecafé", "skolehave" …
PREFIXES = [
    "borger", "nabo", "skole", "ældre", "forenings", "natur", "kultur", "sundheds", "bolig",
    "lokal", "ungdoms", "familie", "idræts", "mad", "have", "by", "lands", "kyst", "bibliotek",
    "senior",
]  # fmt: skip
SUFFIXES = [
    "café", "fællesskab", "netværk", "værksted", "hold", "klub", "projekt", "forløb", "dag",
    "møde", "råd", "vandring", "ordning", "tilbud", "hus", "park", "laug", "forum", "dialog",
    "samarbejde",
]  # fmt: skip
TAIL_WORDS_PER_CASE = 4

TRACKS = ["find_og_forstoer", "traeningsbane", "facilitering"]
AREAS = [
    "boern_og_unge", "aeldre", "sundhed", "social_og_omsorg", "arbejdsmarked",
    "teknik_og_miljoe", "kultur_og_fritid", "tvaergaaende",
]  # fmt: skip
STATUSES = ["ide", "i_gang", "afsluttet", "sat_paa_pause"]
VISIBILITIES = ["offentlig"] * 7 + ["intern"] * 2 + ["kladde"]
PARTNER_ROLES = ["frivillige", "forening", "virksomhed", "borgere", "uddannelse"]


def vocabulary(seed=2016):
    """The long tail, most frequent first (a fixed shuffle, so no prefix dominates)."""
    words = [prefix + suffix for prefix in PREFIXES for suffix in SUFFIXES]
    random.Random(seed).shuffle(words)
    return words


def search_words():
    """Words a visitor might search for: every word the generated texts are made of."""
    words = {word.lower() for word in vocabulary()}
    for phrase in SUBJECTS + OBJECTS + PLACES:
        words.update(part.lower() for part in phrase.split() if len(part) > 3)
    return sorted(words)


class Topic:
    """What one case is about: the words all its sentences draw from."""

    def __init__(self, rng, tail, weights):
        self.rng = rng
        self.subjects = rng.sample(SUBJECTS, 2)
        self.objects = rng.sample(OBJECTS, rng.choice([1, 2]))
        self.places = rng.sample(PLACES, rng.choice([1, 2]))
        self.tail = rng.choices(tail, weights=weights, k=TAIL_WORDS_PER_CASE)

    def sentence(self):
        rng = self.rng
        subject, place = rng.choice(self.subjects), rng.choice(self.places)
        text = f"{subject} i {place} {rng.choice(VERBS)} {rng.choice(self.objects)}"
        if rng.random() < 0.5:
            text += f" med {rng.choice(self.tail)}"
        return text + "."


def case_fields(n, rng, municipality_ids, tail, weights):
    """Keyword arguments for Case(...) number n."""
    start = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 3000))
    topic = Topic(rng, tail, weights)
    title = f"{topic.objects[0].capitalize()} i {topic.places[0]}"
    return {
        "title": title[:200],
        "slug": f"bench-{n}",
        "summary": " ".join(topic.sentence() for _ in range(2)),
        "story": " ".join(topic.sentence() for _ in range(8)),
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
        "recipe_problem": topic.sentence(),
        "recipe_helpers": topic.sentence(),
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
    tail = vocabulary()
    weights = [1 / rank for rank in range(1, len(tail) + 1)]
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
                [
                    Case(**case_fields(offset + i, rng, municipality_ids, tail, weights))
                    for i in range(size)
                ]
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
