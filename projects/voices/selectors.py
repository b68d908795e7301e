"""Reads of Borgernes Stemmer: what the pattern page, the API and the moderation queue show."""

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q

from samskabelse.models import Municipality

from ..models import AgeGroup, AreaPopulation, CitizenVoice, LocalArea, VoiceStatus, VoiceTheme


def approved_voices():
    return (
        CitizenVoice.objects.filter(status=VoiceStatus.APPROVED)
        .select_related("municipality")
        .prefetch_related("themes")
    )


def theme_counts():
    """Each theme with the number of approved voices behind it."""
    return VoiceTheme.objects.annotate(
        voice_count=Count("voices", filter=Q(voices__status=VoiceStatus.APPROVED))
    ).order_by("-voice_count", "name")


def pending_voices():
    """The moderation queue: voices awaiting a decision, oldest first."""
    return (
        CitizenVoice.objects.filter(status=VoiceStatus.PENDING)
        .select_related("municipality")
        .order_by("submitted_at", "pk")
    )


# --- Who has not spoken yet -----------------------------------------------------------------

# The two rules of the comparison, stated once; the page and the API print them from here.
THIN_SHARE = Fraction(1, 2)
"""A group or area is thin when its share of the voices is below half its share of the
population (exactly half is not thin); missing when it has inhabitants and no voice."""
SMALLEST_SHOWN_COUNT = 5
"""Counts from 1 to 4 are shown as "fewer than 5", with no share, so a voice cannot be
traced to the few people of a group. When that would hide a single count in a table (which
the total would give away), the next smallest count is hidden too; a total under 5 hides
every count. In one theme, a count is also hidden where it differs from the count of every
theme by 1 to 4, or where that count is hidden."""

MISSING = "missing"
THIN = "thin"


@dataclass(frozen=True)
class RepresentationRow:
    """One age group or local area: its voices against its inhabitants."""

    key: str
    label: str
    voices: int | None  # None when hidden (fewer than 5, or hidden with one that is)
    voice_share: Fraction | None
    inhabitants: int
    population_share: Fraction | None
    flag: str  # MISSING, THIN or ""

    @property
    def hidden(self):
        return self.voices is None

    @property
    def voice_percent(self):
        return None if self.voice_share is None else float(self.voice_share * 100)

    @property
    def population_percent(self):
        return None if self.population_share is None else float(self.population_share * 100)


@dataclass(frozen=True)
class RepresentationTable:
    """The rows of one dimension (age group or local area) and the voices that did not say."""

    rows: list
    not_told: int | None  # voices without this answer (hidden like any other count)

    @property
    def flagged(self):
        return [row for row in self.rows if row.flag]


@dataclass(frozen=True)
class Representation:
    municipality: object
    theme: object
    voices: int | None  # approved voices from the municipality (in the theme), None if < 5
    inhabitants: int
    age_groups: RepresentationTable
    local_areas: RepresentationTable

    @property
    def has_population(self):
        return self.inhabitants > 0


def municipalities_with_population():
    """The municipalities that have entered inhabitants for at least one local area."""
    return (
        Municipality.objects.filter(local_areas__populations__inhabitants__gt=0)
        .distinct()
        .order_by("name")
    )


