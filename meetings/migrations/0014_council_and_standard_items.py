"""Data the committee set-up pages start from on an installation that has records.

- The council's name moves from ``Committee.council`` into the council record: the first
  committee's value names it, unless a council record exists already.
- A committee with a statutory capacity (``acting_as``) exercises the crime and disorder
  role: before the flag, the capacity alone said so.
- Each committee without standard items gets the six every meeting opens with, so a new
  meeting no longer starts empty.
"""

from django.db import migrations

STANDARD_ITEMS = [
    ("apologies", "Apologies for Absence"),
    ("substitutes", "Notification of Substitute Members"),
    ("urgent_items", "Urgent Items"),
    ("disclosures", "Disclosures by Members and Officers"),
    (
        "exempt_items",
        "To consider whether any items should be taken in private because of the "
        "possible disclosure of exempt information",
    ),
    ("minutes", "Minutes of the previous meeting"),
]


def forwards(apps, schema_editor):
    Council = apps.get_model("scrutiny", "Council")
    Committee = apps.get_model("meetings", "Committee")
    StandardItem = apps.get_model("meetings", "StandardItem")
    first = Committee.objects.exclude(council="").order_by("pk").first()
    if first is not None and not Council.objects.exists():
        Council.objects.create(singleton=True, name=first.council)
    Committee.objects.exclude(acting_as="").update(crime_and_disorder=True)
    for committee in Committee.objects.all():
        if not StandardItem.objects.filter(committee=committee).exists():
            StandardItem.objects.bulk_create(
                StandardItem(committee=committee, position=position, kind=kind, title=title)
                for position, (kind, title) in enumerate(STANDARD_ITEMS, 1)
            )


def backwards(apps, schema_editor):
    Council = apps.get_model("scrutiny", "Council")
    Committee = apps.get_model("meetings", "Committee")
    council = Council.objects.first()
    if council is not None:
        Committee.objects.update(council=council.name)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0013_committee_setup"),
        ("scrutiny", "0003_council"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
