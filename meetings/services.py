"""Every write on the committee's and meetings' records: adding, changing, deleting and
restoring them, and the steps that touch several rows. Each is atomic, and says what it
changed through the content-change hook (scrutiny/kernel/changes.py), most of them through
the shared helpers of scrutiny/kernel/updates.py."""

import datetime
from collections.abc import Iterable
from typing import Literal, NotRequired, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils import timezone

from partnership.models import Agency, Priority
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.dates import today
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.updates import next_number, record_create, record_update

from .clear_days import clear_days_between
from .letter_records import letter_freeze
from .lifecycle import recommendation_letter_issued
from .models import (
    AgendaItem,
    Appendix,
    Committee,
    CouncillorCallForAction,
    LineOfEnquiry,
    Meeting,
    Officer,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationLetter,
    Report,
    ReportParagraph,
    ReportSection,
    StandardQuestion,
    WorkProgrammeItem,
)
from .report_text import ParsedSection

# What each kind of record holds, as the services that add and change it take it: the
# values an officer types, never the parent, the number or the bin.


class MeetingValues(TypedDict):
    committee: Committee
    date: datetime.date
    start_time: datetime.time | None
    venue: str


class AgendaItemValues(TypedDict):
    kind: str
    title: str
    description: NotRequired[str]
    is_exempt: NotRequired[bool]
    exempt_paragraph: NotRequired[int | None]


class ReportValues(TypedDict):
    title: str
    author: Officer
    summary: NotRequired[str]


class SectionValues(TypedDict):
    title: str


class ParagraphValues(TypedDict):
    text: str


class AppendixValues(TypedDict):
    title: str
    file: File
    # What the check of a new file found (scrutiny.documents.uploads.checked_fields).
    page_count: NotRequired[int | None]
    text: NotRequired[str]
    file_is_clean: NotRequired[bool]
    file_problem: NotRequired[str]


class PresentationValues(TypedDict):
    topic: str
    summary: str
    priorities: Iterable[Priority]


class PresenterValues(TypedDict):
    name: str
    role: str
    agency: Agency | None


class LineOfEnquiryValues(TypedDict):
    question: str
    presentation: NotRequired[Presentation | None]
    priority: NotRequired[Priority | None]


class StandardQuestionValues(TypedDict):
    question: str
    position: int
    is_active: bool


class RecommendationValues(TypedDict):
    text: str
    agenda_item: NotRequired[AgendaItem | None]
    addressee_partnership: NotRequired[bool]
    addressee_agencies: NotRequired[Iterable[Agency]]
    priorities: NotRequired[Iterable[Priority]]


class CallForActionValues(TypedDict):
    councillor: str
    ward: str
    matter: str
    received_on: datetime.date
    decision: str
    decided_on: datetime.date | None
    reasons: str
    outcome: str


class WorkProgrammeItemValues(TypedDict):
    title: str
    purpose: str
    kind: str
    meeting: Meeting | None
    lead_officer: Officer | None
    priorities: Iterable[Priority]
    agencies: Iterable[Agency]
    status: NotRequired[str]
    dropped_reason: NotRequired[str]


def publication_shortfall(meeting: Meeting, on: datetime.date) -> int:
    """How many clear days short of the law's the agenda would be if published ``on``."""
    return max(0, settings.SCRUTINY_CLEAR_DAYS - clear_days_between(on, meeting.date))


@transaction.atomic
def meeting_publish(*, meeting: Meeting, user, urgent_reason: str = "") -> Meeting:
    """Publish a draft meeting and record who published it, and when.

    Published with fewer clear days than the law asks (Local Government Act 1972
    s.100B), it needs the reason the business is urgent, which the agenda then shows.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_public:
        raise ServiceError("This meeting is already published.")
    if not meeting.agenda_items.exists():
        raise ServiceError("Add at least one agenda item before publishing the meeting.")
    published_on = today()
    if publication_shortfall(meeting, published_on):
        if not urgent_reason.strip():
            clear = clear_days_between(published_on, meeting.date)
            raise ServiceError(
                f"Published today, the agenda would be open for {clear} clear "
                f"day{'s' if clear != 1 else ''} before the meeting, not "
                f"{settings.SCRUTINY_CLEAR_DAYS}: say why the business is urgent."
            )
        meeting.urgent_reason = urgent_reason.strip()
    meeting.status = Meeting.Status.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.published_by = user
    meeting._history_user = user
    meeting.save(update_fields=["status", "published_at", "published_by", "urgent_reason"])
    content_changed(meetings=[meeting.pk])
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, user, **values: Unpack[AgendaItemValues]) -> AgendaItem:
    """Add an item at the end of the agenda."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    item = AgendaItem(meeting=meeting, number=next_number(meeting.agenda_items, "number"))
    return record_create(record=item, user=user, fields=values)


