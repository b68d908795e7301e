from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samskabelse.admin_services import ServiceAdmin, call_refusing

from . import services
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
class NetworkAdmin(ServiceAdmin):
    """Member capacity and new members go through network/services.py: a full network
    takes nobody, and a raised capacity promotes the waiting list."""

    list_display = ["name", "kind", "facilitator", "member_count", "status", "is_public"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["name", "slug", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    inlines = [MembershipInline, MeetingInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("facilitator")
        return queryset.annotate(member_count=Count("memberships", distinct=True))

    service_fields = ("member_capacity",)

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, network):
        return network.member_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "member_capacity" in form.changed_data:
            _network, promoted = call_refusing(
                services.change_member_capacity,
                user=request.user,
                network=obj,
                member_capacity=obj.member_capacity,
            )
            if promoted:
                self.message_user(request, _promoted_message(len(promoted)), messages.SUCCESS)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for membership in formset.save(commit=False):
            if membership.pk is None:
                call_refusing(
                    services.add_member,
                    user=request.user,
                    network=form.instance,
                    municipality=membership.municipality,
                    person=membership.person,
                )
            else:
                membership.save()
        for membership in formset.deleted_objects:
            membership.delete()


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    """A member added here takes a place: network/services.add_member counts it."""

    list_display = ["__str__", "network", "municipality", "person", "joined_on"]
    list_filter = ["network", "municipality__region"]
    search_fields = ["network__name", "municipality__name", "person__name"]
    list_select_related = ["network", "municipality", "person"]
    autocomplete_fields = ["person"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a member to another network would skip that network's capacity.
        return ["network"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        membership = call_refusing(
            services.add_member,
            user=request.user,
            network=obj.network,
            municipality=obj.municipality,
            person=obj.person,
        )
        obj.pk = membership.pk
        obj.joined_on = membership.joined_on


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ServiceAdmin):
    """Requests come from the join form. Their status changes only through the actions,
    which call the services (places counted, the person told by mail)."""

    list_display = ["name", "email", "network", "municipality", "status", "created_at"]
    list_filter = ["status", "network"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["network", "municipality"]
    readonly_fields = [
        "network",
        "status",
        "consent_at",
        "created_at",
        "decided_at",
        "decided_by",
        "membership",
    ]
    actions = ["accept", "decline", "promote"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, service, done):
        self.run_for_each(
            request,
            queryset.select_related("network"),
            lambda membership_request: service(user=request.user, request=membership_request),
            done,
        )

    @admin.action(description=_("Accept the selected requests"))
    def accept(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.accept_request,
            lambda count: (
                ngettext("%(count)d request accepted.", "%(count)d requests accepted.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Decline the selected requests"))
    def decline(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.decline_request,
            lambda count: (
                ngettext("%(count)d request declined.", "%(count)d requests declined.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Give free places to the waiting list"))
    def promote(self, request, queryset):
        networks = Network.objects.filter(pk__in=queryset.values("network"))
        promoted = []

        def promote_first(network):
            first = services.promote_from_waiting_list(user=request.user, network=network)
            if first is not None:
                promoted.append(first)

        self.run_for_each(
            request, networks, promote_first, lambda _count: _promoted_message(len(promoted))
        )


def _promoted_message(count):
    return ngettext(
        "%(count)d from the waiting list got a place and has been emailed.",
        "%(count)d from the waiting list got a place and have been emailed.",
        count,
    ) % {"count": count}


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
