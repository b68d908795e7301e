from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samskabelse.admin_services import ServiceAdmin, call_refusing
from samskabelse.models import AnonymisationReason

from . import services
from .models import (
    SEAT_STATUSES,
    Event,
    EventStatus,
    IdempotentRequest,
    Occurrence,
    OccurrenceStatus,
    Registration,
    RegistrationStatus,
    Speaker,
    Subscriber,
)

# Moving a date mails everyone registered; the services do that, so these change only on
# the occurrence's own admin page, never in the event's inline.
PLACE_FIELDS = ("starts_at", "ends_at", "venue", "address", "city")


class OccurrenceInlineForm(forms.ModelForm):
    """New dates are added here. An existing date's time, place and seats change on its
    own page, where the services mail the participants and promote the waiting list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in (*PLACE_FIELDS, "capacity"):
                if name in self.fields:
                    self.fields[name].disabled = True


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    form = OccurrenceInlineForm
    extra = 0
    fields = ["starts_at", "ends_at", "venue", "city", "capacity", "waitlist_enabled", "status"]
    readonly_fields = ["status"]
    show_change_link = True


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    fields = ["name", "role", "talk_title", "case", "order"]
    autocomplete_fields = ["case"]


@admin.register(Event)
class EventAdmin(ServiceAdmin):
    list_display = ["title", "kind", "status", "price", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers", "hosts", "managers"]
    inlines = [OccurrenceInline, SpeakerInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data and obj.status == EventStatus.AFLYST:
            # A cancelled theme day cancels its dates, and everyone registered is mailed.
            planned = obj.occurrences.filter(status=OccurrenceStatus.PLANNED)
            for occurrence in planned:
                call_refusing(services.cancel_occurrence, user=request.user, occurrence=occurrence)
            if planned:
                self.message_user(
                    request,
                    _("The event's dates are cancelled and everyone registered is emailed."),
                    messages.SUCCESS,
                )


# Occurrence fields that change who may take a free seat: saving them promotes at once.
SEAT_RULE_FIELDS = (
    "fill_free_seats_with_smaller",
    "quota_scope",
    "quota_per_unit",
    "quota_release_days_before",
)


@admin.register(Occurrence)
class OccurrenceAdmin(ServiceAdmin):
    """Seats, time and place go through the services (promotion, mails); the status
    changes only by the cancel action."""

    list_display = [
        "__str__",
        "starts_at",
        "city",
        "capacity",
        "seats_taken",
        "waitlisted",
        "waitlist_enabled",
        "status",
    ]
    list_filter = [
        "status",
        "waitlist_enabled",
        "fill_free_seats_with_smaller",
        "city",
        "event__kind",
    ]
    list_select_related = ["event"]
    search_fields = ["event__title", "venue", "city"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event"]
    readonly_fields = ["status", "quota_released_at"]
    service_fields = ("capacity", *PLACE_FIELDS)
    actions = ["cancel_occurrences", "promote_waiting"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                seats_taken_count=Count(
                    "registrations", filter=Q(registrations__status__in=SEAT_STATUSES)
                ),
                waitlisted_count=Count(
                    "registrations",
                    filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
                ),
            )
        )

    @admin.display(description=_("seats taken"), ordering="seats_taken_count")
    def seats_taken(self, occurrence):
        return occurrence.seats_taken_count

    @admin.display(description=_("waiting list"), ordering="waitlisted_count")
    def waitlisted(self, occurrence):
        return occurrence.waitlisted_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            return  # a new date has nobody registered yet
        changed = set(form.changed_data)
        done = []
        if "capacity" in changed:
            _occurrence, promoted = call_refusing(
                services.change_capacity, user=request.user, occurrence=obj, capacity=obj.capacity
            )
            done.append(_capacity_message(obj.capacity, len(promoted)))
        if changed & set(PLACE_FIELDS):
            call_refusing(
                services.move_occurrence,
                user=request.user,
                occurrence=obj,
                **{name: getattr(obj, name) for name in PLACE_FIELDS},
            )
            done.append(_("The new time and place are emailed to everyone registered."))
        if changed & set(SEAT_RULE_FIELDS):  # free seats may fit someone waiting now
            promoted = len(services.promote_from_waiting_list(occurrence=obj))
            if promoted:
                done.append(
                    ngettext(
                        "%(count)d from the waiting list got a free seat and has been emailed.",
                        "%(count)d from the waiting list got a free seat and have been emailed.",
                        promoted,
                    )
                    % {"count": promoted}
                )
        # Only once every service has agreed: a refusal above undoes the whole form.
        for message in done:
            self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Cancel the selected dates and email everyone registered"))
    def cancel_occurrences(self, request, queryset):
        self.run_for_each(
            request,
            queryset.filter(status=OccurrenceStatus.PLANNED),
            lambda occurrence: services.cancel_occurrence(user=request.user, occurrence=occurrence),
            lambda count: (
                ngettext(
                    "%(count)d date cancelled; everyone registered is emailed.",
                    "%(count)d dates cancelled; everyone registered is emailed.",
                    count,
                )
                % {"count": count}
            ),
        )

    @admin.action(description=_("Give free seats to the waiting list"))
    def promote_waiting(self, request, queryset):
        promoted = []
        self.run_for_each(
            request,
            queryset,
            lambda occurrence: promoted.extend(
                services.promote_from_waiting_list(occurrence=occurrence)
            ),
            lambda count: (
                ngettext(
                    "%(count)d from the waiting list got a seat and has been emailed.",
                    "%(count)d from the waiting list got a seat and have been emailed.",
                    len(promoted),
                )
                % {"count": len(promoted)}
            ),
        )


def _capacity_message(capacity, promoted):
    if not promoted:
        return _("The capacity is now %(capacity)d.") % {"capacity": capacity}
    return ngettext(
        "The capacity is now %(capacity)d; %(count)d from the waiting list got a seat and "
        "has been emailed.",
        "The capacity is now %(capacity)d; %(count)d from the waiting list got a seat and "
        "have been emailed.",
        promoted,
    ) % {"capacity": capacity, "count": promoted}


@admin.register(Registration)
class RegistrationAdmin(ServiceAdmin):
    """Registrations are made through the theme day's page or the API, where seats are
    counted. Here the contact details can be corrected; the status changes only through
    the actions, which call the services."""

    list_display = ["name", "email", "occurrence", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "source", "occurrence__event", "occurrence"]
    list_select_related = ["occurrence__event"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = [
        "occurrence",
        "status",
        "waitlist_position",
        "consent_at",
        "consent_version",
        "source",
        "manage_token",
        "created_at",
        "updated_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "reminder_sent_at",
        "anonymised_at",
        "waitlist_reason",
        "registered_by",
    ]
    autocomplete_fields = ["municipality"]
    actions = ["check_in", "undo_check_in", "cancel"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would free a seat without promoting the waiting list: cancel instead.
        # Personal data go by the retention job's anonymisation.
        return False

    @admin.display(description=_("place on the waiting list"))
    def waitlist_position(self, registration):
        return services.waitlist_position(registration) or "–"

    @admin.action(description=_("Check in the selected participants"))
    def check_in(self, request, queryset):
        self.run_for_each(
            request,
            queryset.select_related("occurrence__event"),
            lambda registration: services.check_in(user=request.user, registration=registration),
            lambda count: (
                ngettext(
                    "%(count)d participant checked in.", "%(count)d participants checked in.", count
                )
                % {"count": count}
            ),
        )

    @admin.action(description=_("Undo the check-in of the selected participants"))
    def undo_check_in(self, request, queryset):
        self.run_for_each(
            request,
            queryset.select_related("occurrence__event"),
            lambda registration: services.undo_check_in(
                user=request.user, registration=registration
            ),
            lambda count: (
                ngettext("%(count)d check-in undone.", "%(count)d check-ins undone.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Cancel the selected registrations and email them"))
    def cancel(self, request, queryset):
        self.run_for_each(
            request,
            queryset.exclude(status=RegistrationStatus.CANCELLED),
            lambda registration: services.cancel_registration(registration=registration),
            lambda count: (
                ngettext(
                    "%(count)d registration cancelled; freed seats went to the waiting list.",
                    "%(count)d registrations cancelled; freed seats went to the waiting list.",
                    count,
                )
                % {"count": count}
            ),
        )


@admin.register(Subscriber)
class SubscriberAdmin(ServiceAdmin):
    """Double opt-in: only the subscriber confirms (by the emailed link), so the consent
    fields are read-only here; unsubscribing goes through the service."""

    list_display = ["email", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = [
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "token",
        "consent_version",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    actions = ["unsubscribe"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Unsubscribe the selected addresses"))
    def unsubscribe(self, request, queryset):
        self.run_for_each(
            request,
            queryset.filter(unsubscribed_at__isnull=True),
            lambda subscriber: services.unsubscribe(
                token=subscriber.token, reason=AnonymisationReason.STAFF
            ),
            lambda count: (
                ngettext(
                    "%(count)d address unsubscribed.", "%(count)d addresses unsubscribed.", count
                )
                % {"count": count}
            ),
        )


@admin.register(IdempotentRequest)
class IdempotentRequestAdmin(admin.ModelAdmin):
    """Stored API answers: evidence, never edited by hand."""

    list_display = ["key", "user", "path", "status_code", "created_at"]
    search_fields = ["key", "path", "user__email"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
