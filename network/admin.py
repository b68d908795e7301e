from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import (
    Experiment,
    LocalArea,
    Meeting,
    Membership,
    MembershipRequest,
    Network,
    Paradox,
    Person,
    Tag,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["municipality", "person", "joined_on"]
    readonly_fields = ["joined_on"]
    autocomplete_fields = ["person"]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["title", "starts_at", "place", "is_public"]
    show_change_link = True


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "facilitator", "member_count", "status", "is_public"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["name", "slug", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    inlines = [MembershipInline, MeetingInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("facilitator")
        return queryset.annotate(member_count=Count("memberships", distinct=True))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, network):
        return network.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "network", "municipality", "person", "joined_on"]
    list_filter = ["network", "municipality__region"]
    search_fields = ["network__name", "municipality__name", "person__name"]
    list_select_related = ["network", "municipality", "person"]
    autocomplete_fields = ["person"]


@admin.register(MembershipRequest)
class MembershipRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "network", "municipality", "status", "created_at"]
    list_filter = ["status", "network"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["network", "municipality"]
    readonly_fields = ["consent_at", "created_at", "decided_at", "decided_by", "membership"]


class ParadoxInline(admin.StackedInline):
    model = Paradox
    extra = 0
    fields = ["title", "description", "perspective", "reflections", "is_public"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "starts_at", "place", "is_public"]
    list_filter = ["network", "is_public"]
    search_fields = ["title", "place", "agenda", "minutes"]
    date_hierarchy = "starts_at"
    list_select_related = ["network"]
    autocomplete_fields = ["participants"]
    inlines = [ParadoxInline]

    def save_formset(self, request, form, formset, change):
        # Paradoxes added here belong to the meeting's network.
        for paradox in formset.save(commit=False):
            paradox.network = form.instance.network
            paradox.save()
        for paradox in formset.deleted_objects:
            paradox.delete()


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "municipality", "status", "is_public", "updated_at"]
    list_filter = ["status", "network", "is_public", "municipality__region"]
    search_fields = ["title", "question", "learning", "municipality__name"]
    list_select_related = ["network", "municipality"]
    autocomplete_fields = ["case"]


@admin.register(Paradox)
class ParadoxAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "meeting", "perspective", "is_public"]
    list_filter = ["perspective", "network", "is_public"]
    search_fields = ["title", "description", "reflections"]
    list_select_related = ["network", "meeting"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "municipality", "anonymised_at"]
    list_filter = ["tags", "municipality__region"]
    search_fields = ["name", "title", "email", "local_areas__name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["organisation", "municipality"]
    filter_horizontal = ["tags", "local_areas", "cases"]
    readonly_fields = ["anonymised_at"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LocalArea)
class LocalAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality__region"]
    search_fields = ["name", "municipality__name"]
    list_select_related = ["municipality"]
