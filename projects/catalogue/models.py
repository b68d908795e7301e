"""The catalogue (medborgerskabskatalog): chosen cases in order, and the PDFs built of it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.models import Case
from samskabelse.models import Municipality


class Catalogue(models.Model):
    """Medborgerskabskatalog: cases a consultant picked, in the order they chose, with a
    title and an introduction for the cover."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="catalogues",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), max_length=4000, blank=True)
    is_public = models.BooleanField(
        _("shared publicly"),
        default=False,
        help_text=_("Anyone with the link can read it. Only a catalogue of public cases."),
    )
    cases = models.ManyToManyField(
        Case, through="CatalogueEntry", verbose_name=_("cases"), related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:catalogue:detail", args=[self.pk])


class CatalogueEntry(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE)
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "case"], name="catalogue_case_once")
        ]

    def __str__(self):
        return f"{self.position}. {self.case_id}"


class PdfStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be built")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class CataloguePdf(models.Model):
    """One built (or building) PDF of a catalogue. `key` says what it was built from: the
    catalogue's last change, which of its cases the reader may see and when each last
    changed, and the version of the shared tables the spreads show (services.pdf_key);
    while the key matches, the stored file is served again."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="pdfs")
    key = models.CharField(max_length=64)
    case_ids = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=PdfStatus.choices, default=PdfStatus.QUEUED)
    cases_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="catalogues/", max_length=200, blank=True)
    pages = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue PDF")
        verbose_name_plural = _("catalogue PDFs")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "key"], name="catalogue_pdf_key_once")
        ]

    def __str__(self):
        return f"{self.catalogue_id} {self.key[:8]} {self.status}"

    @property
    def total(self):
        return len(self.case_ids)

    @property
    def percent(self):
        """Cases laid out so far, in per cent; the last few per cent are the cover and the
        writing of the file."""
        if self.status == PdfStatus.READY:
            return 100
        return int(95 * self.cases_done / self.total) if self.total else 0
