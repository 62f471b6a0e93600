"""Full-text search indexes, on PostgreSQL only (SQLite searches without them).

Each index is on the very expression meetings/search.py searches (the columns joined
with spaces, as Django's SearchVector writes them), so the planner can use it: a
report paragraph search then reads the index, not 288,000 paragraphs.
"""

from django.db import migrations

# (index name, table, the columns searched together)
INDEXES = [
    ("meetings_agendaitem_search", "meetings_agendaitem", ["title", "description"]),
    ("meetings_report_search", "meetings_report", ["title", "summary"]),
    ("meetings_reportparagraph_search", "meetings_reportparagraph", ["text"]),
    ("meetings_recommendation_search", "meetings_recommendation", ["text"]),
    ("meetings_response_search", "meetings_recommendationresponse", ["text"]),
]


def _document(columns):
    return " || ' ' || ".join(f"COALESCE(\"{column}\", '')" for column in columns)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX "{name}" ON "{table}" '
            f"USING gin (to_tsvector('english'::regconfig, {_document(columns)}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_random_appendix_file_names")]

    operations = [migrations.RunPython(create, drop)]
