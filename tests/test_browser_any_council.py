"""A new officer at a council that is not Maidstone sets up its committee from an empty
database and builds and publishes a meeting, through the officer pages alone.

Debian's chromium driven by Playwright. The test fails if the browser asks for any
/admin/ address, and counts the POST requests the meeting takes (previews and
confirmations included): at most 30, set-up not counted.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Appendix, Committee, Meeting, Person, Presentation, Report
from partnership.models import CommunitySafetyPlan, Partnership, PlanRefresh
from scrutiny.kernel.municipal_year import municipal_year_start
from tests.browser_steps import sign_in, submit
from tests.helpers import download, read_pdf, squash, tiny_pdf

pytestmark = pytest.mark.browser

MEETING_DAY = datetime.date.today() + datetime.timedelta(days=30)
POSTS_ALLOWED = 30

AGENCIES = [
    ("Borsetshire Police", "responsible_authority"),
    ("Borsetshire Fire and Rescue Service", "responsible_authority"),
    ("Felpersham Probation Delivery Unit", "responsible_authority"),
    ("Borsetshire Integrated Care Board", "responsible_authority"),
    ("Ambridge Victim Support", "non_statutory"),
]
PRIORITIES = [
    "Violence against women and girls",
    "Rural and farm crime",
    "Anti-social behaviour in town centres",
    "Drug supply and county lines",
]
MEMBERS = [
    ("Ruth Archer", "chair"),
    ("David Archer", "vice_chair"),
    ("Lynda Snell", "member"),
    ("Jim Lloyd", "member"),
    ("Alan Franks", "member"),
    ("Usha Franks", "member"),
]

# Text as an officer copies it from a word processor: tabs after the numbers.
REPORT_TEXT = """Community Safety Partnership: annual review

