"""A recommendation's life, one dated step at a time, each recorded with who took it.

    proposed → agreed at the meeting → letter issued → response recorded (one per
    partner; implementation updates follow) → implemented, or closed at any point before

A recommendation to several agencies is "response received" only once every one of them
has answered; until then it stays "letter issued", and the lists say how many have
("1 of 2 responded"). Progress on what one partner accepted can be recorded meanwhile.

The partner's response is due ``SCRUTINY_RESPONSE_DAYS`` days after the letter was issued
(``Recommendation.response_due_on``). A step that does not
follow from the current status is refused with a message saying why. Each service is
atomic and locks the recommendation, so two officers cannot take conflicting steps.
"""

import datetime

from django.db import transaction

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.dates import is_in_the_future
from scrutiny.kernel.errors import ServiceError

from .models import Recommendation, RecommendationResponse, RecommendationStep

Status = Recommendation.Status
Kind = RecommendationStep.Kind

# For each step: the statuses it may follow, why not otherwise, and the status it leads to
# (``None``: the status stays as it is).
STEPS = {
    Kind.AGREED: ({Status.PROPOSED}, "only a proposed recommendation can be agreed", Status.AGREED),
    Kind.LETTER_ISSUED: (
        {Status.AGREED},
        "a letter is issued once, for a recommendation the committee has agreed",
        Status.SENT,
    ),
    Kind.RESPONSE: (
        {Status.SENT, Status.RESPONDED},
        "a response can be recorded only once the recommendation's letter has been issued",
        Status.RESPONDED,
    ),
    Kind.UPDATE: (
        {Status.RESPONDED},
        "implementation updates follow the partner's response",
        None,
    ),
    Kind.IMPLEMENTED: (
        {Status.RESPONDED},
        "a recommendation can be marked implemented only after the partner has responded",
        Status.IMPLEMENTED,
    ),
    Kind.CLOSED: (
        {Status.PROPOSED, Status.AGREED, Status.SENT, Status.RESPONDED},
        "it is finished already",
        Status.CLOSED,
    ),
}


# How each status reads in a sentence about a recommendation.
STATUS_PHRASES = {
    Status.PROPOSED: "is proposed",
    Status.AGREED: "has been agreed",
    Status.SENT: "has had its letter issued",
    Status.RESPONDED: "has had a response",
    Status.IMPLEMENTED: "is implemented",
    Status.CLOSED: "is closed",
}
FINISHED = {Status.IMPLEMENTED, Status.CLOSED}


def step_refusal(recommendation: Recommendation, kind: str) -> str | None:
    """Why ``kind`` cannot be the recommendation's next step, or ``None`` if it can."""
    follows, reason, _ = STEPS[kind]
    if recommendation.status in follows:
        return None
    # Some partners have answered, others not yet: what was accepted can still progress.
    if kind == Kind.UPDATE and recommendation.status == Status.SENT and _answered(recommendation):
        return None
    if recommendation.status in FINISHED:
        reason = "no further step can be recorded"
    phrase = STATUS_PHRASES[recommendation.status]
    return f"Recommendation {recommendation.position} {phrase}: {reason}."


def _answered(recommendation: Recommendation) -> bool:
    """Whether any partner has responded (reads ``responses.all()``, so lists can prefetch)."""
    return bool(recommendation.responses.all())


def _status_after(recommendation: Recommendation, kind: str) -> str | None:
    """The status a step leads to; a response leaves the letter's status as it is while
    another addressee's response is still awaited."""
    if kind == Kind.RESPONSE and recommendation.awaited_from():
        return None
    return STEPS[kind][2]


def next_steps(recommendation: Recommendation) -> list[str]:
    """The steps an officer may record next (letters go out for a whole meeting at once)."""
    return [
        kind
        for kind in STEPS
        if kind != Kind.LETTER_ISSUED and step_refusal(recommendation, kind) is None
    ]


