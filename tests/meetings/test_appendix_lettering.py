"""Each report labels its appendices as its council does: 1, 2 … or A, B …, the same on
the report's page, in the pack's contents and in the pack's bookmarks."""

import io

import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from meetings.documents import pack_document
from meetings.models import Report
from meetings.models.reports import appendix_label
from scrutiny.kernel.updates import edit_token
from tests.helpers import attach_pdf, outline_titles, squash, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(demo_meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = demo_meeting.agenda_items.get(number=7).report
    for appendix in report.appendices.all():
        attach_pdf(appendix, tiny_pdf(1))
        appendix.save()
    return report


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


def test_labels_count_in_numbers_or_letters():
    assert [appendix_label(n, "numbers") for n in (1, 2, 27)] == ["1", "2", "27"]
    assert [appendix_label(n, "letters") for n in (1, 2, 26, 27, 28)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
    ]


def test_an_officer_letters_a_reports_appendices_and_every_document_follows(officer_client, report):
    assert report.appendix_lettering == Report.Lettering.NUMBERS
    page = officer_client.get(report.get_absolute_url()).content.decode()
    first, second = report.appendices.order_by("number")
    assert f"Appendix 1: {first.title}" in page

    edit = reverse("meetings:report_update", args=[report.pk])
    form = officer_client.get(edit).content.decode()
    assert "Letters (A, B …)" in form
    response = officer_client.post(
        edit,
        {
            "title": report.title,
            "author": report.author_id,
            "summary": report.summary,
            "appendix_lettering": "letters",
            "edit_token": edit_token(report),
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.appendix_lettering == Report.Lettering.LETTERS

    page = officer_client.get(report.get_absolute_url()).content.decode()
    # The list of appendices (the report's own text names them as its author typed).
    page = squash(page.partition('id="appendices"')[2])
    assert f"Appendix A: {squash(first.title)}" in page
    assert f"Appendix B: {squash(second.title)}" in page
    assert "Appendix 1:" not in page

    # Moved, the letters follow the order: the second is now A.
    officer_client.post(reverse("meetings:appendix_move", args=[second.pk]), {"direction": "up"})
    second.refresh_from_db()
    assert second.label == "A"

    pack = pypdf.PdfReader(
        io.BytesIO(pack_document(report.agenda_item.meeting, AnonymousUser()).pdf())
    )
    bookmarks = [squash(title) for title in outline_titles(pack.outline)]
    assert f"Appendix A: {squash(second.title)}" in bookmarks
    assert f"Appendix B: {squash(first.title)}" in bookmarks
    text = squash(" ".join(p.extract_text() for p in pack.pages[:3]))
    assert "Appendix A:" in text  # the contents


def test_a_bad_choice_is_refused_and_nothing_saved(officer_client, report):
    edit = reverse("meetings:report_update", args=[report.pk])
    response = officer_client.post(
        edit,
        {
            "title": report.title,
            "author": report.author_id,
            "appendix_lettering": "roman",
            "edit_token": edit_token(report),
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    report.refresh_from_db()
    assert report.appendix_lettering == Report.Lettering.NUMBERS
