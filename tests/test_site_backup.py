"""The whole site backed up on SQLite and restored (backup_site and restore_site) on the
suite's kind of database, PostgreSQL in its PostgreSQL run: every page, the officer's
pack and the uploaded files come back the same.

Both sites run in processes of their own, as a council's old and new servers would, and
tests/snapshot_pages.py reads each one's pages.
"""

import json
import os
import subprocess
import sys
import zipfile

import psycopg
import pypdf
import pytest
from django.conf import settings
from django.db import connection

from scrutiny.benchmarking import production_environment
from scrutiny.site_backup import BackupError, site_restore

# The old site, on SQLite: the demo data, with an uploaded appendix, an officer's edit
# and a binned item; what its readers see; then its backup. One process, as starting
# Django costs more than any one step.
OLD_SITE = """
import sys
import zipfile
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from meetings.models import Meeting
from meetings.services import agenda_item_delete
from tests.helpers import tiny_pdf
from tests.snapshot_pages import write_snapshot
for command in ("migrate", "load_demo", "create_demo_users"):
    call_command(command, verbosity=0)
officer = get_user_model().objects.get(username="officer")
meeting = Meeting.objects.get()
report = meeting.agenda_items.get(number=7).report
report.appendices.get(number=2).file.save("plan.pdf", ContentFile(tiny_pdf(2)))
meeting._history_user = officer
meeting.venue = "Town Hall, High Street, Maidstone"
meeting.save()
agenda_item_delete(item=meeting.agenda_items.get(number=3), user=officer)
write_snapshot(sys.argv[1])
call_command("backup_site", "--output", sys.argv[2])
"""

# The new site, on PostgreSQL: the backup restored, and what its readers see.
NEW_SITE = """
import sys
import zipfile
import django
django.setup()
from django.core.management import call_command
from tests.snapshot_pages import write_snapshot
call_command("restore_site", sys.argv[2])
write_snapshot(sys.argv[1])
"""


