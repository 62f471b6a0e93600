"""Documents are rendered by the task worker only: a reader's request finds the stored
file or queues one render per copy, renders run one at a time (or as many as the
setting allows) across every worker, and a failed render is not tried again on the next
request."""

import datetime
import os
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks import default_task_backend

from meetings.models import ReportParagraph
from scrutiny.documents.document import stored_path
from scrutiny.documents.models import DocumentRender, RenderSlot
from scrutiny.documents.rendering import documents_prune, drain_render_queue, render_retry
from tests.helpers import download, tiny_pdf, venue_change

pytestmark = pytest.mark.django_db

Status = DocumentRender.Status


@pytest.fixture
def store(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "documents"


@pytest.fixture
def drains():
    """The times the worker was woken (the test settings keep queued tasks, unrun)."""
    default_task_backend.clear()
    yield lambda: [
        result
        for result in default_task_backend.results
        if result.task.module_path == drain_render_queue.module_path
    ]
    default_task_backend.clear()


def agenda_url(meeting) -> str:
    return reverse("meetings:agenda_pdf", args=[meeting.pk])


def test_readers_asking_at_once_queue_one_render_and_build_nothing(
    demo_meeting, store, drains, monkeypatch, django_capture_on_commit_callbacks
):
    def must_not_build(*args, **kwargs):
        raise AssertionError("a reader's request built the document")

    monkeypatch.setattr("meetings.documents.agenda_document", must_not_build)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [Client().get(agenda_url(demo_meeting)) for _ in range(5)]
    assert {answer.status_code for answer in answers} == {503}
    assert DocumentRender.objects.count() == 1
    assert len(drains()) == 1
    assert not store.exists()


def test_the_queue_is_capped_and_a_reader_past_the_cap_is_still_told_to_come_back(
    demo_meeting, store, settings, caplog
):
    settings.SCRUTINY_RENDER_QUEUE_LIMIT = 2
    urls = [
        agenda_url(demo_meeting),
        reverse("meetings:pack_pdf", args=[demo_meeting.pk]),
        reverse("meetings:lines_of_enquiry_pdf", args=[demo_meeting.pk]),
    ]
    answers = [Client().get(url) for url in urls]
    assert [answer.status_code for answer in answers] == [503, 503, 503]
    assert "being prepared" in answers[2].content.decode()
    assert DocumentRender.objects.filter(status=Status.QUEUED).count() == 2
    assert "render queue is full" in caplog.text


def test_tracker_filters_the_form_refuses_queue_nothing(client, demo_meeting):
    response = client.get(reverse("meetings:tracker_pdf"), {"committee": "999999"})
    assert response.status_code == 400
    assert "filters are not valid" in response.content.decode()
    response = client.get(reverse("meetings:tracker_pdf"), {"status": "<script>"})
    assert response.status_code == 400
    assert not DocumentRender.objects.exists()
    # Equal filters, sent in another order or with a page number, name one copy.
    client.get(reverse("meetings:tracker_pdf"), {"status": "agreed", "overdue": "on"})
    client.get(reverse("meetings:tracker_pdf"), {"overdue": "on", "status": "agreed", "page": 2})
    assert DocumentRender.objects.count() == 1


def test_a_failed_render_is_not_tried_again_until_the_content_changes_or_an_officer_asks(
    client,
    officer,
    demo_meeting,
    store,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("scrutiny.documents.document.run_limited", broken)
    url = agenda_url(demo_meeting)
    assert client.get(url).status_code == 503
    drain_render_queue.call()
    assert calls == [1]
    failed = client.get(url)
    assert failed.status_code == 503
    assert "could not be made" in failed.content.decode()
    # Asked again, and the worker woken again: the failure is remembered.
    for _ in range(3):
        assert "could not be made" in client.get(url).content.decode()
        drain_render_queue.call()
    assert calls == [1]

    # A change elsewhere moves the content version on, but not this document's content:
    # its new request finds the same content failed, and does not render it.
    with django_capture_on_commit_callbacks(execute=True):
        other = ReportParagraph.objects.get(section__number=4, number=2)
        other.text = "A change that is not on the agenda."
        other.save()
    assert client.get(url).status_code == 503
    drain_render_queue.call()
    assert calls == [1]
    assert "could not be made" in client.get(url).content.decode()

    # Officers see the failure on the compliance page, and can ask for it again.
    officers = Client()
    officers.force_login(officer)
    page = officers.get(reverse("meetings:compliance")).content.decode()
    assert "PDFs that could not be made" in page
    assert "2018-09-25-crime-and-disorder-committee-agenda.pdf" in page
    latest = DocumentRender.objects.filter(status=Status.FAILED).latest("pk")
    monkeypatch.undo()
    retry = officers.post(reverse("meetings:document_retry", args=[latest.pk]))
    assert retry.status_code == 302
    assert not DocumentRender.objects.filter(status=Status.FAILED).exists()
    drain_render_queue.call()
    assert download(client, url).status_code == 200


def test_a_render_of_content_that_changed_is_tried_even_after_a_failure(
    client, demo_meeting, store, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        "scrutiny.documents.document.run_limited",
        lambda *args, **kwargs: (_ for _ in ()).throw(RuntimeError("broken")),
    )
    url = agenda_url(demo_meeting)
    client.get(url)
    drain_render_queue.call()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        venue_change(demo_meeting, "Town Hall, High Street")
    assert download(client, url).status_code == 200


def test_councillors_cannot_ask_for_a_failed_document_again(client, councillor, demo_meeting):
    failed = DocumentRender.objects.create(
        reference="f" * 64, kind="agenda", params={"meeting": demo_meeting.pk}, tier="public"
    )
    failed.status = Status.FAILED
    failed.save()
    client.force_login(councillor)
    assert client.post(reverse("meetings:document_retry", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == Status.FAILED
    assert render_retry(render=failed) == 1


def test_a_render_whose_worker_died_twice_is_failed_not_taken_a_third_time(
    client, demo_meeting, store
):
    client.get(agenda_url(demo_meeting))
    gone = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    DocumentRender.objects.update(status=Status.RENDERING, attempts=2, lease_until=gone)
    assert drain_render_queue.call() == 0
    render = DocumentRender.objects.get()
    assert render.status == Status.FAILED
    assert "stopped while rendering" in render.error


def test_a_held_slot_whose_lease_ran_out_is_taken_again(client, demo_meeting, store):
    RenderSlot.objects.create(
        number=1,
        holder="a worker that died",
        lease_until=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    assert download(client, agenda_url(demo_meeting)).status_code == 200
    assert RenderSlot.objects.get(number=1).holder == ""


def test_stored_files_nobody_was_sent_for_the_keep_period_are_evicted(
    client, demo_meeting, store, settings
):
    settings.SCRUTINY_DOCUMENT_KEEP_DAYS = 30
    url = agenda_url(demo_meeting)
    assert download(client, url).status_code == 200
    kept = DocumentRender.objects.get()
    path = stored_path(kept.key)
    assert path.is_file()
    assert documents_prune() == 0  # just sent: kept
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=31)
    DocumentRender.objects.update(last_served_at=long_ago, finished_at=long_ago)
    old = long_ago.timestamp()
    os.utime(path, (old, old))
    leftover = path.parent / ".half-written.pdf.abc.part"
    leftover.write_bytes(b"%PDF-1.7 half")
    os.utime(leftover, (old, old))
    assert documents_prune() == 1
    assert not path.exists() and not leftover.exists()
    assert not DocumentRender.objects.exists()
    # Asked for again, it is made again.
    assert download(client, url).status_code == 200


def test_an_evicted_file_is_queued_again_not_sent_broken(client, demo_meeting, store):
    url = agenda_url(demo_meeting)
    assert download(client, url).status_code == 200
    stored_path(DocumentRender.objects.get().key).unlink()
    response = client.get(url)
    assert response.status_code == 503
    assert "being prepared" in response.content.decode()
    assert DocumentRender.objects.get().status == Status.QUEUED
    assert download(client, url).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("concurrency", [1, 2])
def test_renders_run_no_more_at_once_than_the_site_allows(
    concurrency, settings, tmp_path, monkeypatch
):
    """Three workers each asked to render, three documents queued: no more than
    ``SCRUTINY_RENDER_CONCURRENCY`` render at any moment."""
    from meetings.demo import demo_load

    settings.MEDIA_ROOT = tmp_path
    settings.SCRUTINY_RENDER_CONCURRENCY = concurrency
    meeting = demo_load()
    marks = tmp_path / "marks"
    marks.mkdir()

    def slow_render(html, base_url):
        # Runs in the render's child process: it notes when it started and ended.
        start = time.time()
        time.sleep(0.6)
        (marks / f"{start}").write_text(f"{start} {time.time()}")
        return tiny_pdf()

    monkeypatch.setattr("scrutiny.documents.document.render_pdf", slow_render)
    monkeypatch.setattr("scrutiny.documents.document.warm_renderer", lambda: None)
    for url in (
        agenda_url(meeting),
        reverse("meetings:lines_of_enquiry_pdf", args=[meeting.pk]),
        reverse("meetings:report_pdf", args=[meeting.agenda_items.get(number=7).report.pk]),
    ):
        Client().get(url)
    assert DocumentRender.objects.filter(status=Status.QUEUED).count() == 3

    def worker():
        try:
            drain_render_queue.call()
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(3)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    spans = sorted(tuple(map(float, mark.read_text().split())) for mark in marks.iterdir())
    assert len(spans) == 3
    most_at_once = max(
        sum(1 for start, end in spans if start <= moment < end) for moment, _ in spans
    )
    assert most_at_once == concurrency
    assert DocumentRender.objects.filter(status=Status.READY).count() == 3
    assert not RenderSlot.objects.exclude(holder="").exists()


def test_reports_anyone_can_queue_wait_behind_a_meetings_papers(
    client, demo_meeting, store, monkeypatch
):
    """A queue filled with trackers (any filters, by anyone) first: the pack still goes
    first to the worker."""
    for status in ("proposed", "agreed", "sent"):
        assert client.get(reverse("meetings:tracker_pdf"), {"status": status}).status_code == 503
    assert client.get(reverse("meetings:pack_pdf", args=[demo_meeting.pk])).status_code == 503
    order = []

    def noting(render, renew_slot):
        order.append(render.kind)
        DocumentRender.objects.filter(pk=render.pk).update(status=Status.READY)

    monkeypatch.setattr("scrutiny.documents.rendering._render", noting)
    drain_render_queue.call()
    assert order == ["pack", "tracker", "tracker", "tracker"]
