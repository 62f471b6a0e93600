"""Publishing a meeting, or editing a published one, renders its documents in the
background, so readers get a ready file; a document not rendered yet is queued when asked
for, and the reader is told it is being prepared."""

import io
from datetime import date, timedelta

import pypdf
import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks import default_task_backend, task_backends
from django_tasks_db.models import DBTaskResult

from meetings import services
from meetings.models import Meeting, ReportParagraph
from meetings.tasks import render_meeting_documents
from scrutiny.documents.rendering import drain_render_queue
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.updates import edit_token
from tests.factories import AgendaItemFactory, CommitteeMemberFactory, MeetingFactory
from tests.helpers import paragraph_edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    """The tasks queued during the test (the test settings keep them, unrun)."""
    default_task_backend.clear()
    yield default_task_backend.results
    default_task_backend.clear()


@pytest.fixture
def store(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "documents"


def queued_meetings(results) -> list[int]:
    return [
        result.args[0]
        for result in results
        if result.task.module_path == render_meeting_documents.module_path
    ]


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def edit_paragraph(client, text: str) -> ReportParagraph:
    """An officer's edit of paragraph 4.2 of the demo report, through its form."""
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    url = reverse("meetings:paragraph_update", args=[paragraph.pk])
    token = client.get(url).context["form"]["edit_token"].value()
    assert client.post(url, {"text": text, "edit_token": token}).status_code == 302
    return paragraph


def test_publishing_a_meeting_queues_its_documents_once_committed(
    client, officer, queued, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, date=date.today() + timedelta(days=60))
    AgendaItemFactory(meeting=meeting, number=1)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:meeting_publish", args=[meeting.pk]))
    assert response.status_code == 302
    assert queued_meetings(queued) == [meeting.pk]


def test_editing_a_published_meeting_queues_it_and_a_draft_does_not(
    client, officer, demo_meeting, queued, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        edit_paragraph(client, "There is one risk.")
    assert queued_meetings(queued) == [demo_meeting.pk]

    queued.clear()
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_add(meeting=draft, user=officer, kind="report", title="Draft item")
    assert queued_meetings(queued) == []


def test_an_edit_that_is_rolled_back_queues_nothing(
    demo_meeting, officer, queued, django_capture_on_commit_callbacks
):
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        paragraph_edit(paragraph, officer, "Changed, then rolled back.")
        raise RuntimeError("the edit fails")
    assert queued_meetings(queued) == []


def test_the_task_renders_every_document_so_readers_get_a_ready_file(
    client, councillor, officer, demo_meeting, store, monkeypatch
):
    exempt = AgendaItemFactory(
        meeting=demo_meeting,
        number=11,
        title="Named individuals at risk",
        is_exempt=True,
        exempt_paragraph=1,
    )
    # Agenda, lines of enquiry, pack and the one report, for the public, councillors and
    # officers.
    assert render_meeting_documents.call(demo_meeting.pk) == 12
    stored = set(store.iterdir())

    def must_not_render(*args, **kwargs):
        raise AssertionError("a stored document was rendered again")

    monkeypatch.setattr("scrutiny.documents.document.run_limited", must_not_render)
    report = demo_meeting.agenda_items.filter(report__isnull=False).first().report
    urls = [
        reverse("meetings:agenda_pdf", args=[demo_meeting.pk]),
        reverse("meetings:pack_pdf", args=[demo_meeting.pk]),
        reverse("meetings:lines_of_enquiry_pdf", args=[demo_meeting.pk]),
        reverse("meetings:report_pdf", args=[report.pk]),
    ]
    packs = {}
    for reader in (None, councillor, officer):
        client.logout()
        if reader:
            client.force_login(reader)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (reader, url)
            assert response.content.startswith(b"%PDF")
        packs[reader] = client.get(urls[1]).content
    assert set(store.iterdir()) == stored
    # The public copy leaves the exempt item out; councillors' and officers' have it.
    assert packs[councillor] == packs[officer] != packs[None]
    assert exempt.title in pdf_text(packs[councillor])
    assert exempt.title not in pdf_text(packs[None])


def test_a_burst_of_edits_is_queued_once_and_rendered_after_a_short_wait(
    demo_meeting, officer, queued, settings, django_capture_on_commit_callbacks
):
    settings.SCRUTINY_RENDER_DELAY_SECONDS = 30
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        meeting = {"section__report__agenda_item__meeting": demo_meeting}
        for paragraph in ReportParagraph.objects.filter(**meeting):
            paragraph_edit(paragraph, officer, paragraph.text + " Checked.")
    assert queued_meetings(queued) == [demo_meeting.pk]
    wait = queued[0].task.run_after - queued[0].enqueued_at
    assert timedelta(seconds=29) < wait <= timedelta(seconds=31)


@pytest.mark.django_db(transaction=True)
def test_a_change_to_the_committee_queues_its_meetings_still_to_come(queued):
    # Each save commits at once here, as in the app, so each queues on its own.
    held = MeetingFactory(date=date(2018, 9, 25))
    AgendaItemFactory(meeting=held, number=1)
    coming = MeetingFactory(committee=held.committee, date=date.today() + timedelta(days=30))
    AgendaItemFactory(meeting=coming, number=1)
    queued.clear()
    member = CommitteeMemberFactory(committee=held.committee, person__name="Cllr New Member")
    content_changed(member)  # as the admin, where members are added, does
    # The meeting already held is rendered again when next asked for.
    assert queued_meetings(queued) == [coming.pk]


def test_an_edit_is_saved_even_when_its_documents_cannot_be_queued(
    client, officer, demo_meeting, monkeypatch, django_capture_on_commit_callbacks
):
    def no_queue(*args, **kwargs):
        raise RuntimeError("the task queue is unavailable")

    monkeypatch.setattr("django_tasks.base.Task.enqueue", no_queue)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        paragraph = edit_paragraph(client, "There is one risk.")
    paragraph.refresh_from_db()
    assert paragraph.text == "There is one risk."


@pytest.mark.django_db(transaction=True)
def test_what_a_rolled_back_transaction_changed_is_not_queued_by_the_next(queued, officer):
    meeting = MeetingFactory(date=date.today() + timedelta(days=30))
    item = AgendaItemFactory(meeting=meeting, number=1)
    queued.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.agenda_item_update(
            record=item,
            user=officer,
            edit_token=edit_token(item),
            kind=item.kind,
            title="Changed, then rolled back",
            description="",
            is_exempt=False,
            exempt_paragraph=None,
        )
        raise RuntimeError("the edit fails")
    # The next change commits at once (the service's own transaction), and concerns a
    # draft meeting only.
    draft = MeetingFactory(committee=meeting.committee, status=Meeting.Status.DRAFT)
    services.agenda_item_add(meeting=draft, user=officer, kind="report", title="Draft item")
    assert queued_meetings(queued) == []


def test_the_task_leaves_an_unpublished_meeting_alone(store):
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=draft, number=1)
    assert render_meeting_documents.call(draft.pk) == 0
    assert not store.exists()


def test_a_document_not_rendered_yet_is_queued_and_the_reader_told_it_is_being_prepared(
    client, demo_meeting, store
):
    url = reverse("meetings:agenda_pdf", args=[demo_meeting.pk])
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "The PDF is being prepared" in page
    assert f'href="{demo_meeting.get_absolute_url()}"' in page
    assert f'href="{url}"' in page
    assert not store.exists()  # nothing was rendered for the request
    assert drain_render_queue.call() == 1
    assert client.get(url).status_code == 200
    assert len(list(store.iterdir())) == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_renders_what_an_edit_queued(demo_meeting, officer, store, settings):
    # Committed for real, as the worker (which closes its connections after each task)
    # reads what the app wrote.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SCRUTINY_RENDER_DELAY_SECONDS = 0
    assert task_backends["default"].__class__.__name__ == "DatabaseBackend"
    DBTaskResult.objects.all().delete()
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    paragraph_edit(paragraph, officer, "Changed.")
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [demo_meeting.pk]
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == 12
    # The councillors' and officers' copies are the same file; the public's differs only
    # where an exempt item is (the demo meeting has none). Beside the agenda, lines of
    # enquiry, report and pack, the pack's parts are kept for the next pack: its front and
    # its four papers (the report and three presentations).
    assert len(list(store.iterdir())) == 4 + 5