def _close_up(queryset, field: str) -> None:
    """Number the records 1, 2, 3 … in their current order, closing any gaps.

    The numbers are unique, so every record first moves clear of the range in use; only
    the records whose number really changes are saved (and so get a history row).
    """
    records = list(queryset.order_by(field))
    offset = next_number(queryset, field) + len(records)
    for record in records:
        queryset.filter(pk=record.pk).update(**{field: getattr(record, field) + offset})
    for number, record in enumerate(records, 1):
        if getattr(record, field) != number:
            setattr(record, field, number)
            record.save(update_fields=[field])
        else:
            queryset.filter(pk=record.pk).update(**{field: number})


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: Literal["up", "down"]) -> AgendaItem:
    """Swap an item with its neighbour; the numbering follows the new order."""
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item.refresh_from_db()
    items = item.meeting.agenda_items
    neighbour = (
        items.filter(number__lt=item.number).order_by("-number")
        if direction == "up"
        else items.filter(number__gt=item.number).order_by("number")
    ).first()
    if neighbour is None:
        place = "first" if direction == "up" else "last"
        raise ServiceError(f"Item {item.number} is already the {place} item.")
    ours, theirs = item.number, neighbour.number
    # Numbers are unique within a meeting, so one item waits clear of both meanwhile.
    AgendaItem.objects.filter(pk=item.pk).update(number=next_number(items, "number"))
    neighbour.number = ours
    neighbour.save(update_fields=["number"])
    item.number = theirs
    item.save(update_fields=["number"])
    content_changed(item)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, user) -> AgendaItem:
    """Move an item to the bin; the items after it move up a number."""
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item.mark_deleted(user)
    item._history_user = user
    item.save(update_fields=["deleted_at", "deleted_by"])
    _close_up(item.meeting.agenda_items.all(), "number")
    content_changed(item)
    return item


@transaction.atomic
def agenda_item_restore(*, item: AgendaItem, user) -> AgendaItem:
    """Bring an item back from the bin, at the end of its agenda."""
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item.mark_restored()
    item.number = next_number(AgendaItem.objects.filter(meeting_id=item.meeting_id), "number")
    item._history_user = user
    item.save(update_fields=["deleted_at", "deleted_by", "number"])
    content_changed(item)
    return item


@transaction.atomic
def record_delete(*, record, user):
    """Move a meeting, report or recommendation to the bin.

    A meeting's remaining recommendations close up their numbering, as items do.
    """
    record.mark_deleted(user)
    record._history_user = user
    record.save(update_fields=["deleted_at", "deleted_by"])
    if isinstance(record, Recommendation):
        _close_up(record.meeting.recommendations.all(), "position")
    content_changed(record)
    return record


@transaction.atomic
def record_restore(*, record, user):
    """Bring a meeting, report or recommendation back from the bin.

    A recommendation comes back at the end of its meeting's list, since its old
    number may have been given to another.
    """
    record.mark_restored()
    record._history_user = user
    fields = ["deleted_at", "deleted_by"]
    if isinstance(record, Recommendation):
        record.position = next_number(
            Recommendation.objects.filter(meeting=record.meeting), "position"
        )
        fields.append("position")
    if isinstance(record, Meeting) and record.slot_taken():
        raise ServiceError(
            "Another meeting of this committee is now at the same date and time: "
            "change that meeting's date before restoring this one."
        )
    record.save(update_fields=fields)
    content_changed(record)
    return record


@transaction.atomic
def report_section_add(*, report: Report, user, **values: Unpack[SectionValues]) -> ReportSection:
    """Add a section after the report's last one."""
    Report.objects.select_for_update().get(pk=report.pk)
    section = ReportSection(report=report, number=next_number(report.sections, "number"))
    return record_create(record=section, user=user, fields=values)


