"""The twenty-year data set of `manage.py seed_bench`, written here for two years."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from meetings.models import (
    AgendaItem,
    Meeting,
    Recommendation,
    RecommendationResponse,
    ReportParagraph,
)
from partnership.models import Action, Agency
from scrutiny.devtools.twenty_years import seed_twenty_years, settle_for_reading

pytestmark = pytest.mark.django_db


def test_each_year_holds_what_the_issue_asks_for_and_the_rest_scales():
    seeded = seed_twenty_years("Two years", today=datetime.date(2026, 11, 26), years=2)
    meetings = Meeting.objects.filter(committee__name__startswith="Two years")
    assert meetings.count() == 10 * 12 * 2
    assert AgendaItem.objects.filter(meeting__in=meetings).count() == 10 * 12 * 2 * 12
    assert ReportParagraph.objects.count() == 10 * 12 * 2 * 4 * 30
    assert Recommendation.objects.count() == 5_000 * 2 // 20
    assert RecommendationResponse.objects.count() == Recommendation.objects.count()
    assert Agency.objects.count() == 40
    assert Action.objects.count() == 5 * 2 * 20
    # Meetings to come: the next two months' agendas published, later ones drafts.
    assert meetings.filter(date__gt=datetime.date(2026, 11, 26), status="published").exists()
    assert meetings.filter(status="draft").exists()
    assert AgendaItem.objects.filter(is_exempt=True, exempt_paragraph=3).exists()
    assert seeded.meeting.date < datetime.date(2026, 11, 26)
    assert seeded.report.agenda_item.meeting == seeded.meeting


def test_the_command_will_not_write_the_same_records_twice():
    seed_twenty_years("Twenty years", years=1)
    with pytest.raises(CommandError, match="already holds"):
        call_command("seed_bench", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_written_records_are_settled_for_reading_as_autovacuum_would():
    seed_twenty_years("Settled", years=1)
    settle_for_reading()
    if connection.vendor != "postgresql":
        return  # SQLite has no planner statistics or index lists to settle
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'meetings_reportparagraph'"
        )
        assert cursor.fetchone() == (True, True)
    with pytest.raises(RuntimeError, match="inside a transaction"), transaction.atomic():
        settle_for_reading()
