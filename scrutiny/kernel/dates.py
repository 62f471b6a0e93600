"""Days as the council counts them, and the rule for records of things already done."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    """Today in the council's time zone: a meeting "tonight" is still upcoming at 23:30."""
    return timezone.localdate()


def is_in_the_future(day: datetime.date) -> bool:
    """Whether ``day`` is after today. A record of something done (a recommendation's step,
    a partner's response, progress on an action) cannot be dated there: dated ahead, it
    would stand as the latest news before it has happened."""
    return day > today()
