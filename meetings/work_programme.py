"""The committee's work programme as a reader sees it: what is planned for which meeting."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from partnership.models import Priority
from scrutiny.kernel.roles import is_officer

from .models import Committee, Meeting, WorkProgrammeItem


@dataclass
class PlannedMeeting:
    """One heading of the programme: a meeting (None while the date is to be confirmed)."""

    meeting: Meeting | None
    items: list = field(default_factory=list)


@dataclass
class WorkProgramme:
    coming: list[PlannedMeeting]
    past: list[PlannedMeeting]
    dropped: list[WorkProgrammeItem]


def planned_items(reader):
    """Work programme items this reader may see, with what their lists show."""
    return (
        WorkProgrammeItem.objects.visible_to(reader)
        .select_related("committee", "meeting", "lead_officer", "agenda_item__meeting")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("refresh")),
            "agencies",
        )
    )


def _shown(meeting: Meeting | None, reader) -> Meeting | None:
    """The meeting, if this reader may know of it: a draft is for officers only."""
    if meeting is None or meeting.is_deleted or not (meeting.is_public or is_officer(reader)):
        return None
    return meeting


def _prepare(item: WorkProgrammeItem, reader, day: datetime.date) -> WorkProgrammeItem:
    """Mark on the item what this reader is shown of where it stands.

    To anyone but an officer, an item planned for, or put on the agenda of, a meeting
    still in draft is planned for a date to be confirmed, and nothing more: the
    items themselves are public, the draft agenda is not.
    """
    item.shown_meeting = _shown(item.meeting, reader)
    on_agenda = item.live_agenda_item
    item.shown_agenda_item = on_agenda if _shown(on_agenda and on_agenda.meeting, reader) else None
    # Planned for a meeting now past and never put on its agenda: it slipped.
    item.slipped = (
        item.shown_meeting is not None
        and item.shown_meeting.date < day
        and on_agenda is None
        and item.status == WorkProgrammeItem.Status.PLANNED
    )
    item.in_bin = is_officer(reader) and on_agenda is None and item.agenda_item is not None
    # Officers get a button for each item that can go on its agenda now.
    item.refusal = item.agenda_refusal(day)
    return item


def _by_shown_date(item: WorkProgrammeItem):
    """Sorted by what the reader is shown, so the order gives no draft's date away."""
    meeting = item.shown_meeting
    return (meeting is None, meeting.date if meeting else datetime.date.min, item.title)


def planned_items_about(reader, day: datetime.date, **lookup) -> list[WorkProgrammeItem]:
    """The items, not dropped, planned on a priority or with a partner (``priorities=…``)."""
    items = planned_items(reader).filter(**lookup).exclude(status=WorkProgrammeItem.Status.DROPPED)
    return sorted((_prepare(item, reader, day) for item in items), key=_by_shown_date)


def work_programme_for(committee: Committee, reader, day: datetime.date) -> WorkProgramme:
    """The committee's programme, by meeting: those to come, first the soonest, then the
    undated, then those already past, the latest first, and last the dropped items."""
    coming: dict[Meeting | None, PlannedMeeting] = {}
    past: dict[Meeting, PlannedMeeting] = {}
    dropped = []
    items = planned_items(reader).filter(committee=committee)
    for item in sorted((_prepare(item, reader, day) for item in items), key=_by_shown_date):
        if item.status == WorkProgrammeItem.Status.DROPPED:
            dropped.append(item)
            continue
        meeting = item.shown_meeting
        is_past = meeting is not None and meeting.date < day
        groups = past if is_past else coming
        groups.setdefault(meeting, PlannedMeeting(meeting)).items.append(item)

    def when(group: PlannedMeeting):
        meeting = group.meeting
        return (meeting.date, meeting.start_time or datetime.time.min)

    dated = sorted((g for g in coming.values() if g.meeting), key=when)
    undated = [g for g in coming.values() if g.meeting is None]
    return WorkProgramme(
        coming=dated + undated,
        past=sorted(past.values(), key=when, reverse=True),
        dropped=dropped,
    )


def ready_for_agenda(meeting: Meeting, reader, day: datetime.date) -> list[WorkProgrammeItem]:
    """Items planned for this meeting that an officer could add to its agenda now."""
    items = planned_items(reader).filter(meeting=meeting)
    return [item for item in items if _prepare(item, reader, day).refusal is None]
