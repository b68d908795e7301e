from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import (
    SEAT_STATUSES,
    Event,
    IdempotentRequest,
    Occurrence,
    Registration,
    RegistrationStatus,
    Speaker,
    Subscriber,
)


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    extra = 0
    fields = ["starts_at", "ends_at", "venue", "city", "capacity", "waitlist_enabled", "status"]
    show_change_link = True


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    fields = ["name", "role", "talk_title", "case", "order"]
    autocomplete_fields = ["case"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "price", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers", "hosts", "managers"]
    inlines = [OccurrenceInline, SpeakerInline]


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
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
    list_filter = ["status", "waitlist_enabled", "city", "event__kind"]
    list_select_related = ["event"]
    search_fields = ["event__title", "venue", "city"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event"]

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


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "occurrence", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "source", "occurrence__event", "occurrence"]
    list_select_related = ["occurrence__event"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = [
        "manage_token",
        "created_at",
        "updated_at",
        "promoted_at",
        "cancelled_at",
        "reminder_sent_at",
        "anonymised_at",
    ]
    autocomplete_fields = ["occurrence", "municipality"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = [
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    readonly_fields = ["token", "created_at"]


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
