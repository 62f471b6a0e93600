"""The minutes as a page and a tagged PDF from one source; publishing the draft and
approving it at a later meeting; the next meeting's minutes item and pack carrying them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from django_tasks import default_task_backend

from meetings.documents import pack_document
from meetings.minutes_approval import minutes_approve, minutes_publish
from meetings.models import AgendaItem, Attendance, Declaration, Meeting, Motion, RecordedVote
from meetings.tasks import render_meeting_documents
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.roles import COUNCILLORS_GROUP, stand_in_reader
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    AmendmentFactory,
    AttendanceFactory,
    DeclarationFactory,
    MeetingFactory,
    MinuteFactory,
    MotionFactory,
    OfficerFactory,
    RecommendationFactory,
    RecordedVoteFactory,
    VoteFactory,
    committee_with_members,
)
from tests.helpers import download, outline_titles, read_pdf, retire_cached_pages, squash

pytestmark = pytest.mark.django_db

EXEMPT_TEXT = "The names of the families the gangs exploit were discussed."


def pdf_text(pdf) -> str:
    return squash(" ".join(page.extract_text() for page in pdf.pages))


@pytest.fixture
def record():
    """A held meeting of a 10-member committee with its whole record: attendance, a
    declaration, a report item with a motion amended (carried 5-2-1) adopting three
    recommendations, a noted item decided by a recorded vote, and an exempt item."""
    committee, people = committee_with_members(10, minute_number_format="{number}")
    chair, vice, *members = people
    meeting = MeetingFactory(
        committee=committee,
        date=datetime.date(2019, 3, 12),
        status=Meeting.Status.HELD,
        venue="Town Hall",
    )
    for person in [chair, vice, *members[:5]]:
        AttendanceFactory(meeting=meeting, person=person)
    AttendanceFactory(meeting=meeting, person=members[5], status=Attendance.Status.APOLOGIES)
    AttendanceFactory(meeting=meeting, person=members[6], status=Attendance.Status.ABSENT)
    substitute = AttendanceFactory(
        meeting=meeting,
        person__name="Sam Standin",
        role=Attendance.Role.SUBSTITUTE,
        substitute_for=members[5],
    ).person
    cabinet = AttendanceFactory(
        meeting=meeting,
        person__name="Casey Cabinet",
        person__title="Cabinet Member for Community Safety",
        role=Attendance.Role.INVITED,
    ).person
    officer = OfficerFactory(name="Olive Officer", job_title="Democratic Services Officer")
    AttendanceFactory(meeting=meeting, person=officer, role=Attendance.Role.OFFICER)
    police = AgencyFactory(name="Kent Police")
    partner = OfficerFactory(name="Pat Partner", agency=police, job_title="")
    AttendanceFactory(meeting=meeting, person=partner, role=Attendance.Role.PARTNER)

    report = AgendaItemFactory(
        meeting=meeting, number=1, kind=AgendaItem.Kind.REPORT, title="Gangs review"
    )
    noted = AgendaItemFactory(
        meeting=meeting, number=2, kind=AgendaItem.Kind.REPORT, title="Annual crime figures"
    )
    exempt = AgendaItemFactory(
        meeting=meeting,
        number=3,
        title="Named families at risk",
        is_exempt=True,
        exempt_paragraph=1,
    )
    minute = MinuteFactory(
        agenda_item=report,
        number=326,
        discussion="Members asked about county lines.\n\nThe officer answered.",
    )
    DeclarationFactory(
        agenda_item=report,
        person=members[0],
        kind=Declaration.Kind.OTHER,
        nature="A trustee of a youth charity.",
        left_room=True,
    )
    motion = MotionFactory(
        minute=minute,
        position=1,
        text="That recommendation 2.1 be approved.",
        mover=chair,
        seconder=vice,
        outcome=Motion.Outcome.CARRIED,
        effect=Motion.Effect.RECOMMENDATIONS,
    )
    VoteFactory(motion=motion, votes_for=6, votes_against=1, abstentions=0, present=8)
    amendment = AmendmentFactory(
        motion=motion,
        position=1,
        text="To add two recommendations on county lines.",
        mover=members[1],
        seconder=members[2],
        outcome="carried",
    )
    VoteFactory(motion=None, amendment=amendment, present=8)
    adopted = RecommendationFactory(
        meeting=meeting, agenda_item=report, position=1, text="That the partnership maps gangs."
    )
    added = [
        RecommendationFactory(meeting=meeting, agenda_item=report, position=position, text=text)
        for position, text in ((2, "That police report county lines."), (3, "That KCC trains."))
    ]
    for number, recommendation in enumerate([adopted, *added], start=1):
        recommendation.minute = minute
        recommendation.number_in_minute = number
        recommendation.motion = motion
        recommendation.amendment = amendment if recommendation in added else None
        recommendation.save()
    noted_minute = MinuteFactory(agenda_item=noted, number=327, discussion="")
    noting = MotionFactory(
        minute=noted_minute,
        position=1,
        text="That the report be noted.",
        mover=vice,
        seconder=members[3],
        outcome=Motion.Outcome.CARRIED,
        effect=Motion.Effect.NOTED,
    )
    vote = VoteFactory(
        motion=noting, votes_for=2, votes_against=1, abstentions=0, present=8, recorded=True
    )
    RecordedVoteFactory(vote=vote, person=chair, choice=RecordedVote.Choice.FOR)
    RecordedVoteFactory(vote=vote, person=vice, choice=RecordedVote.Choice.FOR)
    RecordedVoteFactory(vote=vote, person=members[4], choice=RecordedVote.Choice.AGAINST)
    MinuteFactory(agenda_item=exempt, number=328, discussion=EXEMPT_TEXT)
    return {
        "committee": committee,
        "meeting": meeting,
        "chair": chair,
        "vice": vice,
        "members": members,
        "substitute": substitute,
        "cabinet": cabinet,
        "officer": officer,
        "partner": partner,
    }


def published(record) -> Meeting:
    return minutes_publish(meeting=record["meeting"], user=None)


def later_meeting(record, **fields) -> Meeting:
    later = MeetingFactory(
        committee=record["committee"],
        date=datetime.date(2019, 4, 9),
        status=Meeting.Status.HELD,
        **fields,
    )
    AgendaItemFactory(
        meeting=later,
        number=1,
        kind=AgendaItem.Kind.MINUTES,
        title="Minutes of the previous meeting",
    )
    return later


def minutes_url(meeting, pdf=False) -> str:
    return reverse("meetings:minutes_pdf" if pdf else "meetings:minutes", args=[meeting.pk])


def test_the_minutes_page_shows_the_whole_record(client, record):
    meeting = published(record)
    page = client.get(minutes_url(meeting)).content.decode()
    text = squash(page)
    chair, members = record["chair"], record["members"]
    assert f'href="{chair.get_absolute_url()}"' in page
    assert f"In the chair: Councillor {chair.name}" in squash(strip_tags(page))
    for heading in (
        "Members present",
        "Apologies for absence",
        "Absent",
        "Substitute members",
        "Invited councillors",
        "Officers present",
        "Partner representatives present",
    ):
        assert heading in text
    words = squash(strip_tags(page))
    assert f"Councillor Sam Standin (for Councillor {members[5].name})" in words
    assert "Councillor Casey Cabinet, Cabinet Member for Community Safety" in words
    assert "Olive Officer, Democratic Services Officer" in words
    assert "Pat Partner, Kent Police" in words
    assert (
        f"Councillor {members[0].name}: Other registrable or non-registrable interest. "
        "A trustee of a youth charity. Left the room for the item." in words
    )
    assert "326. Gangs review" in words
    assert "Members asked about county lines." in words
    assert (
        f"Moved by Councillor {chair.name}, seconded by Councillor {record['vice'].name}." in words
    )
    assert (
        f"Amendment 1, moved by Councillor {members[1].name}, seconded by Councillor "
        f"{members[2].name}: To add two recommendations on county lines." in words
    )
    assert (
        "The amendment was carried: 5 for, 2 against, 1 abstention (8 voting members present)."
        in words
    )
    assert "The motion was carried: 6 for, 1 against, 0 abstentions" in words
    assert "326.1 That the partnership maps gangs." in words
    assert "326.3 That KCC trains." in words
    assert (
        f"a recorded vote; for: Councillor {chair.name}, Councillor {record['vice'].name}; "
        f"against: Councillor {members[4].name}; abstained: none (8 voting members present)"
        in words
    )
    assert "Resolved (noted)" in words
    # Listed in agenda order, with the exempt item's number and paragraph only.
    assert words.index("326. Gangs review") < words.index("327. Annual crime figures")
    assert "328. Exempt item" in words
    assert "exempt under Schedule 12A paragraph 1" in words
    assert "Named families at risk" not in words and EXEMPT_TEXT not in words
    assert "Draft minutes: not yet approved" in words


def test_the_minutes_pdf_is_tagged_titled_bookmarked_and_marked_draft_on_every_page(client, record):
    meeting = published(record)
    response = download(client, minutes_url(meeting, pdf=True))
    assert response["Content-Disposition"].endswith('-draft-minutes.pdf"')
    pdf = read_pdf(response)
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert pdf.metadata.title == (f"Draft minutes: {record['committee'].name}, 12 March 2019")
    outline = outline_titles(pdf.outline)
    for bookmark in ("326. Gangs review", "327. Annual crime figures", "328. Exempt item"):
        assert bookmark in outline
    for page in pdf.pages:
        assert "DRAFT minutes, not yet approved" in page.extract_text()
    text = pdf_text(pdf)
    assert f"recorded vote; for: Councillor {record['chair'].name}" in text
    assert "326.2 That police report county lines." in text
    assert EXEMPT_TEXT not in text


def test_approved_minutes_are_signed_by_the_person_presiding_at_the_approving_meeting(
    client, record
):
    meeting = published(record)
    presiding = record["vice"]
    later = later_meeting(record, presiding=presiding)
    minutes_approve(
        meeting=meeting, at=later, user=None, corrections="Minute 326: Cllr B was present."
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_AGREED
    assert meeting.minutes_approved_at == later and meeting.minutes_signed_by == presiding
    assert later.agenda_items.get(number=1).minutes_of == meeting

    words = squash(strip_tags(client.get(minutes_url(meeting)).content.decode()))
    assert (
        "Approved as a correct record, subject to the corrections below, at the meeting of "
        "9 April 2019." in words
    )
    assert f"Signed: Councillor {presiding.name}, presiding, 9 April 2019" in words
    assert "Minute 326: Cllr B was present." in words
    assert "Draft minutes" not in words
    pdf = read_pdf(download(client, minutes_url(meeting, pdf=True)))
    text = pdf_text(pdf)
    assert f"Signed: Councillor {presiding.name}, presiding, 9 April 2019" in text
    assert "Minute 326: Cllr B was present." in text
    assert "DRAFT" not in text
    assert pdf.metadata.title.startswith("Minutes: ")
    # The approving meeting's minutes record the approval on its minutes item.
    MinuteFactory(agenda_item=later.agenda_items.get(number=1), number=329, discussion="")
    minutes_publish(meeting=later, user=None)
    words = squash(strip_tags(client.get(minutes_url(later)).content.decode()))
    assert (
        "329. Minutes of the previous meeting Agenda item 1 The minutes of the meeting of "
        "12 March 2019 were approved as a correct record, subject to these corrections: "
        f"Minute 326: Cllr B was present., and signed by {presiding.name}." in words
    )


def test_the_chair_on_the_day_signs_when_no_one_else_is_recorded_presiding(record):
    meeting = published(record)
    later = later_meeting(record)
    minutes_approve(meeting=meeting, at=later, user=None)
    meeting.refresh_from_db()
    assert meeting.minutes_signed_by == record["chair"]
    assert meeting.minutes_corrections == ""


def test_minutes_are_approved_only_at_a_later_held_meeting_of_the_committee(record):
    meeting = published(record)
    not_held = later_meeting(record)
    not_held.status = Meeting.Status.PUBLISHED
    not_held.save()
    with pytest.raises(ServiceError, match="has not been held"):
        minutes_approve(meeting=meeting, at=not_held, user=None)
    earlier = MeetingFactory(
        committee=record["committee"], date=datetime.date(2019, 1, 8), status="held"
    )
    with pytest.raises(ServiceError, match="later meeting"):
        minutes_approve(meeting=meeting, at=earlier, user=None)
    other = MeetingFactory(date=datetime.date(2019, 5, 1), status=Meeting.Status.HELD)
    with pytest.raises(ServiceError, match="same committee"):
        minutes_approve(meeting=meeting, at=other, user=None)


def test_an_exempt_minute_is_for_councillors_and_officers_only(client, record, councillor):
    meeting = published(record)
    for url in (minutes_url(meeting), minutes_url(meeting, pdf=True)):
        response = download(client, url)
        body = (
            pdf_text(read_pdf(response))
            if url.endswith(".pdf")
            else squash(strip_tags(response.content.decode()))
        )
        assert EXEMPT_TEXT not in body and "Named families at risk" not in body
        assert "328. Exempt item" in body
    reader = Client()
    reader.force_login(councillor)
    page = squash(strip_tags(reader.get(minutes_url(meeting)).content.decode()))
    assert "328. Named families at risk" in page and EXEMPT_TEXT in page
    pdf = pdf_text(read_pdf(download(reader, minutes_url(meeting, pdf=True))))
    assert EXEMPT_TEXT in pdf


def test_minutes_are_for_officers_only_until_published(client, record, officer):
    meeting = record["meeting"]
    page = squash(strip_tags(client.get(minutes_url(meeting)).content.decode()))
    assert "have not been published yet" in page
    assert "Members asked about county lines." not in page
    assert client.get(minutes_url(meeting, pdf=True)).status_code == 404
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert minutes_url(meeting) not in meeting_page

    client.force_login(officer)
    page = squash(strip_tags(client.get(minutes_url(meeting)).content.decode()))
    assert "Members asked about county lines." in page
    assert "Not published: only officers can read them." in page
    assert minutes_url(meeting) in client.get(meeting.get_absolute_url()).content.decode()


def test_minutes_not_stated_are_not_invented(client, record):
    meeting = record["meeting"]
    meeting.minutes_not_stated = True
    meeting.save()
    page = squash(strip_tags(client.get(minutes_url(meeting)).content.decode()))
    assert "The minutes of this meeting are not recorded on this site." in page
    assert "Gangs review" not in page
    assert client.get(minutes_url(meeting, pdf=True)).status_code == 404


def test_publishing_refuses_while_an_item_has_no_minute_and_names_it(record):
    AgendaItemFactory(meeting=record["meeting"], number=4, title="Any other business")
    AgendaItemFactory(meeting=record["meeting"], number=5, title="Date of next meeting")
    with pytest.raises(ServiceError, match="items 4, 5 have none"):
        minutes_publish(meeting=record["meeting"], user=None)
    assert Meeting.objects.get(pk=record["meeting"].pk).status == Meeting.Status.HELD


def test_the_publish_page_names_the_items_still_without_a_minute(client, record, officer):
    AgendaItemFactory(meeting=record["meeting"], number=4, title="Any other business")
    client.force_login(officer)
    url = reverse("meetings:minutes_publish", args=[record["meeting"].pk])
    assert "Item 4 has no minute yet" in squash(client.get(url).content.decode())
    response = client.post(url, follow=True)
    assert "item 4 has none" in squash(response.content.decode())
    assert Meeting.objects.get(pk=record["meeting"].pk).status == Meeting.Status.HELD


def test_an_officer_publishes_then_approves_through_the_pages(
    client, record, officer, django_capture_on_commit_callbacks
):
    meeting = record["meeting"]
    later = later_meeting(record)
    client.force_login(officer)
    publish = reverse("meetings:minutes_publish", args=[meeting.pk])
    assert client.get(publish).status_code == 200
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(publish).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFT and meeting.minutes_published_at
    # Once committed, the minutes and the next meeting's pack are made again.
    queued = {
        result.args[0]
        for result in default_task_backend.results
        if result.task.module_path == render_meeting_documents.module_path
    }
    assert {meeting.pk, later.pk} <= queued

    approve = reverse("meetings:minutes_approve", args=[later.pk])
    form = client.get(approve).context["form"]
    assert list(form.fields["earlier"].queryset) == [meeting]
    refused = client.post(approve, {"earlier": meeting.pk, "approval": "corrections"})
    assert "Enter the corrections the meeting made" in refused.content.decode()
    response = client.post(
        approve,
        {"earlier": meeting.pk, "approval": "corrections", "corrections": "Item 2 corrected."},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_AGREED
    assert meeting.minutes_corrections == "Item 2 corrected."


def test_the_next_meetings_minutes_item_links_the_minutes_and_its_pack_carries_them(
    client, record, councillor
):
    meeting = published(record)
    later = later_meeting(record)
    later.status = Meeting.Status.PUBLISHED
    later.save()
    item = later.agenda_items.get(number=1)
    assert item.minutes_of is None  # the default: the latest published minutes
    page = client.get(later.get_absolute_url()).content.decode()
    assert f'href="{minutes_url(meeting)}"' in page
    assert "The draft minutes of the meeting of 12 March 2019" in page

    pdf = read_pdf(download(client, reverse("meetings:pack_pdf", args=[later.pk])))
    text = pdf_text(pdf)
    assert "Draft minutes of the meeting of 12 March 2019" in text
    assert "326. Gangs review" in text and "Members asked about county lines." in text
    assert EXEMPT_TEXT not in text
    councillors_pack = pack_document(later, stand_in_reader(COUNCILLORS_GROUP))
    assert EXEMPT_TEXT in councillors_pack.html

    # An officer's choice wins over the default.
    chosen = MeetingFactory(
        committee=record["committee"],
        date=datetime.date(2019, 2, 5),
        status=Meeting.Status.MINUTES_DRAFT,
    )
    item.minutes_of = chosen
    item.save()
    retire_cached_pages()
    page = client.get(later.get_absolute_url()).content.decode()
    assert f'href="{minutes_url(chosen)}"' in page


def minutes_pages_to_check(client, record, officer) -> dict[str, list[str]]:
    """The minutes pages (meetings/views/minutes.py) with a whole record: draft and
    approved minutes, the next meeting's minutes item, and the officers' pages."""
    meeting = minutes_publish(meeting=record["meeting"], user=None)
    later = later_meeting(record)
    draft_minutes = reverse("meetings:minutes", args=[meeting.pk])
    public = [draft_minutes, later.get_absolute_url()]
    officer_urls = [
        draft_minutes,
        reverse("meetings:minutes_approve", args=[later.pk]),
        reverse("meetings:minutes_publish", args=[later.pk]),
    ]
    approved = MeetingFactory(
        committee=record["committee"], date=datetime.date(2019, 1, 8), status="minutes_draft"
    )
    minutes_approve(meeting=approved, at=meeting, user=None, corrections="Item 1: *amended*.")
    public.append(reverse("meetings:minutes", args=[approved.pk]))
    return {"public": public, "officer": officer_urls}
