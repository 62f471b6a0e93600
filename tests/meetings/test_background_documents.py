"""Publishing a meeting, or editing a published one, renders its documents in the
background, so readers get a ready file; a document not rendered yet is rendered when
asked for."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks import default_task_backend, task_backends
from django_tasks_db.models import DBTaskResult

from meetings.models import Meeting, ReportParagraph
from meetings.tasks import render_meeting_documents
from tests.factories import AgendaItemFactory, MeetingFactory

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
    return [result.args[0] for result in results if result.task == render_meeting_documents]


def edit_token(client, url) -> str:
    return client.get(url).context["form"]["edit_token"].value()


def test_publishing_a_meeting_queues_its_documents_once_committed(
    client, officer, queued, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
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
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    url = reverse("meetings:paragraph_update", args=[paragraph.pk])
    data = {"text": "There is one risk.", "edit_token": edit_token(client, url)}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert queued_meetings(queued) == [demo_meeting.pk]

    queued.clear()
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        AgendaItemFactory(meeting=draft, number=1)
    assert queued_meetings(queued) == []


def test_an_edit_that_is_rolled_back_queues_nothing(
    demo_meeting, queued, django_capture_on_commit_callbacks
):
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        paragraph.save()
        raise RuntimeError("the edit fails")
    assert queued_meetings(queued) == []


def test_the_task_renders_every_document_so_readers_get_a_ready_file(
    client, councillor, demo_meeting, store, monkeypatch
):
    made = render_meeting_documents.call(demo_meeting.pk)
    assert made >= 4  # agenda, lines of enquiry, pack and each report, for each reader
    stored = set(store.iterdir())
    assert stored

    def must_not_render(*args, **kwargs):
        raise AssertionError("a stored document was rendered again")

    monkeypatch.setattr("scrutiny.documents.run_limited", must_not_render)
    report = demo_meeting.agenda_items.filter(report__isnull=False).first().report
    urls = [
        reverse("meetings:agenda_pdf", args=[demo_meeting.pk]),
        reverse("meetings:pack_pdf", args=[demo_meeting.pk]),
        reverse("meetings:lines_of_enquiry_pdf", args=[demo_meeting.pk]),
        reverse("meetings:report_pdf", args=[report.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.startswith(b"%PDF")
    client.force_login(councillor)
    assert client.get(urls[1]).status_code == 200
    assert set(store.iterdir()) == stored


def test_the_task_leaves_an_unpublished_meeting_alone(store):
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=draft, number=1)
    assert render_meeting_documents.call(draft.pk) == 0
    assert not store.exists()


def test_a_document_not_rendered_yet_is_rendered_when_asked_for(client, demo_meeting, store):
    assert not store.exists()
    response = client.get(reverse("meetings:agenda_pdf", args=[demo_meeting.pk]))
    assert response.status_code == 200
    assert len(list(store.iterdir())) == 1


def test_the_database_worker_renders_what_publishing_queued(
    demo_meeting, store, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert task_backends["default"].__class__.__name__ == "DatabaseBackend"
    with django_capture_on_commit_callbacks(execute=True):
        ReportParagraph.objects.filter(section__number=4, number=2).update(text="Changed.")
        Meeting.objects.get(pk=demo_meeting.pk).save()
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [demo_meeting.pk]
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value >= 4
    assert any(store.iterdir())
