"""The agenda as a PDF: made from the page's own template, tagged, and read back here."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from meetings.documents import pack_document
from meetings.letter_records import render_letter_record
from meetings.models import Meeting, ReportParagraph
from partnership.models import Agency
from scrutiny.devtools.scale_data import build_long_meeting
from scrutiny.documents.document import warm_renderer
from scrutiny.documents.pdf import render_pdf
from tests.factories import AgendaItemFactory, MeetingFactory, RecommendationFactory
from tests.helpers import attach_pdf, download, outline_titles, paragraph_edit, read_pdf, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def exempt_item(demo_meeting):
    return AgendaItemFactory(
        meeting=demo_meeting,
        number=11,
        title="Named individuals at risk",
        is_exempt=True,
        exempt_paragraph=1,
    )


def test_the_agenda_pdf_is_tagged_titled_and_holds_every_item_in_order(client, demo_meeting):
    response = download(client, reverse("meetings:agenda_pdf", args=[demo_meeting.pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="2018-09-25-crime-and-disorder-committee-agenda.pdf"'
    )
    pdf = read_pdf(response)
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert pdf.metadata.title == (
        "Agenda: Communities, Housing and Environment Committee, 25 September 2018"
    )
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    titles = [squash(str(item)) for item in demo_meeting.agenda_items.order_by("number")]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Page 1 of" in text
    assert set(titles) <= set(outline_titles(pdf.outline))


def test_the_public_agenda_says_an_exempt_item_exists_but_not_what_it_is(
    client, demo_meeting, exempt_item, councillor
):
    url = reverse("meetings:agenda_pdf", args=[demo_meeting.pk])
    public = squash(" ".join(p.extract_text() for p in read_pdf(download(client, url)).pages))
    assert "Named individuals at risk" not in public
    assert "11. Exempt item — Schedule 12A paragraph 1" in public
    signed_in = Client()
    signed_in.force_login(councillor)
    private = squash(" ".join(p.extract_text() for p in read_pdf(download(signed_in, url)).pages))
    assert "Named individuals at risk" in private
    assert "Not for publication — Schedule 12A paragraph 1" in private


def test_the_report_pdf_numbers_every_paragraph_as_the_page_does(client, demo_meeting):
    report = demo_meeting.agenda_items.get(number=7).report
    response = download(client, reverse("meetings:report_pdf", args=[report.pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="2018-09-25-crime-and-disorder-committee-item-7-report.pdf"'
    )
    pdf = read_pdf(response)
    assert pdf.metadata.title == report.title
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB"
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    assert "Report of: Matt Roberts, Community Partnerships & Resilience Manager" in text
    paragraphs = ReportParagraph.objects.filter(section__report=report).order_by(
        "section__number", "number"
    )
    positions = [text.index(squash(p.text.splitlines()[0])) for p in paragraphs]
    assert positions == sorted(positions)
    layout = squash(" ".join(page.extract_text(extraction_mode="layout") for page in pdf.pages))
    for paragraph in paragraphs:
        first_words = " ".join(paragraph.text.split()[:3])
        assert f"{paragraph.reference} {first_words}" in layout
    outline = outline_titles(pdf.outline)
    assert "1 Introduction" in outline and "5 Appendices" in outline


def test_the_lines_of_enquiry_sheet_lists_the_questions(client, demo_meeting):
    response = download(client, reverse("meetings:lines_of_enquiry_pdf", args=[demo_meeting.pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="2018-09-25-crime-and-disorder-committee-lines-of-enquiry.pdf"'
    )
    pdf = read_pdf(response)
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    questions = [
        squash(q) for q in demo_meeting.lines_of_enquiry.values_list("question", flat=True)
    ]
    positions = [text.index(question) for question in questions]
    assert positions == sorted(positions) and len(positions) == 5
    assert "Questions" in outline_titles(pdf.outline)


CONTENTS_LINE = re.compile(r"^(?P<title>.+?) (?P<page>\d+)$")


def contents_of(pdf) -> dict[str, int]:
    """The contents page's entries, as {title: page number printed}."""
    entries, pending = {}, ""
    for line in pdf.pages[1].extract_text(extraction_mode="layout").splitlines():
        line = squash(line)
        if not line or line.startswith(("Contents", "Page ", "Maidstone Borough Council:")):
            continue
        match = CONTENTS_LINE.match(f"{pending} {line}".strip())
        if match:
            entries[match["title"]] = int(match["page"])
            pending = ""
        else:
            pending = f"{pending} {line}".strip()
    return entries


