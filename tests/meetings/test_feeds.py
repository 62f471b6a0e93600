"""Calendars, the Atom feed of agendas and the JSON of the public record."""

import datetime
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    RecommendationFactory,
    meeting_with_a_full_record,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def record(demo_meeting):
    """The demo meeting, a later one with a time and venue, a draft, and exempt business."""
    later = MeetingFactory(
        committee=demo_meeting.committee,
        date=datetime.date(2019, 1, 22),
        start_time=datetime.time(18, 30),
        venue="Town Hall, Maidstone",
        published_at=datetime.datetime(2019, 1, 10, 9, 0, tzinfo=datetime.UTC),
    )
    AgendaItemFactory(meeting=later, number=1, title="Knife crime in the town centre")
    secret = AgendaItemFactory(
        meeting=later, number=2, title="Named gang members", is_exempt=True, exempt_paragraph=1
    )
    RecommendationFactory(meeting=later, position=1, agenda_item=secret, text="Secret advice.")
    RecommendationFactory(meeting=later, position=2, text="Publish the knife crime figures.")
    draft = MeetingFactory(committee=demo_meeting.committee, status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=draft, number=1, title="Draft business")
    RecommendationFactory(meeting=draft, position=1, text="A draft recommendation.")
    return {"demo": demo_meeting, "later": later, "draft": draft}


def test_the_calendar_holds_every_published_meeting_with_its_venue_and_time_zone(client, record):
    response = client.get(reverse("meetings:meetings_calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {event["url"]: event for event in calendar.walk("VEVENT")}
    published = Meeting.objects.public()
    assert len(events) == published.count() == 2
    later = next(event for event in events.values() if event["location"] == "Town Hall, Maidstone")
    start = later.decoded("dtstart")
    assert start.isoformat() == "2019-01-22T18:30:00+00:00"
    assert later["dtstart"].params["TZID"] == "Europe/London"
    assert [zone["tzid"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert "Knife crime in the town centre" in later["description"]
    assert "Named gang members" not in later["description"]
    assert "Draft business" not in response.content.decode()
    # Without a known time, the calendar shows the day.
    demo = next(event for event in events.values() if event is not later)
    assert demo.decoded("dtstart") == datetime.date(2018, 9, 25)


def test_a_committee_has_a_calendar_of_its_own(client, record):
    other = MeetingFactory(date=datetime.date(2019, 2, 1))
    AgendaItemFactory(meeting=other, number=1)
    committee = record["demo"].committee
    response = client.get(reverse("meetings:committee_calendar", args=[committee.slug]))
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 2
    assert all(str(event["summary"]) == committee.full_title for event in events)


def test_the_atom_feed_is_xml_with_each_published_agenda(client, record):
    response = client.get(reverse("meetings:agendas_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, under test
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert any("22 January 2019" in title for title in titles)
    assert "Draft business" not in response.content.decode()
    assert "Named gang members" not in response.content.decode()
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")


@pytest.mark.parametrize("who", ["anonymous", "councillor"])
def test_the_json_never_shows_a_draft_or_exempt_business(client, record, councillor, who):
    if who == "councillor":
        client.force_login(councillor)  # it is the public record, whoever asks
    meetings = client.get(reverse("meetings:api_meetings")).json()
    assert meetings["count"] == 2
    assert record["draft"].pk not in [meeting["id"] for meeting in meetings["results"]]
    later = next(m for m in meetings["results"] if m["id"] == record["later"].pk)
    assert later["start_time"] == "18:30"
    items = client.get(later["agenda_items"].replace("https://testserver", "")).json()
    assert [item["title"] for item in items["results"]] == ["Knife crime in the town centre"]
    assert (
        client.get(reverse("meetings:api_agenda_items", args=[record["draft"].pk])).status_code
        == 404
    )
    recommendations = client.get(reverse("meetings:api_recommendations")).json()
    texts = [r["text"] for r in recommendations["results"]]
    assert "Publish the knife crime figures." in texts
    assert "Secret advice." not in texts
    assert "A draft recommendation." not in texts
    everything = json.dumps([meetings, items, recommendations])
    assert "Named gang members" not in everything and "Draft business" not in everything


def test_the_json_comes_a_page_at_a_time(client, record, settings, monkeypatch):
    monkeypatch.setattr("meetings.views.api.PAGE_SIZE", 1)
    first = client.get(reverse("meetings:api_meetings")).json()
    assert first["pages"] == 2 and first["previous"] is None
    assert first["next"].endswith("/api/meetings/?page=2")
    second = client.get(reverse("meetings:api_meetings"), {"page": 2}).json()
    assert second["next"] is None and second["results"][0]["id"] != first["results"][0]["id"]
    # A page that is not there is a bad value, answered as every bad parameter is.
    for page in (9, "x"):
        response = client.get(reverse("meetings:api_meetings"), {"page": page})
        assert response.status_code == 400 and response.json()["parameter"] == "page"


@pytest.mark.parametrize("who", ["anonymous", "councillor"])
def test_the_minutes_feed_never_shows_exempt_or_unpublished_minutes(client, councillor, who):
    meeting_with_a_full_record(words="Quokka", exempt_words="Wombat")
    meeting_with_a_full_record(
        words="Numbat", exempt_words="Numbat", status="held", minutes_published_at=None
    )
    if who == "councillor":
        client.force_login(councillor)  # the feed is the public's, whoever reads it
    feed = client.get(reverse("meetings:minutes_feed")).content.decode()
    assert "Knife crime report" in feed
    assert "Wombat" not in feed and "Named offenders" not in feed
    assert "Numbat" not in feed
    public = json.dumps(Client().get(reverse("meetings:api_minutes")).json())
    assert "Quokka" in public and "Wombat" not in public and "Numbat" not in public
