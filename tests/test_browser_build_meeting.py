"""An officer builds a whole meeting pack in the browser, then the public and a councillor
read it. Debian's chromium driven by Playwright; every step is a real form submission."""

import datetime

import pytest

from meetings.models import Meeting
from tests.browser_steps import sign_in, submit

pytestmark = pytest.mark.browser

FUTURE = datetime.date.today() + datetime.timedelta(days=90)

# Added after the six standard items the committee's meetings start with.
ITEMS = [
    ("report", "Review of the community safety partnership", None),
    ("presentation", "Gangs and county lines", None),
    ("other", "Named offenders and their victims", "1"),
]


def test_officer_builds_publishes_and_readers_see_the_right_things(
    live_server, page, demo_meeting, officer, councillor
):
    base = live_server.url
    sign_in(page, base, "officer")

    # The meeting, on a future date.
    page.get_by_role("link", name="New meeting").click()
    page.select_option("select[name=committee]", label=str(demo_meeting.committee))
    page.fill("input[name=date_0]", str(FUTURE.day))
    page.fill("input[name=date_1]", str(FUTURE.month))
    page.fill("input[name=date_2]", str(FUTURE.year))
    page.fill("input[name=start_time]", "6.30pm")
    page.fill("input[name=venue]", "Town Hall, High Street, Maidstone")
    submit(page, "Save meeting")
    meeting = Meeting.objects.exclude(pk=demo_meeting.pk).get()
    meeting_url = f"{base}{meeting.get_absolute_url()}"

    # The committee's six standard items, then three more, one of them exempt.
    assert page.get_by_role("heading", level=3).count() == 6
    for kind, title, paragraph in ITEMS:
        page.goto(meeting_url)
        page.get_by_role("link", name="Add an agenda item").click()
        page.check(f"input[name=kind][value={kind}]")
        page.fill("input[name=title]", title)
        if paragraph:
            page.check("input[name=is_exempt]")
            page.select_option("select[name=exempt_paragraph]", paragraph)
        submit(page, "Save item")

    # A report with two sections of numbered paragraphs.
    page.goto(meeting_url)
    page.get_by_role("link", name="Write a report for item 7").click()
    page.fill("input[name=title]", "Review of the community safety partnership")
    page.select_option("select[name=author]", index=1)
    submit(page, "Save report")
    for heading, paragraphs in [
        (
            "Introduction",
            ["This report reviews the partnership's year.", "Members asked:\n- how\n- why"],
        ),
        ("Recommendation", ["That the presentation is noted."]),
    ]:
        page.get_by_role("link", name="Add a section").click()
        page.fill("input[name=title]", heading)
        submit(page, "Save section")
        for text in paragraphs:
            number = page.locator("section").count()
            page.get_by_role("link", name=f"Add a paragraph to section {number}").click()
            page.fill("textarea[name=text]", text)
            submit(page, "Save paragraph")
    assert page.locator("#paragraph-1\\.2 li").all_inner_texts() == ["how", "why"]
    assert page.locator("#paragraph-2\\.1").count() == 1

    # A presentation by two presenters from two agencies.
    page.goto(meeting_url)
    page.get_by_role("link", name="Add a presentation to item 8").click()
    page.fill("input[name=topic]", "Gangs and county lines")
    page.get_by_label("Gangs and Child Sexual Exploitation (CSE) (2018/19)").check()
    submit(page, "Save presentation")
    for name, role, agency in [
        ("Mark Hedges", "Inspector", "Kent Police"),
        ("Hema Birdi", "Early Help Manager", "Kent County Council"),
    ]:
        page.get_by_role("link", name="Add a presenter").click()
        # A new person, typed in the presenter's form: an officer of the agency chosen.
        page.fill("input[name=new_name]", name)
        page.fill("input[name=role]", role)
        page.select_option("select[name=agency]", label=agency)
        submit(page, "Save presenter")

    # The standard lines of enquiry plus one more.
    page.goto(f"{meeting_url}lines-of-enquiry/")
    page.get_by_role("button", name="Add the standard questions").click()
    page.get_by_role("link", name="Add a line of enquiry").click()
    page.fill("textarea[name=question]", "How many young people have left gangs this year?")
    page.select_option("select[name=presentation]", label="Gangs and county lines")
    submit(page, "Save question")
    assert page.get_by_text("How many young people have left gangs this year?").count() == 1

    # Two recommendations.
    for text in [
        "That the partnership reports on county lines to the next meeting.",
        "That Kent Police shares its gang mapping with the council.",
    ]:
        page.goto(f"{meeting_url}recommendations/")
        page.get_by_role("link", name="Add a recommendation").click()
        page.fill("textarea[name=text]", text)
        submit(page, "Save recommendation")

    # Reorder: the substitutes go before the apologies.
    page.goto(meeting_url)
    page.get_by_role("button", name="Move up item 2").click()
    page.wait_for_load_state()

    # Publish, after the confirmation page.
    page.get_by_role("link", name="Publish meeting").click()
    page.get_by_role("button", name="Publish meeting").click()
    page.wait_for_load_state()
    assert page.get_by_text("The meeting has been published.").count() == 1
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    # The public: everything in order, the exempt item in its place and nothing of it.
    page.goto(meeting_url)
    headings = page.get_by_role("heading", level=3).all_inner_texts()
    assert headings == [
        "1. Notification of Substitute Members",
        "2. Apologies for Absence",
        "3. Urgent Items",
        "4. Disclosures by Members and Officers",
        "5. To consider whether any items should be taken in private because of the "
        "possible disclosure of exempt information",
        "6. Minutes of the previous meeting",
        "7. Review of the community safety partnership",
        "8. Gangs and county lines",
        "9. Exempt item — Schedule 12A paragraph 1",
    ]
    assert page.get_by_text("Named offenders").count() == 0
    assert page.get_by_role("cell", name="Hema Birdi").count() == 1

    # A councillor: the exempt item, with its paragraph.
    sign_in(page, base, "councillor")
    page.goto(meeting_url)
    assert page.get_by_role("heading", name="9. Named offenders and their victims").count() == 1
    assert page.get_by_text("Not for publication — Schedule 12A paragraph 1").count() == 1
