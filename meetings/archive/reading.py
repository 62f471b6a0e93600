"""Reading a meeting's archive into this database.

Every record keeps its number where this database has it free (no record and no history
row of that number), so that links and bookmarks to the meeting keep working when it
moves to a new database; otherwise it is given a new one. Either way nothing else in
this database is changed, and an import that fails leaves nothing behind.
"""

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connection, transaction

from scrutiny.backup.zip_archives import ZipReader
from scrutiny.documents.uploads import checked_fields, clean_pdf, refusal
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.errors import in_one_line
from scrutiny.kernel.text import without_control_characters

from ..models import Appendix, Committee, Meeting, RecommendationLetter
from .contents import (
    FILES_FOLDER,
    FORMAT,
    OTHER_MEETINGS,
    OWNED_MODELS,
    PARTS,
    RECORDS_NAME,
    REFERENCE_MODELS,
    REFERENCES,
    VERSION,
    ArchiveError,
    history_model,
    label,
    link_history_models,
    link_models,
    table_models,
)
from .signing import SIGNATURE_NAME, check_signature

# A signature is 64 hex digits; anything much longer is not one.
SIGNATURE_LIMIT_BYTES = 1024


@dataclass
class ImportSummary:
    meeting: Meeting
    counts: dict[str, int] = field(default_factory=dict)
    renumbered: int = 0
    created: list[str] = field(default_factory=list)
    missing_users: list[str] = field(default_factory=list)
    dropped_links: list[str] = field(default_factory=list)
    # Appendix files that could not be cleaned, each with the reason.
    not_clean: list[str] = field(default_factory=list)


