from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskabelse.exceptions import DomainError

from . import client
from .models import ExternalIdentity, GroupRoleMapping, IdentityProvider


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class IdentityProviderForm(forms.ModelForm):
    """The secret is never shown again; left empty on a change, the stored one is kept.
    An enabled provider is saved only when its discovery answers, so a mistyped issuer is
    found here and not by the first person who tries to log in."""

    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the secret already saved."),
    )

    class Meta:
        model = IdentityProvider
        formfield_callback = _https_by_default
        fields = [
            "slug",
            "municipality",
            "organisation",
            "enabled",
            "issuer",
            "client_id",
            "client_secret",
            "scopes",
            "groups_claim",
        ]

    def clean_client_secret(self):
        secret = self.cleaned_data["client_secret"]
        if secret:
            return secret
        if self.instance.pk and self.instance.client_secret:
            return self.instance.client_secret
        raise forms.ValidationError(_("A client secret is required."))

    def _post_clean(self):
        super()._post_clean()
        provider = self.instance
        if self.errors or not provider.enabled:
            return
        try:
            client.fetch_metadata(provider, use_cache=False)
        except DomainError as error:
            self.add_error(
                "issuer",
                _("Discovery at %(url)s failed: %(reason)s")
                % {"url": provider.discovery_url, "reason": error.message},
            )


class GroupRoleMappingInline(admin.TabularInline):
    model = GroupRoleMapping
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    form = IdentityProviderForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["slug", "municipality", "organisation", "issuer", "enabled"]
    list_filter = ["enabled"]
    list_select_related = ["municipality", "organisation"]
    search_fields = ["slug", "issuer", "municipality__name", "organisation__name"]
    autocomplete_fields = ["municipality", "organisation"]
    readonly_fields = ["redirect_uri"]
    inlines = [GroupRoleMappingInline]
    actions = ["test_connection"]
    fieldsets = (
        (None, {"fields": ("slug", "municipality", "organisation", "enabled")}),
        (
            _("Provider"),
            {"fields": ("issuer", "client_id", "client_secret", "scopes", "redirect_uri")},
        ),
        (_("Roles"), {"fields": ("groups_claim",)}),
    )

    @admin.display(description=_("redirect URI to register at the provider"))
    def redirect_uri(self, provider):
        if not provider.slug:
            return "-"
        return settings.SITE_URL + reverse("sso:callback", args=[provider.slug])

    @admin.action(description=_("Test the connection (discovery)"))
    def test_connection(self, request, queryset):
        for provider in queryset:
            try:
                metadata = client.fetch_metadata(provider, use_cache=False)
            except DomainError as error:
                self.message_user(request, f"{provider}: {error.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(provider)s answers as %(issuer)s.")
                    % {"provider": provider, "issuer": metadata["issuer"]},
                    messages.SUCCESS,
                )


class ExternalIdentityInline(admin.TabularInline):
    """On a user's page: the providers they sign in through. Deleting a row unlinks one."""

    model = ExternalIdentity
    extra = 0
    fields = readonly_fields = ["provider", "subject", "last_login_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Who has signed in through which provider. Deleting a row unlinks the account: the
    next sign-in through the provider then meets the email rule again."""

    list_display = ["user", "provider", "subject", "last_login_at"]
    list_filter = ["provider"]
    list_select_related = ["user", "provider__municipality", "provider__organisation"]
    search_fields = ["user__email", "subject"]
    readonly_fields = ["provider", "user", "issuer", "subject", "created_at", "last_login_at"]

    def has_add_permission(self, request):
        return False
