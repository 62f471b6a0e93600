"""The accessibility statement at /accessibility/ (meetings/accessibility_statement.py): the
GOV.UK model statement's sections, the council's contact details and dates from its
set-up page, and the published appendices and slides the upload check flagged, each with
the WCAG 2.2 success criteria it fails; never an exempt item's or a draft meeting's."""

import datetime
import html

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from meetings.models import Appendix, Meeting, Presentation, Report, Slides
from scrutiny.kernel.council import Council
from scrutiny.kernel.updates import edit_token
from tests.factories import AgendaItemFactory, MeetingFactory, OfficerFactory
from tests.helpers import retire_cached_pages, squash, tiny_pdf

pytestmark = pytest.mark.django_db

STATEMENT = reverse("meetings:accessibility_statement")
# The GOV.UK model accessibility statement's headings, in its order.
SECTIONS = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that's not within the scope of the accessibility regulations",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]
TODAY = datetime.date(2026, 12, 3)


def page(client, url=STATEMENT) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def words(client, url=STATEMENT) -> str:
    """The page's words as a reader reads them, without its markup."""
    return squash(html.unescape(strip_tags(page(client, url))))


def report_on(meeting, *, title="Community safety", **item_fields) -> Report:
    item = AgendaItemFactory(meeting=meeting, title=title, **item_fields)
    return Report.objects.create(agenda_item=item, title=title, author=OfficerFactory())


def flagged_appendix(report, number=1, title="Crime figures", **findings) -> Appendix:
    """An appendix as the upload check leaves a file that failed: untagged, by default."""
    fields = {
        "file": f"appendices/2026/{title.lower().replace(' ', '-')}.pdf",
        "file_is_clean": True,
        "page_count": 3,
        "file_is_tagged": False,
        "file_language": "en-GB",
        "file_pages_without_text": [],
        **findings,
    }
    return Appendix.objects.create(report=report, number=number, title=title, **fields)


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


