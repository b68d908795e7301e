from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox, services
from .admin_services import ReadOnlyAdmin
from .models import (
    AnonymisationLog,
    ApiScope,
    ApiToken,
    Municipality,
    Organisation,
    OutboxMessage,
    User,
)
from .sso.admin import ExternalIdentityInline


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "municipality", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "municipality__region"]
    list_select_related = ["municipality"]
    search_fields = ["email", "first_name", "last_name", "municipality__name"]
    autocomplete_fields = ["municipality", "organisation"]
    inlines = [ExternalIdentityInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Work"), {"fields": ("municipality", "organisation")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "municipality", "groups", "password1", "password2"),
            },
        ),
    )


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality__region"]
    list_select_related = ["municipality"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality"]


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name", "scopes", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "prefix", "user", "scope_list", "last_used_at", "is_active"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__email"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description=_("scopes"))
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    @admin.display(description=_("active"), boolean=True)
    def is_active(self, obj):
        return obj.is_active

    def get_readonly_fields(self, request, obj=None):
        # Once issued, a token's owner and scopes are fixed: revoke and issue a new one.
        if obj is not None:
            return [*self.readonly_fields, "user", "scopes"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = services.create_api_token(
            user=obj.user,
            name=obj.name,
            scopes=form.cleaned_data["scopes"],
            expires_at=obj.expires_at,
        )
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.warning(
            request,
            _("The new key is shown only this once; copy it now: %(key)s") % {"key": key},
        )

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.revoke_api_token(token=token)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens))
            % {"count": len(tokens)},
        )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """Read-only: the outbox is written by the services and worked off by Celery. The
    payload is not shown (a queued mail holds its recipient and, for a password reset,
    the link)."""

    list_display = ["__str__", "created_at", "attempts", "last_error", "available_at", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "handler"]
    fields = [
        "handler",
        "created_at",
        "attempts",
        "last_error",
        "available_at",
        "dispatched_at",
        "done_at",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.action(description=_("Try the selected pending messages again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = outbox.try_again(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be tried again within a minute.",
                "%(count)d messages will be tried again within a minute.",
                count,
            )
            % {"count": count},
        )


@admin.register(AnonymisationLog)
class AnonymisationLogAdmin(ReadOnlyAdmin):
    """Evidence that personal data went: written only by the services that anonymise, in
    their own transaction, so nobody adds, changes or deletes an entry here."""

    list_display = ["anonymised_at", "kind", "reason", "count"]
    list_filter = ["kind", "reason"]
    date_hierarchy = "anonymised_at"
    ordering = ["-anonymised_at", "-pk"]
    fields = list_display
    readonly_fields = list_display
    list_display_links = None
