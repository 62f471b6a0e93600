"""The recommendations tracker: every recommendation the reader may see, what became of
it, and which partners' responses are overdue."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from partnership.models import Agency, Priority

from .models import Meeting, Recommendation, RecommendationResponse, RecommendationStep


@dataclass(frozen=True)
class TrackerFilters:
    meeting: Meeting | None = None
    addressee: Agency | None = None
    priority: Priority | None = None
    status: str = ""
    overdue: bool = False

    def describe(self) -> str:
        """The filters in words, for the printed tracker's heading."""
        parts = [
            f"meeting of {self.meeting.date:%-d %B %Y}" if self.meeting else "",
            f"addressed to {self.addressee}" if self.addressee else "",
            f"on {self.priority.title}" if self.priority else "",
            Recommendation.Status(self.status).label.lower() if self.status else "",
            "response overdue" if self.overdue else "",
        ]
        chosen = [part for part in parts if part]
        return "; ".join(chosen) if chosen else "all recommendations"


def _letter_issued_on():
    return Subquery(
        RecommendationStep.objects.filter(
            recommendation=OuterRef("pk"), kind=RecommendationStep.Kind.LETTER_ISSUED
        ).values("taken_on")[:1]
    )


def overdue_before(day: datetime.date) -> datetime.date:
    """Letters issued before this date have had their full response period by ``day``."""
    return day - datetime.timedelta(days=settings.SCRUTINY_RESPONSE_DAYS)


def tracked_recommendations(user, filters: TrackerFilters, day: datetime.date) -> QuerySet:
    """The recommendations this reader may see that match the filters, newest meeting
    first, with everything the tracker shows fetched in a fixed number of queries."""
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(meeting__deleted_at__isnull=True)
        .annotate(letter_issued_on=_letter_issued_on())
        .select_related("meeting__committee", "addressee_partnership", "agenda_item__meeting")
        .prefetch_related(
            "addressee_agencies",
            "priorities",
            "steps",
            Prefetch("responses", queryset=RecommendationResponse.objects.select_related("agency")),
        )
        .order_by("-meeting__date", "position")
    )
    if filters.meeting:
        recommendations = recommendations.filter(meeting=filters.meeting)
    if filters.addressee:
        recommendations = recommendations.filter(addressee_agencies=filters.addressee)
    if filters.priority:
        recommendations = recommendations.filter(priorities=filters.priority)
    if filters.status:
        recommendations = recommendations.filter(status=filters.status)
    if filters.overdue:
        recommendations = recommendations.filter(
            status=Recommendation.Status.SENT, letter_issued_on__lt=overdue_before(day)
        )
    return recommendations


def status_counts(recommendations) -> list[tuple[str, str, int]]:
    """How many of the recommendations are at each status, in the order of their life."""
    counts = Counter(recommendation.status for recommendation in recommendations)
    return [(value, label, counts[value]) for value, label in Recommendation.Status.choices]
