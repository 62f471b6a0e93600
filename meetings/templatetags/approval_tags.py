"""Template tags for the minutes a "Minutes of the previous meeting" item approves."""

from django import template

from ..minutes_approval import previous_minutes

register = template.Library()


@register.simple_tag
def previous_minutes_of(item):
    """The earlier meeting whose minutes the item approves (``previous_minutes``), or
    ``None`` for any other item. One query a minutes item: a meeting has one or two."""
    return previous_minutes(item)
