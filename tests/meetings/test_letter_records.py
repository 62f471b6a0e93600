"""Issued letters are records: what a partner received never changes, whatever is edited
or upgraded afterwards; later recommendations go out in a batch of their own, and a
change after issue is sent as a dated correction (meetings/letter_records.py)."""

import datetime
import io

import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

import scrutiny.documents.document
import scrutiny.documents.rendering
from meetings.archive import meeting_export
from meetings.archive.contents import ArchiveError
from meetings.letter_records import REQUEUE_AFTER, render_letter_record
from meetings.lifecycle import recommendation_agree
from meetings.models import Recommendation, RecommendationLetter
from meetings.services import letters_issue
from partnership.models import Agency
from tests.factories import RecommendationFactory
from tests.helpers import squash

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2018, 9, 28)


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def agreed(demo_meeting):
    """A recommendation of the demo meeting to Kent Police and Golding Homes, agreed."""
    recommendation = RecommendationFactory(
        meeting=demo_meeting, position=3, text="Share the gang map.", status="agreed"
    )
    recommendation.addressee_agencies.set(
        Agency.objects.filter(name__in=["Kent Police", "Golding Homes"])
    )
    return recommendation


def make_records(meeting) -> None:
    """What the task worker does once the letters are issued."""
    for letter in meeting.letters.all():
        render_letter_record.call(letter.pk)


def letter_url(letter) -> str:
    return reverse("meetings:letter_pdf", args=[letter.pk])


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return squash(" ".join(page.extract_text() for page in reader.pages))


def edit_data(recommendation, **changes) -> dict:
    """What the edit form posts: the recommendation as it stands, with ``changes``."""
    data = {
        "text": recommendation.text,
        "agenda_item": "",
        "addressee_partnership": "",
        "addressee_agencies": [agency.pk for agency in recommendation.addressee_agencies.all()],
        "priorities": [],
        "edit_token": str(recommendation.history.order_by("-history_id").first().history_id),
    }
    return {**data, **changes}


def test_a_letter_is_being_prepared_until_its_record_is_made(demo_meeting, agreed, officer_client):
    officer_client.post(reverse("meetings:letters_issue", args=[demo_meeting.pk]))
    letter = demo_meeting.letters.get(addressee__name="Golding Homes")
    assert letter.printed_html and "Share the gang map." in letter.printed_html
    waiting = officer_client.get(letter_url(letter))
    assert waiting.status_code == 503
    assert waiting["Retry-After"] == "10"
    assert waiting["Cache-Control"] == "no-store"
    page = waiting.content.decode()
    assert "The letter is being prepared" in page
    assert f'href="{letter_url(letter)}"' in page

    assert render_letter_record.call(letter.pk) is True
    ready = officer_client.get(letter_url(letter))
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    letter.refresh_from_db()
    assert letter.record.name.startswith("letters/")
    assert ready.content == letter.record.read()
    # Once made, it is never made again.
    assert render_letter_record.call(letter.pk) is False


def test_an_issued_letter_stays_as_sent_after_an_edit_and_a_renderer_change(
    demo_meeting, agreed, officer_client, monkeypatch
):
    officer_client.post(reverse("meetings:letters_issue", args=[demo_meeting.pk]))
    make_records(demo_meeting)
    letter = demo_meeting.letters.get(addressee__name="Kent Police")
    sent = officer_client.get(letter_url(letter)).content
    assert "Share the gang map." in pdf_text(sent)

    edited = officer_client.post(
        reverse("meetings:recommendation_update", args=[agreed.pk]),
        edit_data(agreed, text="Share the gang map every month.", letters_stay="on"),
    )
    assert edited.status_code == 302
    agreed.refresh_from_db()
    assert agreed.text == "Share the gang map every month."
    assert officer_client.get(letter_url(letter)).content == sent

    # A new WeasyPrint, print stylesheet or way of finishing PDFs changes every rendered
    # document's fingerprint: not the letter the partner already holds.
    monkeypatch.setattr(scrutiny.documents.document, "DOCUMENT_FORMAT", 999)
    fingerprint = "another-renderer|pdf/ua-1|999|another-stylesheet"
    monkeypatch.setattr(scrutiny.documents.document, "renderer_fingerprint", lambda: fingerprint)
    monkeypatch.setattr(scrutiny.documents.rendering, "renderer_fingerprint", lambda: fingerprint)
    make_records(demo_meeting)
    again = officer_client.get(letter_url(letter))
    assert again.content == sent
    assert "every month" not in pdf_text(again.content)


