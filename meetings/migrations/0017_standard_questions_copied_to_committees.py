"""The standard questions were one library for the whole site; now each committee has its
own. Each existing committee gets a copy of every question (the first committee keeps the
rows themselves, and so their history), and a question names the partnership through
"{partnership}" instead of fixed initials: "the SMP" of the demo's library becomes
"the {partnership}". A library with no committee to belong to is removed.
"""

from django.db import migrations

INITIALS = ("the SMP", "the {partnership}")


def forwards(apps, schema_editor):
    Committee = apps.get_model("meetings", "Committee")
    StandardQuestion = apps.get_model("meetings", "StandardQuestion")
    library = list(StandardQuestion.objects.filter(committee__isnull=True).order_by("pk"))
    committees = list(Committee.objects.order_by("pk"))
    if not committees:
        StandardQuestion.objects.filter(pk__in=[q.pk for q in library]).delete()
        return
    first, *others = committees
    for question in library:
        question.question = question.question.replace(*INITIALS)
        question.committee = first
        question.save(update_fields=["question", "committee"])
    StandardQuestion.objects.bulk_create(
        StandardQuestion(
            committee=committee,
            question=question.question,
            position=question.position,
            is_active=question.is_active,
        )
        for committee in others
        for question in library
    )


def backwards(apps, schema_editor):
    Committee = apps.get_model("meetings", "Committee")
    StandardQuestion = apps.get_model("meetings", "StandardQuestion")
    first = Committee.objects.order_by("pk").first()
    StandardQuestion.objects.exclude(committee=first).delete()
    for question in StandardQuestion.objects.all():
        question.question = question.question.replace(INITIALS[1], INITIALS[0])
        question.committee = None
        question.save(update_fields=["question", "committee"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0016_standard_questions_per_committee"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
