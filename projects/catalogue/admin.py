"""Catalogues in the admin: to look at and delete. They are built and changed on their own
pages, where the rules (visible cases only, sharing) are checked by the services."""

from django.contrib import admin

from .models import Catalogue, CatalogueEntry, CataloguePdf


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CatalogueEntryInline(ReadOnly, admin.TabularInline):
    model = CatalogueEntry
    fields = ["position", "case"]
    extra = 0


class CataloguePdfInline(ReadOnly, admin.TabularInline):
    model = CataloguePdf
    fields = ["status", "cases_done", "pages", "requested_at", "finished_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Catalogue)
class CatalogueAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "owner", "municipality", "is_public", "updated_at"]
    list_filter = ["is_public", "municipality"]
    search_fields = ["title", "owner__email"]
    inlines = [CatalogueEntryInline, CataloguePdfInline]
