"""An edit through its service costs a handful of statements, its after-commit work
included: the meeting is read in the edit check's own query, not looked up record by record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from meetings import services
from meetings.models import ReportParagraph
from scrutiny.kernel.page_cache import current_version, version_bump
from scrutiny.kernel.updates import edit_token


@pytest.mark.django_db(transaction=True)
def test_a_paragraph_saved_through_its_service_costs_five_statements(
    demo_meeting, officer, settings
):
    # Committed for real, the task stored in the database, as in the app.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert task_backends["default"].__class__.__name__ == "DatabaseBackend"
    DBTaskResult.objects.all().delete()
    version_bump()  # the version row exists, as on any site that has had a change
    before = current_version()
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    token = edit_token(paragraph)
    with CaptureQueriesContext(connection) as queries:
        services.report_paragraph_update(
            record=paragraph, user=officer, edit_token=token, text="There is one risk."
        )
    statements = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split()[0].upper() not in {"BEGIN", "COMMIT"}
    ]
    # The update (which locks the row), the history row, the check (the history id before
    # ours, the meeting's id and status, in one query); after the commit, the version and
    # the task.
    assert len(statements) <= 5, "\n".join(statements)
    paragraph.refresh_from_db()
    assert paragraph.text == "There is one risk."
    assert paragraph.history.first().history_user == officer
    assert current_version() == before + 1
    assert DBTaskResult.objects.get().args_kwargs["args"] == [demo_meeting.pk]
