"""The whole site in one file, to restore on any database: SQLite to PostgreSQL, say.

The records go through Django's own ``dumpdata`` and ``loaddata``, with natural keys for
users, groups and permissions, so that nothing depends on the numbers one database gave
them. Uploaded files go beside the records. Left out, because they are made again:
content types and permissions (by the migrations), sessions (everyone signs in again),
queued tasks, sign-in lockouts, and rendered PDFs (rendered again on first request).
Issued letters' PDFs are records, not rendered documents: they live under ``letters/``
with the uploads and go with them, byte for byte.

A restore first migrates the empty database to the state the backup was made at, loads
the records, then migrates to this version of the app, so an old backup restores into a
newer app and its data migrations run on the restored records.
"""

import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

from .zip_archives import add_uploads, zip_written_whole

FORMAT = "scrutiny-site-backup"
VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "records.json"
UPLOADS = "uploads/"
# Rendered documents (scrutiny/documents.py): kept for speed, made again on request.
NOT_BACKED_UP = ("documents/",)
LEFT_OUT = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "django_tasks_database",
    "axes",
]


class BackupError(Exception):
    """A backup that cannot be made or restored, with a sentence saying why."""


@dataclass
class BackupSummary:
    path: Path
    records: int
    files: int


def _uploads(folder: str = "") -> list[str]:
    if not default_storage.exists(folder or "."):
        return []
    folders, files = default_storage.listdir(folder or ".")
    names = [f"{folder}{name}" for name in files]
    for child in folders:
        names += _uploads(f"{folder}{child}/")
    return sorted(name for name in names if not name.startswith(NOT_BACKED_UP))


def _applied_migrations() -> dict[str, list[str]]:
    """The migrations of each of the app's apps that this database has had, in order."""
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        state.setdefault(app_label, []).append(name)
    return state


def site_backup(*, destination: Path) -> BackupSummary:
    """Write every record and uploaded file to one zip file; it appears whole or not at all."""
    destination = Path(destination)
    with tempfile.TemporaryDirectory() as scratch, zip_written_whole(destination) as archive:
        records = Path(scratch) / RECORDS
        call_command(
            "dumpdata",
            format="exactjson",
            natural_foreign=True,
            natural_primary=True,
            exclude=LEFT_OUT,
            output=str(records),
            verbosity=0,
        )
        # Counted once, for the summary: the file is read back whole here.
        count = len(json.loads(records.read_text()))
        uploads = _uploads()
        archive.write(records, RECORDS)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "made_at": timezone.now().isoformat(),
            "migrations": _applied_migrations(),
            "records": count,
            "uploads": add_uploads(archive, uploads, UPLOADS),
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return BackupSummary(path=destination, records=count, files=len(uploads))


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise BackupError("This is not a site backup written by Scrutiny.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("This is not a site backup written by Scrutiny.")
    if manifest.get("version", 0) > VERSION:
        raise BackupError("This backup was made by a newer version of Scrutiny.")
    return manifest


def _check_migrations(manifest: dict) -> dict[str, str]:
    """The last migration of each app the backup was made at; refuse unknown ones."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    installed = {config.label for config in apps.get_app_configs()}
    targets = {}
    for app_label, names in manifest["migrations"].items():
        if app_label not in installed:
            continue
        unknown = [name for name in names if (app_label, name) not in known]
        if unknown:
            raise BackupError(
                f"The backup was made by a newer version of Scrutiny (it has the migration "
                f"{app_label} {unknown[0]}): restore it with that version or a later one."
            )
        targets[app_label] = names[-1]
    return targets


def _is_empty() -> bool:
    if get_user_model().objects.exists():
        return False
    for app_label in ("meetings", "partnership"):
        for model in apps.get_app_config(app_label).get_models():
            if model._base_manager.exists():
                return False
    return True


def site_restore(*, source: Path) -> BackupSummary:
    """Restore a backup made by ``site_backup`` into this (empty) database and uploads folder.

    It refuses a database that already holds records: a restore adds to nothing.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"The backup cannot be opened: {error}.") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        manifest = _read_manifest(archive)
        targets = _check_migrations(manifest)
        # The backup's own schema first, so that its records fit the tables; in one
        # plan across the apps, without the signals that expect every table to exist.
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        executor.migrate(list(targets.items()))
        # Now that every table is there: content types, permissions and the app's groups.
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
        if not _is_empty():
            raise BackupError(
                "This database already holds records: restore into an empty database."
            )
        for name in manifest["uploads"]:
            if default_storage.exists(name):
                raise BackupError(f"The uploads folder already has {name}: use an empty one.")
        records = Path(scratch) / RECORDS
        records.write_bytes(archive.read(RECORDS))
        # The backup holds the history rows: none may be made for the loading itself
        # (loaddata sets many-to-many links, which django-simple-history would record).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(records), verbosity=0)
        executor.loader.build_graph()
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", verbosity=0)
        for name, digest in manifest["uploads"].items():
            content = archive.read(UPLOADS + name)
            if hashlib.sha256(content).hexdigest() != digest:
                raise BackupError(f"The backup's copy of {name} is damaged.")
            default_storage.save(name, ContentFile(content))
    return BackupSummary(
        path=Path(source), records=manifest["records"], files=len(manifest["uploads"])
    )
