"""Entering a meeting after it was held: the officer says when its agenda went out, and
the clear-days check judges that day, with no urgency reason asked or printed."""

import datetime
import io

import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from meetings.clear_days import clear_days_between
from meetings.models import Meeting
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.helpers import download

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def _published_with_clear_days(meeting_date: datetime.date, clear: int) -> datetime.date:
    day = meeting_date - ONE_DAY
    while clear_days_between(day, meeting_date) < clear:
        day -= ONE_DAY
    return day


def _date_fields(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def last_months_meeting():
    meeting = MeetingFactory(
        status=Meeting.Status.DRAFT, date=datetime.date.today() - datetime.timedelta(days=30)
    )
    AgendaItemFactory(meeting=meeting, title="Community safety plan refresh")
    return meeting


def test_a_meeting_held_last_month_is_recorded_with_no_urgency_reason_asked_or_printed(
    officer_client, last_months_meeting
):
    meeting = last_months_meeting
    url = reverse("meetings:meeting_publish", args=[meeting.pk])
    form = officer_client.get(url).content.decode()
    assert "When was the agenda published?" in form
    assert "the law asks for" not in form
    published = _published_with_clear_days(meeting.date, 7)
    response = officer_client.post(url, _date_fields("agenda_published_on", published))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.agenda_published_on == published
    assert meeting.urgent_reason == ""
    shown = Client().get(meeting.get_absolute_url()).content.decode()
    assert "clear days" not in shown
    pdf = download(Client(), reverse("meetings:agenda_pdf", args=[meeting.pk]))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Community safety plan refresh" in " ".join(text.split())
    assert "urgent" not in text.lower()
    # The compliance page judges the stated day (seven clear days: no finding), not the
    # day it was entered here (after the meeting: none at all).
    compliance = officer_client.get(reverse("meetings:compliance")).content.decode()
    assert escape(str(meeting)) not in compliance


def test_the_compliance_page_finds_a_stated_day_that_was_too_late(
    officer_client, last_months_meeting
):
    meeting = last_months_meeting
    published = _published_with_clear_days(meeting.date, 2)
    officer_client.post(
        reverse("meetings:meeting_publish", args=[meeting.pk]),
        _date_fields("agenda_published_on", published),
    )
    compliance = officer_client.get(reverse("meetings:compliance")).content.decode()
    assert escape(f"{meeting}: published {published:%-d %B %Y}, 2 clear days") in compliance
    assert "No reason (urgent business) is recorded." in compliance


def test_a_reason_the_officer_gives_is_kept_and_printed(officer_client, last_months_meeting):
    meeting = last_months_meeting
    officer_client.post(
        reverse("meetings:meeting_publish", args=[meeting.pk]),
        {
            **_date_fields("agenda_published_on", meeting.date - 2 * ONE_DAY),
            "urgent_reason": "A death in custody the week before.",
        },
    )
    meeting.refresh_from_db()
    assert meeting.urgent_reason == "A death in custody the week before."
    assert "A death in custody" in Client().get(meeting.get_absolute_url()).content.decode()


def test_the_stated_day_must_come_before_the_meeting(officer_client, last_months_meeting):
    meeting = last_months_meeting
    response = officer_client.post(
        reverse("meetings:meeting_publish", args=[meeting.pk]),
        _date_fields("agenda_published_on", meeting.date),
    )
    assert "The agenda must have been published before the meeting." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_an_upcoming_meeting_is_not_asked_when_its_agenda_was_published(officer_client):
    meeting = MeetingFactory(
        status=Meeting.Status.DRAFT, date=datetime.date.today() + datetime.timedelta(days=60)
    )
    AgendaItemFactory(meeting=meeting)
    form = officer_client.get(reverse("meetings:meeting_publish", args=[meeting.pk]))
    assert "When was the agenda published?" not in form.content.decode()
