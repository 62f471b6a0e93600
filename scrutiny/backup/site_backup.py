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
newer app and its data migrations run on the restored records. Nothing in the backup is
trusted until checked (``site_restore``): it may be damaged, cut short or made to lie.
"""

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

from scrutiny.backup.zip_archives import ZipReader, add_uploads, zip_written_whole
from scrutiny.documents.uploads import clean_stored_uploads
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.errors import in_one_line

logger = logging.getLogger(__name__)

FORMAT = "scrutiny-site-backup"
VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "records.json"
UPLOADS = "uploads/"
# A manifest lists every uploaded file by name and digest: far less than this.
MANIFEST_LIMIT_BYTES = 64 * 1024 * 1024
# Rendered documents (scrutiny/documents/document.py): kept for speed, made again on request.
NOT_BACKED_UP = ("documents/",)
# The records that keep an uploaded file, checked again after a restore.
UPLOADED_FILES = [("meetings", "Appendix")]
LEFT_OUT = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "django_tasks_database",
    "axes",
    # Which documents were rendered: the files are not backed up either.
    "scrutiny.documentrender",
    "scrutiny.renderslot",
]


class BackupError(Exception):
    """A backup that cannot be made or restored, with a sentence saying why."""


@dataclass
class BackupSummary:
    path: Path
    records: int
    files: int
    # Restored uploads that could not be cleaned, each with the reason.
    not_clean: list[str] = field(default_factory=list)


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
            # Every record, binned ones too: the default managers leave those out.
            use_base_manager=True,
            exclude=LEFT_OUT,
            output=str(records),
            verbosity=0,
        )
        # Counted once, for the summary: the file is read back whole here.
        count = len(json.loads(records.read_text()))
        with records.open("rb") as written:
            records_digest = hashlib.file_digest(written, "sha256").hexdigest()
        uploads = _uploads()
        archive.write(records, RECORDS)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "made_at": timezone.now().isoformat(),
            "migrations": _applied_migrations(),
            "records": count,
            "records_sha256": records_digest,
            "uploads": add_uploads(archive, uploads, UPLOADS),
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return BackupSummary(path=destination, records=count, files=len(uploads))


def _read_manifest(backup: ZipReader) -> dict:
    """The backup's manifest, refused unless it is laid out as ``site_backup`` writes it."""
    if not backup.has(MANIFEST):
        raise BackupError(f"This is not a site backup written by Scrutiny: it has no {MANIFEST}.")
    try:
        manifest = json.loads(backup.read(MANIFEST, limit=MANIFEST_LIMIT_BYTES))
    except (ValueError, RecursionError):
        raise BackupError(
            f"The backup's {MANIFEST} is not valid JSON: the backup is damaged."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This is not a site backup written by Scrutiny.")
    version = manifest.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BackupError(
            "This backup was made by a newer version of Scrutiny: restore it with that "
            "version or a later one."
        )
    migrations, uploads = manifest.get("migrations"), manifest.get("uploads")
    if not (
        isinstance(migrations, dict)
        and all(
            isinstance(names, list) and names and all(isinstance(name, str) for name in names)
            for names in migrations.values()
        )
        and isinstance(uploads, dict)
        and all(isinstance(digest, str) for digest in uploads.values())
        and isinstance(manifest.get("records"), int)
        and isinstance(manifest.get("records_sha256", ""), str)
    ):
        raise BackupError(
            f"The backup's {MANIFEST} is damaged: it is not laid out as Scrutiny writes it."
        )
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


def _holds_records() -> bool:
    """Whether this database has users or the app's records, in whichever of their tables
    exist yet: it is asked before any migration, of a database at any state."""
    tables = set(connections[DEFAULT_DB_ALIAS].introspection.table_names())
    models = [get_user_model()]
    for app_label in ("meetings", "partnership"):
        models += apps.get_app_config(app_label).get_models()
    return any(model._meta.db_table in tables and model._base_manager.exists() for model in models)


def _upload_path(name: str) -> Path:
    try:
        return Path(default_storage.path(name))
    except SuspiciousFileOperation:
        raise BackupError(f"The backup names an uploaded file unsafely ({name}).") from None


def _refuse_a_site_in_use(manifest: dict) -> None:
    if _holds_records():
        raise BackupError("This database already holds records: restore into an empty database.")
    for name in manifest["uploads"]:
        if _upload_path(name).exists():
            raise BackupError(f"The uploads folder already has {name}: use an empty one.")


def _unpack(backup: ZipReader, manifest: dict, scratch: Path) -> tuple[Path, dict[str, Path]]:
    """The records and every uploaded file, copied out of the backup to ``scratch`` and
    checked against the manifest's digests: the records' file, and the uploads by name."""
    records = scratch / RECORDS
    with records.open("wb") as copy:
        digest = backup.copy(RECORDS, copy, limit=settings.SCRUTINY_BACKUP_RECORDS_MAX_BYTES)
    if manifest.get("records_sha256", digest) != digest:
        raise BackupError(f"The backup's {RECORDS} is damaged: it is not what was backed up.")
    (scratch / "uploads").mkdir()
    staged = {}
    for number, (name, expected) in enumerate(manifest["uploads"].items()):
        # Numbered, not named: a name is only trusted once the uploads folder has vetted it.
        staged[name] = scratch / "uploads" / str(number)
        with staged[name].open("wb") as copy:
            digest = backup.copy(UPLOADS + name, copy, limit=settings.SCRUTINY_UPLOAD_MAX_BYTES)
        if digest != expected:
            raise BackupError(
                f"The backup's copy of {name} is damaged: it is not what was backed up."
            )
    return records, staged


def _first_line(error: Exception) -> str:
    """The error in one line, without the scratch file's name loaddata puts before it."""
    return re.sub(r"^Problem installing fixture '[^']*': ", "", in_one_line(error))


def _load(records: Path) -> None:
    """Every record of the backup, in one transaction: all of them or none."""
    # The backup holds the history rows: none may be made for the loading itself
    # (loaddata sets many-to-many links, which django-simple-history would record).
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(records), verbosity=0)


