"""A recommendation to several agencies was marked "Response received" when the first of
them answered. It now means every addressee has: those still waiting for one go back to
"Letter issued", which the lists show with how many have responded."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def back_to_sent_while_awaited(apps, schema_editor):
    Recommendation = apps.get_model("meetings", "Recommendation")
    RecommendationResponse = apps.get_model("meetings", "RecommendationResponse")
    links = Recommendation.addressee_agencies.through.objects
    answered_by = RecommendationResponse.objects.filter(
        recommendation=OuterRef("recommendation"), agency=OuterRef("agency")
    )
    awaited = links.filter(~Exists(answered_by)).values("recommendation")
    Recommendation.objects.filter(status="responded", pk__in=awaited).update(status="sent")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_letters_kept_as_records_in_batches")]

    operations = [
        # Going back, the rows stay as they are: the old rule is not worth restoring.
        migrations.RunPython(back_to_sent_while_awaited, migrations.RunPython.noop),
    ]
