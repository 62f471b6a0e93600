"""The meeting pack as a councillor reads it, on paper or on screen: every page headed and
numbered (uploaded ones too), bookmarks nested item by item, page references instead of
link phrases, no empty standard items, and a pack assembled from papers rendered apart
whose structure is the sum of theirs (meetings/pack.py, scrutiny/documents/assembly.py).
"""

import io
import re

import pikepdf
import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from meetings.documents import pack_document
from meetings.models import Appendix, ReportParagraph
from scrutiny.devtools.scale_data import build_long_meeting
from scrutiny.documents import assembled
from scrutiny.documents.limits import run_limited
from scrutiny.documents.pdf import render_pdf
from tests.helpers import (
    attach_pdf,
    download,
    paragraph_edit,
    paragraph_numbers_left_alone,
    read_pdf,
    screen_only_phrases,
    squash,
)

pytestmark = pytest.mark.django_db

HEADER = "Maidstone Borough Council: Communities, Housing and Environment Committee"
# The agenda's page range of an item's papers ("Pages 5 to 7." or "Page 9.", with an en
# dash), in bold before each paper's own ("Report: pages 5 to 6."), in lower case.
ITEM_RANGE = re.compile(r"\bPages? (\d+)(?:\N{EN DASH}(\d+))?\.")
STRUCTURE = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/P", "/Table", "/Link"}


def texts(pdf: pypdf.PdfReader) -> list[str]:
    return [squash(page.extract_text()) for page in pdf.pages]


def depth(outline) -> int:
    """How many levels the bookmarks nest (pypdf gives a bookmark's children as a list
    after it)."""
    return 1 + max((depth(entry) for entry in outline if isinstance(entry, list)), default=0)


def item_ranges(pages: list[str], front: int) -> list[tuple[int, int]]:
    """The page range the agenda gives each item with papers, in agenda order."""
    agenda = " ".join(pages[:front])
    return [(int(first), int(last or first)) for first, last in ITEM_RANGE.findall(agenda)]


def first_page_with(pages: list[str], text: str) -> int:
    return next(number for number, page in enumerate(pages, start=1) if text in page)


def assert_headed_and_numbered(pages: list[str], header: str = HEADER) -> None:
    for number, text in enumerate(pages, start=1):
        assert header in text, number
        assert f"Page {number} of {len(pages)}" in text, number


def assert_ranges_lead_to_papers(pages: list[str], numbers: list[int]) -> None:
    """The agenda's range for each item starts on the page its papers start, and ends on
    the page before the next item's (or on the last page)."""
    front = first_page_with(pages, f"Item {numbers[0]}.") - 1
    ranges = item_ranges(pages, front)
    assert len(ranges) == len(numbers)
    starts = [first_page_with(pages, f"Item {number}.") for number in numbers]
    assert [first for first, _ in ranges] == starts
    assert [last for _, last in ranges] == [start - 1 for start in starts[1:]] + [len(pages)]


def links_within(pdf: pikepdf.Pdf, pages: range) -> list[int]:
    """The page each link on ``pages`` leads to, failing on a link that leaves the pack
    for one of its own papers (a link the assembly should have turned inward)."""
    numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    names = pikepdf.NameTree(pdf.Root.Names.Dests)
    found = []
    for index in pages:
        for annotation in pdf.pages[index].obj.get("/Annots", []):
            action = annotation.get("/A")
            assert action is None or "#pack-" not in str(action.get("/URI", ""))
            if "/Dest" in annotation:
                # A link within the front names its target; one to a paper gives its page.
                dest = annotation.Dest
                dest = names[str(dest)] if isinstance(dest, pikepdf.String) else dest
                found.append(numbers[dest[0].objgen] + 1)
    return found


