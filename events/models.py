"""Theme days, their occurrences, registrations and the newsletter (DESIGN.md, events)."""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Network, Person
from projects.models import Case
from samskabelse.models import Municipality, Organisation


def new_token():
    return secrets.token_urlsafe(24)


class EventKind(models.TextChoices):
    TEMADAG = "temadag", _("Theme day")
    KONFERENCE = "konference", _("Conference")
    KURSUS = "kursus", _("Course")
    ONLINE_TAENKETANK = "online_taenketank", _("Online think tank")
    NETVAERKSMOEDE = "netvaerksmoede", _("Network meeting")


class EventStatus(models.TextChoices):
    KLADDE = "kladde", _("Draft")
    OFFENTLIGGJORT = "offentliggjort", _("Published")
    AFLYST = "aflyst", _("Cancelled")


class Event(models.Model):
    """A theme day, conference, course or online think tank, held one or more times."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    summary = models.TextField(_("summary"), max_length=800)
    programme = models.TextField(_("programme"), blank=True, help_text=_("One item per line."))
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), related_name="organised_events", blank=True
    )
    hosts = models.ManyToManyField(
        Organisation, verbose_name=_("hosts"), related_name="hosted_events", blank=True
    )
    price = models.PositiveIntegerField(_("price (DKK)"), default=0, help_text=_("0 is free."))
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The network the event belongs to, if any."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.KLADDE
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers with access"),
        related_name="managed_events",
        blank=True,
        help_text=_("Users with the organiser role who run this event."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event", args=[self.slug])


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
        help_text=_("Links the talk to the speaker's page under Find a colleague."),
    )
    talk_title = models.CharField(_("talk title"), max_length=250)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name}: {self.talk_title}"


class OccurrenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class QuotaScope(models.TextChoices):
    NONE = "none", _("No quota")
    MUNICIPALITY = "municipality", _("Per municipality")
    REGION = "region", _("Per region")


class WaitlistReason(models.TextChoices):
    FULL = "full", _("All seats are taken")
    QUOTA = "quota", _("The quota is used")


class Occurrence(models.Model):
    """One holding of an event: a date, a place (or online), and seats."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, db_index=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown to confirmed participants only.")
    )
    capacity = models.PositiveIntegerField(_("seats"))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    waitlist_enabled = models.BooleanField(_("waiting list"), default=True)
    fill_free_seats_with_smaller = models.BooleanField(
        _("fill free seats with smaller registrations"),
        default=False,
        help_text=_(
            "When a group on the waiting list does not fit into the free seats, later and "
            "smaller registrations may take them. Off: nobody jumps an earlier group."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.PLANNED,
    )
    quota_scope = models.CharField(
        _("fair seats"),
        max_length=20,
        choices=QuotaScope.choices,
        default=QuotaScope.NONE,
        help_text=_("Cap the seats each municipality (or region) can take."),
    )
    quota_per_unit = models.PositiveIntegerField(
        _("seats per municipality or region"), null=True, blank=True
    )
    quota_release_days_before = models.PositiveIntegerField(
        _("free for all this many days before"),
        null=True,
        blank=True,
        help_text=_(
            "From midnight (Danish time) this many days before the date, the quota ends and "
            "the waiting list gets the free seats in arrival order. Empty: until the start."
        ),
    )
    quota_released_at = models.DateTimeField(_("quota released"), null=True, blank=True)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="occurrence_ends_after_it_starts",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.event.title}, {local:%d.%m.%Y}{f' ({self.city})' if self.city else ''}"

    @property
    def is_online(self):
        return bool(self.online_url) and not self.address

    def clean(self):
        if self.quota_scope != QuotaScope.NONE and not self.quota_per_unit:
            raise ValidationError(
                {"quota_per_unit": _("Give the number of seats each municipality or region gets.")}
            )
        if self.quota_scope == QuotaScope.NONE and self.quota_per_unit:
            raise ValidationError(
                {
                    "quota_scope": _(
                        "Choose whether the seats are capped per municipality or region."
                    )
                }
            )

    @property
    def quota_release_at(self):
        """The moment the quota ends: local midnight (Europe/Copenhagen) at the start of
        the day `quota_release_days_before` days before the date's local day; None when it
        holds until the start."""
        if self.quota_release_days_before is None:
            return None
        danish = timezone.get_default_timezone()
        day = timezone.localtime(self.starts_at, danish).date() - timedelta(
            days=self.quota_release_days_before
        )
        return timezone.make_aware(datetime.combine(day, time.min), danish)

    def quota_holds(self, now=None):
        """True while the seats are capped per municipality or region."""
        if self.quota_scope == QuotaScope.NONE:
            return False
        release_at = self.quota_release_at
        return release_at is None or (now or timezone.now()) < release_at

    def registration_is_open(self, now=None):
        """Open from the window's start until its end, never once the occurrence started."""
        now = now or timezone.now()
        if (
            self.status != OccurrenceStatus.PLANNED
            or self.event.status != EventStatus.OFFENTLIGGJORT
        ):
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        if self.registration_closes_at and now >= self.registration_closes_at:
            return False
        return now < self.starts_at


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Unregistered")
    ATTENDED = "attended", _("Attended")