def _read_document(archive: ZipReader) -> dict:
    """The archive's records, once its signature is seen to vouch for them."""
    if not archive.has(RECORDS_NAME):
        raise ArchiveError(f"This is not a meeting archive: it has no {RECORDS_NAME}.")
    records = archive.read(RECORDS_NAME, limit=settings.SCRUTINY_ARCHIVE_RECORDS_MAX_BYTES)
    signature = None
    if archive.has(SIGNATURE_NAME):
        signature = archive.read(SIGNATURE_NAME, limit=SIGNATURE_LIMIT_BYTES)
    check_signature(records, signature)
    try:
        document = json.loads(records)
    except (ValueError, RecursionError):
        raise ArchiveError(
            f"The archive's records cannot be read: its {RECORDS_NAME} is not valid JSON."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ArchiveError("This is not a meeting archive written by Scrutiny.")
    if not isinstance(document.get("version"), int) or document["version"] > VERSION:
        raise ArchiveError(
            "This archive was written by a newer version of Scrutiny: "
            "import it with that version or a later one."
        )
    _check_shape(document)
    known = {label(model): model for model in table_models()}
    known.update({label(reference.model): reference.model for reference in REFERENCES})
    for section in ("references", "tables"):
        for name, rows in document.get(section, {}).items():
            model = known.get(name)
            if model is None:
                raise ArchiveError(f"The archive holds records of “{name}”, which it should not.")
            columns = {field.attname for field in model._meta.concrete_fields}
            for row in rows:
                unknown = set(row) - columns
                if unknown:
                    raise ArchiveError(
                        f"The archive's {model._meta.verbose_name} records have fields this "
                        f"version of Scrutiny does not know ({', '.join(sorted(unknown))}): "
                        "import it with the version that wrote it, or a later one."
                    )
    return document


def _check_shape(document: dict) -> None:
    """Refuse records not laid out as ``meeting_export`` lays them out, before any is read."""
    for section in ("references", "tables"):
        tables = document.get(section, {})
        if not isinstance(tables, dict) or not all(
            isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
            for rows in tables.values()
        ):
            raise ArchiveError(
                f"The archive is damaged: its {section} are not laid out as lists of records."
            )
    for section in ("users", "files"):
        entries = document.get(section, {})
        if not isinstance(entries, dict) or not all(
            isinstance(value, str) for value in entries.values()
        ):
            raise ArchiveError(
                f"The archive is damaged: its list of {section} is not laid out by name."
            )


class _Import:
    """One import, in one transaction: the maps from the archive's numbers to this
    database's, and what the officer should be told."""

    def __init__(self, document: dict, archive: ZipReader):
        self.document = document
        self.archive = archive
        self.numbers: dict = defaultdict(dict)
        self.saved_files: list[str] = []
        self.notes = ImportSummary(meeting=None)

    def rows(self, model, section: str = "tables") -> list[dict]:
        return self.document.get(section, {}).get(label(model), [])

    def value(self, model, field, value, *, quiet: bool):
        """A value from the archive, as this database holds it."""
        if field.many_to_one or field.one_to_one:
            if value is None:
                return None
            number = self.numbers[field.related_model].get(value)
            if number is None:
                if not field.null:
                    raise ArchiveError(
                        f"A {model._meta.verbose_name} in the archive points to a "
                        f"{field.related_model._meta.verbose_name} the archive does not hold."
                    )
                if not quiet:
                    self.notes.dropped_links.append(
                        f"{model._meta.verbose_name} {field.verbose_name}: "
                        f"{field.related_model._meta.verbose_name} {value} is not in the archive"
                    )
            return number
        try:
            # Text as a form would take it: no control characters (scrutiny/kernel/text.py).
            return field.to_python(without_control_characters(value))
        except ValidationError:
            raise ArchiveError(
                f"The archive is damaged: a {model._meta.verbose_name} has "
                f"“{str(value)[:40]}” as its {field.verbose_name}."
            ) from None

    def values(self, model, row: dict, *, quiet: bool = False) -> dict:
        return {
            field.attname: self.value(model, field, row.get(field.attname), quiet=quiet)
            for field in model._meta.concrete_fields
            if field.attname in row
        }

    def taken(self, model, numbers) -> set:
        """Which of the numbers this database already uses, for a record or its history."""
        numbers = list(numbers)
        used = set(model._base_manager.filter(pk__in=numbers).values_list("pk", flat=True))
        if hasattr(model, "history"):
            used |= set(
                history_model(model).objects.filter(id__in=numbers).values_list("id", flat=True)
            )
        return used

    def users(self) -> None:
        user_model = get_user_model()
        names = {int(number): name for number, name in self.document.get("users", {}).items()}
        found = dict(
            user_model._base_manager.filter(username__in=names.values()).values_list(
                "username", "pk"
            )
        )
        for number, name in names.items():
            if name in found:
                self.numbers[user_model][number] = found[name]
            else:
                self.notes.missing_users.append(name)

    def references(self) -> None:
        for reference in REFERENCES:
            model = reference.model
            for row in self.rows(model, "references"):
                values = self.values(model, row)
                number = values["id"]
                attnames = [model._meta.get_field(name).attname for name in reference.key]
                key = {attname: values[attname] for attname in attnames}
                existing = model._base_manager.filter(**key).values_list("pk", flat=True).first()
                if existing is None:
                    if self.taken(model, [number]):
                        values["id"] = None
                    (record,) = model._base_manager.bulk_create([model(**values)])
                    existing = record.pk
                    self.notes.created.append(f"{model._meta.verbose_name} “{record}”")
                self.numbers[model][number] = existing

    def other_meetings(self) -> None:
        """Other meetings the records name, where this database has them: by committee
        and date. Where it lacks one, the link is left empty and the officer told."""
        entries = self.document.get(OTHER_MEETINGS, {})
        try:
            wanted = {
                int(number): (entry["committee"], datetime.date.fromisoformat(entry["date"]))
                for number, entry in entries.items()
            }
        except (AttributeError, KeyError, TypeError, ValueError):
            raise ArchiveError(
                "The archive is damaged: its list of other meetings is not laid out by "
                "committee and date."
            ) from None
        for number, (committee, date) in wanted.items():
            found = (
                Meeting.all_objects.filter(committee__slug=committee, date=date)
                .values_list("pk", flat=True)
                .first()
            )
            if found is not None:
                self.numbers[Meeting][number] = found

    def refuse_a_second_copy(self) -> None:
        (row,) = self.rows(Meeting)
        committee = self.numbers[Committee].get(row["committee_id"])
        date = self.value(Meeting, Meeting._meta.get_field("date"), row["date"], quiet=True)
        existing = Meeting.all_objects.filter(committee_id=committee, date=date).first()
        if existing is not None:
            raise ArchiveError(
                f"This database already has a meeting of {existing.committee} on "
                f"{date:%-d %B %Y} (meeting {existing.pk}), binned or not: importing the "
                "archive would make a second copy of it."
            )

    def appendix_file(self, values: dict) -> None:
        if values["file"]:
            values["file"] = self.saved_copy(
                values["file"],
                folder="appendices/",
                what="the file of an appendix",
                kind="An appendix file",
                # A letter's record comes as it was sent; an appendix is cleaned.
                clean=lambda content: self.clean_appendix_file(values, content),
            )

    def letter_record(self, values: dict) -> None:
        """An issued letter's record comes with it, byte for byte (meetings/letter_records.py);
        one still being made when the archive was written is made here from its HTML."""
        if values["record"]:
            values["record"] = self.saved_copy(
                values["record"],
                folder="letters/",
                what="the record of a letter",
                kind="A letter's record",
            )

    def saved_copy(self, name: str, *, folder: str, what: str, kind: str, clean=None) -> str:
        """Check a file the archive carries against its digest, pass it through ``clean``
        if given, and save it to the uploads folder; return the name it was saved under."""
        expected = self.document.get("files", {}).get(name)
        if expected is None or not self.archive.has(FILES_FOLDER + name):
            raise ArchiveError(f"The archive lacks {what} ({name}).")
        if not name.startswith(folder):
            raise ArchiveError(f"{kind} in the archive has an unexpected name ({name}).")
        content = self.archive.read(FILES_FOLDER + name, limit=settings.SCRUTINY_UPLOAD_MAX_BYTES)
        if hashlib.sha256(content).hexdigest() != expected:
            raise ArchiveError(f"{kind} in the archive ({name}) is damaged.")
        if clean is not None:
            content = clean(content)
        try:
            saved = default_storage.save(name, ContentFile(content))
        except SuspiciousFileOperation:
            raise ArchiveError(f"{kind} in the archive has an unsafe name ({name}).") from None
        self.saved_files.append(saved)
        return saved

    def clean_appendix_file(self, values: dict, content: bytes) -> bytes:
        """The file through the same check and cleaning as an upload: its cleaned copy,
        or the file as it came, marked not clean with the reason (the archive says
        nothing about a file that this site believes)."""
        try:
            cleaned = clean_pdf(content)
        except ValidationError as error:
            values.update(checked_fields(problem=refusal(error)))
            self.notes.not_clean.append(
                f"Appendix {values['number']} “{values['title']}”: {values['file_problem']} "
                "It is kept but left out of the pack: replace it from the report's page."
            )
            return content
        values.update(checked_fields(cleaned))
        return cleaned.content

    def create(self, model, rows: list[dict], *, keep_numbers: bool, quiet: bool = False) -> None:
        taken = self.taken(model, [row["id"] for row in rows]) if keep_numbers else set()
        records = []
        pk_name = model._meta.pk.attname
        for row in rows:
            values = self.values(model, row, quiet=quiet)
            if not keep_numbers:
                values[pk_name] = None
            elif values[pk_name] in taken:
                values[pk_name] = None
                self.notes.renumbered += 1
            if model is Appendix:
                self.appendix_file(values)
            elif model is RecommendationLetter:
                self.letter_record(values)
            records.append(model(**values))
        # A time set on creation (when a postponement was recorded) is the archive's, not
        # the import's: saving would set it to now, so it is written again after.
        stamped = [
            field.attname
            for field in model._meta.concrete_fields
            if getattr(field, "auto_now_add", False)
        ]
        kept = [{name: getattr(record, name) for name in stamped} for record in records]
        model._base_manager.bulk_create(records)
        if stamped and records:
            for record, values in zip(records, kept, strict=True):
                for name, value in values.items():
                    setattr(record, name, value)
            model._base_manager.bulk_update(records, stamped)
        for row, record in zip(rows, records, strict=True):
            self.numbers[model][row[pk_name]] = record.pk

    def number_the_deleted(self) -> None:
        """Records known only from their history, having been deleted outright, keep
        their number where it is free; otherwise they get one past every number in use."""
        for part in PARTS:
            model, known = part.model, self.numbers[part.model]
            gone = sorted({row["id"] for row in self.rows(history_model(model))} - set(known))
            taken = self.taken(model, gone)
            highest = max(
                [*known.values(), *gone, *self._highest(model)],
                default=0,
            )
            for number in gone:
                if number in taken:
                    highest += 1
                    known[number] = highest
                else:
                    known[number] = number

    @staticmethod
    def _highest(model) -> list[int]:
        highest = [model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0]
        highest.append(
            history_model(model).objects.order_by("-id").values_list("id", flat=True).first() or 0
        )
        return highest

    def histories(self) -> None:
        for part in PARTS:
            past, records = history_model(part.model), []
            for row in self.rows(past):
                values = self.values(past, {**row, "id": None}, quiet=True)
                # A history row's id is the number of the record it is about, not a link.
                values["id"] = self.numbers[part.model][row["id"]]
                values["history_id"] = None
                records.append(past(**values))
            past._base_manager.bulk_create(records)
            for row, record in zip(self.rows(past), records, strict=True):
                self.numbers[past][row["history_id"]] = record.history_id
        for part in PARTS:
            for link_history in link_history_models(part.model):
                self.create(link_history, self.rows(link_history), keep_numbers=False, quiet=True)

    def advance_sequences(self) -> None:
        """Make sure numbers this database gives later are past those the import kept."""
        for model, numbers in self.numbers.items():
            if numbers and (model in OWNED_MODELS or model in REFERENCE_MODELS):
                _advance_sequence(model, max(numbers.values()))

    def run(self) -> ImportSummary:
        self.users()
        self.references()
        self.other_meetings()
        self.refuse_a_second_copy()
        for part in PARTS:
            self.create(part.model, self.rows(part.model), keep_numbers=True)
        for part in PARTS:
            for through in link_models(part.model):
                self.create(through, self.rows(through), keep_numbers=False)
        self.number_the_deleted()
        self.histories()
        self.advance_sequences()
        meeting = Meeting.all_objects.get(pk=self.numbers[Meeting][self.rows(Meeting)[0]["id"]])
        self.notes.meeting = meeting
        for part in PARTS:
            self.notes.counts[str(part.model._meta.verbose_name_plural)] = len(
                self.rows(part.model)
            )
        content_changed(meeting)
        return self.notes


def _advance_sequence(model, number: int) -> None:
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Never lowered: a number handed out before, since deleted, may still have
            # history rows, which a record given that number again would inherit.
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            (sequence,) = cursor.fetchone()
            cursor.execute(
                "SELECT setval(%s, GREATEST(%s, nextval(%s) - 1))", [sequence, number, sequence]
            )
        elif connection.vendor == "sqlite":
            # Tables are AUTOINCREMENT: SQLite keeps the highest number given here.
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [number, table]
            )


