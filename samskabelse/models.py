"""Accounts and the data every app shares: municipalities, organisations and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role


class Region(models.IntegerChoices):
    NORDJYLLAND = 1081, _("Region Nordjylland")
    MIDTJYLLAND = 1082, _("Region Midtjylland")
    SYDDANMARK = 1083, _("Region Syddanmark")
    HOVEDSTADEN = 1084, _("Region Hovedstaden")
    SJAELLAND = 1085, _("Region Sjælland")


# Official names in the genitive and the place they name.
GENITIVE_NAMES = {"Københavns Kommune": "København", "Bornholms Regionskommune": "Bornholm"}


class Municipality(models.Model):
    """Kommune: one of Denmark's 98 municipalities, loaded by a data migration."""

    code = models.CharField(_("kommunekode"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.PositiveSmallIntegerField(_("region"), choices=Region.choices)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        """'Guldborgsund' for 'Guldborgsund Kommune', 'København' for 'Københavns Kommune'
        (two official names are in the genitive; "fra Københavns" is not Danish)."""
        return GENITIVE_NAMES.get(self.name) or self.name.removesuffix(" Kommune")


class OrganisationKind(models.TextChoices):
    KOMMUNE = "kommune", _("Municipality")
    REGION = "region", _("Region")
    STAT = "stat", _("State")
    FORENING = "forening", _("Association")
    FRIVILLIGORGANISATION = "frivilligorganisation", _("Volunteer organisation")
    VIRKSOMHED = "virksomhed", _("Business")
    KONSULENTHUS = "konsulenthus", _("Consultancy")
    UDDANNELSE = "uddannelse", _("Education")


class Organisation(models.Model):
    """Organisation: COK, KL, Ældre Sagen, a local association, a consultancy …"""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "municipality"], name="unique_organisation")
        ]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError(_("An email address is required."))
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError(_("A superuser must have is_staff and is_superuser set."))
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who logs in with an email address. Roles are groups (see roles.py)."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The municipality a consultant works for."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # One account per address: "Karen@X.dk" and "karen@x.dk" are the same person.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def has_role(self, role):
        """True when the user is in the role's group (cached per instance)."""
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return role in self._role_names

    @property
    def is_consultant(self):
        return self.has_role(Role.CONSULTANT)

    @property
    def is_organiser(self):
        return self.has_role(Role.ORGANISER)

    @property
    def is_network_coordinator(self):
        return self.has_role(Role.NETWORK_COORDINATOR)


class ApiScope(models.TextChoices):
    READ = "read", _("Read internal data")
    WRITE_CASES = "write:cases", _("Write cases")
    WRITE_REGISTRATIONS = "write:registrations", _("Write registrations")
    ORGANISER = "organiser", _("Organiser: participant lists")


def hash_token_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A key for another system. Only a SHA-256 hash of the key is stored."""

    KEY_PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses it."))
    prefix = models.CharField(_("prefix"), max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate_key():
        return secrets.token_urlsafe(32)

    @property
    def is_active(self):
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def has_scope(self, scope):
        return scope in self.scopes


class OutboxMessage(models.Model):
    """A side effect (a mail now, a webhook later) to run once the transaction that wrote
    it has committed: written in that transaction, handed to Celery after the commit, and
    re-sent by the relay when the hand-off or the worker failed. See samskabelse/outbox.py."""

    handler = models.CharField(_("handler"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # While an attempt runs, the end of its lease; otherwise when the next attempt is due.
    available_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # Last handed to the broker; empty while only the relay can send it.
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [
            # The relay's question: what is pending and due? Done rows stay out of it.
            models.Index(
                fields=["available_at"],
                name="outbox_pending_idx",
                condition=models.Q(done_at__isnull=True),
            ),
            models.Index(
                fields=["done_at"],
                name="outbox_done_idx",
                condition=models.Q(done_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.handler} #{self.pk}"


class AnonymisedData(models.TextChoices):
    """What kind of personal data an anonymisation took away."""

    REGISTRATIONS = "registrations", _("Registrations for theme days")
    SUBSCRIBERS = "subscribers", _("Newsletter subscriptions")
    PEOPLE = "people", _("People in the networks")
    WEBHOOK_DELIVERIES = "webhook_deliveries", _("Webhook deliveries")


class AnonymisationReason(models.TextChoices):
    """Why personal data went."""

    RETENTION = "retention", _("Retention period over")
    MY_DATA = "my_data", _("Mine data request")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed by the subscriber")
    STAFF = "staff", _("Removed by staff")


class AnonymisationLog(models.Model):
    """Anonymiseringslog: that personal data were anonymised or deleted, what kind, when,
    how many and why — never who, nor whose: no name, address or id of a person, and no
    user who did it. Written by samskabelse.services.record_anonymisation in the
    transaction of the anonymisation itself; read-only everywhere else."""

    kind = models.CharField(_("kind of data"), max_length=30, choices=AnonymisedData.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=AnonymisationReason.choices)
    count = models.PositiveIntegerField(_("how many"))
    anonymised_at = models.DateTimeField(_("anonymised"), default=timezone.now)

    class Meta:
        verbose_name = _("anonymisation log entry")
        verbose_name_plural = _("anonymisation log")
        ordering = ["-anonymised_at", "-pk"]
        indexes = [models.Index(fields=["-anonymised_at"], name="anonymisation_log_newest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.count}"
