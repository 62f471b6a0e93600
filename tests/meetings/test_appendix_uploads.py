"""Appendices through every door (the officers' form, the admin, a meeting archive): what
acts on its own never reaches the stored file or a pack; what cannot be read is refused
with a sentence, or kept out of the pack, and never breaks it."""

import io

import pikepdf
import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from meetings.archive import meeting_export, meeting_import
from meetings.documents import pack_document
from meetings.models import Appendix, Meeting
from tests import bad_pdfs
from tests.bad_pdfs import BROKEN, DANGEROUS, PAGE_TEXT, dangers
from tests.helpers import attach_pdf, squash
from tests.meetings.test_archive import _delete_outright

pytestmark = pytest.mark.django_db

# What each broken file gets: refused with this sentence, or (None) repaired and kept.
REFUSALS = {
    "encrypted": "The PDF is protected by a password or encrypted",
    "deep page tree": "The file is not a readable PDF",
    "malformed annotations": None,
}


@pytest.fixture
def report(demo_meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return demo_meeting.agenda_items.get(number=7).report


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


def through_the_form(client, report, title, content):
    return client.post(
        reverse("meetings:appendix_create", args=[report.pk]),
        {"title": title, "file": SimpleUploadedFile("upload.pdf", content, "application/pdf")},
    )


def through_the_admin(client, report, title, content):
    number = (report.appendices.order_by("-number").values_list("number", flat=True).first()) + 1
    return client.post(
        reverse("admin:meetings_appendix_add"),
        {
            "report": report.pk,
            "number": number,
            "title": title,
            "note": "",
            "file": SimpleUploadedFile("upload.pdf", content, "application/pdf"),
        },
    )


def through_the_reports_admin(client, report, title, content):
    """The appendices listed under the report in the admin, with one added."""
    number = (report.appendices.order_by("-number").values_list("number", flat=True).first()) + 1
    return client.post(
        reverse("admin:meetings_report_change", args=[report.pk]),
        {
            "agenda_item": report.agenda_item_id,
            "title": report.title,
            "author": report.author_id,
            "summary": report.summary,
            "appendix_lettering": report.appendix_lettering,
            # The sections are left as they are; one appendix is added.
            **{f"sections-{key}": 0 for key in ("TOTAL_FORMS", "INITIAL_FORMS")},
            "appendices-TOTAL_FORMS": 1,
            "appendices-INITIAL_FORMS": 0,
            "appendices-0-report": report.pk,
            "appendices-0-number": number,
            "appendices-0-title": title,
            "appendices-0-note": "",
            "appendices-0-file": SimpleUploadedFile("upload.pdf", content, "application/pdf"),
        },
    )


DOORS = {
    "form": through_the_form,
    "admin": through_the_admin,
    "report's admin": through_the_reports_admin,
}


def public_pack(meeting) -> bytes:
    return pack_document(meeting, AnonymousUser()).pdf()


def text_of(content: bytes) -> str:
    return squash(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    )


def errors_of(response) -> str:
    return squash(response.content.decode())


@pytest.mark.parametrize("door", DOORS)
def test_what_acts_on_its_own_is_in_neither_the_stored_file_nor_the_pack(
    door, officer_client, report
):
    for kind, build in DANGEROUS.items():
        response = DOORS[door](officer_client, report, kind, build())
        assert response.status_code == 302, errors_of(response)
        appendix = report.appendices.get(title=kind)
        assert appendix.file_is_clean and appendix.file_problem == ""
        assert appendix.page_count == 1 and PAGE_TEXT in appendix.text
        with appendix.file.open("rb") as stored:
            assert dangers(stored.read()) == [], kind
    pack = public_pack(report.agenda_item.meeting)
    assert dangers(pack) == []
    # Each appendix's page is there, merged: the page text shows once per upload.
    assert text_of(pack).count(PAGE_TEXT) == len(DANGEROUS)


@pytest.mark.parametrize("door", DOORS)
def test_a_broken_upload_is_refused_with_a_sentence_or_repaired_and_the_pack_still_made(
    door, officer_client, report
):
    for kind, build in BROKEN.items():
        response = DOORS[door](officer_client, report, kind, build())
        refusal = REFUSALS[kind]
        if refusal is None:
            assert response.status_code == 302, errors_of(response)
            appendix = report.appendices.get(title=kind)
            assert appendix.file_is_clean and appendix.page_count == 2
            with appendix.file.open("rb") as stored, pikepdf.open(stored) as pdf:
                assert all(
                    isinstance(annotation, pikepdf.Dictionary)
                    for page in pdf.pages
                    for annotation in page.obj.get("/Annots", [])
                )
        else:
            assert response.status_code == 200
            assert refusal in errors_of(response), kind
            assert not report.appendices.filter(title=kind).exists()
    pack = public_pack(report.agenda_item.meeting)
    assert text_of(pack).count(PAGE_TEXT) == 2  # the two pages of the repaired file


def test_an_upload_over_the_page_limit_is_refused_with_a_message_naming_the_limit(
    officer_client, report
):
    response = through_the_form(officer_client, report, "Everything", bad_pdfs.many_pages(5000))
    assert response.status_code == 200
    assert "The PDF has 5,000 pages: an appendix may have at most 2,000." in errors_of(response)
    assert not report.appendices.filter(title="Everything").exists()


def test_an_archive_import_cleans_its_appendices_and_keeps_the_unreadable_out_of_the_pack(
    report, tmp_path
):
    meeting = report.agenda_item.meeting
    # Stored as they came, claiming to be clean: as an archive from elsewhere may.
    samples = {**DANGEROUS, **BROKEN}
    for number, (kind, build) in enumerate(samples.items(), start=3):
        appendix = Appendix(report=report, number=number, title=kind, file_is_clean=True)
        appendix.file.save("sample.pdf", ContentFile(build()))
    archive = tmp_path / "meeting.zip"
    meeting_export(meeting=meeting, destination=archive)
    _delete_outright(meeting)

    summary = meeting_import(source=archive)

    moved = Meeting.all_objects.get(pk=summary.meeting.pk)
    appendices = {
        appendix.title: appendix
        for appendix in Appendix.objects.filter(report__agenda_item__meeting=moved)
    }
    for kind in [*DANGEROUS, "malformed annotations"]:
        assert appendices[kind].file_is_clean, kind
        with appendices[kind].file.open("rb") as stored:
            assert dangers(stored.read()) == [], kind
    for kind in ("encrypted", "deep page tree"):
        appendix = appendices[kind]
        assert not appendix.file_is_clean and REFUSALS[kind] in appendix.file_problem
        assert any(f"“{kind}”" in note and REFUSALS[kind] in note for note in summary.not_clean)
    pack = public_pack(moved)
    assert dangers(pack) == []
    text = text_of(pack)
    assert text.count(PAGE_TEXT) == len(DANGEROUS) + 2
    for kind in ("encrypted", "deep page tree"):
        assert f"Appendix {appendices[kind].number} could not be included in this pack" in text


def test_an_appendix_that_is_not_clean_is_named_in_the_pack_and_downloads_for_no_one(
    officer_client, report
):
    appendix = report.appendices.get(number=1)
    appendix.file.save("old.pdf", ContentFile(bad_pdfs.with_javascript()))
    assert not appendix.file_is_clean
    text = text_of(public_pack(report.agenda_item.meeting))
    assert "Appendix 1 could not be included in this pack" in text
    assert PAGE_TEXT not in text
    download = reverse("meetings:appendix_download", args=[appendix.pk])
    assert Client().get(download).status_code == 404
    assert officer_client.get(download).status_code == 404
    page = errors_of(officer_client.get(report.get_absolute_url()))
    assert "The file of appendix 1 could not be checked" in page


def test_an_officer_replaces_a_broken_appendix_from_the_report_page(officer_client, report):
    appendix = report.appendices.get(number=1)
    appendix.file.save("old.pdf", ContentFile(bad_pdfs.encrypted()))
    page = officer_client.get(report.get_absolute_url()).content.decode()
    change = reverse("meetings:appendix_update", args=[appendix.pk])
    assert change in page
    form = officer_client.get(change)
    assert form.status_code == 200 and "Replace the PDF file" in form.content.decode()

    refused = officer_client.post(
        change,
        {
            "title": appendix.title,
            "file": SimpleUploadedFile("again.pdf", bad_pdfs.encrypted()),
            "edit_token": form.context["form"]["edit_token"].value(),
        },
    )
    assert "protected by a password" in errors_of(refused)

    response = officer_client.post(
        change,
        {
            "title": "Terms of reference (signed)",
            "file": SimpleUploadedFile("new.pdf", bad_pdfs.with_launch()),
            "edit_token": form.context["form"]["edit_token"].value(),
        },
    )
    assert response.status_code == 302
    appendix.refresh_from_db()
    assert appendix.title == "Terms of reference (signed)" and appendix.number == 1
    assert appendix.file_is_clean and appendix.page_count == 1
    with appendix.file.open("rb") as stored:
        assert dangers(stored.read()) == []
    assert (
        Client().get(reverse("meetings:appendix_download", args=[appendix.pk])).status_code == 200
    )
    history = officer_client.get(reverse("meetings:report_history", args=[report.pk]))
    assert "Terms of reference (signed)" in history.content.decode()


def test_a_title_change_keeps_the_file(officer_client, report):
    appendix = report.appendices.get(number=2)
    attach_pdf(appendix, bad_pdfs.with_submit_form())
    stored = appendix.file.name
    change = reverse("meetings:appendix_update", args=[appendix.pk])
    token = officer_client.get(change).context["form"]["edit_token"].value()
    response = officer_client.post(change, {"title": "Plan refresh 2018/19", "edit_token": token})
    assert response.status_code == 302
    appendix.refresh_from_db()
    assert appendix.file.name == stored and appendix.file_is_clean


def test_an_officer_deletes_an_appendix_to_the_bin_and_the_others_close_up(officer_client, report):
    first = report.appendices.get(number=1)
    attach_pdf(first, bad_pdfs.with_launch())
    remove = reverse("meetings:appendix_delete", args=[first.pk])
    assert remove in officer_client.get(report.get_absolute_url()).content.decode()
    confirm = officer_client.get(remove)
    assert confirm.status_code == 200
    assert f"Delete appendix “Appendix 1: {first.title}”" in confirm.content.decode()

    response = officer_client.post(remove)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    # Numbers follow the order: the second appendix is now the first.
    assert list(report.appendices.values_list("number", flat=True)) == [1]
    assert Appendix.all_objects.deleted().filter(pk=first.pk).exists()
    bin_page = officer_client.get(reverse("meetings:deleted_items")).content.decode()
    assert first.title in bin_page


def test_councillors_and_the_public_cannot_change_or_remove_an_appendix(client, councillor, report):
    appendix = report.appendices.get(number=1)
    for url in (
        reverse("meetings:appendix_update", args=[appendix.pk]),
        reverse("meetings:appendix_delete", args=[appendix.pk]),
    ):
        assert client.post(url).status_code == 302  # to sign in
        signed_in = Client()
        signed_in.force_login(councillor)
        assert signed_in.post(url).status_code == 403
    assert Appendix.objects.filter(pk=appendix.pk).exists()