1\tIntroduction
1.1\tThis report reviews the work of the Safer Borsetshire Partnership in the year.
1.2\tThe committee scrutinises the partnership once a year at least.
1.3\tThe partnership met four times and agreed a refreshed plan.
1.4\tThis report was prepared with the partnership's agencies.
2\tPerformance
2.1\tRecorded crime fell by four per cent across the county.
2.2\tRural crime fell most, after the farm watch scheme began.
2.3\tReports of anti-social behaviour rose in Borchester town centre:
- more evening patrols
- a new dispersal order
2.4\tDrug supply arrests rose after joint operations.
3\tRecommendations
3.1\tThat the committee notes the partnership's performance.
3.2\tThat the committee asks the partnership to report on rural crime.
3.3\tThat the committee asks Borsetshire Police about town centre patrols.
3.4\tThat the committee reviews the plan again next year.
"""

QUESTIONS = [
    "How has the farm watch scheme been funded?",
    "Which town centres have a dispersal order?",
    "How many victims of domestic abuse were referred to support?",
    "What has the partnership learned from the county lines operations?",
    "How do residents report anti-social behaviour at night?",
]
RECOMMENDATIONS = [
    "That the partnership reports on rural crime to the next meeting.",
    "That Borsetshire Police publishes its town centre patrol plan.",
    "That the partnership reviews its support for victims of domestic abuse.",
]


def fill_date(page, name, day):
    page.fill(f"input[name={name}_0]", str(day.day))
    page.fill(f"input[name={name}_1]", str(day.month))
    page.fill(f"input[name={name}_2]", str(day.year))


def set_up_the_council(page, base):
    """The council, its partnership of five agencies, a plan year of four priorities, a
    committee with its chair, vice-chair and four members, and a report author."""
    page.goto(f"{base}{reverse('meetings:council_update')}")
    page.fill("input[name=name]", "Borsetshire County Council")
    page.fill("textarea[name=address]", "County Hall, Felpersham, Borsetshire BO1 1AA")
    page.fill("input[name=email]", "democratic.services@borsetshire.example")
    page.fill("input[name=phone]", "01632 960000")
    submit(page, "Save the council's details")

    page.goto(f"{base}{reverse('partnership:partnership_create')}")
    page.fill("input[name=name]", "Safer Borsetshire Partnership")
    page.fill("input[name=slug]", "safer-borsetshire")
    page.fill("input[name=area]", "Borsetshire")
    submit(page, "Save partnership")
    partnership = Partnership.objects.get(slug="safer-borsetshire")
    for name, standing in AGENCIES:
        page.goto(f"{base}{reverse('partnership:agency_create', args=[partnership.slug])}")
        page.fill("input[name=name]", name)
        page.check(f"input[name=standing][value={standing}]")
        page.fill("input[name=contact_name]", f"Head of {name}")
        submit(page, "Save agency")

    page.goto(f"{base}{reverse('partnership:plan_create', args=[partnership.slug])}")
    year = municipal_year_start(MEETING_DAY)
    page.fill("input[name=title]", "Community Safety Plan")
    page.fill("input[name=start_year]", str(year))
    page.fill("input[name=end_year]", str(year + 2))
    submit(page, "Save plan")
    plan = CommunitySafetyPlan.objects.get(partnership=partnership)
    page.goto(f"{base}{reverse('partnership:refresh_create', args=[plan.pk])}")
    page.fill("input[name=year]", str(year))
    page.fill("input[name=title]", f"Plan refresh {year}")
    submit(page, "Save refresh")
    refresh = PlanRefresh.objects.get(plan=plan)
    for title in PRIORITIES:
        page.goto(f"{base}{reverse('partnership:priority_create', args=[refresh.pk])}")
        page.fill("input[name=title]", title)
        submit(page, "Save priority")

    page.goto(f"{base}{reverse('meetings:committee_create')}")
    page.fill("input[name=name]", "Overview and Scrutiny Committee")
    page.check("input[name=crime_and_disorder]")
    page.fill("input[name=acting_as]", "Crime and Disorder Committee")
    page.fill("input[name=usual_venue]", "Council Chamber, County Hall, Felpersham")
    page.fill("input[name=usual_start_time]", "6.30pm")
    page.select_option("select[name=partnership]", label="Safer Borsetshire Partnership")
    submit(page, "Save committee")
    committee = Committee.objects.get(name="Overview and Scrutiny Committee")
    for name, role in MEMBERS:
        page.goto(f"{base}{reverse('meetings:member_create', args=[committee.slug])}")
        page.fill("input[name=new_name]", name)
        page.check(f"input[name=role][value={role}]")
        submit(page, "Save membership")

    page.goto(f"{base}{reverse('meetings:person_create')}")
    page.check("input[name=kind][value=officer]")
    page.fill("input[name=name]", "Shula Hebden Lloyd")
    page.fill("input[name=job_title]", "Community Safety Manager")
    submit(page, "Save person")
    return committee


def build_the_meeting(page, base, committee):
    """Everything the meeting needs, from "New meeting" to published."""
    page.goto(f"{base}{reverse('meetings:meeting_create')}")
    page.select_option("select[name=committee]", label=str(committee))
    fill_date(page, "date", MEETING_DAY)
    submit(page, "Save meeting")
    meeting = Meeting.objects.get(committee=committee)
    assert meeting.agenda_items.count() == 6  # the committee's standard items

    # An item with a report pasted whole, an appendix uploaded then replaced.
    page.goto(f"{base}{reverse('meetings:item_create', args=[meeting.pk])}")
    page.check("input[name=kind][value=report]")
    page.fill("input[name=title]", "Community Safety Partnership: annual review")
    submit(page, "Save item")
    item = meeting.agenda_items.get(number=7)
    page.goto(f"{base}{reverse('meetings:report_create', args=[item.pk])}")
    page.fill("input[name=title]", "Community Safety Partnership: annual review")
    page.select_option("select[name=author]", label="Shula Hebden Lloyd, Community Safety Manager")
    submit(page, "Save report")
    report = Report.objects.get(agenda_item=item)
    page.goto(f"{base}{reverse('meetings:report_body', args=[report.pk])}")
    page.fill("textarea[name=text]", REPORT_TEXT)
    submit(page, "Preview the sections and paragraphs")
    submit(page, "Save these sections and paragraphs")
    page.goto(f"{base}{reverse('meetings:appendix_create', args=[report.pk])}")
    page.fill("input[name=title]", "Crime figures by district")
    page.set_input_files(
        "input[name=file]",
        {"name": "wrong.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf(1)},
    )
    submit(page, "Upload appendix")
    appendix = Appendix.objects.get(report=report)
    page.goto(f"{base}{reverse('meetings:appendix_update', args=[appendix.pk])}")
    page.set_input_files(
        "input[name=file]",
        {"name": "right.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf(2)},
    )
    submit(page, "Save appendix")

    # A presentation by a councillor and an agency's officer, with slides.
    page.goto(f"{base}{reverse('meetings:item_create', args=[meeting.pk])}")
    page.check("input[name=kind][value=presentation]")
    page.fill("input[name=title]", "Rural crime")
    submit(page, "Save item")
    item = meeting.agenda_items.get(number=8)
    page.goto(f"{base}{reverse('meetings:presentation_create', args=[item.pk])}")
    page.fill("input[name=topic]", "Rural crime and the farm watch scheme")
    page.get_by_label("Rural and farm crime", exact=False).check()
    submit(page, "Save presentation")
    presentation = Presentation.objects.get(agenda_item=item)
    for values in [
        {
            "new_name": "Brian Aldridge",
            "new_kind": "councillor",
            "new_title": "Cabinet Member for Community Safety",
            "role": "Cabinet Member for Community Safety",
        },
        {
            "new_name": "Inspector Alistair Lloyd",
            "new_kind": "officer",
            "new_job_title": "Rural Crime Inspector",
            "role": "Rural Crime Inspector",
            "agency": "Borsetshire Police",
        },
    ]:
        page.goto(f"{base}{reverse('meetings:presenter_create', args=[presentation.pk])}")
        page.fill("input[name=new_name]", values["new_name"])
        page.check(f"input[name=new_kind][value={values['new_kind']}]")
        for field in ("new_title", "new_job_title", "role"):
            if field in values:
                page.fill(f"input[name={field}]", values[field])
        if "agency" in values:
            page.select_option("select[name=agency]", label=values["agency"])
        submit(page, "Save presenter")
    page.goto(f"{base}{reverse('meetings:slides_upload', args=[presentation.pk])}")
    page.set_input_files(
        "input[name=file]",
        {"name": "slides.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf(3)},
    )
    submit(page, "Upload slides")

    # Five lines of enquiry and three recommendations, each pasted at once.
    page.goto(f"{base}{reverse('meetings:lines_of_enquiry_add_several', args=[meeting.pk])}")
    page.fill("textarea[name=items]", "\n".join(QUESTIONS))
    submit(page, "Add the questions")
    page.goto(f"{base}{reverse('meetings:recommendations_add_several', args=[meeting.pk])}")
    page.fill("textarea[name=items]", "\n".join(RECOMMENDATIONS))
    submit(page, "Add the recommendations")

    page.goto(f"{base}{reverse('meetings:meeting_publish', args=[meeting.pk])}")
    submit(page, "Publish meeting")
    assert page.get_by_text("The meeting has been published.").count() == 1
    return meeting


def test_an_officer_sets_up_another_council_and_builds_a_meeting_without_the_admin(
    live_server, page, officer, capsys
):
    base = live_server.url
    requested, posts = [], []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, base, "officer")

    committee = set_up_the_council(page, base)
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    meeting = build_the_meeting(page, base, committee)
    with capsys.disabled():
        print(f"\nPOST requests to build and publish the meeting: {len(posts)}")

    assert not [url for url in requested if "/admin/" in url]
    assert len(posts) <= POSTS_ALLOWED, posts

    # What was built is what the officer meant.
    report = Report.objects.get(agenda_item__meeting=meeting)
    sections = list(report.sections.order_by("number"))
    assert [section.title for section in sections] == [
        "Introduction",
        "Performance",
        "Recommendations",
    ]
    assert sum(section.paragraphs.count() for section in sections) == 12
    appendix = report.appendices.get()
    assert appendix.page_count == 2  # the replacement, not the first file
    presenters = Presentation.objects.get(agenda_item__meeting=meeting).presenters.all()
    assert [(p.person.name, p.person.kind, p.agency and p.agency.name) for p in presenters] == [
        ("Brian Aldridge", Person.Kind.COUNCILLOR, None),
        ("Inspector Alistair Lloyd", Person.Kind.OFFICER, "Borsetshire Police"),
    ]
    assert meeting.lines_of_enquiry.count() == 5
    assert meeting.recommendations.count() == 3
    chair = committee.members.get(role="chair")
    assert chair.person.name == "Ruth Archer"
    assert committee.members.count() == 6

    # The public read it under the council's own name, and nothing says Maidstone.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto(f"{base}{meeting.get_absolute_url()}")
    text = page.inner_text("body")
    assert "Borsetshire County Council" in text
    assert "acting as the Crime and Disorder Committee" in text
    assert "Maidstone" not in text
    for address in (
        reverse("meetings:agenda_pdf", args=[meeting.pk]),
        reverse("meetings:pack_pdf", args=[meeting.pk]),
    ):
        pdf = read_pdf(download(Client(), address))
        words = squash(" ".join(pdf_page.extract_text() for pdf_page in pdf.pages))
        assert "Borsetshire County Council" in words
        assert "Maidstone" not in words
