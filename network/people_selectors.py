"""Find a colleague: the reads behind the people search, the person page and the people API.
Removed (anonymised) people are never found here, and a person's cases and networks are
only those the viewer may see."""

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Replace
from django.db.models.lookups import IContains

from projects.selectors import cases_visible_to
from samskabelse.models import Municipality, Organisation

from .models import LocalArea, Network, Person, Tag
from .selectors import is_staff, networks_visible_to

# A search is bounded work: at most this many words, each at most this long. The page uses
# the first words and says so; the API refuses more with a 400 (filters.PersonFilter).
MAX_SEARCH_WORDS = 8
MAX_WORD_LENGTH = 50


def shows_contact_details(user):
    """Email and phone are for logged-in staff only."""
    return is_staff(user)


def search_words(q):
    """(words, dropped): the words of `q` a search uses, each cut to MAX_WORD_LENGTH, and
    how many words past MAX_SEARCH_WORDS it leaves out."""
    words = [word[:MAX_WORD_LENGTH] for word in (q or "").split()]
    return words[:MAX_SEARCH_WORDS], max(0, len(words) - MAX_SEARCH_WORDS)


# Danish inflection endings, longest first: the first step of the Snowball Danish stemmer,
# the one PostgreSQL's `danish` configuration applies ("playmakere" → "playmak").
DANISH_ENDINGS = sorted(
    [
        "hed", "ethed", "ered", "e", "erede", "ende", "erende", "ene", "erne", "ere", "en",
        "heden", "eren", "er", "heder", "erer", "heds", "es", "endes", "erendes", "enes",
        "ernes", "eres", "ens", "hedens", "erens", "ers", "ets", "erets", "et", "eret",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
DANISH_VOWELS = set("aeiouyæøå")
VALID_S_ENDING = set("abcdfghjklmnoprtvyzå")


def _r1_start(word):
    """Where the Snowball R1 region begins: after the first consonant that follows a
    vowel, but never before the fourth letter."""
    for index in range(1, len(word)):
        if word[index] not in DANISH_VOWELS and word[index - 1] in DANISH_VOWELS:
            return max(index + 1, 3)
    return len(word)


def danish_stem(word):
    """The word without its Danish inflection ending ("fællesskaberne" → "fællesskab",
    "frivillighedskonsulenter" → "frivillighedskonsulent"), so a search matches the
    singular, the plural and the definite forms alike; the whole word when no ending lies
    in its R1 region."""
    lowered = word.lower()
    r1 = _r1_start(lowered)
    for ending in DANISH_ENDINGS:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= r1:
            return word[: len(word) - len(ending)]
    if lowered.endswith("s") and len(lowered) - 1 >= r1 and lowered[-2:-1] in VALID_S_ENDING:
        return word[:-1]
    return word


def _without_hyphens(expression):
    return Replace(expression, Value("-"), Value(""))


def _contains(field, word, *, word_forms=False):
    """`word` somewhere in `field`, ignoring case and hyphens: "fællesskaber" finds
    "Fælles-skaber". With `word_forms`, its Danish stem does ("playmakere" finds
    "Playmaker"); names are matched as written, so "Karen" does not find "Karsten"."""
    word = word.replace("-", "")
    return Q(IContains(_without_hyphens(F(field)), danish_stem(word) if word_forms else word))


def _case_title_matches(word):
    """A word of a case's title: a substring everywhere, and on PostgreSQL also a Danish
    word form ("frivillige" finds "Frivillig"), read from the title part (weight A) of the
    case's maintained search document."""
    condition = _contains("title", word, word_forms=True)
    if connection.vendor == "postgresql":
        title_document = Func(
            F("search_vector"), Value("{a}"), function="ts_filter", output_field=SearchVectorField()
        )
        condition |= Q(SearchVectorExact(title_document, SearchQuery(word, config="danish")))
    return condition


def _matches_word(word, visible_cases):
    """One word in a name, job title, municipality, organisation, local area, role or
    expertise, a visible case's title, or the name the person spoke under at a published
    theme day. Job titles, organisations, roles, expertise and case titles match Danish word
    forms ("frivillighedskonsulenter", "fællesskaberne"); names and places as written.
    Relations are tested with EXISTS, so no word multiplies the rows."""
    speakers = Person.talks.field.model.objects  # events.Speaker, without importing it
    return (
        _contains("name", word)
        | _contains("title", word, word_forms=True)
        | Q(
            Exists(
                Municipality.objects.filter(_contains("name", word), pk=OuterRef("municipality"))
            )
        )
        | Q(
            Exists(
                Organisation.objects.filter(
                    _contains("name", word, word_forms=True), pk=OuterRef("organisation")
                )
            )
        )
        | Q(Exists(LocalArea.objects.filter(_contains("name", word), contacts=OuterRef("pk"))))
        | Q(
            Exists(
                Tag.objects.filter(_contains("name", word, word_forms=True), person=OuterRef("pk"))
            )
        )
        | Q(Exists(visible_cases.filter(_case_title_matches(word), people=OuterRef("pk"))))
        | Q(
            Exists(
                speakers.filter(
                    _contains("name", word),
                    person=OuterRef("pk"),
                    event__status="offentliggjort",
                )
            )
        )
    )


def _has_tag(kind, slug):
    return Exists(Person.tags.through.objects.filter(
        person=OuterRef("pk"), tag__kind=kind, tag__slug=slug
    ))  # fmt: skip


def find_people(*, user, q="", role=None, expertise=None, municipality=None, region=None,
                case=None):  # fmt: skip
    """People matching every word of `q` (see _matches_word; only its first
    MAX_SEARCH_WORDS words count) and every filter given. Case titles are searched only
    among the cases `user` may see, so a draft's title finds no one for a visitor.
    `role` and `expertise` are tag slugs, `municipality` a Municipality, `region` a region
    code, `case` a Case the viewer may see. One query for the list whatever `q` holds,
    plus a fixed number for the prefetches."""
    visible_cases = cases_visible_to(user).select_related(None)
    words, _dropped = search_words(q)
    people = Person.objects.filter(anonymised_at__isnull=True)
    for word in words:
        people = people.filter(_matches_word(word, visible_cases))
    if role:
        people = people.filter(_has_tag(Tag.Kind.ROLE, role))
    if expertise:
        people = people.filter(_has_tag(Tag.Kind.EXPERTISE, expertise))
    if municipality:
        people = people.filter(municipality=municipality)
    if region:
        people = people.filter(municipality__region=region)
    if case:
        # The form offers only cases the viewer may see; check again for other callers.
        people = people.filter(Exists(visible_cases.filter(pk=case.pk, people=OuterRef("pk"))))
    return (
        people.select_related("organisation", "municipality")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("kind", "name")),
            "local_areas",
        )
        .order_by("name", "pk")
    )


