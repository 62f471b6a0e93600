"""What the meeting page shows of a meeting's life: its attendance and the steps an
officer may take next. A tag, so that the page's own view need not know of them."""

from django import template

from ..attendance import AttendanceSheet, attendance_sheet
from ..meeting_life import step_refusal
from ..models import Meeting

register = template.Library()


@register.simple_tag
def meeting_attendance(meeting: Meeting) -> AttendanceSheet | None:
    """The attendance of a meeting that took place; ``None`` for any other."""
    return attendance_sheet(meeting) if meeting.took_place else None


@register.simple_tag
def meeting_steps(meeting: Meeting) -> set[str]:
    """The steps of its life the meeting may take next ("held", "cancel", "postpone")."""
    return {step for step in ("held", "cancel", "postpone") if not step_refusal(meeting, step)}
