"""The meetings page (/meetings/): every meeting the reader may see, by month as a calendar
grid and as a list grouped by month, filtered by committee and municipal year."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.meeting_life import meeting_postpone
from meetings.models import Meeting
from meetings.services import meeting_publish
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

MEETINGS = reverse("meetings:meetings")
# The tests' today: a Wednesday in the municipal year 2018/19.
TODAY = datetime.date(2018, 10, 10)


@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(datetime.datetime(2018, 10, 10, 12, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def committees():
    return (
        CommitteeFactory(name="Crime and Disorder Committee", slug="crime-and-disorder"),
        CommitteeFactory(name="Licensing Committee", slug="licensing"),
    )


def page(client, **params) -> tuple[int, str]:
    response = client.get(MEETINGS, params)
    return response.status_code, response.content.decode()


def results(html: str) -> str:
    """The page after the filter form, whose lists name every committee."""
    return html.split('id="filter"', 1)[1].split("</form>", 1)[1]


def cell_of(html: str, day: int) -> str:
    """The grid's cell of a day of the month, found by the day's number."""
    cells = re.findall(r'<td class="govuk-table__cell app-calendar__day.*?</td>', html, re.S)
    return next(cell for cell in cells if f'aria-hidden="true">{day}</span>' in cell)


def test_the_header_of_every_page_links_to_the_meetings(client):
    home = client.get(reverse("meetings:home")).content.decode()
    assert f'<a class="govuk-header__link" href="{MEETINGS}">Meetings</a>' in home


def test_an_empty_database_shows_an_empty_month_and_an_empty_list(client):
    status, html = page(client)
    assert status == 200
    assert "There are no meetings in October 2018." in html
    # The grid is still there, with its weekday headers, today marked.
    assert '<th scope="col" class="govuk-table__header">' in html
    assert 'aria-current="date"' in cell_of(html, 10)
    status, html = page(client, view="list")
    assert status == 200
    assert "No meetings have been published yet." in html


def test_the_month_grid_is_a_table_of_weeks_with_each_meeting_on_its_day(client, committees):
    crime, licensing = committees
    meeting = MeetingFactory(
        committee=crime, date=datetime.date(2018, 10, 23), start_time=datetime.time(18, 30)
    )
    MeetingFactory(committee=licensing, date=datetime.date(2018, 11, 6))
    status, html = page(client, month="2018-10")
    assert status == 200
    assert "<caption" in html and "Meetings of every committee, October 2018</caption>" in html
    headers = re.findall(r'<th scope="col"[^>]*><span aria-hidden="true">(\w+)</span>', html)
    assert headers == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    # 1 October 2018 was a Monday: the first row starts with it, 23 October is a Tuesday.
    first_row = re.search(r"<tbody.*?</tr>", html, re.S)[0]
    assert 'aria-hidden="true">1</span>' in first_row
    assert "Tuesday 23 October" in cell_of(html, 23)
    assert meeting.get_absolute_url() in cell_of(html, 23)
    assert "6.30 p.m.: Crime and Disorder Committee" in cell_of(html, 23)
    assert meeting.get_absolute_url() not in cell_of(html, 22)
    # November's meeting is a month on, reached by the next month's link.
    assert "Licensing Committee" not in results(html)
    assert f'href="{MEETINGS}?month=2018-11"' in html
    assert f'href="{MEETINGS}?month=2018-09"' in html
    assert "Licensing Committee" in page(client, month="2018-11")[1]


def test_today_is_marked_and_this_month_is_shown_by_default(client):
    html = page(client)[1]
    assert '<h2 class="govuk-heading-l" id="month">October 2018</h2>' in html
    today = cell_of(html, 10)
    assert 'aria-current="date"' in today and ">Today</strong>" in today
    assert 'aria-current="date"' not in cell_of(html, 11)
    # Another month links back to this one, and marks no day as today.
    other = page(client, month="2018-12")[1]
    assert 'aria-current="date"' not in other
    assert f'<a class="govuk-link" href="{MEETINGS}">This month</a>' in other


def test_officers_see_drafts_marked_and_others_never_see_them(
    client, committees, officer, councillor
):
    crime, _ = committees
    MeetingFactory(committee=crime, date=datetime.date(2018, 10, 16))
    draft = MeetingFactory(
        committee=CommitteeFactory(name="Secret Working Group"),
        date=datetime.date(2018, 10, 17),
        status=Meeting.Status.DRAFT,
    )
    for user in (None, councillor):
        if user:
            client.force_login(user)
        for view in ("month", "list"):
            html = results(page(client, view=view)[1])
            assert "Crime and Disorder Committee" in html
            assert draft.get_absolute_url() not in html
            assert "Secret Working Group" not in html
            assert ">Draft</strong>" not in html
    client.force_login(officer)
    for view in ("month", "list"):
        html = results(page(client, view=view)[1])
        assert draft.get_absolute_url() in html
        assert "Secret Working Group" in html
        assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in html


def test_each_meeting_says_its_status(client, committees, officer):
    crime, _ = committees
    statuses = {
        1: (Meeting.Status.PUBLISHED, "Agenda published"),
        2: (Meeting.Status.HELD, "Held"),
        3: (Meeting.Status.MINUTES_DRAFT, "Draft minutes published"),
        4: (Meeting.Status.MINUTES_AGREED, "Minutes approved"),
        5: (Meeting.Status.CANCELLED, "Cancelled"),
    }
    for day, (status, _) in statuses.items():
        MeetingFactory(committee=crime, date=datetime.date(2018, 10, day), status=status)
    html = page(client, month="2018-10")[1]
    for day, (_, label) in statuses.items():
        assert f">{label}</strong>" in cell_of(html, day)


def test_a_postponed_meeting_shows_on_its_new_day_and_is_pointed_to_from_its_old_one(
    client, committees, officer
):
    crime, _ = committees
    meeting = MeetingFactory(committee=crime, date=datetime.date(2018, 10, 16))
    meeting_postpone(
        meeting=meeting,
        user=officer,
        new_date=datetime.date(2018, 10, 30),
        new_start_time=None,
        decided_on=datetime.date(2018, 10, 1),
        reason="The chair is unwell.",
    )
    html = page(client, month="2018-10")[1]
    new_day, old_day = cell_of(html, 30), cell_of(html, 16)
    assert meeting.get_absolute_url() in new_day
    assert ">Postponed</strong>" in new_day and "from 16 October 2018" in new_day
    assert "Postponed:" in old_day and "moved to 30 October 2018" in old_day
    assert "from 16 October 2018" in page(client, view="list")[1]


def test_agenda_pack_and_minutes_links_only_where_published(client, committees, officer):
    crime, _ = committees
    published = MeetingFactory(committee=crime, date=datetime.date(2018, 10, 2))
    held = MeetingFactory(
        committee=crime, date=datetime.date(2018, 10, 3), status=Meeting.Status.HELD
    )
    minuted = MeetingFactory(
        committee=crime, date=datetime.date(2018, 10, 4), status=Meeting.Status.MINUTES_DRAFT
    )
    approved = MeetingFactory(
        committee=crime, date=datetime.date(2018, 10, 5), status=Meeting.Status.MINUTES_AGREED
    )
    draft = MeetingFactory(
        committee=crime, date=datetime.date(2018, 10, 8), status=Meeting.Status.DRAFT
    )
    client.force_login(officer)
    for view in ("month", "list"):
        html = page(client, view=view, month="2018-10")[1]
        for meeting in (published, held, minuted, approved):
            assert reverse("meetings:agenda_pdf", args=[meeting.pk]) in html
            assert reverse("meetings:pack_pdf", args=[meeting.pk]) in html
        for meeting in (published, held, draft):
            assert reverse("meetings:minutes", args=[meeting.pk]) not in html
        assert reverse("meetings:minutes", args=[minuted.pk]) in html
        assert reverse("meetings:minutes", args=[approved.pk]) in html
        # A draft's papers are not published: its page is where an officer finds them.
        assert reverse("meetings:agenda_pdf", args=[draft.pk]) not in html
        assert reverse("meetings:pack_pdf", args=[draft.pk]) not in html
    html = page(client, month="2018-10")[1]
    assert "Draft minutes" in cell_of(html, 4) and "Approved minutes" in cell_of(html, 5)


def test_filters_by_committee_and_municipal_year(client, committees):
    crime, licensing = committees
    # 2018/19 runs from May 2018 to April 2019.
    in_year = MeetingFactory(committee=crime, date=datetime.date(2019, 4, 30))
    before = MeetingFactory(committee=crime, date=datetime.date(2018, 4, 30))
    other = MeetingFactory(committee=licensing, date=datetime.date(2018, 9, 1))
    status, html = page(client, view="list", committee="crime-and-disorder", year="2018")
    assert status == 200
    assert "Meetings of Crime and Disorder Committee in the municipal year 2018/19" in html
    assert in_year.get_absolute_url() in html
    assert before.get_absolute_url() not in html
    assert other.get_absolute_url() not in html
    # The form shows the filters chosen; the list is grouped by month.
    assert '<option value="crime-and-disorder" selected>' in html
    assert '<option value="2018" selected>2018/19</option>' in html
    assert '<h3 class="govuk-heading-m">April 2019</h3>' in html
    html = page(client, view="list", committee="licensing")[1]
    assert other.get_absolute_url() in html and in_year.get_absolute_url() not in html
    assert "Crime and Disorder Committee" not in results(html)
    # Every year: newest month first.
    html = page(client, view="list")[1]
    assert html.index("April 2019") < html.index("September 2018") < html.index("April 2018")


def test_a_year_chosen_opens_the_grid_on_its_first_meeting_and_its_links_cross_years(
    client, committees
):
    crime, _ = committees
    MeetingFactory(committee=crime, date=datetime.date(2016, 7, 12))
    html = page(client, year="2016")[1]
    assert 'id="month">July 2016</h2>' in html
    assert f'href="{MEETINGS}?year=2016&amp;month=2016-08"' in html
    # April is the year's last month: the next is May of the year after.
    html = page(client, year="2016", month="2017-04")[1]
    assert f'href="{MEETINGS}?year=2017&amp;month=2017-05"' in html


def test_switching_between_the_month_and_the_list_keeps_the_filters(client, committees):
    html = page(client, committee="licensing", year="2018", month="2018-11")[1]
    assert f'href="{MEETINGS}?committee=licensing&amp;year=2018&amp;view=list"' in html
    html = page(client, committee="licensing", view="list")[1]
    assert f'href="{MEETINGS}?committee=licensing"' in html
    assert 'aria-current="page">As a list</a>' in html


def test_empty_states_name_what_was_asked_and_where_the_meetings_are(client, committees):
    crime, _ = committees
    MeetingFactory(committee=crime, date=datetime.date(2018, 6, 5))
    MeetingFactory(committee=crime, date=datetime.date(2019, 2, 5))
    html = page(client, month="2018-10")[1]
    assert "There are no meetings in October 2018." in html
    assert f'href="{MEETINGS}?month=2018-06">The meetings before, in June 2018' in html
    assert f'href="{MEETINGS}?month=2019-02">The meetings after, in February 2019' in html
    html = page(client, committee="licensing")[1]
    assert "No meetings in October 2018 match these filters." in html
    assert "None in any other month either" in html
    status, html = page(client, view="list", committee="licensing")
    assert status == 200
    assert "No meetings match these filters." in html
    # A year with no meetings is a year all the same, shown empty.
    status, html = page(client, view="list", year="2030")
    assert status == 200
    assert "Meetings of every committee in the municipal year 2030/31" in html
    assert "No meetings match these filters." in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"committee": "no-such-committee"}, "There is no committee “no-such-committee”"),
        ({"year": "twenty"}, "“twenty” is not a municipal year"),
        ({"year": "99999999999999999999"}, "is not a municipal year"),
        ({"month": "2018-13"}, "“2018-13” is not a month"),
        ({"month": "October"}, "“October” is not a month"),
        ({"view": "week"}, "“week” is not a way to show the meetings"),
        ({"year": "2018", "month": "2019-05"}, "May 2019 is not in the municipal year 2018/19"),
    ],
)
def test_bad_filters_are_refused_with_a_message_saying_which(client, params, message):
    status, html = page(client, **params)
    assert status == 400
    assert "<title>Error: Meetings" in html
    assert 'class="govuk-error-summary"' in html
    assert message in html
    # The form is there to choose again, and no grid or list pretends to answer.
    assert "Show meetings" in html
    assert "<table" not in html


def test_a_newly_published_meeting_appears_on_the_cached_page(
    client, committees, officer, django_capture_on_commit_callbacks
):
    crime, _ = committees
    draft = MeetingFactory(
        committee=crime, date=datetime.date(2018, 12, 4), status=Meeting.Status.DRAFT
    )
    AgendaItemFactory(meeting=draft)
    assert draft.get_absolute_url() not in page(client, month="2018-12")[1]
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=draft, user=officer)
    assert draft.get_absolute_url() in page(client, month="2018-12")[1]


def _month_queries(client, count: int) -> int:
    committee = CommitteeFactory()
    for day in range(1, count + 1):
        meeting = MeetingFactory(
            committee=committee,
            date=datetime.date(2019, 1, day),
            status=Meeting.Status.MINUTES_AGREED if day % 2 else Meeting.Status.PUBLISHED,
        )
        if day % 3 == 0:
            meeting.postponements.create(
                previous_date=datetime.date(2019, 1, day + 1),
                new_date=meeting.date,
                decided_on=datetime.date(2018, 12, 1),
            )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(MEETINGS, {"month": "2019-01", "committee": committee.slug})
    assert response.status_code == 200
    assert response.content.decode().count("app-calendar__meeting") == count
    return len(captured)


def test_the_month_grid_costs_the_same_queries_however_many_meetings_it_shows(client, officer):
    """The list's count is measured in tests/test_query_counts.py; the grid's here, with
    postponed meetings and minutes on some days."""
    client.force_login(officer)
    # The first page ever read sets up the council's record: not the grid's cost.
    client.get(MEETINGS)
    assert _month_queries(client, 3) == _month_queries(client, 24)
