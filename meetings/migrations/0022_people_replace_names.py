import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0021_people_from_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='committeemember',
            options={'ordering': ['committee', 'role', 'person__name']},
        ),
        # A default for the names, so that going back can add their columns again.
        migrations.AlterField(
            model_name='committeemember',
            name='name',
            field=models.CharField(default='', max_length=200),
        ),
        migrations.AlterField(
            model_name='historicalcommitteemember',
            name='name',
            field=models.CharField(default='', max_length=200),
        ),
        migrations.AlterField(
            model_name='presenter',
            name='name',
            field=models.CharField(default='', max_length=200),
        ),
        migrations.AlterField(
            model_name='historicalpresenter',
            name='name',
            field=models.CharField(default='', max_length=200),
        ),
        migrations.RemoveField(
            model_name='committeemember',
            name='name',
        ),
        migrations.RemoveField(
            model_name='committeemember',
            name='political_group',
        ),
        migrations.RemoveField(
            model_name='historicalcommitteemember',
            name='name',
        ),
        migrations.RemoveField(
            model_name='historicalcommitteemember',
            name='political_group',
        ),
        migrations.RemoveField(
            model_name='historicalpresenter',
            name='name',
        ),
        migrations.RemoveField(
            model_name='presenter',
            name='name',
        ),
        migrations.AddField(
            model_name='committeemember',
            name='deleted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='committeemember',
            name='deleted_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcommitteemember',
            name='deleted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalcommitteemember',
            name='deleted_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='committeemember',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='meetings.person'),
        ),
        migrations.AlterField(
            model_name='historicalworkprogrammeitem',
            name='lead_officer',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'officer'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.person'),
        ),
        migrations.AlterField(
            model_name='presenter',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='presentings', to='meetings.person'),
        ),
        migrations.AlterField(
            model_name='workprogrammeitem',
            name='lead_officer',
            field=models.ForeignKey(blank=True, limit_choices_to={'kind': 'officer'}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='planned_items', to='meetings.person'),
        ),
        migrations.AddConstraint(
            model_name='committeemember',
            constraint=models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True), ('end_date__isnull', True), ('role__in', ['chair', 'vice_chair'])), fields=('committee', 'role'), name='committee_member_one_current_chair', violation_error_message='The committee already has a current member in this role: end their membership first.'),
        ),
    ]
