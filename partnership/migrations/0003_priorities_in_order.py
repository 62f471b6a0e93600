"""A year's priorities keep the order they were shown in (position, then title), numbered
1, 2, 3 … so that each has a place of its own: new ones go at the end, and officers move
them from there. Before, positions were typed by hand and ties sorted alphabetically."""

from django.db import migrations, models


def number_in_displayed_order(apps, schema_editor):
    Priority = apps.get_model("partnership", "Priority")
    refresh_ids = Priority.objects.values_list("refresh_id", flat=True).distinct()
    for refresh_id in refresh_ids:
        priorities = list(
            Priority.objects.filter(refresh_id=refresh_id).order_by("position", "title", "pk")
        )
        for number, priority in enumerate(priorities, 1):
            if priority.position != number:
                Priority.objects.filter(pk=priority.pk).update(position=number)


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0002_agency_contact"),
    ]

    operations = [
        migrations.RunPython(number_in_displayed_order, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="priority",
            options={"ordering": ["refresh", "position"], "verbose_name_plural": "priorities"},
        ),
        migrations.AddConstraint(
            model_name="priority",
            constraint=models.UniqueConstraint(
                fields=("refresh", "position"), name="priority_unique_position"
            ),
        ),
    ]