@transaction.atomic
def report_paragraph_add(
    *, section: ReportSection, user, **values: Unpack[ParagraphValues]
) -> ReportParagraph:
    """Add a paragraph at the end of a section; it takes the next number (1.1, 1.2 …)."""
    ReportSection.objects.select_for_update().get(pk=section.pk)
    paragraph = ReportParagraph(section=section, number=next_number(section.paragraphs, "number"))
    return record_create(record=paragraph, user=user, fields=values)


@transaction.atomic
def report_paragraph_remove(*, paragraph: ReportParagraph, user) -> None:
    """Remove a paragraph; the later ones in its section close up the numbering.

    The removed text stays in the paragraph's history.
    """
    section = ReportSection.objects.select_for_update().get(pk=paragraph.section_id)
    content_changed(paragraph)
    paragraph._history_user = user
    paragraph.delete()
    for number, later in enumerate(section.paragraphs.order_by("number"), 1):
        if later.number != number:
            later.number = number
            later._history_user = user
            later.save(update_fields=["number"])


@transaction.atomic
def appendix_remove(*, appendix: Appendix, user) -> None:
    """Take an appendix off its report; its title and file name stay in the history.

    The others keep their numbers: a report's text refers to its appendices by number.
    The file stays in the uploads folder for the history that names it, served to no one.
    """
    Report.objects.select_for_update().get(pk=appendix.report_id)
    content_changed(appendix)
    appendix._history_user = user
    appendix.delete()


@transaction.atomic
def lines_of_enquiry_add_standard(*, meeting: Meeting, user) -> list[LineOfEnquiry]:
    """Add the standard questions to a meeting, leaving out any it already asks."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    asked = set(meeting.lines_of_enquiry.values_list("question", flat=True))
    position = next_number(meeting.lines_of_enquiry, "position")
    added = []
    for standard in StandardQuestion.objects.filter(is_active=True).order_by("position"):
        if standard.question in asked:
            continue
        line = LineOfEnquiry(meeting=meeting, position=position)
        added.append(record_create(record=line, user=user, fields={"question": standard.question}))
        position += 1
    return added


@transaction.atomic
def line_of_enquiry_add(
    *, meeting: Meeting, user, **values: Unpack[LineOfEnquiryValues]
) -> LineOfEnquiry:
    """Add a question at the end of the meeting's lines of enquiry."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    position = next_number(meeting.lines_of_enquiry, "position")
    return record_create(
        record=LineOfEnquiry(meeting=meeting, position=position), user=user, fields=values
    )


