"""Full-text search indexes for the question wording (see questionsets/search.py).

PostgreSQL: a GIN index on the same expression that search.pg_vector() builds, so
`to_tsvector('dutch', ...) @@ websearch_to_tsquery('dutch', ...)` can use it.
SQLite: an FTS5 table over the wording, kept in sync by triggers. Versions are
immutable, so inserts and deletes are what matter; the update trigger is a safety net.
Other databases get no index and search falls back to icontains.

Caution for later migrations: on SQLite, altering questionsets_questionversion remakes
the table and drops these triggers; re-run `create_sqlite_fts` afterwards (a test in
tests/questionsets/test_search.py checks that the triggers exist).
"""

from django.db import migrations

PG_INDEX = "questionsets_qv_wording_fts"
PG_EXPRESSION = (
    "to_tsvector('dutch'::regconfig, COALESCE(wording_nl, '') || ' ' || COALESCE(wording_en, ''))"
)
FTS = "questionsets_questionversion_fts"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "wording_nl, wording_en, tokenize = 'unicode61 remove_diacritics 2')",
    f"DELETE FROM {FTS}",
    f"INSERT INTO {FTS} (rowid, wording_nl, wording_en) "
    "SELECT id, wording_nl, wording_en FROM questionsets_questionversion",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON questionsets_questionversion BEGIN "
    f"INSERT INTO {FTS} (rowid, wording_nl, wording_en) "
    "VALUES (new.id, new.wording_nl, new.wording_en); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON questionsets_questionversion BEGIN "
    f"DELETE FROM {FTS} WHERE rowid = old.id; END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF wording_nl, wording_en "
    f"ON questionsets_questionversion BEGIN "
    f"UPDATE {FTS} SET wording_nl = new.wording_nl, wording_en = new.wording_en "
    "WHERE rowid = old.id; END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]


def create_sqlite_fts(schema_editor) -> None:
    for statement in SQLITE_CREATE:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON questionsets_questionversion "
            f"USING GIN ({PG_EXPRESSION})"
        )
    elif vendor == "sqlite":
        create_sqlite_fts(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("questionsets", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
