"""The JSON API's filters: ``/api/meetings/`` and ``/api/recommendations/`` by committee,
dates, status and addressee, and the 400 every endpoint answers to a parameter it does
not take or a value it cannot read (meetings/views/api.py)."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting, Recommendation
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    PartnershipFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

MEETINGS = reverse("meetings:api_meetings")
RECOMMENDATIONS = reverse("meetings:api_recommendations")
Status = Recommendation.Status


@pytest.fixture
def record():
    """Two committees' meetings across 2019 and 2020, with a draft and exempt business,
    and recommendations to a partnership, to agencies and to the committee itself."""
    housing = CommitteeFactory(name="Housing Committee", slug="housing")
    crime = CommitteeFactory(name="Crime and Disorder Committee", slug="crime")
    partnership = PartnershipFactory(name="Safer Maidstone Partnership")
    police = AgencyFactory(name="Kent Police")
    fire = AgencyFactory(name="Kent Fire and Rescue Service")
    meetings = {
        "housing_march": MeetingFactory(committee=housing, date=datetime.date(2019, 3, 5)),
        "crime_june": MeetingFactory(committee=crime, date=datetime.date(2019, 6, 11)),
        "crime_january": MeetingFactory(committee=crime, date=datetime.date(2020, 1, 14)),
        "crime_draft": MeetingFactory(
            committee=crime, date=datetime.date(2019, 9, 10), status=Meeting.Status.DRAFT
        ),
    }
    june = meetings["crime_june"]
    secret = AgendaItemFactory(
        meeting=june, title="Named gang members", is_exempt=True, exempt_paragraph=1
    )
    recommendations = {
        "to_partnership": RecommendationFactory(
            meeting=june,
            text="Publish the knife crime figures.",
            status=Status.SENT,
            addressee_partnership=partnership,
        ),
        "to_both_agencies": RecommendationFactory(
            meeting=meetings["crime_january"], text="Patrol the parks.", status=Status.AGREED
        ),
        "to_the_committee": RecommendationFactory(
            meeting=meetings["housing_march"], text="Note the report.", status=Status.AGREED
        ),
        "to_police_and_partnership": RecommendationFactory(
            meeting=meetings["housing_march"],
            text="Share the housing data.",
            status=Status.RESPONDED,
            addressee_partnership=partnership,
        ),
    }
    recommendations["to_both_agencies"].addressee_agencies.set([police, fire])
    recommendations["to_police_and_partnership"].addressee_agencies.set([police])
    # Neither of these may appear, whatever the filters.
    RecommendationFactory(
        meeting=june,
        agenda_item=secret,
        text="Secret advice.",
        status=Status.SENT,
        addressee_partnership=partnership,
    ).addressee_agencies.set([police])
    RecommendationFactory(
        meeting=meetings["crime_draft"],
        text="A draft recommendation.",
        status=Status.SENT,
        addressee_partnership=partnership,
    ).addressee_agencies.set([police])
    return {**meetings, **recommendations}


def _ids(client, url, query=None) -> list[int]:
    response = client.get(url, query or {})
    assert response.status_code == 200, response.content
    return [result["id"] for result in response.json()["results"]]


def _pks(record, *names) -> list[int]:
    return [record[name].pk for name in names]


# Meetings ---------------------------------------------------------------------------


def test_meetings_of_one_committee_by_its_slug(client, record):
    assert _ids(client, MEETINGS, {"committee": "crime"}) == _pks(
        record, "crime_january", "crime_june"
    )
    assert _ids(client, MEETINGS, {"committee": "housing"}) == _pks(record, "housing_march")


def test_meetings_from_and_to_a_date_both_inclusive(client, record):
    assert _ids(client, MEETINGS, {"from": "2019-06-11"}) == _pks(
        record, "crime_january", "crime_june"
    )
    assert _ids(client, MEETINGS, {"from": "2019-06-12"}) == _pks(record, "crime_january")
    assert _ids(client, MEETINGS, {"to": "2019-06-11"}) == _pks(
        record, "crime_june", "housing_march"
    )
    assert _ids(client, MEETINGS, {"to": "2019-06-10"}) == _pks(record, "housing_march")
    # One day, from and to alike.
    assert _ids(client, MEETINGS, {"from": "2019-03-05", "to": "2019-03-05"}) == _pks(
        record, "housing_march"
    )


def test_meeting_filters_combine_and_never_show_a_draft(client, record):
    # The draft (10 September 2019) lies within these dates and is the committee's.
    query = {"committee": "crime", "from": "2019-01-01", "to": "2019-12-31"}
    assert _ids(client, MEETINGS, query) == _pks(record, "crime_june")
    assert _ids(client, MEETINGS, {"committee": "housing", "from": "2019-04-01"}) == []
    # A filter that matches nothing is an empty list, on a first page that exists.
    empty = client.get(MEETINGS, {"from": "2030-01-01"}).json()
    assert (empty["count"], empty["page"], empty["pages"], empty["results"]) == (0, 1, 1, [])


def test_a_meeting_names_the_slug_its_committee_is_filtered_by(client, record):
    for meeting in client.get(MEETINGS).json()["results"]:
        chosen = _ids(client, MEETINGS, {"committee": meeting["committee_slug"]})
        assert meeting["id"] in chosen


# Recommendations ----------------------------------------------------------------------


def test_recommendations_by_committee(client, record):
    assert _ids(client, RECOMMENDATIONS, {"committee": "crime"}) == _pks(
        record, "to_both_agencies", "to_partnership"
    )
    assert set(_ids(client, RECOMMENDATIONS, {"committee": "housing"})) == set(
        _pks(record, "to_the_committee", "to_police_and_partnership")
    )


def test_recommendations_by_the_date_of_the_meeting_that_made_them(client, record):
    june = client.get(RECOMMENDATIONS, {"from": "2019-06-11", "to": "2019-06-11"}).json()
    assert [r["id"] for r in june["results"]] == _pks(record, "to_partnership")
    assert june["results"][0]["date"] == "2019-06-11"
    assert _ids(client, RECOMMENDATIONS, {"from": "2019-06-12"}) == _pks(record, "to_both_agencies")
    assert set(_ids(client, RECOMMENDATIONS, {"to": "2019-03-05"})) == set(
        _pks(record, "to_the_committee", "to_police_and_partnership")
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.SENT, ["to_partnership"]),
        (Status.AGREED, ["to_both_agencies", "to_the_committee"]),
        (Status.RESPONDED, ["to_police_and_partnership"]),
        (Status.CLOSED, []),
    ],
)
def test_recommendations_by_status(client, record, status, expected):
    found = client.get(RECOMMENDATIONS, {"status": status}).json()["results"]
    assert {r["id"] for r in found} == set(_pks(record, *expected))
    assert all(r["status"] == status for r in found)


@pytest.mark.parametrize(
    ("addressee", "expected"),
    [
        ("Safer Maidstone Partnership", ["to_partnership", "to_police_and_partnership"]),
        ("Kent Police", ["to_both_agencies", "to_police_and_partnership"]),
        ("Kent Fire and Rescue Service", ["to_both_agencies"]),
        ("The committee itself", ["to_the_committee"]),
    ],
)
def test_recommendations_by_addressee(client, record, addressee, expected):
    found = client.get(RECOMMENDATIONS, {"addressee": addressee}).json()["results"]
    # Each once, though addressed to more than one.
    assert sorted(r["id"] for r in found) == sorted(_pks(record, *expected))
    assert all(addressee in r["addressed_to"] for r in found)


def test_an_agency_nothing_is_addressed_to_has_an_empty_list(client, record):
    AgencyFactory(name="Kent Probation")
    assert _ids(client, RECOMMENDATIONS, {"addressee": "Kent Probation"}) == []


def test_every_name_in_addressed_to_reads_back_as_a_filter(client, record):
    for recommendation in client.get(RECOMMENDATIONS).json()["results"]:
        for name in recommendation["addressed_to"]:
            assert recommendation["id"] in _ids(client, RECOMMENDATIONS, {"addressee": name})


def test_recommendation_filters_combine(client, record):
    query = {"committee": "housing", "addressee": "Kent Police", "status": Status.RESPONDED}
    assert _ids(client, RECOMMENDATIONS, query) == _pks(record, "to_police_and_partnership")
    query = {"committee": "crime", "addressee": "Kent Police", "to": "2019-12-31"}
    assert _ids(client, RECOMMENDATIONS, query) == []
    query = {"addressee": "Safer Maidstone Partnership", "status": Status.SENT}
    assert _ids(client, RECOMMENDATIONS, query) == _pks(record, "to_partnership")


def test_no_filter_lets_through_a_draft_or_exempt_recommendation(client, record, councillor):
    client.force_login(councillor)  # the public record, whoever asks
    queries = [
        {"committee": "crime"},
        {"from": "2019-06-11", "to": "2019-09-10"},
        {"status": Status.SENT},
        {"addressee": "Kent Police"},
        {"addressee": "Safer Maidstone Partnership", "committee": "crime"},
    ]
    for query in queries:
        body = client.get(RECOMMENDATIONS, query).content.decode()
        assert "Secret advice." not in body and "A draft recommendation." not in body
        assert "Named gang members" not in body
    assert record["crime_draft"].pk not in _ids(client, MEETINGS, {"committee": "crime"})


# Pages --------------------------------------------------------------------------------


def test_the_next_and_previous_pages_keep_the_filters(client, record, monkeypatch):
    monkeypatch.setattr("meetings.views.api.PAGE_SIZE", 1)
    query = {"committee": "crime", "from": "2019-01-01"}
    first = client.get(MEETINGS, query).json()
    assert (first["count"], first["pages"], first["previous"]) == (2, 2, None)
    assert first["next"] == (
        "https://testserver/api/meetings/?committee=crime&from=2019-01-01&page=2"
    )
    second = client.get(first["next"].removeprefix("https://testserver")).json()
    assert [m["id"] for m in second["results"]] == _pks(record, "crime_june")
    assert second["next"] is None
    assert second["previous"].endswith("?committee=crime&from=2019-01-01&page=1")

    names = {"addressee": "The committee itself", "status": Status.AGREED}
    agreed = client.get(RECOMMENDATIONS, {**names, "page": 1}).json()
    assert agreed["pages"] == 1 and agreed["next"] is None
    both = client.get(RECOMMENDATIONS, {"status": Status.AGREED}).json()
    assert both["next"].endswith("/api/recommendations/?status=agreed&page=2")
    # A name with spaces survives the link.
    police = client.get(RECOMMENDATIONS, {"addressee": "Kent Police"}).json()
    assert police["next"].endswith("?addressee=Kent+Police&page=2")
    rest = client.get(police["next"].removeprefix("https://testserver")).json()
    assert [r["id"] for r in [*police["results"], *rest["results"]]] == _pks(
        record, "to_both_agencies", "to_police_and_partnership"
    )


# Errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "query", "parameter", "words"),
    [
        (MEETINGS, {"sort": "date"}, "sort", "Unknown parameter"),
        (MEETINGS, {"status": "sent"}, "status", "Unknown parameter"),
        (RECOMMENDATIONS, {"meeting": "1"}, "meeting", "Unknown parameter"),
        (MEETINGS, {"from": "25/09/2018"}, "from", "YYYY-MM-DD"),
        (MEETINGS, {"to": "20180925"}, "to", "YYYY-MM-DD"),
        (RECOMMENDATIONS, {"from": "2019-02-30"}, "from", "not a day of the calendar"),
        (RECOMMENDATIONS, {"to": "2019-6-1"}, "to", "YYYY-MM-DD"),
        (MEETINGS, {"from": "2020-01-02", "to": "2020-01-01"}, "from", "after to"),
        (RECOMMENDATIONS, {"from": "2020-01-02", "to": "2020-01-01"}, "from", "after to"),
        (MEETINGS, {"committee": "no-such-committee"}, "committee", "no committee"),
        (RECOMMENDATIONS, {"committee": "Crime"}, "committee", "no committee"),
        (RECOMMENDATIONS, {"status": "Letter issued"}, "status", "proposed, agreed, sent"),
        (RECOMMENDATIONS, {"status": "SENT"}, "status", "must be one of"),
        (RECOMMENDATIONS, {"addressee": "kent police"}, "addressee", "No partnership or agency"),
        (RECOMMENDATIONS, {"addressee": "Nobody"}, "addressee", "No partnership or agency"),
        (MEETINGS, {"page": "x"}, "page", "whole number"),
        (MEETINGS, {"page": "0"}, "page", "whole number"),
        (MEETINGS, {"page": "-1"}, "page", "whole number"),
        (MEETINGS, {"page": "1.5"}, "page", "whole number"),
        (MEETINGS, {"page": "2"}, "page", "There is no page 2"),
        (RECOMMENDATIONS, {"page": "9" * 5000}, "page", "There is no page"),
        (MEETINGS, {"committee": ""}, "committee", "empty"),
        (RECOMMENDATIONS, {"addressee": ""}, "addressee", "empty"),
        (RECOMMENDATIONS, {"addressee": "Kent\x00Police"}, "addressee", "NUL"),
        (MEETINGS, {"committee": "crime\x00"}, "committee", "NUL"),
    ],
)
def test_a_bad_parameter_answers_400_saying_which(client, record, url, query, parameter, words):
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "parameter"}
    assert body["parameter"] == parameter
    assert words.lower() in body["error"].lower()


@pytest.mark.parametrize("url", [MEETINGS, RECOMMENDATIONS])
def test_a_parameter_given_twice_is_refused_not_guessed(client, record, url):
    response = client.get(f"{url}?committee=crime&committee=housing")
    assert response.status_code == 400
    assert response.json()["parameter"] == "committee"
    assert "given 2 times" in response.json()["error"]
    # The same value twice is no better: the client has made a mistake somewhere.
    assert client.get(f"{url}?from=2019-01-01&from=2019-01-01").status_code == 400


def test_an_unknown_parameter_names_what_the_endpoint_takes(client, record):
    error = client.get(RECOMMENDATIONS, {"agency": "Kent Police"}).json()["error"]
    for name in ("page", "committee", "from", "to", "status", "addressee"):
        assert name in error


def test_the_other_endpoints_refuse_a_parameter_they_do_not_take(client, record):
    meeting = record["crime_june"]
    for url in (reverse("meetings:api_minutes"), reverse("meetings:api_resolutions")):
        assert client.get(url).status_code == 200
        assert client.get(url, {"page": 1}).status_code == 200
        response = client.get(url, {"committee": "crime"})
        assert response.status_code == 400
        assert response.json()["parameter"] == "committee"
    for url in (
        reverse("meetings:api_agenda_items", args=[meeting.pk]),
        reverse("meetings:api_meeting_minutes", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 200
        response = client.get(url, {"page": 2})
        assert response.status_code == 400
        assert response.json() == {
            "error": "Unknown parameter 'page': this takes no parameters.",
            "parameter": "page",
        }
