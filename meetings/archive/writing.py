"""Writing a meeting's archive: a zip file with the records as JSON and the uploaded files."""

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from scrutiny.backup.zip_archives import add_uploads, zip_written_whole
from scrutiny.kernel.exact_json import ExactJSONEncoder

from ..models import Appendix, Meeting, Person, RecommendationLetter
from .contents import (
    FILES_FOLDER,
    FORMAT,
    OTHER_MEETINGS,
    PARTS,
    RECORDS_NAME,
    REFERENCES,
    VERSION,
    ArchiveError,
    columns,
    history_model,
    label,
    link_history_models,
    link_models,
)
from .signing import SIGNATURE_NAME, archive_signature


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    history_rows: int = 0
    files: int = 0


def _rows(queryset) -> list[dict]:
    model = queryset.model
    return list(queryset.order_by(model._meta.pk.attname).values(*columns(model)))


def _foreign_keys(model):
    return [field for field in model._meta.concrete_fields if field.many_to_one or field.one_to_one]


def _owned_tables(meeting: Meeting) -> dict:
    """Rows of every table the meeting owns, history included, keyed by model.

    A record's history rows are found both by its own id and through its owners' ids
    past and present, so that a record since deleted outright keeps its history.
    """
    tables: dict = {}
    live: dict = {}
    ever: dict = {}
    for part in PARTS:
        model, past = part.model, history_model(part.model)
        query, history_query = Q(), Q()
        if not part.owners:
            query, history_query = Q(pk=meeting.pk), Q(id=meeting.pk)
        for owner in part.owners:
            target = model._meta.get_field(owner).related_model
            query |= Q(**{f"{owner}__in": live[target]})
            history_query |= Q(**{f"{owner}__in": ever[target]})
        tables[model] = _rows(model._base_manager.filter(query))
        live[model] = {row["id"] for row in tables[model]}
        tables[past] = _rows(past.objects.filter(history_query | Q(id__in=live[model])))
        ever[model] = live[model] | {row["id"] for row in tables[past]}
        for through in link_models(model):
            source = next(f for f in _foreign_keys(through) if f.related_model is model)
            tables[through] = _rows(through.objects.filter(**{f"{source.name}__in": live[model]}))
        history_ids = [row["history_id"] for row in tables[past]]
        for link_history in link_history_models(model):
            tables[link_history] = _rows(link_history.objects.filter(history__in=history_ids))
    return tables


# A person's sign-in account (meetings/accounts.py) belongs to this site, not to the
# meeting: it does not travel in an archive, and an import never links anyone's account.
SITE_ONLY_COLUMNS = {Person: ("user_id",)}


def _referenced(tables: dict) -> tuple[dict, dict]:
    """The shared records the rows point to, and the user names of the users they name."""
    wanted: dict = {reference.model: set() for reference in REFERENCES}
    user_ids: set = set()
    user_model = get_user_model()

    def gather(model, rows):
        for field in _foreign_keys(model):
            values = {row.get(field.attname) for row in rows} - {None}
            if field.related_model in wanted:
                wanted[field.related_model] |= values
            elif field.related_model is user_model:
                user_ids.update(values)

    for model, rows in tables.items():
        gather(model, rows)
    # Later references point only to earlier ones: gathering from the last back reaches
    # everything they hang from.
    references = {}
    for reference in reversed(REFERENCES):
        rows = _rows(reference.model._base_manager.filter(pk__in=wanted[reference.model]))
        for row in rows:
            for column in SITE_ONLY_COLUMNS.get(reference.model, ()):
                del row[column]
        references[reference.model] = rows
        gather(reference.model, rows)
    users = dict(user_model._base_manager.filter(pk__in=user_ids).values_list("pk", "username"))
    return references, users


def _other_meetings(meeting: Meeting, tables: dict) -> dict:
    """Other meetings the rows name (the one that approved the minutes, the one whose
    minutes an item approves), by committee and date, which name them in any database."""
    numbers = set()
    for model, rows in tables.items():
        for field in _foreign_keys(model):
            if field.related_model is Meeting:
                numbers |= {row[field.attname] for row in rows} - {None}
    numbers.discard(meeting.pk)
    others = Meeting.all_objects.filter(pk__in=numbers).select_related("committee")
    return {
        str(other.pk): {"committee": other.committee.slug, "date": other.date.isoformat()}
        for other in others
    }


# The records that carry a file, the field naming it, and how a missing one is named.
FILE_FIELDS = (
    (Appendix, "file", "The file of appendix {number}"),
    (RecommendationLetter, "record", "The record of letter {reference}"),
)


def _carried_files(tables: dict) -> list[str]:
    """The uploaded files the meeting's records name: appendices, and issued letters'
    records (meetings/letter_records.py)."""
    names = {}
    for model, field, what in FILE_FIELDS:
        for row in tables[model]:
            if row[field]:
                names[row[field]] = what.format(**row)
    for name, what in names.items():
        if not default_storage.exists(name):
            raise ArchiveError(
                f"{what} ({name}) is missing from the uploads "
                "folder: restore it from a backup of that folder, then export again."
            )
    return sorted(names)


def meeting_export(*, meeting: Meeting, destination: Path) -> ExportSummary:
    """Write the meeting and everything under it to one zip file at ``destination``.

    The records are read in one transaction, so the archive is a consistent picture even
    while officers are editing. The file appears whole or not at all, signed with the
    archive key (signing.py) so that no one can alter it on the way to its import.
    """
    with transaction.atomic():
        tables = _owned_tables(meeting)
        references, users = _referenced(tables)
        file_names = _carried_files(tables)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "meeting": {"id": meeting.pk, "committee": meeting.committee.slug, "date": meeting.date},
        "users": {str(pk): username for pk, username in users.items()},
        "references": {
            label(reference.model): references[reference.model] for reference in REFERENCES
        },
        "tables": {label(model): rows for model, rows in tables.items()},
        OTHER_MEETINGS: _other_meetings(meeting, tables),
    }
    destination = Path(destination)
    with zip_written_whole(destination) as archive:
        document["files"] = add_uploads(archive, file_names, FILES_FOLDER)
        records = json.dumps(document, cls=ExactJSONEncoder, indent=1).encode()
        archive.writestr(RECORDS_NAME, records)
        archive.writestr(SIGNATURE_NAME, archive_signature(records))
    summary = ExportSummary(path=destination, files=len(file_names))
    for part in PARTS:
        summary.counts[str(part.model._meta.verbose_name_plural)] = len(tables[part.model])
        summary.history_rows += len(tables[history_model(part.model)])
    return summary