def test_every_section_of_the_model_statement_is_there_in_order_on_an_empty_site():
    text = words(Client())
    positions = [text.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert "This website is fully compliant with the Web Content Accessibility Guidelines " in text
    assert "No published appendix or set of slides failed the checks" in text
    # The enforcement procedure names the regulator and the advisory service.
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert 'href="https://www.equalityadvisoryservice.com/"' in page(Client())
    # Out of scope: documents before the regulations came into force.
    assert "published before 23 September 2018" in text
    # The tests the site really runs.
    for tested in ("axe-core", "Nu Html Checker", "320 pixels wide", "PDF/UA-1"):
        assert tested in text


def test_with_no_dates_or_contacts_set_it_says_so_and_invents_nothing():
    text = words(Client())
    assert "The date this statement was first prepared has not been recorded yet." in text
    assert "It has not been reviewed yet." in text
    assert "get back to you within 5 working days" in text
    assert "democratic services team" in text
    assert "mailto:" not in page(Client())


def test_contact_details_dates_and_answer_time_come_from_the_council_record():
    council = Council.current()
    council.name = "Borsetshire County Council"
    council.email = "access@borsetshire.example"
    council.phone = "01632 960123"
    council.address = "County Hall\nBorchester"
    council.accessibility_statement_prepared_on = datetime.date(2020, 9, 23)
    council.accessibility_statement_reviewed_on = datetime.date(2026, 3, 1)
    council.accessible_format_answer_days = 3
    council.save()
    markup = page(Client())
    assert 'href="mailto:access@borsetshire.example"' in markup
    assert "County Hall<br>Borchester" in markup
    text = words(Client())
    assert "Accessibility statement for Borsetshire County Council's" in text
    assert "email: access@borsetshire.example" in text
    assert "phone: 01632 960123" in text
    assert "This statement was prepared on 23 September 2020." in text
    assert "It was last reviewed on 1 March 2026." in text
    assert "get back to you within 3 working days" in text


def test_a_flagged_published_appendix_is_listed_with_the_criteria_it_fails(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(date=datetime.date(2026, 10, 6))
    report = report_on(meeting, title="Domestic abuse review")
    flagged_appendix(report, 1, "Crime figures")
    flagged_appendix(
        report,
        2,
        "Scanned minutes",
        file_is_tagged=True,
        file_language="",
        file_pages_without_text=[1, 2, 3],
    )
    # Tagged, with text and a language: it passed, so the statement does not name it.
    flagged_appendix(report, 3, "Action plan", file_is_tagged=True)
    item = AgendaItemFactory(meeting=meeting, title="Police update")
    presentation = Presentation.objects.create(agenda_item=item, topic="Police update")
    Slides.objects.create(
        presentation=presentation,
        file="slides/2026/police.pdf",
        file_is_clean=True,
        page_count=4,
        file_is_tagged=True,
        file_language="en-GB",
        file_pages_without_text=[2],
    )
    text = words(Client())
    markup = page(Client())
    assert "This website is partially compliant with the Web Content Accessibility" in text
    assert "3 uploaded documents fail success criteria 1.1.1 Non-text content, " in text
    assert "1.3.1 Info and relationships, 1.4.5 Images of text and 3.1.1 Language of page" in text
    assert "Appendix 1: Crime figures" in text
    assert "Appendix 2: Scanned minutes" in text
    assert "Slides: Police update" in text
    assert "Action plan" not in text
    # Each with what is wrong and its own criteria, linked to its report or presentation.
    sections = squash(markup).split('<h4 class="govuk-heading-s">')[1:]
    assert len(sections) == 3
    crime, scanned, slides = (squash(html.unescape(strip_tags(part))) for part in sections)
    assert f'href="{report.get_absolute_url()}#appendix-1"' in sections[0]
    assert f'href="{presentation.get_absolute_url()}#slides"' in sections[2]
    assert "It is not tagged" in crime
    assert "1.3.1 Info and relationships" in crime
    assert "1.1.1" not in crime and "3.1.1" not in crime
    assert "None of its pages has a text layer" in scanned
    assert "It does not state its language" in scanned
    assert "1.1.1 Non-text content" in scanned and "1.4.5 Images of text" in scanned
    assert "3.1.1 Language of page" in scanned and "1.3.1" not in scanned
    assert "Page 2 has no text layer" in slides
    assert "1.1.1 Non-text content" in slides and "1.3.1" not in slides
    assert str(meeting) in slides


def test_an_exempt_items_or_a_draft_meetings_appendix_is_never_listed(officer_client, councillor):
    """Not to the public, and not to a councillor or an officer either: the statement is the
    public's, the same for everyone."""
    published = MeetingFactory(date=datetime.date(2026, 10, 6))
    exempt = report_on(published, title="Named offenders", is_exempt=True, exempt_paragraph=1)
    flagged_appendix(exempt, 1, "Offenders list")
    draft = MeetingFactory(date=datetime.date(2026, 11, 6), status=Meeting.Status.DRAFT)
    flagged_appendix(report_on(draft, title="Draft report"), 1, "Draft figures")
    exempt_item = AgendaItemFactory(
        meeting=published, title="Exempt talk", is_exempt=True, exempt_paragraph=2
    )
    Slides.objects.create(
        presentation=Presentation.objects.create(agenda_item=exempt_item, topic="Exempt talk"),
        file="slides/2026/exempt.pdf",
        file_is_clean=True,
        file_is_tagged=False,
        file_language="en-GB",
    )
    # A binned report's appendix is gone for everyone.
    binned = report_on(published, title="Binned report")
    flagged_appendix(binned, 1, "Binned figures")
    binned.delete()
    # One that may be listed, so that the page shows the list at all.
    flagged_appendix(report_on(published, title="Open report"), 1, "Open figures")
    councillor_client = Client()
    councillor_client.force_login(councillor)
    for client in (Client(), councillor_client, officer_client):
        text = words(client)
        assert "Open figures" in text
        for secret in ("Offenders list", "Named offenders", "Draft figures", "Draft report"):
            assert secret not in text
        assert "Exempt talk" not in text and "Binned" not in text
        assert "1 uploaded document fails success criteria 1.3.1" in text


def test_a_file_refused_by_the_upload_check_or_never_checked_is_not_listed():
    report = report_on(MeetingFactory())
    flagged_appendix(report, 1, "Refused file", file_is_clean=False)
    flagged_appendix(report, 2, "Unchecked file", file_is_tagged=None)
    Appendix.objects.create(report=report, number=3, title="Not online", note="On paper.")
    text = words(Client())
    assert "Refused file" not in text and "Unchecked file" not in text
    assert "This website is fully compliant" in text


def test_the_statement_follows_an_upload_with_the_page_cache_on(
    officer_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Cached pages are retired by every write once it commits (scrutiny/kernel/
    changes.py): an appendix uploaded through the officers' form shows at once, and so does
    a change to the council's record."""
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 600
    settings.MEDIA_ROOT = tmp_path
    report = report_on(MeetingFactory(date=datetime.date(2026, 10, 6)))
    public = Client()
    assert "fully compliant" in words(public)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("meetings:appendix_create", args=[report.pk]),
            {
                "title": "Blank scan",
                "file": SimpleUploadedFile("a.pdf", tiny_pdf(), "application/pdf"),
            },
        )
    assert response.status_code == 302
    text = words(public)
    assert "Appendix 1: Blank scan" in text
    assert "partially compliant" in text
    # The council's record changes what it says too.
    council = Council.current()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("meetings:council_update"),
            {
                "name": council.name,
                "email": "access@example.org",
                "accessible_format_answer_days": "2",
                "edit_token": edit_token(council),
            },
        )
    assert response.status_code == 302
    text = words(public)
    assert "access@example.org" in text and "within 2 working days" in text


def _council_form(officer_client, **values):
    council = Council.current()
    data = {"name": council.name, "edit_token": edit_token(council)}
    for name in ("prepared", "reviewed"):
        day = values.pop(name, None)
        if day:
            field = f"accessibility_statement_{name}_on"
            data |= {f"{field}_0": day.day, f"{field}_1": day.month, f"{field}_2": day.year}
    data |= values
    return officer_client.post(reverse("meetings:council_update"), data)


@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"prepared": datetime.date(2025, 6, 1), "reviewed": datetime.date(2025, 5, 1)},
            "accessibility_statement_reviewed_on",
            "The date the statement was last reviewed must be the same as or after the date "
            "it was first prepared",
        ),
        (
            {"reviewed": datetime.date(2025, 5, 1)},
            "accessibility_statement_prepared_on",
            "Enter the date the accessibility statement was first prepared, as it has been "
            "reviewed",
        ),
        (
            {"prepared": TODAY + datetime.timedelta(days=1)},
            "accessibility_statement_prepared_on",
            "The date the statement was first prepared must be today or before",
        ),
        (
            {"prepared": datetime.date(2025, 6, 1), "reviewed": TODAY + datetime.timedelta(1)},
            "accessibility_statement_reviewed_on",
            "The date the statement was last reviewed must be today or before",
        ),
        (
            {"accessible_format_answer_days": "0"},
            "accessible_format_answer_days",
            "Enter a number of working days of 1 or more",
        ),
        (
            {"accessible_format_answer_days": "21"},
            "accessible_format_answer_days",
            "Enter a number of working days of 20 or fewer",
        ),
    ],
    ids=[
        "reviewed before prepared",
        "reviewed not prepared",
        "prepared tomorrow",
        "reviewed tomorrow",
        "no days",
        "too many days",
    ],
)
def test_the_set_up_form_refuses_dates_and_answer_times_that_cannot_be_true(
    officer_client, values, field, message
):
    before = Council.current()
    response = _council_form(officer_client, **values)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in html.unescape(response.content.decode())
    after = Council.objects.get()
    assert after.accessibility_statement_prepared_on == before.accessibility_statement_prepared_on
    assert after.accessible_format_answer_days == before.accessible_format_answer_days


