"""Stored search words for meetings, as migration 0006 keeps them for the other searched
records: the committee's name, the venue and any reason for urgent business.

The committee's name is another table's, so the meeting's trigger looks it up, and a
renamed committee, or one written after its meetings (as a restore may), has its
meetings' words worked out again. Before this a search worked out the words of every
meeting of twenty years as it went: a quarter of its time.
"""

import django.contrib.postgres.search
from django.db import migrations

MEETING_WORDS = (
    "to_tsvector('english'::regconfig, "
    "COALESCE((SELECT name FROM meetings_committee WHERE id = NEW.committee_id), '')"
    " || ' ' || COALESCE(NEW.venue, '') || ' ' || COALESCE(NEW.urgent_reason, ''))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        'CREATE FUNCTION "meetings_meeting_words"() RETURNS trigger LANGUAGE plpgsql AS $$ '
        f"BEGIN NEW.search_vector := {MEETING_WORDS}; RETURN NEW; END $$"
    )
    schema_editor.execute(
        'CREATE TRIGGER "meetings_meeting_words" BEFORE INSERT OR UPDATE ON "meetings_meeting" '
        'FOR EACH ROW EXECUTE FUNCTION "meetings_meeting_words"()'
    )
    # Emptying a meeting's words sets its own trigger to work them out again: when the
    # committee is renamed, and when it is written after its meetings, as a restore
    # (loaddata, foreign keys checked at the commit) may do.
    schema_editor.execute(
        'CREATE FUNCTION "meetings_committee_named"() RETURNS trigger LANGUAGE plpgsql AS $$ '
        "BEGIN UPDATE meetings_meeting SET search_vector = NULL WHERE committee_id = NEW.id; "
        "RETURN NULL; END $$"
    )
    schema_editor.execute(
        'CREATE TRIGGER "meetings_committee_renamed" AFTER UPDATE OF name ON '
        '"meetings_committee" FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) '
        'EXECUTE FUNCTION "meetings_committee_named"()'
    )
    schema_editor.execute(
        'CREATE TRIGGER "meetings_committee_added" AFTER INSERT ON "meetings_committee" '
        'FOR EACH ROW EXECUTE FUNCTION "meetings_committee_named"()'
    )
    schema_editor.execute("UPDATE meetings_meeting SET search_vector = NULL")
    schema_editor.execute(
        'CREATE INDEX "meetings_meeting_words" ON "meetings_meeting" USING gin (search_vector)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for trigger in ("meetings_committee_renamed", "meetings_committee_added"):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{trigger}" ON "meetings_committee"')
    schema_editor.execute('DROP FUNCTION IF EXISTS "meetings_committee_named"()')
    schema_editor.execute('DROP TRIGGER IF EXISTS "meetings_meeting_words" ON "meetings_meeting"')
    schema_editor.execute('DROP FUNCTION IF EXISTS "meetings_meeting_words"()')
    schema_editor.execute('DROP INDEX IF EXISTS "meetings_meeting_words"')


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_agenda_item_hidden"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.RunPython(create, drop),
    ]
