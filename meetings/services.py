"""Writes that touch several rows of a meeting pack. Each is atomic."""

import datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from scrutiny.kernel.dates import today
from scrutiny.kernel.errors import ServiceError

from .clear_days import clear_days_between
from .letter_records import letter_freeze
from .lifecycle import recommendation_letter_issued
from .models import (
    AgendaItem,
    Appendix,
    LineOfEnquiry,
    Meeting,
    Presentation,
    Recommendation,
    RecommendationLetter,
    Report,
    ReportParagraph,
    ReportSection,
    StandardQuestion,
    WorkProgrammeItem,
)


def next_number(queryset, field: str) -> int:
    """The number after the highest in use (1 when there is none)."""
    return (queryset.aggregate(top=Max(field))["top"] or 0) + 1


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
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, **fields) -> AgendaItem:
    """Add an item at the end of the agenda."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    item = AgendaItem(meeting=meeting, number=next_number(meeting.agenda_items, "number"), **fields)
    item.full_clean()
    item.save()
    return item


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
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, user) -> AgendaItem:
    """Move an item to the bin; the items after it move up a number."""
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item.mark_deleted(user)
    item._history_user = user
    item.save(update_fields=["deleted_at", "deleted_by"])
    _close_up(item.meeting.agenda_items.all(), "number")
    return item


@transaction.atomic
def agenda_item_restore(*, item: AgendaItem, user) -> AgendaItem:
    """Bring an item back from the bin, at the end of its agenda."""
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item.mark_restored()
    item.number = next_number(AgendaItem.objects.filter(meeting_id=item.meeting_id), "number")
    item._history_user = user
    item.save(update_fields=["deleted_at", "deleted_by", "number"])
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
    return record


@transaction.atomic
def report_section_add(*, report: Report, title: str) -> ReportSection:
    """Add a section after the report's last one."""
    Report.objects.select_for_update().get(pk=report.pk)
    section = ReportSection(
        report=report, number=next_number(report.sections, "number"), title=title
    )
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def report_paragraph_add(*, section: ReportSection, text: str) -> ReportParagraph:
    """Add a paragraph at the end of a section; it takes the next number (1.1, 1.2 …)."""
    ReportSection.objects.select_for_update().get(pk=section.pk)
    paragraph = ReportParagraph(
        section=section, number=next_number(section.paragraphs, "number"), text=text
    )
    paragraph.full_clean()
    paragraph.save()
    return paragraph


@transaction.atomic
def report_paragraph_remove(*, paragraph: ReportParagraph, user) -> None:
    """Remove a paragraph; the later ones in its section close up the numbering.

    The removed text stays in the paragraph's history.
    """
    section = ReportSection.objects.select_for_update().get(pk=paragraph.section_id)
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
    appendix._history_user = user
    appendix.delete()


@transaction.atomic
def lines_of_enquiry_add_standard(*, meeting: Meeting) -> list[LineOfEnquiry]:
    """Add the standard questions to a meeting, leaving out any it already asks."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    asked = set(meeting.lines_of_enquiry.values_list("question", flat=True))
    position = next_number(meeting.lines_of_enquiry, "position")
    added = []
    for standard in StandardQuestion.objects.filter(is_active=True).order_by("position"):
        if standard.question in asked:
            continue
        added.append(
            LineOfEnquiry.objects.create(
                meeting=meeting, position=position, question=standard.question
            )
        )
        position += 1
    return added


@transaction.atomic
def line_of_enquiry_add(*, meeting: Meeting, **fields) -> LineOfEnquiry:
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    line = LineOfEnquiry(
        meeting=meeting, position=next_number(meeting.lines_of_enquiry, "position"), **fields
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def recommendation_add(
    *, meeting: Meeting, addressee_agencies=(), priorities=(), **fields
) -> Recommendation:
    """Add a recommendation at the end of the meeting's list."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    recommendation = Recommendation(
        meeting=meeting, position=next_number(meeting.recommendations, "position"), **fields
    )
    recommendation.full_clean()
    recommendation.save()
    recommendation.addressee_agencies.set(addressee_agencies)
    recommendation.priorities.set(priorities)
    return recommendation


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
            meeting=item.meeting, kind=item.kind, title=item.title, description=item.purpose
        )
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from error
    if item.kind == AgendaItem.Kind.PRESENTATION:
        presentation = Presentation.objects.create(
            agenda_item=agenda_item, topic=item.title, summary=item.purpose
        )
        presentation.priorities.set(item.priorities.all())
    elif item.kind == AgendaItem.Kind.REPORT and item.lead_officer_id:
        Report.objects.create(
            agenda_item=agenda_item, title=item.title, author_id=item.lead_officer_id
        )
    item.agenda_item = agenda_item
    item._history_user = user
    item.save(update_fields=["agenda_item"])
    return agenda_item
