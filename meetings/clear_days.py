"""Clear days: how long an agenda was open to inspection before its meeting.

The Local Government Act 1972 (s.100B) has an agenda and its reports open to the public
for at least five clear days before the meeting. A clear day is a working day between
the day the agenda is published and the day of the meeting, both left out; weekends and
bank holidays do not count. How many days, and whose bank holidays (England's or
Wales's), are settings.
"""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


def is_working_day(day: datetime.date) -> bool:
    holidays_that_year = _bank_holidays(settings.SCRUTINY_BANK_HOLIDAYS, day.year)
    return day.weekday() < 5 and day not in holidays_that_year


def clear_days_between(published: datetime.date, meeting: datetime.date) -> int:
    """The working days after the day of publication and before the day of the meeting."""
    day, count = published + ONE_DAY, 0
    while day < meeting:
        count += is_working_day(day)
        day += ONE_DAY
    return count


def latest_publication(meeting: datetime.date) -> datetime.date:
    """The last day an agenda can be published and still have its clear days."""
    day, needed = meeting - ONE_DAY, settings.SCRUTINY_CLEAR_DAYS
    while needed:
        needed -= is_working_day(day)
        day -= ONE_DAY
    return day


def shortfall(published: datetime.date, meeting: datetime.date) -> int:
    """How many clear days short of the law's notice published on ``published`` is."""
    return max(0, settings.SCRUTINY_CLEAR_DAYS - clear_days_between(published, meeting))


def urgency_unstated(what: str, published: datetime.date, meeting: datetime.date) -> str:
    """The refusal of notice (``what``: "the agenda", "the supplement") published with
    too few clear days and no reason why the business is urgent."""
    clear = clear_days_between(published, meeting)
    return (
        f"Published today, {what} would be open for {clear} clear "
        f"day{'s' if clear != 1 else ''} before the meeting, not "
        f"{settings.SCRUTINY_CLEAR_DAYS}: say why the business is urgent."
    )
