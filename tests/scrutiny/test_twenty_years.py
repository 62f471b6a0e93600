"""The twenty-year data set of `manage.py seed_bench`, written here for two years."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.models import (
    AgendaItem,
    Meeting,
    Recommendation,
    RecommendationResponse,
    ReportParagraph,
)
from partnership.models import Action, Agency
from scrutiny.twenty_years import seed_twenty_years

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
