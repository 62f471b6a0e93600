"""A meeting's life after its agenda is published: held, cancelled or postponed.

    draft → agenda published → held → draft minutes published → minutes approved
                             ↘ cancelled
                             ↻ postponed (the meeting takes its new date; the old one is kept)

Publishing is ``services.meeting_publish``; the minutes' steps are the minutes' own. A
draft is not public, so it is deleted rather than cancelled and its date simply edited
rather than postponed. A step that does not follow from the meeting's status is refused
with a message saying why. Each service is atomic and locks the meeting, so two officers
cannot take conflicting steps.
"""

import datetime

from django.db import transaction

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.dates import is_in_the_future
from scrutiny.kernel.errors import ServiceError

from .models import Meeting, Person, Postponement
from .models.committees import chair_on

Status = Meeting.Status

# How each status reads in a sentence about the meeting, for refusals.
STATUS_PHRASES = {
    Status.DRAFT: "is a draft: its agenda is not published",
    Status.PUBLISHED: "has its agenda published",
    Status.HELD: "is recorded as held",
    Status.MINUTES_DRAFT: "was held and has its draft minutes published",
    Status.MINUTES_AGREED: "was held and its minutes are approved",
    Status.CANCELLED: "was cancelled",
}

# For each step: what else to do when the meeting is not published (``None``: nothing).
STEP_INSTEAD = {
    "held": {Status.DRAFT: "publish its agenda first"},
    "cancel": {Status.DRAFT: "a draft is not public, so delete it instead"},
    "postpone": {Status.DRAFT: "a draft is not public, so change its date on its details page"},
}


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def step_refusal(meeting: Meeting, step: str) -> str | None:
    """Why ``step`` ("held", "cancel" or "postpone") cannot come next, or ``None``.

    Only a meeting whose agenda is published can take any of them; being held also
    waits for the meeting's day.
    """
    if meeting.status != Status.PUBLISHED:
        instead = STEP_INSTEAD[step].get(meeting.status, "no such step follows")
        return f"This meeting {STATUS_PHRASES[meeting.status]}: {instead}."
    if step == "held" and is_in_the_future(meeting.date):
        return (
            f"This meeting is on {_long(meeting.date)}: it can be recorded as held from that day."
        )
    return None


def _locked(meeting: Meeting, step: str) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refusal = step_refusal(meeting, step)
    if refusal:
        raise ServiceError(refusal)
    return meeting


def _check_decided(meeting: Meeting, decided_on: datetime.date, done: str) -> None:
    """A decision to cancel or move a meeting is dated by today and before the meeting."""
    if is_in_the_future(decided_on):
        raise ServiceError(f"The date {_long(decided_on)} is in the future.")
    if decided_on > meeting.date:
        raise ServiceError(
            f"A meeting is {done} before it takes place: the decision cannot be after "
            f"{_long(meeting.date)}."
        )


def _save(meeting: Meeting, user, fields: list[str]) -> Meeting:
    meeting._history_user = user
    meeting.save(update_fields=fields)
    content_changed(meeting, meetings=[meeting.pk])
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, user, presiding: Person | None = None) -> Meeting:
    """Record that a published meeting took place, and who presided: by default the
    committee's chair on the meeting's date."""
    meeting = _locked(meeting, "held")
    presiding = presiding or chair_on(meeting.committee_id, meeting.date)
    if presiding is not None and not presiding.is_councillor:
        raise ServiceError(f"{presiding.name} is not a councillor: a councillor presides.")
    meeting.status = Status.HELD
    meeting.presiding = presiding
    return _save(meeting, user, ["status", "presiding"])


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, user, reason: str, cancelled_on: datetime.date) -> Meeting:
    """Cancel a published meeting, saying why and when it was decided. The meeting stays
    on the record, marked cancelled, and counts for no statutory check."""
    meeting = _locked(meeting, "cancel")
    if not reason.strip():
        raise ServiceError("Give the reason the meeting is cancelled.")
    _check_decided(meeting, cancelled_on, "cancelled")
    meeting.status = Status.CANCELLED
    meeting.cancellation_reason = reason.strip()
    meeting.cancelled_on = cancelled_on
    return _save(meeting, user, ["status", "cancellation_reason", "cancelled_on"])


@transaction.atomic
def meeting_postpone(
    *,
    meeting: Meeting,
    user,
    new_date: datetime.date,
    decided_on: datetime.date,
    new_start_time: datetime.time | None = None,
    reason: str = "",
) -> Postponement:
    """Move a published meeting to a new date (and time, if given; else it keeps its
    own). The date and time it had are kept as a dated note, which the meeting page shows;
    the clear-days check then judges the new date."""
    meeting = _locked(meeting, "postpone")
    if new_date == meeting.date:
        raise ServiceError(f"The meeting is already on {_long(new_date)}: give its new date.")
    _check_decided(meeting, decided_on, "moved")
    if new_date < decided_on:
        raise ServiceError("The new date cannot be before the day the meeting was moved.")
    postponement = Postponement(
        meeting=meeting,
        previous_date=meeting.date,
        previous_start_time=meeting.start_time,
        new_date=new_date,
        decided_on=decided_on,
        reason=reason.strip(),
    )
    meeting.date = new_date
    if new_start_time is not None:
        meeting.start_time = new_start_time
    if meeting.slot_taken():
        raise ServiceError(
            "This committee already has a meeting at that date and time: choose another, "
            "or change that meeting first."
        )
    postponement.full_clean()
    postponement._history_user = user
    postponement.save()
    _save(meeting, user, ["date", "start_time"])
    content_changed(postponement)
    return postponement
