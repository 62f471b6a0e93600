"""What a meeting's archive holds, and how its records meet those of another database.

A meeting *owns* its supplements, agenda items, reports (with their sections, paragraphs and
appendices), presentations, lines of enquiry, recommendations (with responses, steps and
letters), the work programme items planned for it, and its record: postponements,
attendance, declarations, minutes with their motions, amendments, votes and recorded
votes. These are copied whole, binned ones included, with every history row about them,
hard-deleted records' rows too.

It *refers* to records shared with other meetings: its committee, officers, agencies and
priorities, and what those hang from. Each is found in the other database by its natural
key (a committee by its slug, an agency by its name) and made only when missing there.
Users are matched by user name and never made: an import must not create accounts.
Other meetings the record names (the later meeting that approved its minutes, the
earlier one whose minutes an item approves) are found by committee and date, and their
link is left empty, with a note, where the other database lacks them.
"""

from dataclasses import dataclass

from django.db import models

from partnership.models import (
    Agency,
    CommunitySafetyPlan,
    Partnership,
    PlanRefresh,
    Priority,
    Subgroup,
)

from ..models import (
    AgendaItem,
    Amendment,
    Appendix,
    Attendance,
    Committee,
    Declaration,
    LineOfEnquiry,
    Meeting,
    Minute,
    Motion,
    Person,
    Postponement,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationLetter,
    RecommendationResponse,
    RecommendationStep,
    RecordedVote,
    Report,
    ReportParagraph,
    ReportSection,
    Supplement,
    Vote,
    WorkProgrammeItem,
)

FORMAT = "scrutiny-meeting-archive"
# 2: signed (signing.py); archives of version 1 carry no signature and are refused.
VERSION = 2
RECORDS_NAME = "meeting.json"
# Other meetings the records name, by number: {"committee": slug, "date": "2019-06-12"}.
OTHER_MEETINGS = "other_meetings"
FILES_FOLDER = "files/"


class ArchiveError(Exception):
    """An archive that cannot be written or read, with a sentence saying why."""


@dataclass(frozen=True)
class Part:
    """A kind of record a meeting owns, and the foreign keys that lead to its owner."""

    model: type[models.Model]
    owners: tuple[str, ...]


# In the order they are made on import: each after the records it points to.
PARTS = (
    Part(Meeting, ()),
    Part(Postponement, ("meeting",)),
    Part(Attendance, ("meeting",)),
    # Before the items, reports and appendices that wait in or came with one.
    Part(Supplement, ("meeting",)),
    Part(AgendaItem, ("meeting",)),
    Part(Declaration, ("agenda_item",)),
    # Before the recommendations, which name the minute and motion that adopted them.
    Part(Minute, ("agenda_item",)),
    Part(Motion, ("minute",)),
    Part(Amendment, ("motion",)),
    Part(Vote, ("motion", "amendment")),
    Part(RecordedVote, ("vote",)),
    Part(Report, ("agenda_item",)),
    Part(ReportSection, ("report",)),
    Part(ReportParagraph, ("section",)),
    Part(Appendix, ("report",)),
    Part(Presentation, ("agenda_item",)),
    Part(Presenter, ("presentation",)),
    Part(LineOfEnquiry, ("meeting",)),
    Part(Recommendation, ("meeting",)),
    Part(RecommendationResponse, ("recommendation",)),
    Part(RecommendationStep, ("recommendation",)),
    Part(RecommendationLetter, ("meeting",)),
    Part(WorkProgrammeItem, ("meeting", "agenda_item")),
)
OWNED_MODELS = frozenset(part.model for part in PARTS)


@dataclass(frozen=True)
class Reference:
    """A shared kind of record, and the fields that name one in any database."""

    model: type[models.Model]
    key: tuple[str, ...]


# In the order they are made on import when missing: each after what it points to.
REFERENCES = (
    Reference(Partnership, ("slug",)),
    Reference(Agency, ("name",)),
    Reference(Committee, ("slug",)),
    Reference(Person, ("kind", "name", "job_title", "organisation", "email")),
    Reference(CommunitySafetyPlan, ("partnership", "start_year")),
    Reference(PlanRefresh, ("plan", "year")),
    Reference(Subgroup, ("partnership", "name")),
    Reference(Priority, ("refresh", "title")),
)
REFERENCE_MODELS = {reference.model: reference for reference in REFERENCES}


def history_model(model) -> type[models.Model]:
    return model.history.model


def link_models(model) -> list[type[models.Model]]:
    """The tables behind the model's many-to-many fields."""
    return [field.remote_field.through for field in model._meta.local_many_to_many]


def link_history_models(model) -> list[type[models.Model]]:
    """The tables that keep the history of the model's many-to-many links."""
    return [
        relation.related_model
        for relation in history_model(model)._meta.related_objects
        if relation.field.name == "history"
    ]


def columns(model) -> list[str]:
    """The fields an archive keeps: not those the database works out (search words)."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.serialize or field.primary_key
    ]


def label(model) -> str:
    return model._meta.label_lower


def table_models() -> list[type[models.Model]]:
    """Every table an archive may hold rows of, in the order an import fills them."""
    tables = [part.model for part in PARTS]
    for part in PARTS:
        tables.extend(link_models(part.model))
    for part in PARTS:
        tables.append(history_model(part.model))
        tables.extend(link_history_models(part.model))
    return tables