@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
def test_the_set_up_form_keeps_the_statements_dates(officer_client):
    response = _council_form(
        officer_client,
        prepared=datetime.date(2020, 9, 23),
        reviewed=TODAY,
        accessible_format_answer_days="10",
    )
    assert response.status_code == 302
    council = Council.objects.get()
    assert council.accessibility_statement_prepared_on == datetime.date(2020, 9, 23)
    assert council.accessibility_statement_reviewed_on == TODAY
    assert council.accessible_format_answer_days == 10
    text = words(Client())
    assert "It was last reviewed on 3 December 2026." in text
    # Left empty, the answer time is the usual five working days.
    assert _council_form(officer_client).status_code == 302
    assert Council.objects.get().accessible_format_answer_days == 5


def test_officers_are_told_what_the_statement_is_missing(officer_client):
    text = words(officer_client)
    assert "Officers only: this statement is missing the council's contact details and " in text
    assert reverse("meetings:council_update") in page(officer_client)
    assert "Officers only" not in words(Client())


def test_every_page_links_the_statement_from_its_footer(demo_meeting):
    client = Client()
    link = f'<a class="govuk-footer__link" href="{STATEMENT}">Accessibility statement</a>'
    for url in (
        reverse("meetings:home"),
        demo_meeting.get_absolute_url(),
        reverse("meetings:tracker"),
        reverse("accounts:sign_in"),
        STATEMENT,
    ):
        assert link in client.get(url).content.decode(), url
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert link in missing.content.decode()


def test_the_statement_costs_the_same_queries_however_many_files_are_flagged():
    # The first page ever asked for creates the council's record.
    Council.current()
    counts = []
    for size in (2, 20):
        meeting = MeetingFactory()
        for n in range(size):
            flagged_appendix(report_on(meeting, title=f"Report {size} {n}"), 1, f"Figures {n}")
        # Rendered, not served from the cache: the test's writes are never committed.
        retire_cached_pages()
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(STATEMENT).status_code == 200
        counts.append(len(captured))
        assert f"Figures {size - 1}" in words(Client())
    assert counts[0] == counts[1]
