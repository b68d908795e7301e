"""GIN index for Danish full-text search. PostgreSQL only: SQLite searches with icontains."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS projects_case_search_gin ON projects_case USING gin (search_vector)"
DROP = "DROP INDEX IF EXISTS projects_case_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_cases")]

    operations = [migrations.RunPython(create, drop)]
