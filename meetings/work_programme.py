"""The committee's work programme as a reader sees it: what is planned for which meeting."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from partnership.models import Priority
from scrutiny.roles import is_officer

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

    def __bool__(self) -> bool:
        return bool(self.coming or self.past or self.dropped)


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


def shown_meeting(item: WorkProgrammeItem, reader) -> Meeting | None:
    """The meeting an item is planned for, if this reader may know of it.

    A draft meeting is for officers only, so to others its items are planned for a
    date still to be confirmed; the items themselves are public.
    """
    meeting = item.meeting
    if meeting is None or meeting.is_deleted or not (meeting.is_public or is_officer(reader)):
        return None
    return meeting


def planned_items_about(reader, **lookup) -> list[WorkProgrammeItem]:
    """The items, not dropped, planned on a priority or with a partner (``priorities=…``)."""
    items = planned_items(reader).filter(**lookup).exclude(status=WorkProgrammeItem.Status.DROPPED)
    for item in items:
        item.shown_meeting = shown_meeting(item, reader)
    return list(items)


def work_programme_for(committee: Committee, reader, day: datetime.date) -> WorkProgramme:
    """The committee's programme, by meeting: those to come, first the soonest, then the
    undated, then those already past, the latest first, and last the dropped items."""
    coming: dict[Meeting | None, PlannedMeeting] = {}
    past: dict[Meeting, PlannedMeeting] = {}
    dropped = []
    for item in planned_items(reader).filter(committee=committee):
        item.shown_meeting = shown_meeting(item, reader)
        # Officers get a button for each item that can go on its agenda now.
        item.refusal = item.agenda_refusal(day)
        if item.status == WorkProgrammeItem.Status.DROPPED:
            dropped.append(item)
            continue
        meeting = item.shown_meeting
        is_past = meeting is not None and meeting.date < day
        # Planned for a meeting now past and never put on its agenda: it slipped.
        item.slipped = is_past and item.status == WorkProgrammeItem.Status.PLANNED
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
    return [item for item in items if item.agenda_refusal(day) is None]
