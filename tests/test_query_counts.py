"""Each page costs the same number of queries however much there is to show.

Every public page is rendered for the data set of ``scrutiny.devtools.scale_data`` at two sizes
(5 and 50 agenda items, agencies, actions, members …), as the public, a councillor and an
officer, and the query counts must match: a count that grows with the data is a query per
row, which the page's view should have fetched in one go.
"""

import collections
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance
from scrutiny.devtools.scale_data import ROLES, build_scale_data, scale_users
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CouncillorFactory,
    DeclarationFactory,
    MeetingFactory,
    committee_with_members,
)
from tests.helpers import retire_cached_pages

# The marker also makes pytest-django create the test database before the module fixture.
pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 50
PAGES = (
    "home",
    "committee",
    "meeting",
    "report",
    "presentation",
    "lines_of_enquiry",
    "recommendations",
    "tracker",
    "tracker_csv",
    "search",
    "work_programme",
    "officer",
    "councillor",
    "partnership",
    "priority",
    "briefing",
    "subgroup",
    "agency",
    "corporate_priority",
    "councillors",
    "minutes",
    "accessibility_statement",
    "meetings",
    "api_meetings",
    "api_recommendations",
)

Render = collections.namedtuple("Render", "status length queries")


def _content_length(content: bytes) -> int:
    """The length of what the page shows in its <main>: the header and footer every page
    shares would otherwise dilute how much more a page shows of the larger data set."""
    start, end = content.find(b"<main"), content.rfind(b"</main>")
    return end - start if 0 <= start < end else len(content)


def measured(client, url: str, data: dict | None = None) -> Render:
    """The page at ``url`` (sent ``data`` by POST, if given), and the queries it cost."""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data) if data else client.get(url)
    return Render(
        response.status_code,
        _content_length(response.content),
        [query["sql"] for query in captured.captured_queries],
    )


@pytest.fixture(scope="module")
def renders(django_db_setup, django_db_blocker):
    """Every page at both sizes for every role; each size is built alone and rolled back."""
    found = {}
    with django_db_blocker.unblock():
        for size in (SMALL, LARGE):
            # Each size's pages are rendered, not served from the other size's copies.
            retire_cached_pages()
            with transaction.atomic():
                data = build_scale_data(size)
                users = scale_users()
                for role in ROLES:
                    client = Client()
                    if users[role]:
                        client.force_login(users[role])
                    for page, url in data.urls().items():
                        found[page, role, size] = measured(client, url)
                transaction.set_rollback(True)
    return found


def _shape(sql: str) -> str:
    """A query with its literal values taken out, so one query per row shows as a repeat."""
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


def _repeats(queries: list[str]) -> str:
    counts = collections.Counter(_shape(sql) for sql in queries)
    return "\n".join(f"{n} x {sql[:300]}" for sql, n in counts.most_common() if n > 1)


