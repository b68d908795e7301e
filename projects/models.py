"""Co-creation cases and what hangs on them (DESIGN.md, projects)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality, Organisation


class Track(models.TextChoices):
    FIND_OG_FORSTOER = "find_og_forstoer", _("Find og forstør")
    TRAENINGSBANE = "traeningsbane", _("Træningsbane")
    FACILITERING = "facilitering", _("Facilitering")


class WelfareArea(models.TextChoices):
    BOERN_OG_UNGE = "boern_og_unge", _("Children and young people")
    AELDRE = "aeldre", _("Older people")
    SUNDHED = "sundhed", _("Health")
    SOCIAL_OG_OMSORG = "social_og_omsorg", _("Social care")
    ARBEJDSMARKED = "arbejdsmarked", _("Employment")
    TEKNIK_OG_MILJOE = "teknik_og_miljoe", _("Technical services and environment")
    KULTUR_OG_FRITID = "kultur_og_fritid", _("Culture and leisure")
    TVAERGAAENDE = "tvaergaaende", _("Cross-cutting")


class CaseStatus(models.TextChoices):
    IDE = "ide", _("Idea")
    I_GANG = "i_gang", _("In progress")
    AFSLUTTET = "afsluttet", _("Completed")
    SAT_PAA_PAUSE = "sat_paa_pause", _("Paused")


class Visibility(models.TextChoices):
    KLADDE = "kladde", _("Draft (own municipality only)")
    INTERN = "intern", _("Internal (all staff)")
    OFFENTLIG = "offentlig", _("Public")


class Step(models.IntegerChoices):
    """Samskabelsestrappen: the five steps of co-creation."""

    OWN_WELFARE = 1, _("Co-production of one's own welfare")
    VOLUNTEERS = 2, _("Volunteers producing welfare for others")
    COMMUNITIES_OF_PRACTICE = 3, _("Cross-cutting communities of practice involving users")
    AFFECTED_PARTIES = 4, _("Involving affected parties in complex problems")
    EVERYONE_INITIATES = 5, _("Everyone can initiate")


class PartnerRole(models.TextChoices):
    FRIVILLIGE = "frivillige", _("Volunteers")
    FORENING = "forening", _("Association")
    VIRKSOMHED = "virksomhed", _("Business")
    BORGERE = "borgere", _("Citizens")
    UDDANNELSE = "uddannelse", _("Education")
    ANDEN_OFFENTLIG = "anden_offentlig", _("Other public body")


class JournalKind(models.TextChoices):
    MOEDE = "moede", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")
    OBSERVATION = "observation", _("Observation")
    BESLUTNING = "beslutning", _("Decision")
    LAERING = "laering", _("Learning")


class Principle(models.Model):
    """A principle a case follows: Resonans' six principles, Frivilligrådet's six
    characteristics of co-creation."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    source = models.CharField(_("source"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["source", "name"]

    def __str__(self):
        return self.name


