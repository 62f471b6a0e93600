"""The municipal year runs from May to April: one rule for the meeting list, the tracker's
filter and a plan refresh's label."""

import datetime

from scrutiny.kernel.municipal_year import (
    municipal_year_days,
    municipal_year_label,
    municipal_year_start,
)


def test_a_year_turns_on_the_first_of_may():
    assert municipal_year_start(datetime.date(2019, 4, 30)) == 2018
    assert municipal_year_start(datetime.date(2019, 5, 1)) == 2019
    assert municipal_year_start(datetime.date(2019, 12, 31)) == 2019


def test_a_year_is_written_as_councils_write_it():
    assert municipal_year_label(2018) == "2018/19"
    assert municipal_year_label(1999) == "1999/00"


def test_a_year_holds_its_days_from_may_to_april():
    first, after = municipal_year_days(2018)
    assert (first, after) == (datetime.date(2018, 5, 1), datetime.date(2019, 5, 1))
    assert municipal_year_start(first) == 2018
    assert municipal_year_start(after - datetime.timedelta(days=1)) == 2018