@transaction.atomic
def recommendation_add(
    *, meeting: Meeting, user, **values: Unpack[RecommendationValues]
) -> Recommendation:
    """Add a recommendation at the end of the meeting's list."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    position = next_number(meeting.recommendations, "position")
    return record_create(
        record=Recommendation(meeting=meeting, position=position), user=user, fields=values
    )


def _responsible_authorities(meeting: Meeting) -> list:
    """The partnership's responsible authorities on the meeting's date, who get a copy of
    every recommendation (Police and Justice Act 2006 s.19(2))."""
    partnership = meeting.committee.partnership
    if not partnership:
        return []
    return [
        membership.agency
        for membership in partnership.memberships.select_related("agency")
        if membership.agency.is_responsible_authority
        and (membership.end_date is None or membership.end_date >= meeting.date)
    ]


def _signatory(meeting: Meeting) -> str:
    chair = meeting.committee.members.filter(role="chair").first()
    return f"{f'{chair.name}, Chair' if chair else 'Chair'}, {meeting.committee.name}"


@transaction.atomic
def letters_issue(*, meeting: Meeting, user, issued_on) -> list[RecommendationLetter]:
    """Issue the letters that send a meeting's agreed recommendations not sent yet, and
    keep each as a record (meetings/letter_records.py).

    Each agency a recommendation is addressed to gets a letter with its own; under
    s.19(2) of the Police and Justice Act 2006 every responsible authority in the
    partnership gets a copy of them all. The recommendations are marked as sent. Letters
    already issued are left as they are: recommendations agreed after them go out in a
    new batch of letters, with a reference of their own.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    agreed = list(
        meeting.recommendations.filter(status=Recommendation.Status.AGREED).prefetch_related(
            "addressee_agencies"
        )
    )
    if not agreed:
        sent = meeting.letters.filter(status=RecommendationLetter.Status.ISSUED).exists()
        raise ServiceError(
            "Every agreed recommendation of this meeting has had its letter already: mark "
            "any new ones the committee agreed, then issue the letters."
            if sent
            else "No recommendation of this meeting is marked as agreed: mark those the "
            "committee agreed, then issue the letters."
        )
    batch = next_number(meeting.letters.filter(status=RecommendationLetter.Status.ISSUED), "batch")
    addressed: dict = {}
    for recommendation in agreed:
        for agency in recommendation.addressee_agencies.all():
            addressed.setdefault(agency, []).append(recommendation)
    recipients = dict.fromkeys(addressed, False)
    for agency in _responsible_authorities(meeting):
        recipients.setdefault(agency, True)
    signatory = _signatory(meeting)
    letters = []
    for agency, is_copy in sorted(recipients.items(), key=lambda pair: pair[0].name):
        reference = f"CDS/{meeting.date:%Y%m%d}/{agency.pk}"
        letter, _ = RecommendationLetter.objects.update_or_create(
            meeting=meeting,
            addressee=agency,
            batch=batch,
            defaults={
                # The first batch keeps the references letters have always had.
                "reference": reference if batch == 1 else f"{reference}/{batch}",
                "signatory": signatory,
                "is_copy": is_copy,
                "status": RecommendationLetter.Status.ISSUED,
                "issued_on": issued_on,
            },
        )
        letter.recommendations.set(agreed if is_copy else addressed[agency])
        letters.append(letter)
    for recommendation in agreed:
        recommendation_letter_issued(recommendation=recommendation, user=user, issued_on=issued_on)
    for letter in letters:
        letter_freeze(letter)
        letter._history_user = user
        letter.save(update_fields=["printed_html", "record_queued_at"])
    content_changed(*letters)
    return letters


@transaction.atomic
def letter_corrections_issue(
    *, recommendation: Recommendation, user, issued_on
) -> list[RecommendationLetter]:
    """Issue a dated correction of a recommendation whose letters have gone out: one new
    letter to each agency that had one with it, referring to that letter and setting out
    the recommendation as it now reads. The letters issued before stay as they were sent;
    each correction is kept as a record too.
    """
    meeting = Meeting.objects.select_for_update().get(pk=recommendation.meeting_id)
    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    originals = recommendation.issued_letters()
    if not originals:
        raise ServiceError(
            f"Recommendation {recommendation.position} has not been sent in a letter: "
            "there is nothing to correct."
        )
    batch = next_number(meeting.letters.all(), "batch")
    signatory = _signatory(meeting)
    letters = []
    for original in originals:
        letter = RecommendationLetter(
            meeting=meeting,
            addressee=original.addressee,
            batch=batch,
            reference=f"{original.reference}/correction-{batch}",
            corrects_reference=original.reference,
            signatory=signatory,
            is_copy=original.is_copy,
            status=RecommendationLetter.Status.ISSUED,
            issued_on=issued_on,
        )
        letter.full_clean()
        letter._history_user = user
        letter.save()
        letter.recommendations.set([recommendation])
        letter_freeze(letter)
        letter.save(update_fields=["printed_html", "record_queued_at"])
        letters.append(letter)
    content_changed(*letters)
    return letters


