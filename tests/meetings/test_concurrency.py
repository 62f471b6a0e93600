"""Officers working at the same moment lose no update: each test starts its writers
together from threads, each with a database connection of its own, against the real
database server (PostgreSQL in CI; SQLite takes the same locks one writer at a time)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from meetings.models import AgendaItem, Meeting, Report
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 6


def together(officer, requests):
    """Send each request from a thread of its own, all released at the same moment;
    returns the responses in the order of the requests."""
    start = threading.Barrier(len(requests))
    responses = [None] * len(requests)
    failures = []

    def send(index, method, url, data):
        try:
            client = Client()
            client.force_login(officer)
            start.wait(timeout=30)
            responses[index] = getattr(client, method)(url, data)
        except Exception as error:  # reported below, with the thread's own traceback
            failures.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(index, *request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    assert not failures, failures
    return responses


def test_items_added_at_once_each_get_a_number_of_their_own(officer):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    url = reverse("meetings:item_create", args=[meeting.pk])
    together(
        officer,
        [
            ("post", url, {"kind": "other", "title": f"Item from officer {n}"})
            for n in range(WRITERS)
        ],
    )
    items = AgendaItem.objects.filter(meeting=meeting)
    assert sorted(items.values_list("number", flat=True)) == list(range(1, WRITERS + 1))
    assert {item.title for item in items} == {f"Item from officer {n}" for n in range(WRITERS)}


def test_items_moved_at_once_all_move_and_the_numbers_stay_whole(officer):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    items = [
        AgendaItemFactory(meeting=meeting, number=number, title=f"Item {number}")
        for number in range(1, 2 * WRITERS + 1)
    ]
    # Each officer moves a different odd-numbered item down past its neighbour.
    together(
        officer,
        [
            ("post", reverse("meetings:item_move", args=[item.pk]), {"direction": "down"})
            for item in items[::2]
        ],
    )
    order = list(
        AgendaItem.objects.filter(meeting=meeting).order_by("number").values_list("title", "number")
    )
    assert [number for _, number in order] == list(range(1, 2 * WRITERS + 1))
    expected = []
    for first in range(1, 2 * WRITERS + 1, 2):
        expected += [f"Item {first + 1}", f"Item {first}"]
    assert [title for title, _ in order] == expected


def test_two_officers_saving_one_report_at_once_one_is_told_the_other_saved_first(
    officer, demo_meeting
):
    report = Report.objects.get(agenda_item__meeting=demo_meeting)
    url = reverse("meetings:report_update", args=[report.pk])
    opener = Client()
    opener.force_login(officer)
    token = opener.get(url).context["form"]["edit_token"].value()
    connection.close()
    titles = [f"Title from officer {n}" for n in range(WRITERS)]
    responses = together(
        officer,
        [
            (
                "post",
                url,
                {
                    "title": title,
                    "author": report.author_id,
                    "summary": "",
                    "edit_token": token,
                },
            )
            for title in titles
        ],
    )
    saved = [response for response in responses if response.status_code == 302]
    refused = [response for response in responses if response.status_code == 200]
    assert len(saved) == 1 and len(refused) == WRITERS - 1
    for response in refused:
        assert "saved this report at" in response.content.decode()
    report.refresh_from_db()
    winner = titles[responses.index(saved[0])]
    assert report.title == winner
    assert report.history.filter(title__in=titles).count() == 1


def test_a_meeting_published_twice_at_once_is_published_once(officer):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting, number=1)
    url = reverse("meetings:meeting_publish", args=[meeting.pk])
    # Far enough ahead that no reason for urgency is asked for.
    meeting.date = meeting.date.replace(year=2100)
    meeting.save()
    responses = together(officer, [("post", url, {}) for _ in range(WRITERS)])
    assert all(response.status_code in {200, 302} for response in responses)
    assert sum(response.status_code == 302 for response in responses) == 1
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.history.filter(status=Meeting.Status.PUBLISHED).count() == 1
