"""PostgreSQL search, matched and ranked without recomputing a tsvector per row.

- `search_vector`: the wording's tsvector as a stored generated column with a GIN index,
  replacing 0002's expression index. Ranking a broad search (thousands of candidates)
  recomputed to_tsvector for every candidate: most of the page's time (issue 20).
  Django does not know the column (the model has no field for it); the database fills
  it on every insert, and search reads it through SQL (catalogue/matching.py).
- Trigram indexes on UPPER(wording_nl) and UPPER(wording_en), the expression Django's
  icontains compares on PostgreSQL, so a phrase match reads the index instead of
  upper-casing all wordings. pg_trgm is a trusted extension: the database owner may
  create it.

SQLite keeps its FTS5 table (0002); nothing happens there.
"""

from django.db import migrations

TABLE = "questionsets_questionversion"
VECTOR = (
    "to_tsvector('dutch'::regconfig, COALESCE(wording_nl, '') || ' ' || COALESCE(wording_en, ''))"
)
FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({VECTOR}) STORED",
    f"CREATE INDEX IF NOT EXISTS questionsets_qv_search_vector ON {TABLE} USING GIN (search_vector)",
    "DROP INDEX IF EXISTS questionsets_qv_wording_fts",
    f"CREATE INDEX IF NOT EXISTS questionsets_qv_wording_nl_trgm ON {TABLE} "
    "USING GIN (UPPER(wording_nl) gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS questionsets_qv_wording_en_trgm ON {TABLE} "
    "USING GIN (UPPER(wording_en) gin_trgm_ops)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS questionsets_qv_wording_en_trgm",
    "DROP INDEX IF EXISTS questionsets_qv_wording_nl_trgm",
    f"CREATE INDEX IF NOT EXISTS questionsets_qv_wording_fts ON {TABLE} USING GIN ({VECTOR})",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("questionsets", "0015_sharing")]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False)]
