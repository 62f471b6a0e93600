import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0017_standard_questions_copied_to_committees"),
    ]

    operations = [
        migrations.AlterField(
            model_name="standardquestion",
            name="committee",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="standard_questions",
                to="meetings.committee",
            ),
        ),
    ]
