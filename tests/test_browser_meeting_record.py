"""An officer records what happened at a meeting, in the browser, through the officer
pages alone: the meeting held, who came, a declaration, a minute for every item, a motion
amended and carried, a second item noted; the draft minutes published; then approved at
the next meeting. The public read all of it on the minutes page and in the PDF, and the
three recommendations go on with their minute numbers to the tracker and the letters.

Debian's chromium driven by Playwright, on a committee of ten built with factories.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Meeting, Motion, Recommendation
from scrutiny.kernel.municipal_year import municipal_year_start
from tests.browser_steps import sign_in, submit
from tests.factories import (
    AgendaItemFactory,
    CouncillorFactory,
    MeetingFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    committee_with_members,
)
from tests.helpers import download, read_pdf, squash

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
HELD_ON = TODAY - datetime.timedelta(days=21)
NEXT_ON = TODAY - datetime.timedelta(days=2)
DISCUSSION = "Members asked how the partnership measures rural crime."
DECLARED = "Chairs the board of a charity that runs the night shelter."
MOTION = "That the committee makes the report's recommendation to the partnership."
AMENDMENT = "To add two recommendations on victims' services and patrols."
ADDED = [
    "That the partnership reviews its support for victims of domestic abuse.",
    "That the partnership publishes its town centre patrol plan.",
]


@pytest.fixture
def committee_year():
    """A committee of ten and its partnership; a held-to-be meeting with apologies,
    disclosures, minutes, a report with one proposed recommendation and a presentation,
    and the next meeting, whose minutes item approves the first's."""
    partnership = PartnershipFactory(name="Safer Borsetshire Partnership")
    MembershipFactory(partnership=partnership, agency__name="Borsetshire Police")
    committee, members = committee_with_members(
        10,
        name="Overview and Scrutiny Committee",
        partnership=partnership,
        minute_number_format="OSC/{yy}/{number}",
    )
    published = timezone.now() - datetime.timedelta(days=40)
    first = MeetingFactory(committee=committee, date=HELD_ON, published_at=published)
    titles = [
        (AgendaItem.Kind.APOLOGIES, "Apologies for Absence"),
        (AgendaItem.Kind.DISCLOSURES, "Disclosures by Members and Officers"),
        (AgendaItem.Kind.MINUTES, "Minutes of the previous meeting"),
        (AgendaItem.Kind.REPORT, "Community Safety Partnership annual review"),
        (AgendaItem.Kind.PRESENTATION, "Police update on county lines"),
    ]
    items = [
        AgendaItemFactory(meeting=first, number=n, kind=kind, title=title)
        for n, (kind, title) in enumerate(titles, start=1)
    ]
    proposed = RecommendationFactory(
        meeting=first,
        agenda_item=items[3],
        position=1,
        text="That the partnership reports on rural crime to the next meeting.",
        addressee_partnership=partnership,
    )
    second = MeetingFactory(committee=committee, date=NEXT_ON, published_at=published)
    AgendaItemFactory(
        meeting=second,
        number=1,
        kind=AgendaItem.Kind.MINUTES,
        title="Minutes of the previous meeting",
    )
    cabinet = CouncillorFactory(name="Brian Aldridge", title="Cabinet Member for Community Safety")
    return {
        "committee": committee,
        "members": members,
        "first": first,
        "second": second,
        "items": items,
        "proposed": proposed,
        "cabinet": cabinet,
        "partnership": partnership,
    }


def go(page, base, name, pk):
    page.goto(f"{base}{reverse(f'meetings:{name}', args=[pk])}")


def mark_held(page, base, meeting):
    page.goto(f"{base}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Mark as held").click()
    submit(page, "Record the meeting as held")


def record_attendance(page, base, data):
    first, members = data["first"], data["members"]
    apologies, absent = members[8], members[9]
    go(page, base, "attendance", first.pk)
    for person in members:
        status = {apologies: "apologies", absent: "absent"}.get(person, "present")
        page.check(f"input[name=member_{person.pk}][value={status}]")
    submit(page, "Save the attendance")
    substitute = CouncillorFactory(name="Lynda Snell")
    for role, person, stands_in_for in (
        ("substitute", substitute, apologies),
        ("invited", data["cabinet"], None),
    ):
        go(page, base, "attendee_add", first.pk)
        page.check(f"input[name=role][value={role}]")
        page.select_option("select[name=person]", value=str(person.pk))
        if stands_in_for:
            page.select_option("select[name=substitute_for]", value=str(stands_in_for.pk))
        submit(page, "Add to the attendance")
    return substitute


