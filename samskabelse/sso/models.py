"""Identity providers (identitetsudbydere) and the identities they vouch for."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samskabelse.models import Municipality, Organisation
from samskabelse.roles import Role


class IdentityProviderQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class IdentityProvider(models.Model):
    """Identitetsudbyder: the OpenID Connect provider of one municipality or organisation.
    Its staff sign in there; the provider's groups claim decides their roles here."""

    slug = models.SlugField(
        _("short name"),
        unique=True,
        help_text=_("Part of the redirect URI to register at the provider, e.g. 'aarhus'."),
    )
    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="identity_provider",
    )
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="identity_provider",
    )
    issuer = models.URLField(
        _("issuer URL"),
        help_text=_(
            "The provider's issuer, exactly as in its /.well-known/openid-configuration, "
            "e.g. https://login.microsoftonline.com/<tenant>/v2.0."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=255)
    client_secret = models.CharField(_("client secret"), max_length=512)
    scopes = models.CharField(
        _("scopes"),
        max_length=255,
        default="openid email profile",
        help_text=_("Asked for at the provider, separated by spaces; must include openid."),
    )
    groups_claim = models.CharField(
        _("groups claim"),
        max_length=100,
        default="groups",
        help_text=_("The ID-token claim that lists the user's groups, e.g. groups or roles."),
    )
    enabled = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_("Shown on the login page. An enabled provider must answer discovery."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                name="identity_provider_for_one_owner",
                condition=(
                    models.Q(municipality__isnull=False, organisation__isnull=True)
                    | models.Q(municipality__isnull=True, organisation__isnull=False)
                ),
            )
        ]

    def __str__(self):
        return str(self.owner) if self.owner else self.slug

    def clean(self):
        super().clean()
        errors = {}
        if bool(self.municipality_id) == bool(self.organisation_id):
            errors["municipality"] = _("Choose either a municipality or an organisation.")
        plain_http_allowed = settings.SSO_ALLOW_HTTP_ISSUER and self.issuer.startswith("http://")
        if self.issuer and not self.issuer.startswith("https://") and not plain_http_allowed:
            errors["issuer"] = _("The issuer URL must start with https://.")
        if "openid" not in self.scopes.split():
            errors["scopes"] = _("The scopes must include openid.")
        if errors:
            raise ValidationError(errors)

    @property
    def owner(self):
        """The municipality or organisation whose staff sign in here."""
        return self.municipality or self.organisation

    @property
    def discovery_url(self):
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


class GroupRoleMapping(models.Model):
    """One group value of the provider's groups claim that gives one of our roles."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identity provider"),
        on_delete=models.CASCADE,
        related_name="role_mappings",
    )
    group = models.CharField(
        _("group"),
        max_length=255,
        help_text=_("The value as the provider sends it (Entra ID: the group's object ID)."),
    )
    role = models.CharField(_("role"), max_length=50, choices=Role.choices)

    class Meta:
        verbose_name = _("group-to-role mapping")
        verbose_name_plural = _("group-to-role mappings")
        ordering = ["provider", "group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "group", "role"], name="unique_group_role_mapping"
            )
        ]

    def __str__(self):
        return f"{self.group} → {self.get_role_display()}"


class ExternalIdentity(models.Model):
    """A person as one provider knows them: the provider's issuer and its `sub` for them.
    A user is found by this pair, never by email alone: an email address is a claim any
    provider may send, so matching on it would let one provider sign in as another's user."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identity provider"),
        on_delete=models.CASCADE,
        related_name="identities",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject (sub)"), max_length=255)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_identity")
        ]

    def __str__(self):
        return f"{self.user} @ {self.provider}"