def _take_step(
    *,
    recommendation: Recommendation,
    kind: str,
    user,
    taken_on: datetime.date,
    note: str = "",
    response: RecommendationResponse | None = None,
) -> RecommendationStep:
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    refusal = step_refusal(recommendation, kind)
    if refusal:
        raise ServiceError(refusal)
    if is_in_the_future(taken_on):
        raise ServiceError(f"The date {taken_on:%-d %B %Y} is in the future.")
    earliest = max(
        [recommendation.meeting.date, *recommendation.steps.values_list("taken_on", flat=True)]
    )
    if taken_on < earliest:
        raise ServiceError(
            f"The date {taken_on:%-d %B %Y} is before the recommendation's last step or "
            f"its meeting ({earliest:%-d %B %Y})."
        )
    step = RecommendationStep(
        recommendation=recommendation,
        kind=kind,
        taken_on=taken_on,
        taken_by=user,
        taken_by_name=(user.get_full_name() or user.get_username()) if user else "",
        note=note,
        response=response,
    )
    step.full_clean()
    step._history_user = user
    step.save()
    leads_to = _status_after(recommendation, kind)
    if leads_to:
        recommendation.status = leads_to
        recommendation._history_user = user
        recommendation.save(update_fields=["status"])
    content_changed(recommendation)
    return step


@transaction.atomic
def recommendation_agree(
    *, recommendation: Recommendation, user, agreed_on: datetime.date | None = None
) -> RecommendationStep:
    """Record that the committee agreed the recommendation (at its meeting, by default)."""
    return _take_step(
        recommendation=recommendation,
        kind=Kind.AGREED,
        user=user,
        taken_on=agreed_on or recommendation.meeting.date,
    )


@transaction.atomic
def recommendation_letter_issued(
    *, recommendation: Recommendation, user, issued_on: datetime.date
) -> RecommendationStep:
    """Record that the recommendation's letter went out (see ``letters_issue``)."""
    return _take_step(
        recommendation=recommendation, kind=Kind.LETTER_ISSUED, user=user, taken_on=issued_on
    )


@transaction.atomic
def recommendation_response_record(
    *,
    recommendation: Recommendation,
    user,
    agency,
    outcome: str,
    text: str,
    received_on: datetime.date,
) -> RecommendationStep:
    """Record a partner's response in its own words, and the date it was received."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    refusal = step_refusal(recommendation, Kind.RESPONSE)
    if refusal:
        raise ServiceError(refusal)
    addressees = set(recommendation.addressee_agencies.all())
    if addressees and agency not in addressees:
        raise ServiceError(
            f"{agency} is not an addressee of recommendation {recommendation.position}."
        )
    if recommendation.responses.filter(agency=agency).exists():
        raise ServiceError(f"{agency}'s response to this recommendation is recorded already.")
    response = RecommendationResponse(
        recommendation=recommendation,
        agency=agency,
        outcome=outcome,
        text=text,
        received_on=received_on,
    )
    response.full_clean()
    response._history_user = user
    response.save()
    return _take_step(
        recommendation=recommendation,
        kind=Kind.RESPONSE,
        user=user,
        taken_on=received_on,
        response=response,
    )


@transaction.atomic
def recommendation_update_record(
    *, recommendation: Recommendation, user, text: str, updated_on: datetime.date
) -> RecommendationStep:
    """Record progress on putting the recommendation into effect."""
    if not text.strip():
        raise ServiceError("Say what has been done.")
    return _take_step(
        recommendation=recommendation, kind=Kind.UPDATE, user=user, taken_on=updated_on, note=text
    )


@transaction.atomic
def recommendation_implement(
    *, recommendation: Recommendation, user, implemented_on: datetime.date, note: str = ""
) -> RecommendationStep:
    return _take_step(
        recommendation=recommendation,
        kind=Kind.IMPLEMENTED,
        user=user,
        taken_on=implemented_on,
        note=note,
    )


@transaction.atomic
def recommendation_close(
    *, recommendation: Recommendation, user, closed_on: datetime.date, reason: str
) -> RecommendationStep:
    """Close a recommendation that will not be taken further, saying why."""
    if not reason.strip():
        raise ServiceError("Give the reason the recommendation is closed.")
    return _take_step(
        recommendation=recommendation,
        kind=Kind.CLOSED,
        user=user,
        taken_on=closed_on,
        note=reason,
    )