def write_the_minutes(page, base, data):
    first, items, members = data["first"], data["items"], data["members"]
    go(page, base, "declaration_create", first.pk)
    page.select_option("select[name=agenda_item]", value=str(items[3].pk))
    page.select_option("select[name=person]", value=str(members[4].pk))
    page.check("input[name=kind][value=other]")
    page.fill("textarea[name=nature]", DECLARED)
    submit(page, "Save the declaration")

    go(page, base, "minutes_edit", first.pk)
    submit(page, "Number a minute for every item")
    for item in items:
        go(page, base, "minute_write", item.pk)
        page.fill("textarea[name=discussion]", f"Item {item.number}. {DISCUSSION}")
        submit(page, "Save the minute")

    report_minute, presentation_minute = (items[3].minute, items[4].minute)
    go(page, base, "motion_add", report_minute.pk)
    page.fill("textarea[name=text]", MOTION)
    page.select_option("select[name=mover]", value=str(members[0].pk))
    page.select_option("select[name=seconder]", value=str(members[1].pk))
    submit(page, "Save the motion")
    motion = Motion.objects.get(minute=report_minute)

    go(page, base, "amendment_add", motion.pk)
    page.fill("textarea[name=text]", AMENDMENT)
    page.select_option("select[name=mover]", value=str(members[2].pk))
    page.select_option("select[name=seconder]", value=str(members[3].pk))
    page.check("input[name=outcome][value=carried]")
    page.fill("textarea[name=recommendations]", "\n".join(ADDED))
    page.select_option("select[name=addressee_partnership]", value=str(data["partnership"].pk))
    submit(page, "Save the amendment")
    amendment = motion.amendments.get()
    go(page, base, "amendment_vote", amendment.pk)
    page.fill("input[name=votes_for]", "5")
    page.fill("input[name=votes_against]", "2")
    page.fill("input[name=abstentions]", "1")
    submit(page, "Save the vote")

    go(page, base, "motion_decide", motion.pk)
    page.check("input[name=outcome][value=carried]")
    page.check("input[name=effect][value=recommendations]")
    page.check(f"input[name=adopt][value='{data['proposed'].pk}']")
    submit(page, "Save the outcome")

    go(page, base, "motion_add", presentation_minute.pk)
    page.fill("textarea[name=text]", "That the presentation be noted.")
    page.select_option("select[name=mover]", value=str(members[1].pk))
    page.select_option("select[name=seconder]", value=str(members[0].pk))
    submit(page, "Save the motion")
    go(page, base, "motion_decide", Motion.objects.get(minute=presentation_minute).pk)
    page.check("input[name=outcome][value=carried]")
    page.check("input[name=effect][value=noted]")
    submit(page, "Save the outcome")


def test_an_officer_records_a_meeting_and_the_next_meeting_approves_its_minutes(
    live_server, page, officer, committee_year
):
    data = committee_year
    first, second, members = data["first"], data["second"], data["members"]
    base = live_server.url
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, base, "officer")

    mark_held(page, base, first)
    substitute = record_attendance(page, base, data)
    write_the_minutes(page, base, data)
    go(page, base, "minutes_publish", first.pk)
    submit(page, "Publish the draft minutes")

    mark_held(page, base, second)
    go(page, base, "minutes_approve", second.pk)
    page.check(f"input[name=earlier][value='{first.pk}']")
    page.check("input[name=approval][value=correct]")
    submit(page, "Approve the minutes")
    assert not [url for url in requested if "/admin/" in url]

    first.refresh_from_db()
    assert first.status == Meeting.Status.MINUTES_AGREED
    assert first.minutes_approved_at == second
    yy = f"{municipal_year_start(HELD_ON) % 100:02d}"
    report_minute = f"OSC/{yy}/4"
    references = [f"{report_minute}.{n}" for n in (1, 2, 3)]
    agreed = Recommendation.objects.filter(meeting=first).select_related("minute__committee")
    assert sorted(r.reference for r in agreed) == references
    assert {r.status for r in agreed} == {Recommendation.Status.AGREED}
    assert not Recommendation.objects.filter(agenda_item=data["items"][4]).exists()

    # The public read the whole record on the minutes page and in its PDF.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    go(page, base, "minutes", first.pk)
    shown = squash(page.inner_text("main"))
    pdf = read_pdf(download(Client(), reverse("meetings:minutes_pdf", args=[first.pk])))
    printed = squash(" ".join(pdf_page.extract_text() for pdf_page in pdf.pages))
    chair, apologies, absent = members[0], members[8], members[9]
    for words in (shown, printed):
        for expected in (
            "Approved as a correct record",
            f"{NEXT_ON:%-d %B %Y}",
            chair.name,
            apologies.name,
            absent.name,
            substitute.name,
            "Brian Aldridge",
            DECLARED,
            MOTION,
            AMENDMENT,
            *ADDED,
            *references,
            *(f"OSC/{yy}/{n}" for n in range(1, 6)),
            "That the presentation be noted.",
        ):
            assert squash(expected) in words, expected
        assert "5 for, 2 against, 1 abstention (9 voting members present)" in words
        assert "Draft" not in words
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    assert pdf.trailer["/Root"]["/Lang"]
    assert pdf.metadata.title
    assert pdf.outline

    # The recommendations go on to the tracker with their minute numbers, and to letters;
    # the noted item leads to none.
    tracker = squash(Client().get(reverse("meetings:tracker")).content.decode())
    for reference in references:
        assert reference in tracker
    officer_client = Client()
    officer_client.force_login(officer)
    page_text = squash(
        officer_client.get(reverse("meetings:recommendations", args=[first.pk])).content.decode()
    )
    assert "Issue the recommendation letters" in page_text
    response = officer_client.post(reverse("meetings:letters_issue", args=[first.pk]))
    assert response.status_code == 302
    sent = {r.pk for letter in first.letters.all() for r in letter.recommendations.all()}
    assert sent == {r.pk for r in agreed}
    assert all(r.response_due_on for r in Recommendation.objects.filter(meeting=first))
