"""The briefing on one priority for one year: its subgroup and action plan, how its actions
stand, what the committee recommended on it before and what the partners answered, and
the questions those gaps suggest members ask.

Priorities are set afresh by each year's plan refresh, so "Domestic Abuse" of 2017/18 and
of 2018/19 are two records of one theme: the briefing follows the theme by its title
within the partnership's plans. It is read in a fixed number of queries however many
actions and recommendations there are.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils.text import Truncator, capfirst, get_text_list

from partnership.models import Action, ActionPlan, Partnership, Priority, RagStatus, Subgroup
from partnership.queries import action_plans_with_actions

from .models import Recommendation, RecommendationResponse
from .models.recommendations import AWAITING_RESPONSE
from .tracker import followed_recommendations

# Progress reported longer ago than this no longer tells members how an action stands.
STALE_AFTER = relativedelta(months=3)

Outcome = RecommendationResponse.Outcome
FINISHED = {Recommendation.Status.IMPLEMENTED, Recommendation.Status.CLOSED}


@dataclass(frozen=True)
class Enquiry:
    """A suggested line of enquiry, and the gap in the record it comes from."""

    question: str
    because: str


@dataclass
class PriorityBriefing:
    """What the briefing on a priority shows, as read by ``priority_briefing``."""

    priority: Priority
    day: datetime.date
    action_plans: list[ActionPlan]
    actions: list[Action]
    # (RAG status, its label, how many actions have it), red first.
    rag_counts: list[tuple[str, str, int]]
    overdue_actions: list[Action]
    # Oldest first, each marked ``is_overdue`` and ``awaited`` (the addressed agencies that
    # have not answered its letter).
    recommendations: list[Recommendation]
    # The same-titled priority of the partnership's other years, oldest first.
    other_years: list[Priority]
    enquiries: list[Enquiry] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        return self.priority.refresh.year_label

    @property
    def partnership(self) -> Partnership:
        return self.priority.refresh.plan.partnership

    @property
    def lead_subgroup(self) -> Subgroup | None:
        return self.priority.lead_subgroup


def briefed_priorities():
    """Priorities with what every briefing names: the year, the partnership, the lead."""
    return Priority.objects.select_related("refresh__plan__partnership", "lead_subgroup")


def _same_theme(priority: Priority):
    """Every year's priority of this title in the partnership's plans, this one included."""
    return (
        Priority.objects.filter(
            refresh__plan__partnership=priority.refresh.plan.partnership,
            title__iexact=priority.title,
        )
        .select_related("refresh")
        .order_by("refresh__year", "pk")
    )


def _recommendations_on(priority_ids: list[int], reader, day: datetime.date) -> list:
    """The recommendations this reader may see on any of the priorities, made by ``day``,
    oldest first, with their responses, addressees and letter dates fetched alongside. One
    still proposed is a report's suggestion the committee has not made its own."""
    recommendations = (
        followed_recommendations(reader)
        .filter(priorities__in=priority_ids, meeting__date__lte=day)
        .exclude(status=Recommendation.Status.PROPOSED)
        .distinct()
        .order_by("meeting__date", "position")
    )
    listed = list(recommendations)
    for recommendation in listed:
        recommendation.is_overdue = recommendation.response_overdue_on(day)
        awaiting = recommendation.status in AWAITING_RESPONSE
        recommendation.awaited = recommendation.awaited_from() if awaiting else []
    return listed


def priority_briefing(priority: Priority, reader, day: datetime.date) -> PriorityBriefing:
    """Everything the briefing on ``priority`` shows to ``reader`` as things stand on ``day``.

    ``priority`` comes from ``briefed_priorities()``. Recommendations on the same-titled
    priority of earlier years count as earlier recommendations on this one; those of
    later years do not, as they were not yet made when this year's plan was set.
    """
    action_plans = list(action_plans_with_actions().filter(priorities=priority))
    actions = [action for plan in action_plans for action in plan.actions.all()]
    counts = Counter(action.rag_status for action in actions)
    theme = list(_same_theme(priority))
    so_far = [
        same.pk
        for same in theme
        if same.pk == priority.pk or same.refresh.year < priority.refresh.year
    ]
    briefing = PriorityBriefing(
        priority=priority,
        day=day,
        action_plans=action_plans,
        actions=actions,
        rag_counts=[(value, label, counts[value]) for value, label in RagStatus.choices],
        overdue_actions=[action for action in actions if action.is_past_target(day)],
        recommendations=_recommendations_on(so_far, reader, day),
        other_years=[same for same in theme if same.pk != priority.pk],
    )
    briefing.enquiries = [
        *_plan_enquiries(briefing),
        *(enquiry for action in actions for enquiry in _action_enquiries(action, day)),
        *(
            enquiry
            for recommendation in briefing.recommendations
            for enquiry in _recommendation_enquiries(recommendation)
        ),
    ]
    return briefing


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _quoted(text: str) -> str:
    """The text in quotation marks, within a sentence: shortened, and without its own full
    stop, which the sentence around it supplies."""
    return f"“{Truncator(text.strip().rstrip('.')).words(20)}”"