def _move_in(staged: dict[str, Path]) -> None:
    """Move the checked files into the uploads folder, each under a temporary name and
    renamed, so none is ever there in part; if one cannot be, take back those moved."""
    moved: list[Path] = []
    made: list[Path] = []
    try:
        for name, source in staged.items():
            target = _upload_path(name)
            missing = [folder for folder in (target, *target.parents) if not folder.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            made += reversed(missing[1:])
            partial = target.with_name(f".{target.name}.restoring")
            shutil.move(source, partial)
            os.replace(partial, target)
            moved.append(target)
    except BaseException as failure:
        for target in moved:
            target.unlink(missing_ok=True)
        for name in staged:
            target = _upload_path(name)
            target.with_name(f".{target.name}.restoring").unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(failure, OSError):
            raise BackupError(
                f"The backup's files could not be put in the uploads folder "
                f"({failure.strerror or failure}): nothing was restored."
            ) from None
        raise


def _empty_again() -> None:
    """Take out every record a failed restore wrote: the database held none before it."""
    call_command("flush", interactive=False, verbosity=0)


def site_restore(*, source: Path) -> BackupSummary:
    """Restore a backup made by ``site_backup`` into this (empty) database and uploads folder.

    Everything that can be checked is checked before anything is written: the manifest,
    the migrations, that the database holds no records and the uploads folder none of the
    backup's files, and every file against its digest. The records are then loaded in one
    transaction, and the files moved into the uploads folder only after that. If any step
    fails, the database is left without records and the uploads folder as it was, so the
    restore can simply be run again; the failure is raised as ``BackupError``.
    """
    with (
        ZipReader(source, error=BackupError, noun="backup") as backup,
        tempfile.TemporaryDirectory() as scratch,
    ):
        manifest = _read_manifest(backup)
        targets = _check_migrations(manifest)
        _refuse_a_site_in_use(manifest)
        records, staged = _unpack(backup, manifest, Path(scratch))
        # Only the schema changes before the records load, which leaves no records: this
        # part runs again as harmlessly. The backup's own schema first, so that its records
        # fit the tables; in one plan across the apps, without the signals that expect
        # every table to exist.
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        executor.migrate(list(targets.items()))
        # Now that every table is there: content types, permissions and the app's groups.
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
        try:
            _restore_records(records, executor)
            # The files are still in scratch, checked, until this last step: what must be
            # done to them beside their restored records is done before it.
            _move_in(staged)
            # Every door's check and cleaning, on the files now beside their records.
            not_clean = _clean_restored_uploads()
        except BaseException:
            # Interrupted too (Ctrl-C): a database left with records could not be restored into.
            _empty_again()
            raise
    # Every record is new here, and the content version came back from the backup, where
    # pages cached before the restore may have been kept under the same number.
    content_changed(everything=True)
    return BackupSummary(
        path=Path(source),
        records=manifest["records"],
        files=len(manifest["uploads"]),
        not_clean=not_clean,
    )


def _restore_records(records: Path, executor: MigrationExecutor) -> None:
    """Load the records, then bring them up to this version of the app by its migrations
    (which, on SQLite, cannot run inside the loading's transaction)."""
    try:
        _load(records)
    except Exception as error:
        # Whatever loaddata raises on a backup's content (a row the database refuses,
        # JSON it cannot read, a model it does not know) means it cannot be restored.
        logger.exception("The backup's records could not be loaded")
        raise BackupError(
            f"The backup's records could not be loaded ({_first_line(error)}): nothing was "
            "restored."
        ) from None
    executor.loader.build_graph()
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        try:
            call_command("migrate", verbosity=0)
        except Exception as error:
            logger.exception("The restored records could not be migrated")
            raise BackupError(
                "The backup's records could not be brought up to this version of Scrutiny "
                f"({_first_line(error)}): nothing was restored."
            ) from None


def _clean_restored_uploads() -> list[str]:
    """Put every restored upload through the check and cleaning every upload takes
    (scrutiny/documents/uploads.py), once its records and files are in: a backup may come from a
    copy of the site that stored them before they were cleaned."""
    problems = []
    for app_label, model_name in UPLOADED_FILES:
        problems += clean_stored_uploads(apps.get_model(app_label, model_name))
    return problems
