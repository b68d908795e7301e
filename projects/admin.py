from django.contrib import admin

from .models import (
    Case,
    CasePartner,
    CaseRevision,
    CitizenVoice,
    Grip,
    JournalEntry,
    Photo,
    Principle,
    Quote,
    VoiceTheme,
)


class CasePartnerInline(admin.TabularInline):
    model = CasePartner
    autocomplete_fields = ["organisation"]
    extra = 0


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["image", "alt_text", "caption", "people_consent_at"]


class JournalEntryInline(admin.TabularInline):
    model = JournalEntry
    extra = 0
    fields = ["date", "kind", "text", "author"]
    autocomplete_fields = ["author"]


class CaseRevisionInline(admin.TabularInline):
    model = CaseRevision
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "changed_fields"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "municipality",
        "track",
        "welfare_area",
        "status",
        "visibility",
        "updated_at",
    ]
    list_filter = ["track", "welfare_area", "status", "visibility", "step", "municipality__region"]
    list_select_related = ["municipality"]
    search_fields = ["title", "summary", "unit", "municipality__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipality", "consultants", "spread_from"]
    filter_horizontal = ["principles", "grips"]
    date_hierarchy = "updated_at"
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]
    inlines = [CasePartnerInline, QuoteInline, PhotoInline, JournalEntryInline, CaseRevisionInline]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Grip)
class GripAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    list_filter = ["source"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ["case", "date", "kind", "author"]
    list_filter = ["kind", "date"]
    list_select_related = ["case", "author"]
    search_fields = ["text", "case__title"]
    autocomplete_fields = ["case", "author"]


@admin.register(VoiceTheme)
class VoiceThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CitizenVoice)
class CitizenVoiceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "area", "status", "submitted_at"]
    list_filter = ["status", "themes", "municipality__region"]
    list_select_related = ["municipality"]
    search_fields = ["text", "area"]
    filter_horizontal = ["themes"]
    readonly_fields = [
        "consent_at",
        "consent_version",
        "submitted_at",
        "moderated_by",
        "moderated_at",
    ]
