"""The whole site backed up on SQLite and restored (backup_site and restore_site) on the
suite's kind of database, PostgreSQL in its PostgreSQL run: every page, the officer's
pack and the uploaded files come back the same.

Both sites run in processes of their own, as a council's old and new servers would, and
tests/snapshot_pages.py reads each one's pages.
"""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import psycopg
import pypdf
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from meetings.demo import demo_load
from meetings.models import AgendaItem, Appendix, Meeting
from partnership.models import Agency
from scrutiny.backup.site_backup import BackupError, site_backup, site_restore
from scrutiny.devtools.benchmarking import production_environment
from scrutiny.documents.uploads import clean_pdf
from scrutiny.kernel.page_cache import current_version
from tests.helpers import assert_a_sentence, attach_pdf, tiny_pdf, under_declare

# The old site, on SQLite: the demo data, with an uploaded appendix, an officer's edit
# and a binned item, and a meeting with a full record (attendance, declarations, minutes,
# motions, amendments, votes); what its readers see; then its backup. One process, as starting
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
from meetings.services import child_delete
from tests.factories import meeting_with_a_full_record
from tests.helpers import attach_pdf, tiny_pdf
from tests.snapshot_pages import write_snapshot
for command in ("migrate", "load_demo", "create_demo_users"):
    call_command(command, verbosity=0)
meeting_with_a_full_record()
officer = get_user_model().objects.get(username="officer")
meeting = Meeting.objects.get(minutes_not_stated=True)
report = meeting.agenda_items.get(number=7).report
attach_pdf(report.appendices.get(number=2), tiny_pdf(2))
meeting._history_user = officer
meeting.venue = "Town Hall, High Street, Maidstone"
meeting.save()
child_delete(record=meeting.agenda_items.get(number=3), user=officer)
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
    assert all(before["the meeting record"].values())
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


@pytest.fixture
def backup(tmp_path, settings):
    """A backup of the demo site with two uploaded appendices, then an empty database and
    an uploads folder holding only a file of its own, to restore it into."""
    settings.MEDIA_ROOT = tmp_path / "old"
    meeting = demo_load()
    report = meeting.agenda_items.get(number=7).report
    for number, pages in ((1, 1), (2, 2)):
        attach_pdf(report.appendices.get(number=number), tiny_pdf(pages), "plan.pdf")
    path = tmp_path / "site.zip"
    site_backup(destination=path)
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "notes.txt").write_text("not the backup's")
    return path


def _rewrite_backup(backup, destination, *, records=None, uploads=None) -> None:
    """A copy of the backup with ``records(rows)`` done to its records, its manifest made
    to agree with them, and the uploads named in ``uploads`` replaced, the manifest not."""
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(destination, "w") as copy:
        manifest = json.loads(source.read("manifest.json"))
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "records.json" and records:
                rows = json.loads(content)
                records(rows)
                content = json.dumps(rows).encode()
                manifest["records_sha256"] = hashlib.sha256(content).hexdigest()
            elif info.filename.removeprefix("uploads/") in (uploads or {}):
                content = uploads[info.filename.removeprefix("uploads/")]
            if info.filename != "manifest.json":
                copy.writestr(info, content)
        copy.writestr("manifest.json", json.dumps(manifest))


def _last_agenda_item_numbered_zero(rows):
    (last,) = [row for row in rows if row["model"] == "meetings.agendaitem"][-1:]
    last["fields"]["number"] = 0
    assert rows.index(last) > len(rows) / 2, "the refused record is not late in the records"


def _uploads_folder() -> dict[str, bytes]:
    return {
        str(path.relative_to(settings.MEDIA_ROOT)): path.read_bytes()
        for path in sorted(settings.MEDIA_ROOT.rglob("*"))
        if path.is_file()
    }


def _holds_no_records() -> bool:
    return not (
        get_user_model().objects.exists()
        or Agency.objects.exists()
        or Meeting.all_objects.exists()
        or AgendaItem.all_objects.exists()
        or Appendix.objects.exists()
    )


