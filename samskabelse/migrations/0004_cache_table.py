"""The table behind the database cache (settings.CACHES without REDIS_URL), created by
migrate so a deploy without Redis still has one cache that every process shares. Created
whatever the current settings say, so switching Redis off later needs no extra step."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "samskabelse_cache"  # settings.CACHES["default"]["LOCATION"]


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("samskabelse", "0003_outbox")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