def test_the_edit_form_asks_to_confirm_once_letters_are_issued(
    demo_meeting, agreed, officer_client
):
    url = reverse("meetings:recommendation_update", args=[agreed.pk])
    before = officer_client.get(url).content.decode()
    assert "will not change" not in before

    letters_issue(meeting=demo_meeting, user=None, issued_on=ISSUED_ON)
    form = officer_client.get(url).content.decode()
    police = demo_meeting.letters.get(addressee__name="Kent Police")
    assert "I understand that the letters already issued will not change" in form
    assert f"{police.reference} to Kent Police (28 September 2018)" in form
    assert "Issue a dated correction letter" in form

    refused = officer_client.post(url, edit_data(agreed, text="Something else."))
    assert refused.status_code == 200
    assert "Confirm that you understand the letters already issued will not change" in (
        refused.content.decode()
    )
    agreed.refresh_from_db()
    assert agreed.text == "Share the gang map."


def test_a_correction_letter_refers_to_the_original_and_is_kept_as_a_record(
    demo_meeting, agreed, officer_client
):
    letters_issue(meeting=demo_meeting, user=None, issued_on=ISSUED_ON)
    make_records(demo_meeting)
    originals = {letter.pk: letter.record.read() for letter in demo_meeting.letters.all()}
    police = demo_meeting.letters.get(addressee__name="Kent Police")

    response = officer_client.post(
        reverse("meetings:recommendation_update", args=[agreed.pk]),
        edit_data(
            agreed, text="Share the gang map every month.", letters_stay="on", correction="on"
        ),
        follow=True,
    )
    corrections = list(demo_meeting.letters.exclude(corrects_reference=""))
    assert f"{len(corrections)} correction letters have been issued." in (response.content.decode())
    # One to each agency that had a letter with the recommendation, copies included.
    assert {letter.corrects_reference for letter in corrections} == {
        letter.reference for letter in demo_meeting.letters.filter(corrects_reference="")
    }
    assert {letter.batch for letter in corrections} == {2}
    correction = next(c for c in corrections if c.corrects_reference == police.reference)
    assert correction.addressee == police.addressee and not correction.is_copy
    assert list(correction.recommendations.all()) == [agreed]
    listed = officer_client.get(reverse("meetings:recommendations", args=[demo_meeting.pk]))
    assert f"{correction.reference} to Kent Police (PDF)</a>, correcting {police.reference}" in (
        listed.content.decode()
    )

    assert officer_client.get(letter_url(correction)).status_code == 503
    make_records(demo_meeting)
    sent = officer_client.get(letter_url(correction))
    assert sent.status_code == 200
    assert "correction-2-to-kent-police" in sent["Content-Disposition"]
    text = pdf_text(sent.content)
    assert f"Correction to our letter {police.reference}" in text
    assert "of 28 September 2018" in text
    assert "3. Share the gang map every month." in text
    assert correction.reference in text
    # The letters first issued are as they were sent.
    for letter in demo_meeting.letters.filter(corrects_reference=""):
        assert officer_client.get(letter_url(letter)).content == originals[letter.pk]


def test_a_recommendation_agreed_after_the_letters_goes_in_a_second_batch(
    demo_meeting, agreed, officer_client
):
    officer_client.post(reverse("meetings:letters_issue", args=[demo_meeting.pk]))
    make_records(demo_meeting)
    first = {letter.pk: letter.record.read() for letter in demo_meeting.letters.all()}
    later = RecommendationFactory(
        meeting=demo_meeting, position=4, text="Fund a youth worker.", status="proposed"
    )
    later.addressee_agencies.set(Agency.objects.filter(name="Kent Police"))
    recommendation_agree(recommendation=later, user=None)

    response = officer_client.post(
        reverse("meetings:letters_issue", args=[demo_meeting.pk]), follow=True
    )
    second = list(demo_meeting.letters.filter(batch=2))
    assert f"{len(second)} letters have been issued." in response.content.decode()
    assert {letter.recommendations.get() for letter in second} == {later}
    police = next(letter for letter in second if letter.addressee.name == "Kent Police")
    assert not police.is_copy and police.reference.endswith("/2")
    # Golding Homes had only the first recommendation: it gets nothing new.
    assert "Golding Homes" not in {letter.addressee.name for letter in second}
    later.refresh_from_db()
    assert later.status == Recommendation.Status.SENT
    agreed.refresh_from_db()
    assert agreed.steps.filter(kind="letter_issued").count() == 1

    make_records(demo_meeting)
    text = pdf_text(officer_client.get(letter_url(police)).content)
    assert "4. Fund a youth worker." in text and "Share the gang map" not in text
    for pk, content in first.items():
        assert RecommendationLetter.objects.get(pk=pk).record.read() == content

    nothing_new = officer_client.post(
        reverse("meetings:letters_issue", args=[demo_meeting.pk]), follow=True
    )
    assert "Every agreed recommendation of this meeting has had its letter already" in (
        nothing_new.content.decode()
    )
    assert not demo_meeting.letters.filter(batch=3).exists()


