"""Load Denmark's 98 municipalities (samskabelse/data/kommuner.csv) and create the role groups."""

import csv
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"
ROLE_GROUPS = ["konsulent", "arrangør", "netværkskoordinator"]


def load(apps, schema_editor):
    Municipality = apps.get_model("samskabelse", "Municipality")
    Group = apps.get_model("auth", "Group")
    with DATA_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Municipality.objects.update_or_create(
                code=row["kommunekode"].zfill(3),
                defaults={"name": row["navn"], "region": int(row["regionskode"])},
            )
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def unload(apps, schema_editor):
    apps.get_model("samskabelse", "Municipality").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("samskabelse", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(load, unload)]
