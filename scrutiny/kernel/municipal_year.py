"""The municipal year: a council's year runs from its annual meeting in May to April.

A year is named by the calendar year it starts in (2018 for 2018/19), as the tracker's
filter and a plan refresh's year store it.
"""

import datetime

FIRST_MONTH = 5  # May


def municipal_year_start(day: datetime.date) -> int:
    """The municipal year ``day`` falls in, by the calendar year it starts in."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def municipal_year_label(start: int) -> str:
    """The year as councils write it: 2018/19, 2099/00."""
    return f"{start}/{(start + 1) % 100:02d}"


def municipal_year_days(start: int) -> tuple[datetime.date, datetime.date]:
    """The year's first day, and the first day of the year after (the end, excluded)."""
    return datetime.date(start, FIRST_MONTH, 1), datetime.date(start + 1, FIRST_MONTH, 1)
