"""Stored search words for the meeting record, as migration 0006 keeps them for the other
searched records: a minute's discussion, a motion's text and resolution, an amendment's
text. Each is the row's own columns, so a trigger on the row keeps them in step.
"""

from django.db import migrations

# (table, the columns searched together): as meetings/search.py searches them.
SEARCHED = [
    ("meetings_minute", ["discussion"]),
    ("meetings_motion", ["text", "resolution"]),
    ("meetings_amendment", ["text"]),
]


def _document(columns, row=""):
    """The columns joined with spaces, as Django's SearchVector joins them."""
    return " || ' ' || ".join(f"COALESCE({row}\"{column}\", '')" for column in columns)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED:
        words = f"to_tsvector('english'::regconfig, {_document(columns, 'NEW.')})"
        schema_editor.execute(
            f'CREATE FUNCTION "{table}_words"() RETURNS trigger LANGUAGE plpgsql AS $$ '
            f"BEGIN NEW.search_vector := {words}; RETURN NEW; END $$"
        )
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_words" BEFORE INSERT OR UPDATE ON "{table}" '
            f'FOR EACH ROW EXECUTE FUNCTION "{table}_words"()'
        )
        schema_editor.execute(
            f'UPDATE "{table}" SET search_vector = '
            f"to_tsvector('english'::regconfig, {_document(columns)})"
        )
        schema_editor.execute(
            f'CREATE INDEX "{table}_words" ON "{table}" USING gin (search_vector)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _ in SEARCHED:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_words" ON "{table}"')
        schema_editor.execute(f'DROP FUNCTION IF EXISTS "{table}_words"()')
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_words"')


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0025_meeting_record"),
    ]

    operations = [migrations.RunPython(create, drop)]