@pytest.mark.django_db(transaction=True)
def test_a_restore_retires_the_pages_cached_before_it(backup):
    with zipfile.ZipFile(backup) as archive:
        rows = json.loads(archive.read("records.json"))
    (backed_up,) = [
        row["fields"]["number"] for row in rows if row["model"] == "scrutiny.contentversion"
    ]
    site_restore(source=backup)
    # Pages cached under the backed-up version, before the restore, are never served.
    assert current_version() > backed_up


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_half_way_leaves_nothing_and_can_be_run_again(
    backup, tmp_path, monkeypatch
):
    uploads = _uploads_folder()
    with zipfile.ZipFile(backup) as archive:
        names = sorted(json.loads(archive.read("manifest.json"))["uploads"])
    refused = tmp_path / "refused.zip"
    _rewrite_backup(backup, refused, records=_last_agenda_item_numbered_zero)
    damaged = tmp_path / "damaged.zip"
    _rewrite_backup(backup, damaged, uploads={names[-1]: tiny_pdf(3)})

    with pytest.raises(BackupError, match=r"records could not be loaded .*: nothing was restored"):
        site_restore(source=refused)
    assert _holds_no_records() and _uploads_folder() == uploads
    with pytest.raises(BackupError, match=f"copy of {names[-1]} is damaged"):
        site_restore(source=damaged)
    assert _holds_no_records() and _uploads_folder() == uploads

    # The records committed, the second file fails to go in: the first is taken back out.
    moves, replace = [], os.replace

    def the_disk_fills(source, target):
        if Path(target).is_relative_to(settings.MEDIA_ROOT):
            moves.append(target)
            if len(moves) == 2:
                raise OSError(28, "No space left on device")
        return replace(source, target)

    monkeypatch.setattr("scrutiny.backup.site_backup.os.replace", the_disk_fills)
    with pytest.raises(
        BackupError, match=r"could not be put in the uploads folder \(No space left"
    ):
        site_restore(source=backup)
    monkeypatch.undo()
    assert len(moves) == 2
    assert _holds_no_records() and _uploads_folder() == uploads

    summary = site_restore(source=backup)
    assert summary.files == 2
    appendices = Meeting.objects.get().agenda_items.get(number=7).report.appendices
    # As they were uploaded, cleaned: the restore's cleaning finds nothing more to change.
    restored = {appendices.get(number=n).file.name: clean_pdf(tiny_pdf(n)).content for n in (1, 2)}
    assert sorted(restored) == names
    assert _uploads_folder() == {**uploads, **restored}


@pytest.mark.django_db(transaction=True)
def test_every_refused_restore_ends_in_a_sentence_and_leaves_nothing(backup, tmp_path, settings):
    uploads = _uploads_folder()
    not_a_zip = tmp_path / "notes.zip"
    not_a_zip.write_text("minutes")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])

    def zip_of(name, members):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            for member, content in members.items():
                archive.writestr(member, content)
        return tmp_path / name

    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        records = archive.read("records.json")
    # Records 64 MB long that the zip says are 1 KB: read no further than they claim.
    lying = zip_of(
        "lying.zip",
        {"manifest.json": json.dumps(manifest), "records.json": b" " * (64 * 1024 * 1024)},
    )
    under_declare(lying, "records.json", 1024)
    not_json = tmp_path / "not-json.zip"
    _rewrite_backup(backup, not_json, records=lambda rows: rows.append("not a record"))
    damaged = tmp_path / "damaged.zip"
    _rewrite_backup(backup, damaged, uploads=dict.fromkeys(manifest["uploads"], b"%PDF-"))
    refused = tmp_path / "refused.zip"
    _rewrite_backup(backup, refused, records=_last_agenda_item_numbered_zero)
    cases = {
        "not a zip": (not_a_zip, "cannot be opened"),
        "truncated": (truncated, "it is not a zip file, or it has been cut short"),
        "no manifest": (zip_of("no-manifest.zip", {"records.json": records}), "no manifest"),
        "bad JSON": (zip_of("bad.zip", {"manifest.json": b"{"}), "manifest.json is not valid"),
        "wrong version": (
            zip_of("newer.zip", {"manifest.json": json.dumps({**manifest, "version": 99})}),
            "made by a newer version of Scrutiny",
        ),
        "lying size": (lying, r"records\.json cannot be read: the backup is damaged"),
        "digest mismatch": (damaged, r"copy of appendices/.* is damaged"),
        "records not JSON records": (not_json, "records could not be loaded"),
        "record refused": (refused, "records could not be loaded"),
    }
    for case, (source, reason) in cases.items():
        with pytest.raises(CommandError, match=reason) as refusal:
            call_command("restore_site", str(source))
        assert_a_sentence(str(refusal.value))
        assert _holds_no_records(), case
        assert _uploads_folder() == uploads, case

    settings.SCRUTINY_BACKUP_RECORDS_MAX_BYTES = 1024
    with pytest.raises(CommandError, match=r"records\.json is larger than the 1,024 bytes"):
        call_command("restore_site", str(backup))
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 100
    settings.SCRUTINY_BACKUP_RECORDS_MAX_BYTES = 64 * 1024 * 1024
    with pytest.raises(CommandError, match=r"uploads/appendices/.* is larger than"):
        call_command("restore_site", str(backup))
    assert _holds_no_records() and _uploads_folder() == uploads


def test_the_commands_refuse_a_damaged_file_with_a_sentence_and_a_failing_exit(tmp_path):
    truncated = tmp_path / "truncated.zip"
    with zipfile.ZipFile(truncated, "w") as archive:
        archive.writestr("meeting.json", "{}" * 1000)
    truncated.write_bytes(truncated.read_bytes()[:-30])
    env = site(SQLITE_PATH=str(tmp_path / "db.sqlite3"), MEDIA_ROOT=str(tmp_path / "media"))
    for command, noun in (("import_meeting", "archive"), ("restore_site", "backup")):
        result = run("manage.py", command, truncated, env=env, check=False)
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip() == (
            f"CommandError: The {noun} cannot be opened: it is not a zip file, "
            "or it has been cut short."
        )


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