@transaction.atomic
def work_programme_item_add_to_agenda(*, item: WorkProgrammeItem, user) -> AgendaItem:
    """Put a planned item on its meeting's agenda, as the last item.

    A presentation item starts its presentation, with the item's priorities; a report
    item with a lead officer starts that officer's report. Both then wait for the
    officer to fill them in.
    """
    item = WorkProgrammeItem.objects.select_for_update().get(pk=item.pk)
    # The meeting is locked before it is checked, so it cannot be binned or held
    # between the check and the new item (agenda_item_add takes the same lock).
    if item.meeting_id is not None:
        item.meeting = Meeting.all_objects.select_for_update().get(pk=item.meeting_id)
    refusal = item.agenda_refusal(today())
    if refusal:
        raise ServiceError(refusal)
    try:
        agenda_item = agenda_item_add(
            meeting=item.meeting,
            user=user,
            kind=item.kind,
            title=item.title,
            description=item.purpose,
        )
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from error
    if item.kind == AgendaItem.Kind.PRESENTATION:
        record_create(
            record=Presentation(agenda_item=agenda_item),
            user=user,
            fields={
                "topic": item.title,
                "summary": item.purpose,
                "priorities": list(item.priorities.all()),
            },
        )
    elif item.kind == AgendaItem.Kind.REPORT and item.lead_officer_id:
        record_create(
            record=Report(agenda_item=agenda_item, author_id=item.lead_officer_id),
            user=user,
            fields={"title": item.title},
        )
    item.agenda_item = agenda_item
    item._history_user = user
    item.save(update_fields=["agenda_item"])
    content_changed(item)
    return agenda_item


# Adding and changing one record ---------------------------------------------------------
# The forms check what an officer typed; these check it again (forms are not the only
# callers) and keep the history's author. An edit is refused if the record changed since
# its form was opened (``edit_token``): see scrutiny/kernel/updates.py.

PUBLISHED = [status for status in Meeting.Status.values if status != Meeting.Status.DRAFT]


def _published_meeting_read(path: str) -> dict:
    """What the edit check's own query reads of the meeting a record belongs to (``path`` leads
    from the record to it): its id, and whether its documents are published."""
    prefix = f"{path}__" if path else ""
    published = Q(**{f"{prefix}status__in": PUBLISHED, f"{prefix}deleted_at__isnull": True})
    return {
        "shown_meeting_id": F(f"{prefix}pk"),
        "shown_meeting_published": ExpressionWrapper(published, output_field=BooleanField()),
    }


def _published_meeting(record) -> list[int]:
    return [record.shown_meeting_id] if record.shown_meeting_published else []


def _pack_update(record, *, meeting: str, user, edit_token: str, thing: str, values: dict):
    """Change a record of one meeting (``meeting`` leads from the record to it); the
    meeting's documents follow if it is published."""
    return record_update(
        record=record,
        user=user,
        edit_token=edit_token,
        thing=thing,
        fields=values,
        annotations=_published_meeting_read(meeting),
        shown_in=_published_meeting,
    )


@transaction.atomic
def meeting_add(*, user, **values: Unpack[MeetingValues]) -> Meeting:
    """Add a draft meeting."""
    return record_create(record=Meeting(), user=user, fields=values)


@transaction.atomic
def meeting_update(
    *, record: Meeting, user, edit_token: str, **values: Unpack[MeetingValues]
) -> Meeting:
    """Change a meeting's committee, date, time or venue."""
    return _pack_update(
        record, meeting="", user=user, edit_token=edit_token, thing="meeting", values=values
    )


@transaction.atomic
def agenda_item_update(
    *, record: AgendaItem, user, edit_token: str, **values: Unpack[AgendaItemValues]
) -> AgendaItem:
    """Change an agenda item (its number changes only by moving it)."""
    return _pack_update(
        record,
        meeting="meeting",
        user=user,
        edit_token=edit_token,
        thing="agenda item",
        values=values,
    )


@transaction.atomic
def report_add(*, agenda_item: AgendaItem, user, **values: Unpack[ReportValues]) -> Report:
    """Start the report of an agenda item, which may have one only."""
    AgendaItem.objects.select_for_update().get(pk=agenda_item.pk)
    if Report.all_objects.filter(agenda_item=agenda_item).exists():
        raise ServiceError(
            "This item already has a report. Edit that one, or restore it from the deleted items."
        )
    return record_create(record=Report(agenda_item=agenda_item), user=user, fields=values)


@transaction.atomic
def report_update(
    *, record: Report, user, edit_token: str, **values: Unpack[ReportValues]
) -> Report:
    """Change a report's title, author or summary."""
    return _pack_update(
        record,
        meeting="agenda_item__meeting",
        user=user,
        edit_token=edit_token,
        thing="report",
        values=values,
    )


