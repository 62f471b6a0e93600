from django.db import migrations


class Migration(migrations.Migration):
    """Officer becomes Person: the same table, renamed, so that report authors and
    planned items keep pointing at the same rows; the fields a councillor needs follow."""

    dependencies = [
        ("meetings", "0018_standard_question_committee_required"),
        ("partnership", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="officer", name="officer_unique_name_title"),
        migrations.RenameModel("Officer", "Person"),
        migrations.RenameModel("HistoricalOfficer", "HistoricalPerson"),
    ]