def structure(path_or_bytes) -> list[str]:
    """The headings, paragraphs, tables and links of a tagged PDF, in reading order."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with pikepdf.open(source) as pdf:
        found = []

        def walk(element):
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if str(kid.S) in STRUCTURE:
                        found.append(str(kid.S))
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        return found


def test_the_demo_pack_is_headed_numbered_nested_and_printed_for_paper(client, demo_meeting):
    response = download(client, reverse("meetings:pack_pdf", args=[demo_meeting.pk]))
    pdf = read_pdf(response)
    pages = texts(pdf)
    assert_headed_and_numbered(pages)
    whole = " ".join(pages)
    assert "There are no papers for this item" not in whole
    # The demo's appendices have no files yet: they are named, not said to be missing.
    assert "could not be included" not in whole
    assert screen_only_phrases(whole) == []
    # Item, report, its sections: three levels at least.
    assert depth(pdf.outline) >= 3
    assert_ranges_lead_to_papers(pages, [7, 8, 9, 10])
    # Each presentation item lists its presenters, and says what of slides it has.
    for item in demo_meeting.agenda_items.filter(presentation__isnull=False):
        page = pages[first_page_with(pages, f"Item {item.number}.") - 1]
        for presenter in item.presentation.presenters.all():
            assert squash(presenter.person.name) in page
        assert "No slides were provided for this presentation." in page
    # The standard items (1 to 6) are in the agenda, once, and nowhere after it.
    assert "1. Apologies for Absence" in pages[2]
    assert not any("Item 1." in page for page in pages)
    # The contents and the agenda lead to every paper's first page, within the pack.
    with pikepdf.open(io.BytesIO(response.content)) as opened:
        targets = links_within(opened, range(0, 4))
    for number in (7, 8, 9, 10):
        assert first_page_with(pages, f"Item {number}.") in targets


@pytest.fixture
def long_pack(demo_meeting, settings, tmp_path):
    """About a hundred pages: ten reports, and a three-page appendix to the second,
    rendered cold (nothing kept from an earlier run)."""
    settings.MEDIA_ROOT = tmp_path
    meeting = build_long_meeting(demo_meeting.committee, reports=10, sections=4, paragraphs=12)
    report = meeting.agenda_items.get(number=2).report
    appendix = Appendix.objects.create(report=report, number=1, title="Crime statistics")
    attach_pdf(
        appendix,
        render_pdf(
            '<!DOCTYPE html><html lang="en-GB"><head><title>Statistics</title></head><body>'
            + "".join(
                f'<p style="break-before: page">Statistics table {n}</p>' for n in range(1, 4)
            )
            + "</body></html>"
        ),
    )
    document = pack_document(meeting, AnonymousUser())
    return meeting, document, document.pdf()


def test_a_hundred_page_pack_with_an_appendix_reads_as_one(long_pack):
    meeting, _, content = long_pack
    pdf = pypdf.PdfReader(io.BytesIO(content))
    pages = texts(pdf)
    assert len(pages) >= 100
    header = f"Maidstone Borough Council: {squash(meeting.committee_title.name)}"
    assert_headed_and_numbered(pages, header)
    # The appendix's own pages are headed with its title, and numbered in turn.
    statistics = [n for n, page in enumerate(pages, start=1) if "Statistics table" in page]
    assert len(statistics) == 3
    for number in statistics:
        assert "Item 2, appendix 1: Crime statistics" in pages[number - 1]
    assert depth(pdf.outline) >= 3
    assert paragraph_numbers_left_alone(content) == []
    assert screen_only_phrases(" ".join(pages)) == []
    assert_ranges_lead_to_papers(pages, list(range(1, 11)))
    # The contents lead to the appendix's first page.
    with pikepdf.open(io.BytesIO(content)) as opened:
        assert statistics[0] in links_within(opened, range(0, 3))


def test_the_bookmarks_nest_each_papers_under_its_item_in_agenda_order(long_pack):
    _, _, content = long_pack
    outline = pypdf.PdfReader(io.BytesIO(content)).outline
    items = [entry.title for entry in outline if not isinstance(entry, list)]
    assert items[:2] == ["Contents", "Agenda"]
    assert items[2:] == [f"Item {n}. Community safety report {n}" for n in range(1, 11)]
    # Item 2: its report, and in the report its four sections, then its appendix.
    item = next(entry for entry in outline if getattr(entry, "title", "").startswith("Item 2."))
    report, in_report = outline[outline.index(item) + 1]
    assert report.title == "Report: Community safety report 2"
    assert [entry.title for entry in in_report] == [
        *(f"{n} Findings, part {n}" for n in range(1, 5)),
        "Appendix 1: Crime statistics",
    ]


def test_the_pack_holds_exactly_its_parts_structure_in_order(long_pack):
    _, document, content = long_pack
    parts = [element for path in document.rendered_parts() for element in structure(path)]
    assert parts and structure(content) == parts
    assert parts.count("/Link") >= 10  # the contents' and the agenda's links at least


def test_a_changed_paragraph_renders_only_its_report_again(long_pack, monkeypatch):
    meeting, document, _ = long_pack
    # The worker has laid the front out: its length is remembered, and only the front's
    # page numbers could change with a paragraph.
    document.rendered_parts()
    paragraph = ReportParagraph.objects.filter(
        section__report__agenda_item__meeting=meeting, section__report__agenda_item__number=5
    ).first()
    paragraph_edit(paragraph, None, f"{paragraph.text} Amended at the meeting.")
    steps = []

    def recording(work, *args, **kwargs):
        steps.append(work.__name__)
        return run_limited(work, *args, **kwargs)

    monkeypatch.setattr(assembled, "run_limited", recording)
    content = pack_document(meeting, AnonymousUser()).pdf()
    assert steps == ["render_pdf", "assemble"]
    assert "Amended at the meeting." in squash(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    )
