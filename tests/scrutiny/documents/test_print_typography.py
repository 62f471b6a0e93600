"""Print says print things, laid out for paper: no link phrase or control in a PDF, the
pack's page references where the pack's assembly gives them, and typography that keeps a
paragraph's number with its text and repeats a table's header on the page it runs on to.

The layout checks read real PDFs back, with the position of each line of text."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from meetings.documents import report_document
from meetings.models import AgendaItem, Meeting, Report, ReportParagraph, ReportSection
from scrutiny.documents.pdf import render_pdf
from tests.factories import MinuteFactory, MotionFactory, OfficerFactory, RecommendationFactory
from tests.helpers import (
    PAGE_FOOTER,
    SCREEN_ONLY_PHRASES,
    download,
    paragraph_numbers_left_alone,
    pdf_page_lines,
    read_pdf,
    screen_only_phrases,
    squash,
)

pytestmark = pytest.mark.django_db

SENTENCE = (
    "The partnership reviewed the quarter's figures with the police and the council's "
    "community protection team, and agreed where the next quarter's effort should go."
)
# Paragraphs of one line to most of a page. Three lines cannot be split (two lines at
# least at the foot and at the head of a page), so a page that has room for the number
# but not for those lines would part them, on almost every page, but for the rule.
SENTENCES_PER_PARAGRAPH = (1, 2, 2, 1, 2, 6, 2, 14, 1, 2, 30, 2)
# The rule that keeps a number with its text, undone, as a stylesheet without it would be.
WITHOUT_THE_RULE = "<style>.app-paragraph-number + * { break-before: auto; }</style></head>"


@pytest.fixture
def long_report(demo_meeting):
    """A report of five sections of twelve paragraphs of varied lengths: about ten pages."""
    item = AgendaItem.objects.create(
        meeting=demo_meeting, number=20, kind=AgendaItem.Kind.REPORT, title="A long report"
    )
    report = Report.objects.create(agenda_item=item, title="A long report", author=OfficerFactory())
    for number in range(1, 6):
        section = ReportSection.objects.create(report=report, number=number, title=f"Part {number}")
        ReportParagraph.objects.bulk_create(
            ReportParagraph(section=section, number=position, text=" ".join([SENTENCE] * length))
            for position, length in enumerate(SENTENCES_PER_PARAGRAPH, start=1)
        )
    return report


def test_no_report_paragraph_number_is_left_alone_at_the_foot_of_a_page(client, long_report):
    response = download(client, reverse("meetings:report_pdf", args=[long_report.pk]))
    pdf = read_pdf(response)
    assert len(pdf.pages) >= 6
    assert paragraph_numbers_left_alone(response.content) == []
    # Nor does a page end with a section's heading: it goes over with its first paragraph.
    for page in pdf.pages[:-1]:
        lines = [line for line in pdf_page_lines(page) if not PAGE_FOOTER.fullmatch(line)]
        assert not re.fullmatch(r"\d+ Part \d+", lines[-1])
    # Every paragraph is there, numbered, its number beside its own first line.
    lines = [line for page in pdf.pages for line in pdf_page_lines(page)]
    for section in range(1, 6):
        for position in range(1, len(SENTENCES_PER_PARAGRAPH) + 1):
            assert any(line.startswith(f"{section}.{position} The ") for line in lines)


def test_without_the_rule_the_check_finds_numbers_parted_from_their_text(long_report):
    # The same HTML and stylesheet, with only the rule undone: the check is not vacuous.
    html = report_document(long_report, AnonymousUser()).html.replace(
        "</head>", WITHOUT_THE_RULE, 1
    )
    left = paragraph_numbers_left_alone(render_pdf(html, settings.SCRUTINY_SITE_URL))
    assert left
    references = {f"{s}.{p}" for s in range(1, 6) for p in range(1, 13)}
    assert {reference for _page, reference in left} <= references


def test_a_table_that_runs_over_a_page_repeats_its_header_and_splits_no_row(client, demo_meeting):
    long_text = " ".join([SENTENCE] * 3)
    for position in range(3, 43):
        RecommendationFactory(
            meeting=demo_meeting, position=position, text=f"Number {position}. {long_text}"
        )
    response = download(client, reverse("meetings:tracker_pdf"), {"meeting": demo_meeting.pk})
    pdf = read_pdf(response)
    assert len(pdf.pages) >= 3
    header = "Meeting Recommendation Addressed to Status Response due"
    pages = [squash(page.extract_text()) for page in pdf.pages]
    for text in pages:
        if "Number " in text:
            assert header in text
    # Each row on one page: its whole text, first words to last, on the page it starts.
    for position in range(3, 43):
        page = next(text for text in pages if f"{position}. Number {position}." in text)
        start = page.index(f"{position}. Number {position}.")
        assert "should go." in page[start:]


def test_no_screen_only_phrase_is_printed_in_the_meeting_documents(client, demo_meeting, officer):
    # Minutes to print: the demo's are not stated, so a minute is recorded here.
    Meeting.objects.filter(pk=demo_meeting.pk).update(minutes_not_stated=False)
    minute = MinuteFactory(agenda_item=demo_meeting.agenda_items.get(number=7))
    MotionFactory(minute=minute)
    client.force_login(officer)
    urls = [
        reverse("meetings:agenda_pdf", args=[demo_meeting.pk]),
        reverse("meetings:lines_of_enquiry_pdf", args=[demo_meeting.pk]),
        reverse("meetings:minutes_pdf", args=[demo_meeting.pk]),
        *(
            reverse("meetings:report_pdf", args=[report.pk])
            for report in Report.objects.filter(agenda_item__meeting=demo_meeting)
        ),
    ]
    assert len(urls) > 3
    found = {}
    for url in urls:
        pdf = read_pdf(download(client, url))
        if phrases := screen_only_phrases(" ".join(page.extract_text() for page in pdf.pages)):
            found[url] = phrases
    assert found == {}


def test_the_agenda_pdf_says_in_words_what_the_page_says_with_links(client, demo_meeting):
    url = reverse("meetings:agenda_pdf", args=[demo_meeting.pk])
    text = squash(" ".join(p.extract_text() for p in read_pdf(download(client, url)).pages))
    report = demo_meeting.agenda_items.get(number=7).report
    assert f"Report of {report.author.name}, {report.author.job_title}" in text
    presented = AgendaItem.objects.filter(meeting=demo_meeting, presentation__isnull=False)
    assert presented
    for item in presented:
        assert f"Presentation on {squash(item.presentation.topic)}" in text
    # Nor the count of an item's recommendations that links to them on the page.
    assert demo_meeting.recommendations.exists()
    assert not re.search(r"\d+ recommendations?\b", text)
    # Outside the pack there are no page references.
    assert "Pages " not in text


def test_page_reference_names_one_page_or_a_range():
    template = Template("{% load scrutiny_tags %}{{ pages|page_reference }}")
    assert template.render(Context({"pages": (10, 10)})) == "page 10"
    assert template.render(Context({"pages": (6, 8)})) == "pages 6\u20138"
    assert template.render(Context({"pages": {"label": "Report", "first": 3, "last": 5}})) == (
        "pages 3\u20135"
    )
    assert template.render(Context({"pages": None})) == ""
    assert template.render(Context({})) == ""


def _agenda(meeting, *, for_print=True):
    items = list(meeting.agenda_items.order_by("number"))
    return items, {"meeting": meeting, "items": items, "for_print": for_print}


def test_the_agenda_in_the_pack_gives_each_items_papers_their_pages(demo_meeting):
    items, context = _agenda(demo_meeting)
    report_item = next(item for item in items if item.number == 7)
    report_item.pack_pages = (6, 10)
    report_item.pack_papers = [
        {"label": "Report", "first": 6, "last": 8},
        {"label": "Appendix A", "first": 9, "last": 9},
        {"label": "Appendix B", "first": 10, "last": 10},
    ]
    text = squash(render_to_string("meetings/includes/agenda.html", context))
    assert "<strong>Pages 6\u201310.</strong> Report: pages 6\u20138. Appendix A: page 9." in text
    assert "Appendix B: page 10.</p>" in text
    assert text.count("app-agenda-pages") == 1  # items without pages in the pack: none


def test_the_agenda_outside_the_pack_prints_no_page_references(demo_meeting):
    items, context = _agenda(demo_meeting)
    text = squash(render_to_string("meetings/includes/agenda.html", context))
    assert "app-agenda-pages" not in text
    assert "Pages " not in text
    # The page itself keeps its links, and gives no page numbers even when they are set.
    next(item for item in items if item.number == 7).pack_pages = (6, 10)
    screen = squash(
        render_to_string("meetings/includes/agenda.html", {**context, "for_print": False})
    )
    assert "Read the report" in screen
    assert "app-agenda-pages" not in screen


def test_the_printed_report_names_each_appendix_without_a_download(demo_meeting):
    # A report says nothing of the pack's page numbers: it is rendered once, wherever it
    # falls in the pack (the pack's agenda and contents give the appendices' pages).
    report = demo_meeting.agenda_items.get(number=7).report
    appendices = list(report.appendices.order_by("number"))
    assert appendices
    context = {"sections": [], "appendices": appendices, "for_print": True}
    text = squash(render_to_string("meetings/includes/report_body.html", context))
    first = appendices[0]
    assert f"Appendix {first.label}: {squash(first.title)}" in text
    assert not screen_only_phrases(text)


def test_the_screen_only_phrases_are_those_the_pages_use(client, demo_meeting):
    # The list names what the app really says on screen, so its absence from print means
    # something: the meeting's page shows the link phrases print leaves out.
    page = squash(client.get(demo_meeting.get_absolute_url()).content.decode())
    assert "Read the report" in page
    assert "About this presentation" in page
    assert re.search(r"\d+ recommendations?<span", page)
    assert all(phrase == phrase.lstrip() for phrase in SCREEN_ONLY_PHRASES)
