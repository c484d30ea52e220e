"""Trigram indexes for the employee search (people.selectors.employee_search:
`icontains` on name and number), on PostgreSQL only; SQLite keeps scanning,
which is fine at `make run` sizes. The expressions match what Django
generates for `icontains` on PostgreSQL: UPPER("col"::text) LIKE UPPER(%s)."""

from django.db import migrations, transaction

COLUMNS = ("name", "number")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no right to create extensions: search still works
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS people_employee_{column}_trgm "
            f"ON people_employee USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS people_employee_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_api_token")]

    operations = [migrations.RunPython(forwards, backwards)]
