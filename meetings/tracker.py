"""The recommendations tracker: every recommendation the reader may see, what became of
it, and which partners' responses are overdue."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from partnership.models import Agency, Priority
from scrutiny.kernel.municipal_year import municipal_year_days, municipal_year_label

from .models import (
    Committee,
    Meeting,
    Recommendation,
    RecommendationLetter,
    RecommendationResponse,
    RecommendationStep,
)
from .models.recommendations import response_overdue_condition
from .models.searching import without_stored_words


@dataclass(frozen=True)
class TrackerFilters:
    committee: Committee | None = None
    # A municipal year, by the calendar year it starts in (May).
    year: int | None = None
    meeting: Meeting | None = None
    addressee: Agency | None = None
    priority: Priority | None = None
    status: str = ""
    overdue: bool = False

    def describe(self) -> str:
        """The filters in words, for the printed tracker's heading."""
        parts = [
            str(self.committee) if self.committee else "",
            f"municipal year {municipal_year_label(self.year)}" if self.year else "",
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
        )
        # The first, in the order of Recommendation.response_due_on's steps.
        .order_by("taken_on", "recorded_at", "pk")
        .values("taken_on")[:1]
    )


def followed_recommendations(user):
    """The recommendations this reader may see, with what following one up reads (see
    ``followed``), and the agenda item each came from (a briefing marks exempt ones)."""
    return followed(Recommendation.objects.visible_to(user)).select_related("agenda_item")


def tracked_recommendations(user, filters: TrackerFilters, day: datetime.date) -> QuerySet:
    """The recommendations this reader may see that match the filters, newest meeting
    first. Nothing about them is fetched alongside: ``followed`` or ``for_the_table`` add
    what their readers are shown."""
    recommendations = Recommendation.objects.visible_to(user).order_by(
        "-meeting__date", "position", "pk"
    )
    if filters.committee:
        recommendations = recommendations.filter(meeting__committee=filters.committee)
    if filters.year:
        first, after = municipal_year_days(filters.year)
        recommendations = recommendations.filter(meeting__date__gte=first, meeting__date__lt=after)
    if filters.meeting:
        recommendations = recommendations.filter(meeting=filters.meeting)
    if filters.addressee:
        recommendations = recommendations.filter(addressee_agencies=filters.addressee)
    if filters.priority:
        recommendations = recommendations.filter(priorities=filters.priority)
    if filters.status:
        recommendations = recommendations.filter(status=filters.status)
    if filters.overdue:
        recommendations = recommendations.response_overdue_on(day)
    return recommendations


def followed(recommendations: QuerySet) -> QuerySet:
    """The recommendations with everything the spreadsheet, the compliance check and the
    briefing read of each fetched alongside. The date each letter went out is annotated,
    and ``response_due_on`` reads it instead of every step."""
    return (
        recommendations.select_related(
            "meeting__committee", "addressee_partnership", "minute__committee"
        )
        .annotate(letter_issued_on=_letter_issued_on())
        .prefetch_related(
            "addressee_agencies",
            Prefetch("priorities", queryset=Priority.objects.select_related("refresh")),
            Prefetch("responses", queryset=RecommendationResponse.objects.select_related("agency")),
        )
    )


def for_the_table(recommendations: QuerySet, *, chasing: bool) -> QuerySet:
    """The recommendations with only what the tracker's table shows of each fetched
    alongside (meetings/includes/tracker_table.html), and, when ``chasing`` (officers),
    the issued letters a reminder goes with. Each of twenty years' worth of tracker pages
    is read afresh after any change, so it reads no more than it shows."""
    recommendations = (
        without_stored_words(
            recommendations.select_related("meeting", "addressee_partnership", "minute__committee")
        )
        .annotate(
            # The response's due date, without fetching every step of every row.
            letter_issued_on=_letter_issued_on()
        )
        .prefetch_related(
            Prefetch("addressee_agencies", queryset=Agency.objects.only("name")),
            Prefetch(
                "responses",
                queryset=RecommendationResponse.objects.select_related("agency").only(
                    "recommendation", "agency__name", "outcome"
                ),
            ),
        )
    )
    if chasing:
        recommendations = recommendations.prefetch_related(
            Prefetch(
                "letters",
                queryset=RecommendationLetter.objects.filter(
                    status=RecommendationLetter.Status.ISSUED, corrects_reference=""
                ).select_related("addressee"),
            ),
        )
    return recommendations


def marked(recommendations, day: datetime.date) -> list:
    """The recommendations, each marked ``is_overdue`` on ``day``."""
    listed = list(recommendations)
    for recommendation in listed:
        recommendation.is_overdue = recommendation.response_overdue_on(day)
    return listed


def chasers(recommendation: Recommendation) -> list:
    """The letters to chase for an overdue recommendation: the one that sent it to each
    late addressee (not a copy, not a correction; a meeting's later batches send other
    recommendations).

    Reads its letters through ``letters.all()``, so a list can prefetch the issued ones."""
    if not recommendation.is_overdue:
        return []
    late = {agency.pk for agency in recommendation.awaited_from()}
    return [
        letter
        for letter in recommendation.letters.all()
        if letter.addressee_id in late
        and not letter.is_copy
        and not letter.corrects_reference
        and letter.status == RecommendationLetter.Status.ISSUED
    ]


def chased_recommendations(letter, day: datetime.date) -> list:
    """The recommendations of a letter whose response from its addressee is overdue."""
    if letter.is_copy or letter.corrects_reference:
        return []
    recommendations = letter.recommendations.prefetch_related(
        "addressee_agencies", "steps", "responses"
    ).order_by("position")
    return [
        recommendation
        for recommendation in recommendations
        if recommendation.response_overdue_on(day)
        and letter.addressee_id in {agency.pk for agency in recommendation.awaited_from()}
    ]


@dataclass(frozen=True)
class TrackerCounts:
    """How many recommendations are at each status, in the order of their life, and how
    many of them have a response overdue."""

    by_status: list[tuple[str, str, int]]
    overdue: int

    @property
    def total(self) -> int:
        return sum(count for _, _, count in self.by_status)


def status_counts(recommendations: QuerySet, day: datetime.date) -> TrackerCounts:
    """The recommendations counted by status, and those overdue on ``day``, in one
    query: over twenty years of records each count is a pass over every one."""
    rows = (
        recommendations.order_by()
        .values_list("status")
        .annotate(number=Count("pk"), overdue=Count("pk", filter=response_overdue_condition(day)))
    )
    counts = {status: (number, overdue) for status, number, overdue in rows}
    return TrackerCounts(
        by_status=[
            (value, label, counts.get(value, (0, 0))[0])
            for value, label in Recommendation.Status.choices
        ],
        overdue=sum(overdue for _, overdue in counts.values()),
    )
