"""What a site's readers are sent, written to a JSON file, so that a test can compare two
sites on different databases, each run in a process of its own (tests/test_site_backup.py).

Every meeting's pages, its officers' pages and the officer's copy of its pack, as
``meeting_addresses`` lists them, and the site-wide lists; HTML as text, anything else
as a SHA-256 digest; when every recorded change was made; every field of the meeting
record (attendance, minutes, motions, votes …); and which meetings a search for each
committee's name finds.
"""

import hashlib
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from meetings.models import Committee, Meeting
from meetings.search import search
from partnership.models import Partnership
from tests.helpers import change_times, meeting_addresses, meeting_record_rows, read_pages


def site_addresses() -> dict[str, list[str]]:
    public = [
        reverse("meetings:home"),
        reverse("meetings:tracker"),
        reverse("meetings:calls_for_action"),
    ]
    for committee in Committee.objects.all():
        public += [
            committee.get_absolute_url(),
            reverse("meetings:work_programme", args=[committee.slug]),
        ]
    public += [partnership.get_absolute_url() for partnership in Partnership.objects.all()]
    addresses = {"public": public, "officer": []}
    for meeting in Meeting.all_objects.order_by("pk"):
        for reader, paths in meeting_addresses(meeting, documents=False).items():
            addresses[reader] += paths
    return addresses


def write_snapshot(path: str) -> None:
    officer = get_user_model().objects.get(username="officer")
    pages = {}
    for address, content in read_pages(site_addresses(), officer).items():
        if content.lstrip().startswith(b"<!DOCTYPE html>"):
            pages[address] = content.decode()
        else:
            pages[address] = hashlib.sha256(content).hexdigest()
    # The history pages show times to the second; the order of changes rests on the rest.
    pages["the time of every change"] = change_times()
    pages["the meeting record"] = meeting_record_rows()
    # Search pages differ between SQLite and PostgreSQL, but not in which meetings a
    # committee's name finds: on PostgreSQL those words are kept (migration 0009).
    pages["meetings found by their committee's name"] = {
        committee.name: sorted(
            hit.title for hit in search(AnonymousUser(), committee.name) if hit.kind == "Meeting"
        )
        for committee in Committee.objects.all()
    }
    with open(path, "w") as output:
        json.dump(pages, output)
