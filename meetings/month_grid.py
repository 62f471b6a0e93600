"""The months of the meetings page (/meetings/): a month named in its address, the grid of
its weeks (Monday first, as councils' diaries run), and meetings grouped by month."""

import calendar
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

# A month in an address is written as the ISO 8601 year and month: 2018-09.
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")
# Years an address may name: a wider range would reach dates Python cannot hold.
YEARS = range(1900, 2200)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    number: int

    @classmethod
    def of(cls, day: datetime.date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> "Month | None":
        """The month ``text`` names ("2018-09"), or ``None`` if it names none."""
        match = MONTH_PATTERN.fullmatch(text.strip())
        if not match:
            return None
        year, number = int(match[1]), int(match[2])
        if year not in YEARS or not 1 <= number <= 12:
            return None
        return cls(year, number)

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.number, 1)

    @property
    def end(self) -> datetime.date:
        """The first day of the month after (the end, excluded)."""
        return self.next().first

    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.number == 12 else Month(self.year, self.number + 1)

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.number == 1 else Month(self.year, self.number - 1)

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.number]} {self.year}"

    def __str__(self):
        return f"{self.year:04d}-{self.number:02d}"


@dataclass
class Day:
    """A cell of the grid: a day of the month (``date`` is ``None`` for the days of the
    weeks' ends that fall in the months either side), its meetings, and the meetings
    postponed from it, which a reader looking for the old date is shown."""

    date: datetime.date | None
    is_today: bool = False
    meetings: list = field(default_factory=list)
    moved_away: list = field(default_factory=list)


def month_weeks(month: Month, meetings, moved_away, today: datetime.date) -> list[list[Day]]:
    """The month's weeks, Monday to Sunday, each day with its meetings and the
    postponements (``Postponement`` records) from it."""
    meetings_on, moved_from = defaultdict(list), defaultdict(list)
    for meeting in meetings:
        meetings_on[meeting.date].append(meeting)
    for postponement in moved_away:
        moved_from[postponement.previous_date].append(postponement)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        month.year, month.number
    )
    return [
        [
            Day(
                date=day,
                is_today=day == today,
                meetings=meetings_on[day],
                moved_away=moved_from[day],
            )
            if day.month == month.number
            else Day(date=None)
            for day in week
        ]
        for week in weeks
    ]


def by_month(meetings, *, newest_first: bool) -> list[tuple[Month, list]]:
    """Meetings (in date order) grouped under the month they fall in."""
    groups: dict[Month, list] = {}
    for meeting in meetings:
        groups.setdefault(Month.of(meeting.date), []).append(meeting)
    return sorted(groups.items(), key=lambda group: group[0], reverse=newest_first)