class Grip(models.Model):
    """Hverdagsgreb: an everyday grip in the toolbox (værktøjskasse)."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"))
    good_questions = models.TextField(_("good questions"), blank=True, help_text=_("One per line."))
    dos = models.TextField(_("do's"), blank=True, help_text=_("One per line."))
    donts = models.TextField(_("don'ts"), blank=True, help_text=_("One per line."))

    class Meta:
        verbose_name = _("everyday grip")
        verbose_name_plural = _("everyday grips")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:grip", args=[self.slug])


# The filters of the public case list with an index of their own (Case.Meta.indexes).
PUBLIC_FILTERS = ("municipality", "track", "status", "welfare_area")


class Case(models.Model):
    """Samskabelsescase: one co-creation case, told as a story and assessed with the
    frameworks the municipalities use."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    story = models.TextField(_("story"), blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="cases"
    )
    unit = models.CharField(
        _("unit"), max_length=160, blank=True, help_text=_("E.g. Park og Vej, a care home.")
    )
    welfare_area = models.CharField(_("welfare area"), max_length=30, choices=WelfareArea.choices)
    track = models.CharField(_("track"), max_length=30, choices=Track.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.IDE
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.KLADDE
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible consultants"),
        related_name="cases",
        blank=True,
    )
    partners = models.ManyToManyField(
        Organisation, through="CasePartner", verbose_name=_("partners"), blank=True
    )

    # The four criteria for calling something samskabelse.
    outside_in = models.BooleanField(_("outside-in perspective"), default=False)
    mobilisation = models.BooleanField(_("mobilisation leadership"), default=False)
    innovation = models.BooleanField(_("innovation and new solutions"), default=False)
    cross_disciplinary = models.BooleanField(_("cross-disciplinary coordination"), default=False)
    # The three red flags of what is not samskabelse.
    flag_finished_solution = models.BooleanField(
        _("near-finished solution sent to hearing"), default=False
    )
    flag_preprogrammed = models.BooleanField(_("pre-programmed citizen involvement"), default=False)
    flag_cost_cutting = models.BooleanField(
        _("tasks moved to private actors to save money"), default=False
    )

    step = models.PositiveSmallIntegerField(
        _("step on samskabelsestrappen"), choices=Step.choices, null=True, blank=True
    )
    principles = models.ManyToManyField(
        Principle, verbose_name=_("principles"), related_name="cases", blank=True
    )
    grips = models.ManyToManyField(
        Grip, verbose_name=_("everyday grips"), related_name="cases", blank=True
    )

    # Opskriften: the recipe's four answers.
    recipe_problem = models.TextField(_("the problem"), blank=True)
    recipe_helpers = models.TextField(_("who can help"), blank=True)
    recipe_motivation = models.TextField(_("how to motivate them"), blank=True)
    recipe_arena = models.TextField(_("the arena"), blank=True)

    outcomes = models.TextField(_("outcomes"), blank=True)
    learnings = models.TextField(_("learnings"), blank=True)
    spread_from = models.ForeignKey(
        "self",
        verbose_name=_("spread from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spread_to",
    )

    # Danish full-text document, refreshed on every save (signals.py) on PostgreSQL
    # (GIN-indexed there); unused on SQLite, where search falls back to icontains.
    search_vector = SearchVectorField(null=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # The id breaks ties, so pages never repeat or skip a case changed in the same instant.
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["visibility", "municipality"]),
            models.Index(fields=["track", "welfare_area"]),
            # The public list, newest first: the page's ids come from the index alone, so a
            # deep page walks index entries, not rows; the filters' columns ride along, so
            # a filtered page and the count of any filter combination read no rows either.
            models.Index(
                fields=["-updated_at", "-id"],
                include=["municipality", "track", "status", "welfare_area"],
                condition=models.Q(visibility="offentlig"),
                name="case_public_recent",
            ),
            # The same per filter, led by its column: a filter combination counts and
            # pages through the entries of its most selective filter only (a kommune's few
            # hundred cases, not the 70,000 public ones), still from the index alone.
            *(
                models.Index(
                    fields=[field, "-updated_at", "-id"],
                    include=[other for other in PUBLIC_FILTERS if other != field],
                    condition=models.Q(visibility="offentlig"),
                    name=f"case_public_by_{field}",
                )
                for field in PUBLIC_FILTERS
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="case_ends_after_it_starts",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:case", args=[self.slug])


class CaseSlugRedirect(models.Model):
    """An address a case had before: it answers with a permanent redirect to the case."""

    old_slug = models.SlugField(_("old slug"), max_length=220, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="slug_redirects")

    class Meta:
        verbose_name = _("old case address")
        verbose_name_plural = _("old case addresses")

    def __str__(self):
        return f"{self.old_slug} → {self.case.slug}"


class CasePartner(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_partners")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=30, choices=PartnerRole.choices)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="unique_case_partner")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class JournalEntry(models.Model):
    """What logging a case means day to day: a dated note of a meeting, a decision …"""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=JournalKind.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="journal_entries",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-date", "-created_at"]

    def __str__(self):
        return f"{self.case}: {self.get_kind_display()} {self.date}"


class Quote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("quote"))
    speaker_role = models.CharField(
        _("speaker's role"), max_length=160, help_text=_("E.g. chair, football club.")
    )
    speaker_name = models.CharField(_("speaker's name"), max_length=160, blank=True)
    name_consent_at = models.DateTimeField(
        _("consent to show the name"),
        null=True,
        blank=True,
        help_text=_("When the speaker agreed that their name is shown."),
    )

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["pk"]

    def __str__(self):
        return self.text[:60]

    @property
    def public_name(self):
        """The name only with recorded consent."""
        return self.speaker_name if self.name_consent_at else ""


class Photo(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("image"), upload_to="cases/%Y/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt_text = models.CharField(_("alt text"), max_length=300)
    people_consent_at = models.DateTimeField(_("consent from people shown"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self):
        return self.alt_text


class Attachment(models.Model):
    """A file (PDF, DOCX, XLSX, ODT) attached to a case or to one of its journal notes,
    downloadable only by those who may see the case (projects/media.py)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    journal_entry = models.ForeignKey(
        JournalEntry,
        verbose_name=_("journal entry"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="attachments/%Y/", max_length=200)
    title = models.CharField(_("title"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class CaseRevision(models.Model):
    """Who changed what and when: the case page's history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="revisions")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_fields = models.JSONField(_("changed fields"), default=list)

    class Meta:
        verbose_name = _("case revision")
        verbose_name_plural = _("case revisions")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.case} {self.changed_at:%Y-%m-%d %H:%M}"


class VoiceTheme(models.Model):
    """A theme staff tag citizen voices with, e.g. aktivt medborgerskab."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class VoiceStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AgeGroup(models.TextChoices):
    """Aldersgruppe: the bands a citizen may give with a voice and a municipality enters its
    inhabitants in, so the two can be compared."""

    UNDER_18 = "under-18", _("Under 18")
    FROM_18_TO_29 = "18-29", _("18–29 years")
    FROM_30_TO_49 = "30-49", _("30–49 years")
    FROM_50_TO_66 = "50-66", _("50–66 years")
    FROM_67 = "67+", _("67 or older")


class LocalArea(models.Model):
    """Lokalområde: a part of a municipality (a town, a village, a district) that citizens
    choose with their voice instead of an address."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE,
        related_name="local_areas",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("local area")
        verbose_name_plural = _("local areas")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                "municipality",
                Lower("name"),
                name="local_area_name_unique_in_municipality",
                violation_error_message=_(
                    "The municipality already has a local area with that name."
                ),
            )
        ]

    def __str__(self):
        return self.name


class AreaPopulation(models.Model):
    """Indbyggere: how many inhabitants of one age group live in a local area."""

    local_area = models.ForeignKey(
        LocalArea, verbose_name=_("local area"), on_delete=models.CASCADE,
        related_name="populations",
    )  # fmt: skip
    age_group = models.CharField(_("age group"), max_length=20, choices=AgeGroup.choices)
    inhabitants = models.PositiveIntegerField(_("inhabitants"))

    class Meta:
        verbose_name = _("inhabitants in an age group")
        verbose_name_plural = _("inhabitants per age group")
        ordering = ["local_area", "age_group"]
        constraints = [
            models.UniqueConstraint(
                "local_area",
                "age_group",
                name="area_population_one_row_per_age_group",
                violation_error_message=_("Each age group is entered once per local area."),
            )
        ]

    def __str__(self):
        return f"{self.local_area}: {self.get_age_group_display()}"


class CitizenVoice(models.Model):
    """Borgernes Stemmer: what matters for the good life in a citizen's area.

    Age group and local area are optional and never shown per voice: they are asked only to
    see whose voices are missing (voices/selectors.py compares them with the population).
    """

    text = models.TextField(_("what matters to you"), max_length=2000)
    role = models.CharField(_("role"), max_length=120, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=20, choices=AgeGroup.choices, blank=True
    )
    # Free text from before local areas existed; the form no longer asks for it.
    area = models.CharField(_("area as written"), max_length=120, blank=True)
    local_area = models.ForeignKey(
        LocalArea, verbose_name=_("local area"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="voices",
    )  # fmt: skip
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="voices",
    )  # fmt: skip
    consent_at = models.DateTimeField(_("consent given"))
    consent_version = models.CharField(_("consent text version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=VoiceStatus.choices, default=VoiceStatus.PENDING
    )
    themes = models.ManyToManyField(
        VoiceTheme, verbose_name=_("themes"), related_name="voices", blank=True
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen voice")
        verbose_name_plural = _("citizen voices")
        ordering = ["-submitted_at"]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        if (
            self.local_area_id
            and self.municipality_id
            and self.local_area.municipality_id != self.municipality_id
        ):
            raise ValidationError(
                {"local_area": _("That local area is not in the municipality you chose.")}
            )