ACTIVE_STATUSES = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
]
SEAT_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED]
# A registration's entry on the waiting list, as a query expression (Registration.entry_id).
ENTRY = Coalesce("registered_by_id", "id")
MAX_GROUP_SIZE = 20


class Registration(models.Model):
    """A citizen's registration for one occurrence, made without an account and managed
    through a secret link."""

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    job_title = models.CharField(_("job title"), max_length=160, blank=True)
    needs = models.TextField(
        _("needs"), max_length=1000, blank=True, help_text=_("Diet, accessibility …")
    )
    consent_at = models.DateTimeField(_("consent given"))
    consent_version = models.CharField(_("consent text version"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    manage_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    source = models.CharField(_("source"), max_length=10, default="web")
    waitlist_reason = models.CharField(
        _("why on the waiting list"),
        max_length=10,
        choices=WaitlistReason.choices,
        blank=True,
        default="",
        db_default="",
    )
    registered_by = models.ForeignKey(
        "self",
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_members",
        help_text=_("The registrant of the group this colleague was registered with."),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    promoted_at = models.DateTimeField(_("promoted"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["pk"]  # arrival order: the waiting list's order
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "email"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_registration_per_email",
                violation_error_message=_("This email is already registered."),
            )
        ]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self):
        return f"{self.name} – {self.occurrence}"

    def get_absolute_url(self):
        return reverse("events:manage", args=[self.manage_token])

    @property
    def entry_id(self):
        """The waiting list's entry this registration belongs to: a group is one entry,
        named by its registrant, and waits and gets seats as one."""
        return self.registered_by_id or self.pk


class Subscriber(models.Model):
    """Newsletter subscriber: confirmed by double opt-in, unsubscribed in one click."""

    email = models.EmailField(_("email"), unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class IdempotentRequest(models.Model):
    """The first answer to an API POST with an Idempotency-Key, replayed on a retry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    path = models.CharField(max_length=300)
    # SHA-256 of method, path and canonical JSON body (events/idempotency.py), so a key
    # reused for a different request is refused; empty on answers stored before it.
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "path"], name="unique_idempotency_key")
        ]

    def __str__(self):
        return self.key


class SentMessage(models.Model):
    """The record of an organiser's message to the participants of an occurrence: who sent
    what to how many, shown on the occurrence's page."""

    occurrence = models.ForeignKey(
        Occurrence,
        verbose_name=_("occurrence"),
        on_delete=models.CASCADE,
        related_name="sent_messages",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    statuses = models.JSONField(_("recipients' statuses"), default=list)
    recipient_count = models.PositiveIntegerField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject
