"""The partnership a form's lists are drawn from: the one the meeting's committee
scrutinises. A form about a meeting, an item, a report, a presentation or a presenter, a
question or a recommendation, or a planned item, offers that partnership's agencies,
priorities (its meeting's plan year first), subgroups and council priorities only.

A committee not linked to a partnership has nothing to scope by: its forms offer every
record, as they did before committees named their partnership (the QuerySet methods
``of_partnership`` take None that way).
"""

import datetime

from partnership.models import Partnership

from .models import (
    AgendaItem,
    Committee,
    LineOfEnquiry,
    Meeting,
    Presentation,
    Presenter,
    Recommendation,
    Report,
    WorkProgrammeItem,
)


def meeting_of(record) -> Meeting | None:
    """The meeting a record belongs to, or None (a planned item not yet on an agenda)."""
    if isinstance(record, Meeting):
        return record
    if isinstance(record, AgendaItem | LineOfEnquiry | Recommendation):
        return record.meeting if record.meeting_id else None
    if isinstance(record, Report | Presentation):
        return meeting_of(record.agenda_item) if record.agenda_item_id else None
    if isinstance(record, Presenter):
        return meeting_of(record.presentation) if record.presentation_id else None
    if isinstance(record, WorkProgrammeItem):
        return record.meeting if record.meeting_id else None
    return None


def committee_of(record) -> Committee | None:
    if isinstance(record, Committee):
        return record
    if isinstance(record, WorkProgrammeItem) and record.committee_id:
        return record.committee
    meeting = meeting_of(record)
    return meeting.committee if meeting is not None else None


def partnership_of(record) -> Partnership | None:
    """The partnership whose records a form about ``record`` offers."""
    committee = committee_of(record)
    return committee.partnership if committee is not None else None


def day_of(record) -> datetime.date | None:
    """The date whose plan year comes first in a list of priorities: the meeting's."""
    meeting = meeting_of(record)
    return meeting.date if meeting is not None else None