def test_an_issued_letter_cannot_be_changed_in_the_admin(
    demo_meeting, agreed, client, django_user_model
):
    letters_issue(meeting=demo_meeting, user=None, issued_on=ISSUED_ON)
    letter = demo_meeting.letters.get(addressee__name="Kent Police")
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    page = client.get(reverse("admin:meetings_recommendationletter_change", args=[letter.pk]))
    assert page.status_code == 200
    assert 'name="reference"' not in page.content.decode()
    client.post(
        reverse("admin:meetings_recommendationletter_change", args=[letter.pk]),
        {"reference": "Changed", "status": "draft"},
    )
    letter.refresh_from_db()
    assert letter.reference.startswith("CDS/") and letter.status == "issued"


def test_a_letter_issued_before_records_were_kept_is_frozen_once(
    demo_meeting, agreed, officer_client
):
    """Letters issued before this change have no frozen HTML: the first render freezes
    the letter as the records are then, and it never changes after that."""
    letters_issue(meeting=demo_meeting, user=None, issued_on=ISSUED_ON)
    letter = demo_meeting.letters.get(addressee__name="Kent Police")
    RecommendationLetter.objects.filter(pk=letter.pk).update(printed_html="", record_queued_at=None)
    assert officer_client.get(letter_url(letter)).status_code == 503
    assert render_letter_record.call(letter.pk) is True
    first = officer_client.get(letter_url(letter)).content
    Recommendation.objects.filter(pk=agreed.pk).update(text="Rewritten afterwards.")
    assert render_letter_record.call(letter.pk) is False
    assert officer_client.get(letter_url(letter)).content == first
    assert "Share the gang map." in pdf_text(first)


def queued_letters() -> list[int]:
    return [
        result.args[0]
        for result in default_task_backend.results
        if result.task.module_path == render_letter_record.module_path
    ]


def test_each_letter_is_queued_once_and_again_only_when_its_render_looks_lost(
    demo_meeting, agreed, officer_client, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("meetings:letters_issue", args=[demo_meeting.pk]))
    letters = list(demo_meeting.letters.all())
    assert sorted(queued_letters()) == sorted(letter.pk for letter in letters)

    default_task_backend.clear()
    letter = letters[0]
    for _ in range(2):
        assert officer_client.get(letter_url(letter)).status_code == 503
    assert queued_letters() == []  # the render queued at issue is still on its way
    RecommendationLetter.objects.filter(pk=letter.pk).update(
        record_queued_at=timezone.now() - REQUEUE_AFTER - datetime.timedelta(seconds=1)
    )
    for _ in range(2):
        assert officer_client.get(letter_url(letter)).status_code == 503
    assert queued_letters() == [letter.pk]
    default_task_backend.clear()


def test_an_archive_is_not_written_without_a_letters_record(demo_meeting, agreed, tmp_path):
    letters_issue(meeting=demo_meeting, user=None, issued_on=ISSUED_ON)
    make_records(demo_meeting)
    letter = demo_meeting.letters.get(addressee__name="Kent Police")
    letter.record.storage.delete(letter.record.name)
    with pytest.raises(ArchiveError, match=rf"The record of letter {letter.reference} \("):
        meeting_export(meeting=demo_meeting, destination=tmp_path / "meeting.zip")
    assert not (tmp_path / "meeting.zip").exists()
