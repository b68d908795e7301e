"""Webhook endpoints and their delivery log in the admin. Creating, switching and sending
again go through the services, so the address rule and the outbox apply here too."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samskabelse.admin_services import ServiceAdmin, call_refusing

from . import services
from .models import Delivery, Endpoint, EventType

RECENT_DELIVERIES = 20


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Endpoint
        fields = ["owner", "url", "events"]


@admin.register(Endpoint)
class EndpointAdmin(ServiceAdmin):
    form = EndpointForm
    list_display = ["url", "owner", "active", "failure_count", "disabled_at", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "owner__email"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["active", "failure_count", "disabled_at", "created_at", "delivery_log"]
    actions = ["disable", "enable"]

    @admin.display(description=_("delivery log"))
    def delivery_log(self, endpoint):
        """The newest deliveries, and a link to the whole log (where "send again" is)."""
        recent = endpoint.deliveries.order_by("-created_at", "-pk")[:RECENT_DELIVERIES]
        rows = format_html_join(
            "",
            "<tr><td><a href='{}'>{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    reverse("admin:webhooks_delivery_change", args=[delivery.pk]),
                    localtime(delivery.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    delivery.type,
                    delivery.get_status_display(),
                    delivery.attempts,
                    delivery.response_code or "–",
                )
                for delivery in recent
            ),
        )
        everything = reverse("admin:webhooks_delivery_changelist")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table><p><a href='{}?endpoint__id__exact={}'>{}</a></p>",
            _("created"),
            _("type"),
            _("status"),
            _("attempts"),
            _("response code"),
            rows,
            everything,
            endpoint.pk,
            _("The whole delivery log"),
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["owner", "url", "events"]
        return ["owner", "url", "events", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # The address and owner are checked by the service when the endpoint is made.
        return [*self.readonly_fields, "owner", "url"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        endpoint, secret = call_refusing(
            services.create_endpoint,
            owner=form.cleaned_data["owner"],
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
        )
        obj.pk = endpoint.pk
        obj.__dict__.update(endpoint.__dict__)
        self.message_user(
            request,
            _("The webhook's secret, shown this once: %(secret)s") % {"secret": secret},
            messages.WARNING,
        )

    @admin.action(description=_("Disable the selected webhooks"))
    def disable(self, request, queryset):
        self.run_for_each(
            request,
            queryset,
            lambda endpoint: services.disable_endpoint(user=request.user, endpoint=endpoint),
            lambda count: (
                ngettext("%(count)d webhook disabled.", "%(count)d webhooks disabled.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Enable the selected webhooks"))
    def enable(self, request, queryset):
        self.run_for_each(
            request,
            queryset,
            lambda endpoint: services.enable_endpoint(user=request.user, endpoint=endpoint),
            lambda count: (
                ngettext("%(count)d webhook enabled.", "%(count)d webhooks enabled.", count)
                % {"count": count}
            ),
        )


@admin.register(Delivery)
class DeliveryAdmin(ServiceAdmin):
    """The delivery log: read only, with "send again"."""

    list_display = [
        "created_at",
        "endpoint",
        "type",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
    ]
    list_filter = ["status", "type", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["event_id", "endpoint__url"]
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected deliveries again"))
    def send_again(self, request, queryset):
        self.run_for_each(
            request,
            queryset.select_related("endpoint"),
            lambda delivery: services.send_again(user=request.user, delivery=delivery),
            lambda count: (
                ngettext(
                    "%(count)d delivery sent again.", "%(count)d deliveries sent again.", count
                )
                % {"count": count}
            ),
        )
