"""The members page and a councillor's page: roles, attendance, declarations and recorded
votes, each as the record says and only as far as the reader may see it."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings.models import (
    Attendance,
    CommitteeMember,
    Declaration,
    Meeting,
    Presentation,
    RecordedVote,
    Report,
)
from tests.factories import (
    AgendaItemFactory,
    AmendmentFactory,
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    CouncillorFactory,
    DeclarationFactory,
    MeetingFactory,
    MinuteFactory,
    MotionFactory,
    OfficerFactory,
    RecordedVoteFactory,
    committee_with_members,
)
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

AGREED = Meeting.Status.MINUTES_AGREED


def _figures(response, committee) -> list[str]:
    """The attendance figures under ``committee``'s heading: attended, apologies, absent,
    as substitute, otherwise present."""
    page = response.content.decode()
    after = page[page.index(f"{committee.name}</a></h3>") :]
    listed = after[: after.index("</dl>")]
    return re.findall(r'value">(\d+)</dd>', listed)


def test_the_attendance_figures_match_the_records(client):
    committee, members = committee_with_members(10)
    other, _ = committee_with_members(3)
    councillor, colleague = members[2], members[3]
    meetings = [MeetingFactory(committee=committee, status=AGREED) for _ in range(7)]
    record = [
        (Attendance.Role.MEMBER, Attendance.Status.PRESENT, None),
        (Attendance.Role.MEMBER, Attendance.Status.PRESENT, None),
        (Attendance.Role.MEMBER, Attendance.Status.PRESENT, None),
        (Attendance.Role.MEMBER, Attendance.Status.APOLOGIES, None),
        (Attendance.Role.MEMBER, Attendance.Status.APOLOGIES, None),
        (Attendance.Role.MEMBER, Attendance.Status.ABSENT, None),
        (Attendance.Role.SUBSTITUTE, Attendance.Status.PRESENT, colleague),
    ]
    for meeting, (role, status, stood_in_for) in zip(meetings, record, strict=True):
        AttendanceFactory(
            meeting=meeting,
            person=councillor,
            role=role,
            status=status,
            substitute_for=stood_in_for,
        )
    # At another committee they stood in once and were invited once.
    AttendanceFactory(
        meeting=MeetingFactory(committee=other, status=AGREED),
        person=councillor,
        role=Attendance.Role.SUBSTITUTE,
        substitute_for=colleague,
    )
    AttendanceFactory(
        meeting=MeetingFactory(committee=other, status=AGREED),
        person=councillor,
        role=Attendance.Role.INVITED,
    )
    # Someone else's attendance is not theirs.
    AttendanceFactory(meeting=meetings[0], person=colleague)

    response = client.get(councillor.get_absolute_url())

    assert _figures(response, committee) == ["3", "2", "1", "1", "0"]
    assert _figures(response, other) == ["0", "0", "0", "1", "1"]
    text = page_text(response)
    assert text.count("member, present") == 3
    assert text.count("member, sent apologies") == 2
    assert text.count("member, absent") == 1
    assert text.count(f"substitute member for {colleague.name}") == 2


def test_attendance_is_public_once_the_meeting_is_held(client, officer):
    councillor = CouncillorFactory()
    committee = CommitteeFactory()
    for status in (Meeting.Status.DRAFT, Meeting.Status.PUBLISHED, Meeting.Status.HELD, AGREED):
        AttendanceFactory(
            meeting=MeetingFactory(committee=committee, status=status), person=councillor
        )

    assert _figures(client.get(councillor.get_absolute_url()), committee)[0] == "2"
    client.force_login(officer)
    assert _figures(client.get(councillor.get_absolute_url()), committee)[0] == "4"


def test_declarations_are_listed_but_exempt_and_draft_ones_only_for_those_who_may_see(
    client, councillor, officer
):
    member = CouncillorFactory()
    meeting = MeetingFactory(status=AGREED, date=datetime.date(2019, 3, 1))
    open_item = AgendaItemFactory(meeting=meeting, title="Community safety plan")
    exempt_item = AgendaItemFactory(
        meeting=meeting, title="Contract award", is_exempt=True, exempt_paragraph=3
    )
    draft_item = AgendaItemFactory(
        meeting=MeetingFactory(status=Meeting.Status.DRAFT), title="Draft business"
    )
    DeclarationFactory(
        agenda_item=open_item,
        person=member,
        kind=Declaration.Kind.PECUNIARY,
        nature="Owns a shop in the town centre.",
        left_room=True,
    )
    DeclarationFactory(agenda_item=exempt_item, person=member, nature="Bidder's relative.")
    DeclarationFactory(agenda_item=draft_item, person=member, nature="Draft nature.")

    public = page_text(client.get(member.get_absolute_url()))
    assert "Community safety plan" in public
    assert "Disclosable pecuniary interest" in public
    assert "Owns a shop in the town centre." in public
    assert "Left the room for the item." in public
    for secret in ("Contract award", "Bidder's relative.", "Draft business", "Draft nature."):
        assert secret not in public

    client.force_login(councillor)
    theirs = page_text(client.get(member.get_absolute_url()))
    assert "Bidder's relative." in theirs
    assert "Draft nature." not in theirs

    client.force_login(officer)
    assert "Draft nature." in page_text(client.get(member.get_absolute_url()))


def test_recorded_votes_show_how_they_voted_on_published_minutes_only(client, councillor):
    member = CouncillorFactory()
    motion = MotionFactory(
        minute=MinuteFactory(agenda_item__meeting__status=AGREED),
        text="That the partnership publishes its plan.",
    )
    RecordedVoteFactory(vote__motion=motion, person=member, choice=RecordedVote.Choice.AGAINST)
    amendment = AmendmentFactory(
        motion=MotionFactory(minute=MinuteFactory(agenda_item__meeting__status=AGREED)),
        text="To add a review in six months.",
    )
    RecordedVoteFactory(
        vote__motion=None,
        vote__amendment=amendment,
        person=member,
        choice=RecordedVote.Choice.ABSTAIN,
    )
    exempt = MotionFactory(
        minute=MinuteFactory(
            agenda_item__meeting__status=AGREED,
            agenda_item__is_exempt=True,
            agenda_item__exempt_paragraph=3,
        ),
        text="That the exempt contract is awarded.",
    )
    RecordedVoteFactory(vote__motion=exempt, person=member)
    unpublished = MotionFactory(text="That the unpublished matter is agreed.")
    RecordedVoteFactory(vote__motion=unpublished, person=member)

    public = page_text(client.get(member.get_absolute_url()))
    assert "Motion: That the partnership publishes its plan. Against ." in public
    assert "Amendment: To add a review in six months. Abstained ." in public
    assert "exempt contract" not in public
    assert "unpublished matter" not in public

    client.force_login(councillor)
    assert "exempt contract" in page_text(client.get(member.get_absolute_url()))


def test_the_members_page_lists_councillors_with_their_current_roles(client):
    committee = CommitteeFactory(name="Communities Committee")
    chair = CommitteeMemberFactory(
        committee=committee, role=CommitteeMember.Role.CHAIR, person__name="Ann Chair"
    ).person
    CommitteeMemberFactory(
        committee=CommitteeFactory(name="Old Committee"),
        person=chair,
        start_date=datetime.date(2010, 5, 1),
        end_date=datetime.date(2012, 5, 1),
    )
    CouncillorFactory(name="Bob Backbencher")

    response = client.get(reverse("meetings:councillors"))

    text = page_text(response)
    assert f'href="{chair.get_absolute_url()}"' in response.content.decode()
    assert "Chair, Communities Committee" in text
    assert "Old Committee" not in text
    assert "Bob Backbencher" in text
    # Their own page keeps every role with its dates.
    own = page_text(client.get(chair.get_absolute_url()))
    assert "Old Committee : member, from 1 May 2010 to 1 May 2012" in own


def test_members_are_linked_wherever_they_are_named(client):
    committee = CommitteeFactory()
    member = CommitteeMemberFactory(committee=committee).person
    meeting = MeetingFactory(committee=committee)
    presenter = CouncillorFactory(name="Cabinet Member")
    presentation = Presentation.objects.create(
        agenda_item=AgendaItemFactory(meeting=meeting), topic="Safer streets"
    )
    presentation.presenters.create(person=presenter, role="Cabinet member")
    report = Report.objects.create(
        agenda_item=AgendaItemFactory(meeting=meeting),
        title="Annual review",
        author=OfficerFactory(),
        introduced_by=CouncillorFactory(),
    )

    committee_page = client.get(committee.get_absolute_url()).content.decode()
    assert f'href="{member.get_absolute_url()}"' in committee_page
    assert f'href="{reverse("meetings:councillors")}"' in committee_page
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{presenter.get_absolute_url()}"' in meeting_page
    assert f'href="{report.author.get_absolute_url()}"' in meeting_page
    report_page = client.get(report.get_absolute_url()).content.decode()
    assert f'href="{report.introduced_by.get_absolute_url()}"' in report_page
