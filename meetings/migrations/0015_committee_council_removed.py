"""The council's name lives in the council record (migration 0014 moved it there)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0014_council_and_standard_items"),
    ]

    operations = [
        # A default first, so that taking the migration back can add the column again to
        # tables that have rows (0014 then fills it from the council record).
        migrations.AlterField(
            model_name="committee",
            name="council",
            field=models.CharField(max_length=200, default=""),
        ),
        migrations.AlterField(
            model_name="historicalcommittee",
            name="council",
            field=models.CharField(max_length=200, default=""),
        ),
        migrations.RemoveField(model_name="committee", name="council"),
        migrations.RemoveField(model_name="historicalcommittee", name="council"),
    ]