def run(*args, env, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def site(**env) -> dict[str, str]:
    return production_environment(DJANGO_DEBUG="true", DJANGO_ALLOWED_HOSTS="testserver", **env)


@pytest.fixture
def empty_database(tmp_path):
    """The address of a new, empty database of the suite's kind: on PostgreSQL, one of its
    own on the suite's server, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'new.sqlite3'}"
        return
    server = connection.settings_dict
    name = f"scrutiny_restore_{os.getpid()}"
    admin = psycopg.connect(
        dbname="postgres",
        host=server["HOST"],
        port=server["PORT"] or 5432,
        user=server["USER"],
        password=server["PASSWORD"],
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        user = (
            f"{server['USER']}:{server['PASSWORD']}@"
            if server["PASSWORD"]
            else f"{server['USER']}@"
        )
        yield f"postgres://{user}{server['HOST']}:{server['PORT'] or 5432}/{name}"
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_site_backed_up_on_sqlite_comes_back_whole_on_the_suites_database(
    tmp_path, empty_database
):
    backup = tmp_path / "site.zip"
    old = site(SQLITE_PATH=str(tmp_path / "old.sqlite3"), MEDIA_ROOT=str(tmp_path / "old"))
    run("-c", OLD_SITE, tmp_path / "old.json", backup, env=old)
    new = site(DATABASE_URL=empty_database, MEDIA_ROOT=str(tmp_path / "new"))
    restored = run("-c", NEW_SITE, tmp_path / "new.json", backup, env=new)
    assert "1 uploaded files" in restored.stdout
    before = json.loads((tmp_path / "old.json").read_text())
    after = json.loads((tmp_path / "new.json").read_text())

    assert any("/appendices/" in address for address in before)
    assert any(address.endswith("/history/") for address in before)
    assert all(before["meetings found by their committee's name"].values())
    assert list(after) == list(before)
    for address, content in before.items():
        assert after[address] == content, f"{address} differs after the restore"

    again = run("manage.py", "restore_site", str(backup), env=new, check=False)
    assert again.returncode != 0
    assert "This database already holds records" in again.stderr


@pytest.mark.django_db
def test_a_backup_that_is_not_one_or_is_from_a_newer_version_is_refused(tmp_path):
    not_a_zip = tmp_path / "notes.zip"
    not_a_zip.write_text("minutes")
    with pytest.raises(BackupError, match="cannot be opened"):
        site_restore(source=not_a_zip)

    newer = tmp_path / "newer.zip"
    manifest = {
        "format": "scrutiny-site-backup",
        "version": 1,
        "migrations": {"meetings": ["0001_initial", "0099_from_the_future"]},
        "records": 0,
        "uploads": {},
    }
    with zipfile.ZipFile(newer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    with pytest.raises(BackupError, match=r"newer version of Scrutiny .* 0099_from_the_future"):
        site_restore(source=newer)


# An issued letter on the old site: kept as its record, then the recommendation edited.
# The letter as an officer downloads it is written out, and the site backed up.
LETTER_OLD_SITE = """
import sys
import django
django.setup()
from pathlib import Path
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from meetings.letter_records import render_letter_record
from meetings.lifecycle import recommendation_agree
from meetings.models import Meeting
from meetings.services import letters_issue
from partnership.models import Agency
for command in ("migrate", "load_demo", "create_demo_users"):
    call_command(command, verbosity=0)
officer = get_user_model().objects.get(username="officer")
meeting = Meeting.objects.get()
recommendation = meeting.recommendations.order_by("position").first()
recommendation.addressee_agencies.set([Agency.objects.get(name="Kent Police")])
recommendation_agree(recommendation=recommendation, user=officer)
letters_issue(meeting=meeting, user=officer, issued_on=meeting.date)
letter = meeting.letters.get(addressee__name="Kent Police")
render_letter_record.call(letter.pk)
recommendation.refresh_from_db()
recommendation.text = "Edited after the letter went out."
recommendation.save()
client = Client()
client.force_login(officer)
Path(sys.argv[1]).write_bytes(client.get(f"/letters/{letter.pk}/letter.pdf").content)
call_command("backup_site", "--output", sys.argv[2])
"""

# The new site: the backup restored, and the same letter as an officer downloads it.
LETTER_NEW_SITE = """
import sys
import django
django.setup()
from pathlib import Path
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from meetings.letter_records import render_letter_record
from meetings.models import RecommendationLetter
call_command("restore_site", sys.argv[2])
letter = RecommendationLetter.objects.get(addressee__name="Kent Police")
assert render_letter_record.call(letter.pk) is False, "the record was made again"
client = Client()
client.force_login(get_user_model().objects.get(username="officer"))
response = client.get(f"/letters/{letter.pk}/letter.pdf")
assert response.status_code == 200, response.status_code
Path(sys.argv[1]).write_bytes(response.content)
"""


def test_an_issued_letter_comes_back_byte_for_byte_after_a_backup_and_restore(
    tmp_path, empty_database
):
    backup = tmp_path / "site.zip"
    old = site(SQLITE_PATH=str(tmp_path / "old.sqlite3"), MEDIA_ROOT=str(tmp_path / "old"))
    run("-c", LETTER_OLD_SITE, tmp_path / "sent.pdf", backup, env=old)
    with zipfile.ZipFile(backup) as archive:
        assert any(name.startswith("uploads/letters/") for name in archive.namelist())
    new = site(DATABASE_URL=empty_database, MEDIA_ROOT=str(tmp_path / "new"))
    run("-c", LETTER_NEW_SITE, tmp_path / "restored.pdf", backup, env=new)
    sent = (tmp_path / "sent.pdf").read_bytes()
    assert sent.startswith(b"%PDF-")
    assert (tmp_path / "restored.pdf").read_bytes() == sent
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(tmp_path / "restored.pdf").pages
    )
    assert "Edited after the letter went out." not in text