def tags_of_kind(kind):
    return Tag.objects.filter(kind=kind).order_by("name")


def person_for_page(*, user, slug):
    """One person with what their page shows to `user`, or Person.DoesNotExist: their
    roles and expertise, local areas, the cases `user` may see, and the networks `user`
    may see that they are a member of or coordinate (as `network_list`)."""
    visible_networks = networks_visible_to(user)
    person = (
        Person.objects.filter(anonymised_at__isnull=True, slug=slug)
        .select_related("organisation", "municipality", "user")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("kind", "name")),
            Prefetch(
                "local_areas",
                queryset=LocalArea.objects.select_related("municipality").order_by("name"),
            ),
            Prefetch("cases", queryset=cases_visible_to(user).order_by("title")),
        )
        .get()
    )
    member_of = Q(memberships__person=person)
    if person.user_id:
        member_of |= Q(coordinators=person.user_id)
    person.network_list = list(
        visible_networks.filter(pk__in=Network.objects.filter(member_of).values("pk"))
        .annotate(
            is_coordinator=Exists(
                Network.coordinators.through.objects.filter(
                    network=OuterRef("pk"), user_id=person.user_id
                )
            )
        )
        .order_by("name")
    )
    person.talk_list = talks_of(person)
    return person


def talks_of(person):
    """The person's talks at published theme days. The network app does not import events:
    the talks are read through the reverse relation the events app's Speaker defines."""
    return list(
        person.talks.filter(event__status="offentliggjort")
        .select_related("event")
        .order_by("event__title")
    )