@transaction.atomic
def report_section_update(
    *, record: ReportSection, user, edit_token: str, **values: Unpack[SectionValues]
) -> ReportSection:
    """Change a section's title."""
    return _pack_update(
        record,
        meeting="report__agenda_item__meeting",
        user=user,
        edit_token=edit_token,
        thing="section",
        values=values,
    )


@transaction.atomic
def report_paragraph_update(
    *, record: ReportParagraph, user, edit_token: str, **values: Unpack[ParagraphValues]
) -> ReportParagraph:
    """Change a paragraph's text."""
    return _pack_update(
        record,
        meeting="section__report__agenda_item__meeting",
        user=user,
        edit_token=edit_token,
        thing="paragraph",
        values=values,
    )


@transaction.atomic
def appendix_add(*, report: Report, user, **values: Unpack[AppendixValues]) -> Appendix:
    """Add an appendix after the report's last one, with the cleaned copy of its file and
    what the check found (scrutiny.documents.uploads)."""
    Report.objects.select_for_update().get(pk=report.pk)
    appendix = Appendix(report=report, number=next_number(report.appendices, "number"))
    return record_create(record=appendix, user=user, fields=values)


@transaction.atomic
def appendix_update(
    *, record: Appendix, user, edit_token: str, **values: Unpack[AppendixValues]
) -> Appendix:
    """Change an appendix's title, or replace its file with a checked one (without what
    the check found, the file is the one stored)."""
    return _pack_update(
        record,
        meeting="report__agenda_item__meeting",
        user=user,
        edit_token=edit_token,
        thing="appendix",
        values=values,
    )


@transaction.atomic
def presentation_add(
    *, agenda_item: AgendaItem, user, **values: Unpack[PresentationValues]
) -> Presentation:
    """Start the presentation of an agenda item, which may have one only."""
    AgendaItem.objects.select_for_update().get(pk=agenda_item.pk)
    if Presentation.objects.filter(agenda_item=agenda_item).exists():
        raise ServiceError("This item already has a presentation: edit that one.")
    return record_create(record=Presentation(agenda_item=agenda_item), user=user, fields=values)


@transaction.atomic
def presentation_update(
    *, record: Presentation, user, edit_token: str, **values: Unpack[PresentationValues]
) -> Presentation:
    """Change a presentation's topic, summary or priorities."""
    return _pack_update(
        record,
        meeting="agenda_item__meeting",
        user=user,
        edit_token=edit_token,
        thing="presentation",
        values=values,
    )


@transaction.atomic
def presenter_add(
    *, presentation: Presentation, user, **values: Unpack[PresenterValues]
) -> Presenter:
    """Add a presenter after the presentation's last one."""
    Presentation.objects.select_for_update().get(pk=presentation.pk)
    position = next_number(presentation.presenters, "position")
    return record_create(
        record=Presenter(presentation=presentation, position=position), user=user, fields=values
    )


@transaction.atomic
def presenter_update(
    *, record: Presenter, user, edit_token: str, **values: Unpack[PresenterValues]
) -> Presenter:
    """Change a presenter's name, role or agency."""
    return _pack_update(
        record,
        meeting="presentation__agenda_item__meeting",
        user=user,
        edit_token=edit_token,
        thing="presenter",
        values=values,
    )


@transaction.atomic
def line_of_enquiry_update(
    *, record: LineOfEnquiry, user, edit_token: str, **values: Unpack[LineOfEnquiryValues]
) -> LineOfEnquiry:
    """Change a line of enquiry's question, or what it is aimed at."""
    return _pack_update(
        record,
        meeting="meeting",
        user=user,
        edit_token=edit_token,
        thing="line of enquiry",
        values=values,
    )


@transaction.atomic
def standard_question_add(*, user, **values: Unpack[StandardQuestionValues]) -> StandardQuestion:
    """Add a question offered to every meeting's lines of enquiry."""
    return record_create(record=StandardQuestion(), user=user, fields=values)


