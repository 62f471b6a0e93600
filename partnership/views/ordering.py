"""Putting the partnership's lists in order: a year's priorities move up and down by plain
POST (the kernel's ``move_view``), in the order the plan gives them."""

from scrutiny.kernel.editing import move_view

from .. import services
from ..models import Priority

# Back to the year's list on the partnership's page, where the buttons are.
priority_move = move_view(
    Priority, services.priority_move, back=lambda priority: priority.refresh.get_absolute_url()
)