def test_every_page_is_measured(renders):
    assert {page for page, _, _ in renders} == set(PAGES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_data(renders, page, role):
    small, large = renders[page, role, SMALL], renders[page, role, LARGE]
    assert (small.status, large.status) == (200, 200)
    small_count, large_count = len(small.queries), len(large.queries)
    assert large_count == small_count, (
        f"{page} page as {role}: {small_count} queries with {SMALL} items, {large_count} "
        f"with {LARGE}. Repeated with {LARGE}:\n{_repeats(large.queries)}"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "page",
    # The pages whose lists are n long; home and corporate priority show a fixed few. A
    # councillor's page lists their attendance, declarations and votes at n meetings. The
    # accessibility statement lists flagged uploads, of which the data set has none (its
    # appendices have no file): tests/meetings/test_accessibility_statement.py counts it
    # with 2 and 20 flagged.
    [
        p
        for p in PAGES
        if p not in {"home", "corporate_priority", "presentation", "accessibility_statement"}
    ],
)
def test_the_larger_data_set_is_on_the_page(renders, page, role):
    """Equal counts only mean something if the page really shows the larger set."""
    small_length, large_length = (
        renders[page, role, SMALL].length,
        renders[page, role, LARGE].length,
    )
    assert large_length > 1.5 * small_length


# Officers' pages for writing in bulk and for partnerships, measured as the officer: the
# forms list the meeting's agenda items and the partnerships, and the preview shows the
# pasted report, n paragraphs long, without a query a paragraph.
AUTHORING_PAGES = (
    "report_body",
    "report_body_preview",
    "lines_of_enquiry_add_several",
    "recommendations_add_several",
    "partnership_list",
    "partnership_create",
)


@pytest.fixture(scope="module")
def authoring_renders(django_db_setup, django_db_blocker):
    found = {}
    with django_db_blocker.unblock():
        for size in (SMALL, LARGE):
            retire_cached_pages()
            with transaction.atomic():
                data = build_scale_data(size)
                client = Client()
                client.force_login(scale_users()["officer"])
                meeting, report = data.meeting.pk, data.report.pk
                body = reverse("meetings:report_body", args=[report])
                pasted = "1 Summary\n" + "\n".join(f"1.{n} Paragraph {n}." for n in range(size))
                requests = {
                    "report_body": (body, None),
                    "report_body_preview": (body, {"step": "preview", "text": pasted}),
                    "lines_of_enquiry_add_several": (
                        reverse("meetings:lines_of_enquiry_add_several", args=[meeting]),
                        None,
                    ),
                    "recommendations_add_several": (
                        reverse("meetings:recommendations_add_several", args=[meeting]),
                        None,
                    ),
                    "partnership_list": (reverse("partnership:partnership_list"), None),
                    "partnership_create": (reverse("partnership:partnership_create"), None),
                }
                for page, (url, data_sent) in requests.items():
                    found[page, size] = measured(client, url, data_sent)
                transaction.set_rollback(True)
    return found


@pytest.mark.parametrize("page", AUTHORING_PAGES)
def test_authoring_pages_cost_the_same_queries_however_much_they_show(authoring_renders, page):
    small, large = authoring_renders[page, SMALL], authoring_renders[page, LARGE]
    assert (small.status, large.status) == (200, 200)
    assert len(large.queries) == len(small.queries), _repeats(large.queries)


# A held meeting's record (meetings/views/life.py): its page with the attendance, and the
# officers' attendance and declarations pages, with n members, n items and n declarations.
LIFE_PAGES = ("meeting", "attendance", "attendee_add", "declarations", "declaration_create")


def _held_meeting(n: int):
    committee, people = committee_with_members(n)
    meeting = MeetingFactory(committee=committee, status="held", presiding=people[0])
    statuses = Attendance.Status.values
    for i, person in enumerate(people):
        status = statuses[i % len(statuses)]
        AttendanceFactory(meeting=meeting, person=person, status=status)
        if status == Attendance.Status.APOLOGIES:
            AttendanceFactory(
                meeting=meeting,
                person=CouncillorFactory(),
                role=Attendance.Role.SUBSTITUTE,
                substitute_for=person,
            )
    for i in range(n):
        item = AgendaItemFactory(meeting=meeting, number=i + 1)
        DeclarationFactory(agenda_item=item, person=people[0], kind="other")
    return meeting


@pytest.fixture(scope="module")
def life_renders(django_db_setup, django_db_blocker):
    found = {}
    with django_db_blocker.unblock():
        for size in (SMALL, LARGE):
            retire_cached_pages()
            with transaction.atomic():
                meeting = _held_meeting(size)
                users = scale_users(f"life {size}")
                for role in ("anonymous", "officer"):
                    client = Client()
                    if users[role]:
                        client.force_login(users[role])
                    for page in LIFE_PAGES:
                        if page != "meeting" and role != "officer":
                            continue
                        url = (
                            meeting.get_absolute_url()
                            if page == "meeting"
                            else reverse(f"meetings:{page}", args=[meeting.pk])
                        )
                        found[page, role, size] = measured(client, url)
                transaction.set_rollback(True)
    return found


@pytest.mark.parametrize(
    ("page", "role"), [("meeting", "anonymous"), *((page, "officer") for page in LIFE_PAGES)]
)
def test_a_held_meetings_record_costs_the_same_queries_however_long(life_renders, page, role):
    small, large = life_renders[page, role, SMALL], life_renders[page, role, LARGE]
    assert (small.status, large.status) == (200, 200)
    assert len(large.queries) == len(small.queries), _repeats(large.queries)
    if page in ("meeting", "attendance", "declarations"):
        assert large.length > 1.5 * small.length


# Writing the minutes (meetings/views/minutes_editing.py), measured as the officer: the
# page lists n items, each with its minute, a motion, an amendment, a vote naming n
# members and the recommendations adopted; the forms list the n members present.
MINUTES_PAGES = ("minutes_edit", "motion_vote", "amendment_add", "motion_decide")


def _held_meeting_minuted(committee, n: int):
    import datetime

    from meetings.models import Meeting, Recommendation
    from tests.factories import (
        AgendaItemFactory,
        AmendmentFactory,
        AttendanceFactory,
        CouncillorFactory,
        MeetingFactory,
        MinuteFactory,
        MotionFactory,
        RecordedVoteFactory,
        VoteFactory,
    )

    meeting = MeetingFactory(
        committee=committee, date=datetime.date(2031, 6, 3), status=Meeting.Status.HELD
    )
    members = [CouncillorFactory() for _ in range(n)]
    for person in members:
        AttendanceFactory(meeting=meeting, person=person)
    for number in range(1, n + 1):
        item = AgendaItemFactory(meeting=meeting, number=number)
        minute = MinuteFactory(agenda_item=item, number=number)
        motion = MotionFactory(minute=minute, position=1, mover=members[0], seconder=members[1])
        amendment = AmendmentFactory(
            motion=motion, position=1, mover=members[1], seconder=members[0], outcome="carried"
        )
        VoteFactory(motion=None, amendment=amendment, votes_for=3, votes_against=1, present=n)
        vote = VoteFactory(
            motion=motion, recorded=True, votes_for=n, votes_against=0, abstentions=0, present=n
        )
        for person in members:
            RecordedVoteFactory(vote=vote, person=person)
        for place in (1, 2):
            Recommendation.objects.create(
                meeting=meeting,
                agenda_item=item,
                position=number * 10 + place,
                text="Report back.",
                minute=minute,
                number_in_minute=place,
                motion=motion,
                amendment=amendment if place == 2 else None,
            )
        Recommendation.objects.create(
            meeting=meeting, agenda_item=item, position=number * 10 + 3, text="Proposed."
        )
    return meeting, motion


@pytest.fixture(scope="module")
def minutes_renders(django_db_setup, django_db_blocker):
    found = {}
    with django_db_blocker.unblock():
        for size in (SMALL, LARGE):
            retire_cached_pages()
            with transaction.atomic():
                data = build_scale_data(size)
                meeting, motion = _held_meeting_minuted(data.committee, size)
                client = Client()
                client.force_login(scale_users()["officer"])
                urls = {
                    "minutes_edit": reverse("meetings:minutes_edit", args=[meeting.pk]),
                    "motion_vote": reverse("meetings:motion_vote", args=[motion.pk]),
                    "amendment_add": reverse("meetings:amendment_add", args=[motion.pk]),
                    "motion_decide": reverse("meetings:motion_decide", args=[motion.pk]),
                }
                for page, url in urls.items():
                    found[page, size] = measured(client, url)
                transaction.set_rollback(True)
    return found


@pytest.mark.parametrize("page", MINUTES_PAGES)
def test_minutes_pages_cost_the_same_queries_however_much_they_show(minutes_renders, page):
    small, large = minutes_renders[page, SMALL], minutes_renders[page, LARGE]
    assert (small.status, large.status) == (200, 200)
    assert len(large.queries) == len(small.queries), _repeats(large.queries)
    assert large.length > small.length


# The officers' accounts pages (meetings/views/accounts.py): n accounts, each with its
# role and person record, and n councillors without an account offered on the invitation.
ACCOUNT_PAGES = ("people", "invite")


@pytest.fixture(scope="module")
def account_renders(django_db_setup, django_db_blocker):
    from django.contrib.auth.models import Group, User

    from scrutiny.kernel.roles import COUNCILLORS_GROUP

    found = {}
    with django_db_blocker.unblock():
        for size in (SMALL, LARGE):
            retire_cached_pages()
            with transaction.atomic():
                build_scale_data(size)
                councillors = Group.objects.get(name=COUNCILLORS_GROUP)
                for n in range(size):
                    account = User.objects.create_user(f"member-{n}@example.org")
                    account.groups.add(councillors)
                    CouncillorFactory(name=f"A. Linked {n}", user=account)
                    CouncillorFactory(name=f"A. Unlinked {n}")
                client = Client()
                client.force_login(scale_users()["officer"])
                for page in ACCOUNT_PAGES:
                    found[page, size] = measured(client, reverse(f"accounts:{page}"))
                transaction.set_rollback(True)
    return found


@pytest.mark.parametrize("page", ACCOUNT_PAGES)
def test_account_pages_cost_the_same_queries_however_many_accounts(account_renders, page):
    small, large = account_renders[page, SMALL], account_renders[page, LARGE]
    assert (small.status, large.status) == (200, 200)
    assert len(large.queries) == len(small.queries), _repeats(large.queries)
    assert large.length > 1.5 * small.length