@transaction.atomic
def standard_question_update(
    *, record: StandardQuestion, user, edit_token: str, **values: Unpack[StandardQuestionValues]
) -> StandardQuestion:
    """Change a standard question; the meetings that ask it already keep their copy."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="standard question", fields=values
    )


@transaction.atomic
def recommendation_update(
    *,
    record: Recommendation,
    user,
    edit_token: str,
    letters_stay: bool = False,
    correction: bool = False,
    **values: Unpack[RecommendationValues],
) -> tuple[Recommendation, list[RecommendationLetter]]:
    """Change a recommendation; return it and the correction letters issued.

    Once its letters have gone out, the officer must confirm that they stay as sent
    (``letters_stay``), and may have a dated correction issued in the same transaction
    (``correction``, see ``letter_corrections_issue``).
    """
    if not letters_stay and record.issued_letters():
        raise ServiceError("Confirm that you understand the letters already issued will not change")
    recommendation = _pack_update(
        record,
        meeting="meeting",
        user=user,
        edit_token=edit_token,
        thing="recommendation",
        values=values,
    )
    corrections = (
        letter_corrections_issue(
            recommendation=recommendation, user=user, issued_on=timezone.localdate()
        )
        if correction
        else []
    )
    return recommendation, corrections


@transaction.atomic
def call_for_action_add(
    *, committee: Committee, user, **values: Unpack[CallForActionValues]
) -> CouncillorCallForAction:
    """Record a Councillor Call for Action referred to the committee."""
    referral = CouncillorCallForAction(committee=committee)
    return record_create(record=referral, user=user, fields=values)


@transaction.atomic
def call_for_action_update(
    *,
    record: CouncillorCallForAction,
    user,
    edit_token: str,
    **values: Unpack[CallForActionValues],
) -> CouncillorCallForAction:
    """Change a Call for Action: the committee's decision on it, say."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="call for action", fields=values
    )


@transaction.atomic
def work_programme_item_add(
    *, committee: Committee, user, **values: Unpack[WorkProgrammeItemValues]
) -> WorkProgrammeItem:
    """Plan an item for the committee's work programme."""
    item = WorkProgrammeItem(committee=committee)
    return record_create(record=item, user=user, fields=values)


@transaction.atomic
def work_programme_item_update(
    *, record: WorkProgrammeItem, user, edit_token: str, **values: Unpack[WorkProgrammeItemValues]
) -> WorkProgrammeItem:
    """Change a planned item: its meeting, its status, what it covers."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="planned item", fields=values
    )


# A report's body pasted or uploaded whole; several questions or recommendations at once --


@transaction.atomic
def report_body_replace(*, report: Report, user, sections: list[ParsedSection]) -> Report:
    """Put ``sections`` (meetings/report_text.py) in place of the report's sections and
    paragraphs, all in one transaction: numbered 1, 2 … and 1.1, 1.2 … in their order.

    The sections and paragraphs taken out stay in their history, as removed by ``user``;
    a question drawn from a removed paragraph keeps its words and loses only the link.
    """
    Report.objects.select_for_update().get(pk=report.pk)
    old_paragraphs = ReportParagraph.objects.filter(section__report=report)
    old_sections = list(report.sections.all())
    # One by one, each with its author, so the history says who took them out.
    for record in [*old_paragraphs, *old_sections]:
        record._history_user = user
        record.delete()
    if old_sections:
        content_changed(*old_sections)
    for number, parsed in enumerate(sections, 1):
        section = record_create(
            record=ReportSection(report=report, number=number),
            user=user,
            fields={"title": parsed.title},
        )
        for paragraph_number, text in enumerate(parsed.paragraphs, 1):
            record_create(
                record=ReportParagraph(section=section, number=paragraph_number),
                user=user,
                fields={"text": text},
            )
    return report


@transaction.atomic
def lines_of_enquiry_add_several(
    *, meeting: Meeting, user, questions: list[str]
) -> list[LineOfEnquiry]:
    """Add each question, in order, at the end of the meeting's lines of enquiry."""
    return [
        line_of_enquiry_add(meeting=meeting, user=user, question=question) for question in questions
    ]


@transaction.atomic
def recommendations_add_several(
    *, meeting: Meeting, user, texts: list[str], agenda_item: AgendaItem | None = None
) -> list[Recommendation]:
    """Add each recommendation, in order, at the end of the meeting's list, all made on
    ``agenda_item`` if one is given; addressees are added to each afterwards."""
    return [
        recommendation_add(meeting=meeting, user=user, text=text, agenda_item=agenda_item)
        for text in texts
    ]
