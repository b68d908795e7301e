"""Re-slug existing cases with Danish letters spelt out ("Fælleshaven" → faelleshaven, not
flleshaven) and keep each old address as a redirect to the case."""

from django.db import migrations
from django.utils.text import slugify

from samskabelse.text import danish_slugify

RESERVED_SLUGS = {"new", "toolbox", "voices", "overview"}


def reslug(apps, schema_editor):
    Case = apps.get_model("projects", "Case")
    CaseSlugRedirect = apps.get_model("projects", "CaseSlugRedirect")
    taken = set(Case.objects.values_list("slug", flat=True))
    for case in Case.objects.order_by("pk").only("pk", "title", "slug"):
        base = danish_slugify(case.title)[:200] or "case"
        if base in RESERVED_SLUGS:
            base = f"{base}-case"
        if slugify(case.title)[:200] == base[:200] or case.slug == base:
            continue  # no Danish letter in the title, or already spelt out
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        CaseSlugRedirect.objects.create(old_slug=case.slug, case=case)
        taken.add(slug)
        Case.objects.filter(pk=case.pk).update(slug=slug)


def restore(apps, schema_editor):
    Case = apps.get_model("projects", "Case")
    CaseSlugRedirect = apps.get_model("projects", "CaseSlugRedirect")
    for redirect in CaseSlugRedirect.objects.order_by("-pk"):
        Case.objects.filter(pk=redirect.case_id).update(slug=redirect.old_slug)
    CaseSlugRedirect.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_case_slug_redirects")]

    operations = [migrations.RunPython(reslug, restore)]
