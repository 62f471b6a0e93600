"""The meeting record beyond its own pages: the minutes feed, the JSON API of minutes and
resolutions, and search, each showing a reader only the minutes their pages would."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from meetings.models import Meeting
from meetings.search import search
from tests.factories import meeting_with_a_full_record

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# Found only in the exempt item's minutes, and in minutes not yet published.
EXEMPT, UNPUBLISHED = "wombat", "numbat"


@pytest.fixture
def record():
    record = meeting_with_a_full_record(words="quokka", exempt_words=EXEMPT)
    held = meeting_with_a_full_record(
        words=UNPUBLISHED,
        exempt_words=UNPUBLISHED,
        status=Meeting.Status.HELD,
        minutes_published_at=None,
    )
    record["unpublished"] = held["meeting"]
    return record


def _everything(client, record) -> str:
    pages = [
        client.get(reverse("meetings:api_minutes")).content,
        client.get(reverse("meetings:api_resolutions")).content,
        client.get(reverse("meetings:api_meeting_minutes", args=[record["meeting"].pk])).content,
        client.get(reverse("meetings:minutes_feed")).content,
    ]
    return b" ".join(pages).decode()


def test_the_api_gives_each_minute_its_number_as_a_string_with_the_whole_record(client, record):
    minutes = client.get(reverse("meetings:api_minutes")).json()
    assert minutes["count"] == 1
    (minute,) = minutes["results"]
    assert minute["minute_number"] == "CHE/18/326"
    assert minute["position"] == 326
    assert minute["minutes_status"] == "minutes_draft"
    assert minute["item"] == {"number": 5, "title": "Knife crime report", "exempt": False}
    assert "quokka" in minute["discussion"]
    (motion,) = minute["motions"]
    members = record["members"]
    assert (motion["mover"], motion["seconder"]) == (members[0].name, members[1].name)
    assert motion["outcome"] == "carried" and motion["effect"] == "recommendations"
    assert motion["resolution"] == "That the recommendations, as amended, be approved."
    assert motion["recommendations"] == ["CHE/18/326.1"]
    (amendment,) = motion["amendments"]
    assert amendment["vote"] == {
        "for": 5,
        "against": 2,
        "abstain": 1,
        "present": 8,
        "recorded": False,
        "members": [],
    }
    # A recorded vote names each member's vote.
    named = {each["name"]: each["vote"] for each in motion["vote"]["members"]}
    assert len(named) == 8 and named[record["substitute"].name] == "against"
    assert named[members[0].name] == "for"
    assert motion["vote"]["present"] == 9
    recommendations = client.get(reverse("meetings:api_recommendations")).json()["results"]
    (recommendation,) = [r for r in recommendations if r["meeting"] == record["meeting"].pk]
    assert recommendation["reference"] == "CHE/18/326.1"
    assert recommendation["minute"] == "CHE/18/326"


def test_resolutions_and_a_meetings_minutes_have_endpoints_of_their_own(client, record):
    resolutions = client.get(reverse("meetings:api_resolutions")).json()
    assert [r["minute_number"] for r in resolutions["results"]] == ["CHE/18/326"]
    assert resolutions["results"][0]["url"].endswith("-motion-1")
    meeting = record["meeting"]
    minutes = client.get(reverse("meetings:api_meeting_minutes", args=[meeting.pk])).json()
    assert minutes["meeting"]["id"] == meeting.pk
    assert [m["minute_number"] for m in minutes["results"]] == ["CHE/18/326"]
    draft = Meeting.objects.create(committee=meeting.committee, date=meeting.date.replace(day=1))
    assert client.get(reverse("meetings:api_meeting_minutes", args=[draft.pk])).status_code == 404


def test_the_public_never_get_exempt_or_unpublished_minutes_anywhere(client, record):
    everything = _everything(client, record)
    assert "quokka" in everything
    assert EXEMPT not in everything and UNPUBLISHED not in everything
    assert "Named offenders" not in everything
    for word in (EXEMPT, UNPUBLISHED, "named offenders"):
        assert search(AnonymousUser(), word) == []


def test_councillors_read_exempt_minutes_and_officers_unpublished_ones(
    client, record, councillor, officer
):
    client.force_login(councillor)
    api = client.get(reverse("meetings:api_minutes")).json()
    assert [m["minute_number"] for m in api["results"]] == ["CHE/18/326", "CHE/18/327"]
    assert EXEMPT in json.dumps(api) and UNPUBLISHED not in json.dumps(api)
    assert sorted(hit.kind for hit in search(councillor, EXEMPT)) == [
        "Amendment",
        "Minute",
        "Motion",
    ]
    assert search(councillor, UNPUBLISHED) == []
    # The feed is the public's, whoever reads it.
    assert EXEMPT not in client.get(reverse("meetings:minutes_feed")).content.decode()
    client.force_login(officer)
    api = client.get(reverse("meetings:api_minutes")).json()
    assert api["count"] == 4
    assert {hit.kind for hit in search(officer, UNPUBLISHED)} == {"Amendment", "Minute", "Motion"}


def test_a_minute_motion_and_amendment_are_found_with_links_to_the_minutes(client, record):
    hits = client.get(reverse("meetings:search"), {"q": "quokka"}).context["hits"]
    by_kind = {hit.kind: hit for hit in hits}
    assert set(by_kind) == {"Minute", "Motion", "Amendment"}
    minutes = reverse("meetings:minutes", kwargs={"pk": record["meeting"].pk})
    assert by_kind["Minute"].url == f"{minutes}#minute-326"
    assert by_kind["Minute"].title == "Minute CHE/18/326: Knife crime report (12 March 2019)"
    assert by_kind["Amendment"].url == f"{minutes}#minute-326-motion-1-amendment-1"
    assert "<mark>quokka</mark>" in str(by_kind["Motion"].snippet)
    # Found by the words they have now, not those they had (on PostgreSQL, migration 0026).
    motion = record["motion"]
    motion.resolution = "That the zeppelin be grounded."
    motion.save()
    assert [hit.kind for hit in search(AnonymousUser(), "zeppelin")] == ["Motion"]


def test_the_minutes_feed_has_an_entry_per_meeting_with_what_it_resolved(client, record):
    response = client.get(reverse("meetings:minutes_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, under test
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title").startswith("Minutes (draft): ")
    summary = entry.findtext(f"{ATOM}summary")
    assert "CHE/18/326. Knife crime report" in summary
    assert "That the recommendations, as amended, be approved." in summary
    assert (
        entry.find(f"{ATOM}link")
        .get("href")
        .endswith(reverse("meetings:minutes", kwargs={"pk": record["meeting"].pk}))
    )
    # Approved at a later meeting: the same entry says so, updated.
    meeting = record["meeting"]
    approving = Meeting.objects.create(
        committee=meeting.committee, date=meeting.date.replace(month=6), status="held"
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.MINUTES_AGREED, minutes_approved_at=approving
    )
    feed = ET.fromstring(client.get(reverse("meetings:minutes_feed")).content)  # noqa: S314
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title").startswith("Minutes (approved): ")
    assert "Approved as a correct record on 12 June 2019." in entry.findtext(f"{ATOM}summary")
    assert entry.findtext(f"{ATOM}updated").startswith("2019-06-12")