def first_page_with(pdf, text: str, after: int = 2) -> int:
    for index, page in enumerate(pdf.pages[after:], start=after + 1):
        if text in squash(page.extract_text()):
            return index
    raise AssertionError(f"{text!r} is on no page")


@pytest.fixture
def appendix_upload(demo_meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    two_pages = render_pdf(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Plan</title></head><body>'
        '<p>Refresh page one</p><p style="break-before: page">Refresh page two</p>'
        "</body></html>"
    )
    report = demo_meeting.agenda_items.get(number=7).report
    appendix = report.appendices.get(number=2)
    attach_pdf(appendix, two_pages)
    return appendix


def test_the_pack_has_contents_that_match_its_pages_and_merges_appendices(
    client, demo_meeting, appendix_upload
):
    response = download(client, reverse("meetings:pack_pdf", args=[demo_meeting.pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="2018-09-25-crime-and-disorder-committee-meeting-pack.pdf"'
    )
    pdf = read_pdf(response)
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert pdf.metadata.title.startswith("Meeting pack: Communities, Housing")
    contents = contents_of(pdf)
    # Only items with papers are in the contents: the standard items are in the agenda.
    for item in demo_meeting.agenda_items.order_by("number"):
        entry = f"{item.number}. {squash(item.title)}"
        if item.number < 7:
            assert entry not in contents
        else:
            assert contents[entry] == first_page_with(pdf, f"Item {entry}"), entry
    appendix_page = contents["Appendix 2: 2013-18 Community Safety Partnership Plan Refresh"]
    assert "Refresh page one" in pdf.pages[appendix_page - 1].extract_text()
    assert "Refresh page two" in pdf.pages[appendix_page].extract_text()
    outline = outline_titles(pdf.outline)
    assert "Appendix 2: 2013-18 Community Safety Partnership Plan Refresh" in outline
    for item in demo_meeting.agenda_items.filter(number__gte=7):
        assert f"Item {item.number}. {item.title}" in outline


def test_exempt_papers_go_only_into_the_councillors_pack(
    client, demo_meeting, exempt_item, councillor
):
    url = reverse("meetings:pack_pdf", args=[demo_meeting.pk])
    public = read_pdf(download(client, url))
    public_text = " ".join(page.extract_text() for page in public.pages)
    assert "Named individuals at risk" not in public_text
    signed_in = Client()
    signed_in.force_login(councillor)
    response = download(signed_in, url)
    assert response["Content-Disposition"].endswith('meeting-pack-councillors.pdf"')
    private_text = " ".join(page.extract_text() for page in read_pdf(response).pages)
    assert "Named individuals at risk" in private_text
    assert "Councillors' copy" in private_text


def test_an_unreadable_appendix_is_named_not_merged_and_the_pack_is_still_made(
    client, demo_meeting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    appendix = demo_meeting.agenda_items.get(number=7).report.appendices.get(number=1)
    appendix.file.save("broken.pdf", ContentFile(b"%PDF-1.4 broken %%EOF"))
    pdf = read_pdf(download(client, reverse("meetings:pack_pdf", args=[demo_meeting.pk])))
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    assert "Appendix 1 could not be included in this pack" in text


def test_letters_go_to_each_addressee_and_a_copy_to_every_responsible_authority(
    demo_meeting, officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    police = Agency.objects.get(name="Kent Police")
    golding = Agency.objects.get(name="Golding Homes")
    agreed = RecommendationFactory(
        meeting=demo_meeting, position=3, text="Share the gang map.", status="agreed"
    )
    agreed.addressee_agencies.set([police, golding])
    client = Client()
    client.force_login(officer)
    response = client.post(reverse("meetings:letters_issue", args=[demo_meeting.pk]), follow=True)
    assert "8 letters have been issued." in response.content.decode()
    letters = {letter.addressee.name: letter for letter in demo_meeting.letters.all()}
    authorities = {
        m.agency.name
        for m in demo_meeting.committee.partnership.memberships.all()
        if m.agency.is_responsible_authority
    }
    assert set(letters) == authorities | {"Golding Homes"}
    assert not letters["Kent Police"].is_copy and letters["Kent County Council"].is_copy
    agreed.refresh_from_db()
    assert agreed.status == "sent"
    render_letter_record.call(letters["Golding Homes"].pk)
    pdf = read_pdf(client.get(reverse("meetings:letter_pdf", args=[letters["Golding Homes"].pk])))
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    assert "Share the gang map." in text
    assert "section 19 of the Police and Justice Act 2006" in text
    assert "within 28 days of receiving this letter" in text
    assert letters["Golding Homes"].reference in text
    again = client.post(reverse("meetings:letters_issue", args=[demo_meeting.pk]), follow=True)
    assert "has had its letter already" in again.content.decode()


def test_letters_need_an_agreed_recommendation(demo_meeting, officer):
    client = Client()
    client.force_login(officer)
    response = client.post(reverse("meetings:letters_issue", args=[demo_meeting.pk]), follow=True)
    assert "No recommendation of this meeting is marked as agreed" in response.content.decode()
    assert not demo_meeting.letters.exists()


def test_unchanged_documents_answer_304_and_an_edit_makes_a_new_pack(
    client, demo_meeting, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("meetings:pack_pdf", args=[demo_meeting.pk])
    first = download(client, url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url).content == first.content  # stored: the same bytes
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    with django_capture_on_commit_callbacks(execute=True):
        paragraph_edit(paragraph, None, "There is one risk.")
    changed = download(client, url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    text = squash(" ".join(page.extract_text() for page in read_pdf(changed).pages))
    assert "There is one risk." in text


def test_a_failed_render_shows_a_page_with_the_html_version(
    client, demo_meeting, monkeypatch, caplog, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    def broken(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    warm_renderer()  # so that the render that fails is the document's, in its child
    monkeypatch.setattr("scrutiny.documents.document.render_pdf", broken)
    response = download(client, reverse("meetings:agenda_pdf", args=[demo_meeting.pk]))
    page = response.content.decode()
    assert response.status_code == 503
    assert "The PDF could not be made" in page
    assert demo_meeting.get_absolute_url() in page
    assert "Traceback" not in page and "renderer exploded" not in page
    assert "Rendering 2018-09-25-crime-and-disorder-committee-agenda.pdf" in caplog.text


def test_a_render_over_its_time_limit_is_stopped_and_the_reader_told(
    client, demo_meeting, caplog, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.SCRUTINY_RENDER_SECONDS = 0.05
    response = download(client, reverse("meetings:pack_pdf", args=[demo_meeting.pk]))
    assert response.status_code == 503
    assert "The PDF could not be made" in response.content.decode()
    assert "time limit" in caplog.text
    assert not (tmp_path / "documents").exists()


def test_a_stored_pack_is_sent_without_building_it_again_until_a_record_changes(
    client,
    councillor,
    demo_meeting,
    exempt_item,
    settings,
    tmp_path,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 600
    cache.clear()
    url = reverse("meetings:pack_pdf", args=[demo_meeting.pk])
    first = download(client, url)
    councillors = Client()
    councillors.force_login(councillor)
    councillors_copy = download(councillors, url)

    def must_not_build(*args, **kwargs):
        raise AssertionError("the pack was built again")

    with monkeypatch.context() as patched:
        patched.setattr("meetings.documents.pack_document", must_not_build)
        again = client.get(url)
        assert again.content == first.content
        assert again["Content-Disposition"] == first["Content-Disposition"]
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        # What a reader may see decides which copy they get.
        assert councillors.get(url).content == councillors_copy.content
        assert councillors_copy.content != first.content

    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    with django_capture_on_commit_callbacks(execute=True):
        paragraph_edit(paragraph, None, "There is one risk.")
    changed = download(client, url)
    assert changed["ETag"] != first["ETag"]
    text = squash(" ".join(page.extract_text() for page in read_pdf(changed).pages))
    assert "There is one risk." in text
    cache.clear()


def test_every_id_in_a_pack_of_several_reports_is_its_own(demo_meeting):
    meeting = build_long_meeting(demo_meeting.committee, reports=3, sections=2, paragraphs=2)
    html = pack_document(meeting, AnonymousUser()).html
    # Each paper is a document of its own, but the pack's links find ids across them.
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) > 3 * 2 * 2
    assert len(ids) == len(set(ids))
    assert 'id="pack-item-2-paragraph-1.2"' in html


def test_a_draft_pack_an_officer_fetched_is_never_sent_to_anyone_else(
    client, officer, councillor, demo_meeting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 600
    cache.clear()
    draft = MeetingFactory(committee=demo_meeting.committee, status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=draft, number=1, title="Draft business")
    url = reverse("meetings:pack_pdf", args=[draft.pk])
    officers = Client()
    officers.force_login(officer)
    etag = download(officers, url)["ETag"]
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404
    client.force_login(councillor)
    assert client.get(url).status_code == 404
    cache.clear()
