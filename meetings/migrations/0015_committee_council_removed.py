"""The council's name lives in the council record (migration 0014 moved it there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0014_council_and_standard_items"),
    ]

    operations = [
        migrations.RemoveField(model_name="committee", name="council"),
        migrations.RemoveField(model_name="historicalcommittee", name="council"),
    ]
