"""A write's consequences follow from the one hook it calls (scrutiny/kernel/changes.py):
once it commits, the content version moves on once and each published meeting it shows in
is queued once; a sign-in, which changes nothing a reader sees, retires nothing."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django_tasks import default_task_backend

from meetings.models import Meeting
from meetings.tasks import render_meeting_documents
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.page_cache import current_version
from scrutiny.kernel.roles import OFFICERS_GROUP
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    """The tasks queued during the test (the test settings keep them, unrun)."""
    default_task_backend.clear()
    yield default_task_backend.results
    default_task_backend.clear()


@pytest.fixture
def page_cache_on(settings):
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def queued_meetings(results) -> list[int]:
    return [
        result.args[0]
        for result in results
        if result.task.module_path == render_meeting_documents.module_path
    ]


def test_several_calls_in_one_transaction_move_the_version_once_and_queue_each_meeting_once(
    queued, django_capture_on_commit_callbacks
):
    coming = date.today() + timedelta(days=30)
    published = AgendaItemFactory(meeting=MeetingFactory(date=coming), number=1)
    draft = AgendaItemFactory(
        meeting=MeetingFactory(date=coming, status=Meeting.Status.DRAFT), number=1
    )
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        content_changed(published)
        content_changed(published.meeting, draft)
        content_changed(meetings=[published.meeting_id])
    assert current_version() == before + 1
    assert queued_meetings(queued) == [published.meeting_id]


@pytest.mark.django_db(transaction=True)
def test_a_change_outside_a_transaction_follows_at_once(queued):
    item = AgendaItemFactory(meeting=MeetingFactory(date=date.today()), number=1)
    before = current_version()
    content_changed(item)
    content_changed(item)
    assert current_version() == before + 2
    assert queued_meetings(queued) == [item.meeting_id, item.meeting_id]


@pytest.mark.usefixtures("page_cache_on")
def test_signing_in_leaves_cached_pages_in_place(
    client, demo_meeting, django_user_model, django_capture_on_commit_callbacks
):
    url = demo_meeting.get_absolute_url()
    first = client.get(url).content
    before = current_version()
    clerk = django_user_model.objects.create_user("clerk", password="the-right-password-1")
    reader = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        response = reader.post(
            reverse("accounts:sign_in"),
            {"username": "clerk", "password": "the-right-password-1"},
        )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.last_login is not None  # the sign-in saved the user
    assert current_version() == before
    assert client.get(url).content == first


@pytest.mark.usefixtures("page_cache_on")
def test_an_admin_edit_of_a_published_meeting_retires_its_page_and_queues_its_documents(
    client, officer, demo_meeting, queued, django_capture_on_commit_callbacks
):
    url = demo_meeting.get_absolute_url()
    reader = client.__class__()
    assert "Cycle theft" not in reader.get(url).content.decode()
    item = demo_meeting.agenda_items.order_by("number").last()
    client.force_login(officer)
    change = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    form = client.get(change).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    data["title"] = "Cycle theft"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Cycle theft" in reader.get(url).content.decode()
    assert queued_meetings(queued) == [demo_meeting.pk]


def test_a_change_to_a_group_in_the_admin_retires_cached_pages(
    client, officer, django_user_model, django_capture_on_commit_callbacks
):
    superuser = django_user_model.objects.create_superuser("admin", password="pw")
    client.force_login(superuser)
    group = Group.objects.get(name=OFFICERS_GROUP)
    before = current_version()
    change = reverse("admin:auth_group_change", args=[group.pk])
    data = {"name": group.name, "permissions": list(group.permissions.values_list("pk", flat=True))}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change, data).status_code == 302
    assert current_version() == before + 1