def meeting_import(*, source: Path) -> ImportSummary:
    """Read a meeting's archive (see ``meeting_export``) into this database.

    Raises ``ArchiveError`` with the reason when the archive cannot be imported: it is
    not a zip file, is damaged or cut short, is not signed with the archive key, holds
    more than its limits, or holds records this database refuses. Nothing is then left
    behind, neither records nor files.
    """
    with ZipReader(source, error=ArchiveError, noun="archive") as archive:
        document = _read_document(archive)
        if len(document.get("tables", {}).get(label(Meeting), [])) != 1:
            raise ArchiveError("The archive does not hold exactly one meeting.")
        work = _Import(document, archive)
        committed = False
        try:
            with transaction.atomic():
                summary = work.run()
            committed = True
            return summary
        except IntegrityError as error:
            raise ArchiveError(
                "The archive's records clash with this database's, or break its rules "
                f"({in_one_line(error)})."
            ) from None
        except DatabaseError as error:
            raise ArchiveError(
                f"The archive's records could not be stored ({in_one_line(error)})."
            ) from None
        except (KeyError, TypeError, ValueError) as error:
            # Only a file altered by hand lacks a field or holds the wrong kind of value.
            raise ArchiveError(
                f"The archive is damaged: a value is missing or of the wrong kind ({error})."
            ) from None
        finally:
            # The records were rolled back; the files saved for them go too.
            if not committed:
                for name in work.saved_files:
                    default_storage.delete(name)
