from django.db import migrations

INDEX_NAME = "directive_search_text_trgm"


def create_trigram_index(apps, schema_editor):
    # Substring search (LIKE '%…%') on PostgreSQL uses a trigram index; SQLite scans, which is fine there.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON directives_directive USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