def representation(viewer, *, municipality, theme=None):
    """Whose voices are missing: for each age group and each local area of `municipality`,
    its share of the approved voices (in `theme`, if given) against its share of the
    inhabitants, flagged by THIN_SHARE and with small counts hidden by SMALLEST_SHOWN_COUNT.

    Every viewer, staff included, sees the same: the approved voices the pattern page shows
    and small counts hidden (staff read single voices in the moderation queue, not here).
    Three queries, whatever the number of areas and voices.
    """
    del viewer  # the same for everyone, see above
    local_areas = {
        str(pk): name
        for pk, name in LocalArea.objects.filter(municipality=municipality)
        .order_by("name")
        .values_list("pk", "name")
    }
    inhabitants_by_age, inhabitants_by_area = Counter(), Counter()
    for area_pk, age_group, inhabitants in AreaPopulation.objects.filter(
        local_area__municipality=municipality
    ).values_list("local_area_id", "age_group", "inhabitants"):
        inhabitants_by_age[age_group] += inhabitants
        inhabitants_by_area[str(area_pk)] += inhabitants
    voices = CitizenVoice.objects.filter(status=VoiceStatus.APPROVED, municipality=municipality)
    in_theme = Count("pk") if theme is None else Count("pk", filter=Q(themes=theme), distinct=True)
    counts = voices.order_by().values_list("age_group", "local_area_id")
    by_age, by_area = _Counts(), _Counts()
    for age_group, area_pk, every, in_the_theme in counts.annotate(
        every=Count("pk", distinct=True), in_the_theme=in_theme
    ):
        area_key = "" if area_pk is None else str(area_pk)
        by_age.add(age_group, in_the_theme, every)
        by_area.add(area_key, in_the_theme, every)
    if theme is None:
        by_age.every = by_area.every = None
    total_voices = sum(by_age.voices.values())
    return Representation(
        municipality=municipality,
        theme=theme,
        voices=total_voices if _shown(total_voices) else None,
        inhabitants=sum(inhabitants_by_age.values()),
        age_groups=_table(dict(AgeGroup.choices), by_age, inhabitants_by_age),
        local_areas=_table(local_areas, by_area, inhabitants_by_area),
    )


class _Counts:
    """Voices per key (age group or local area): in the theme, and of every theme."""

    def __init__(self):
        self.voices, self.every = Counter(), Counter()

    def add(self, key, voices, every):
        self.voices[key] += voices
        self.every[key] += every


def _shown(count):
    return count == 0 or count >= SMALLEST_SHOWN_COUNT


def hidden_counts(counts, total, also=()):
    """The keys of `counts` ({key: count}, the cells of one table) whose count is not shown;
    `also`: keys hidden for another reason, when their count is not zero."""
    if not _shown(total):
        return {key for key, count in counts.items() if count}
    hidden = {key for key, count in counts.items() if not _shown(count) or (count and key in also)}
    if len(hidden) == 1:
        # One hidden count is the total minus the others: hide the next smallest as well.
        others = [(count, key) for key, count in counts.items() if count and key not in hidden]
        if others:
            hidden.add(min(others)[1])
    return hidden


def _cells(labels, counts):
    """{key: count} for each key of `labels`, and "" for the voices that did not tell."""
    cells = {key: counts.get(key, 0) for key in labels}
    return {**cells, "": sum(counts.values()) - sum(cells.values())}


def _table(labels, counts, inhabitants_by_key):
    """Rows in the order of `labels` ({key: label}); the voices without a key are not told."""
    cells = _cells(labels, counts.voices)
    total_voices = sum(cells.values())
    also_hidden = set()
    if counts.every is not None:
        # The same table for every theme is on the page: a count in the theme must not be
        # found by subtraction from it. Hide what is hidden there, and a small difference.
        every = _cells(labels, counts.every)
        also_hidden = hidden_counts(every, sum(every.values())) | {
            key for key in cells if not _shown(every[key] - cells[key])
        }
    hidden = hidden_counts(cells, total_voices, also=also_hidden)
    not_told = cells.pop("")
    told = total_voices - not_told
    total_inhabitants = sum(inhabitants_by_key.get(key, 0) for key in labels)
    rows = []
    for key, label in labels.items():
        voices = cells[key]
        inhabitants = inhabitants_by_key.get(key, 0)
        voice_share = Fraction(voices, told) if told else Fraction(0)
        population_share = Fraction(inhabitants, total_inhabitants) if total_inhabitants else None
        rows.append(
            RepresentationRow(
                key=key,
                label=str(label),
                voices=None if key in hidden else voices,
                voice_share=None if key in hidden else voice_share,
                inhabitants=inhabitants,
                population_share=population_share,
                flag=_flag(voices, voice_share, population_share),
            )
        )
    return RepresentationTable(rows=rows, not_told=None if "" in hidden else not_told)


def _flag(voices, voice_share, population_share):
    if not population_share:
        return ""  # nobody lives there (or nobody is entered): nobody is missing
    if voices == 0:
        return MISSING
    if voice_share < population_share * THIN_SHARE:
        return THIN
    return ""
