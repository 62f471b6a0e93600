"""A councillor's or officer's sign-in account is this site's: a meeting archive carries
their person record without it, and an import links no one's account."""

import json
import zipfile

import pytest
from django.contrib.auth.models import User

from meetings.archive import meeting_export
from meetings.models import Person

pytestmark = pytest.mark.django_db


def test_an_archive_carries_people_without_their_accounts(demo_meeting, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    author = Person.objects.get(name="Matt Roberts")
    author.user = User.objects.create_user("matt.roberts@example.org")
    author.save()
    archive = tmp_path / "meeting.zip"
    meeting_export(meeting=demo_meeting, destination=archive)
    with zipfile.ZipFile(archive) as opened:
        document = json.loads(opened.read("meeting.json"))
    people = document["references"]["meetings.person"]
    assert "Matt Roberts" in [person["name"] for person in people]
    assert all("user_id" not in person for person in people)
    assert "matt.roberts@example.org" not in document["users"].values()