def _plan_enquiries(briefing: PriorityBriefing) -> list[Enquiry]:
    title, year = briefing.priority.title, briefing.year_label
    enquiries = []
    if briefing.lead_subgroup is None:
        enquiries.append(
            Enquiry(
                f"Which subgroup or partner is leading the work on {title} in {year}?",
                "No subgroup is recorded as leading this priority.",
            )
        )
    if not briefing.action_plans:
        enquiries.append(
            Enquiry(
                f"Who is leading the work on {title}, and when will an action plan for "
                f"{year} be agreed?",
                f"There is no action plan for this priority for {year}.",
            )
        )
    return enquiries


def _action_enquiries(action: Action, day: datetime.date) -> list[Enquiry]:
    """The questions one action's record raises; an overdue action's question already
    names its rating, so it is not asked about a missing rating as well."""
    # The actions come prefetched through their plan, which Django keeps on each of them.
    named = (
        f"{_quoted(action.description)} (action {action.position} of the "
        f"{action.action_plan.title})"
    )
    enquiries = []
    if action.is_past_target(day):
        lead = f"led by {action.lead_agency.name}" if action.lead_agency else "with no lead agency"
        enquiries.append(
            Enquiry(
                f"What is holding up {named}, {lead}, and when will it be done?",
                f"It was due by {_long(action.target_date)} and "
                + (
                    "has no RAG rating."
                    if action.rag_status == RagStatus.NOT_RATED
                    else f"is rated {action.get_rag_status_display().lower()}."
                ),
            )
        )
    elif action.rag_status == RagStatus.NOT_RATED:
        enquiries.append(
            Enquiry(
                f"Is {named} on track?",
                "The action has no RAG rating, so the plan does not say how it stands.",
            )
        )
    if action.lead_agency is None and action.target_date is None:
        enquiries.append(
            Enquiry(
                f"Which partner is leading {named}, and by when should it be done?",
                "No lead agency and no target date are recorded for the action.",
            )
        )
    elif action.lead_agency is None:
        enquiries.append(
            Enquiry(
                f"Which partner is leading {named}?", "No lead agency is recorded for the action."
            )
        )
    elif action.target_date is None:
        enquiries.append(
            Enquiry(
                f"By when should {named} be done?", "No target date is recorded for the action."
            )
        )
    latest = next(iter(action.progress_updates.all()), None)
    if latest is None:
        enquiries.append(
            Enquiry(
                f"What progress has been made on {named}?",
                "No progress has been reported on the action.",
            )
        )
    elif latest.date < day - STALE_AFTER:
        enquiries.append(
            Enquiry(
                f"What progress has been made on {named} since {_long(latest.date)}?",
                "The latest progress reported on the action is more than three months old.",
            )
        )
    return enquiries


def _recommendation_enquiries(recommendation: Recommendation) -> list[Enquiry]:
    meeting_day = _long(recommendation.meeting.date)
    named = (
        f"recommendation {recommendation.position} of {meeting_day}, {_quoted(recommendation.text)}"
    )
    enquiries = []
    if recommendation.is_overdue:
        # One addressed to the partnership as a whole waits for the partnership.
        awaited = [agency.name for agency in recommendation.awaited] or [
            recommendation.addressee_partnership.name
            if recommendation.addressee_partnership
            else "the partners"
        ]
        names = get_text_list(awaited, "and")
        enquiries.append(
            Enquiry(
                f"When will the committee have a response from {names} to {named}?",
                f"The response was due by {_long(recommendation.response_due_on)} and has not "
                f"been received from {names}.",
            )
        )
    responses = list(recommendation.responses.all())
    for response in responses:
        if response.outcome in {Outcome.REJECTED, Outcome.PARTLY_ACCEPTED}:
            partner = response.agency.name if response.agency else "a partner"
            outcome = response.get_outcome_display().lower()
            enquiries.append(
                Enquiry(
                    f"{capfirst(partner)} {outcome} {named}. Has anything changed since, and "
                    f"would {partner} look at it again?",
                    f"{capfirst(partner)} {outcome} the recommendation on "
                    f"{_long(response.received_on)}.",
                )
            )
    accepted = [response for response in responses if response.outcome == Outcome.ACCEPTED]
    if accepted and recommendation.status not in FINISHED:
        names = get_text_list(
            [response.agency.name if response.agency else "a partner" for response in accepted],
            "and",
        )
        enquiries.append(
            Enquiry(
                f"{capfirst(names)} accepted {named}. What has been done since, and when "
                "will it be finished?",
                "The recommendation was accepted but is not recorded as implemented or closed.",
            )
        )
    return enquiries
