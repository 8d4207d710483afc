# Placeholder for the full-text search indexes (PostgreSQL GIN / SQLite FTS5).
# Filled in by the catalogue-browser work; later migrations depend on it.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("questionsets", "0001_initial")]

    operations = []
