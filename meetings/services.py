"""Every write on the committee's and meetings' records: adding, changing, deleting and
restoring them, and the steps that touch several rows. Each is atomic, and says what it
changed through the content-change hook (scrutiny/kernel/changes.py), most of them through
the shared helpers of scrutiny/kernel/updates.py."""

import datetime
from collections.abc import Iterable
from typing import NotRequired, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.text import slugify

from partnership.models import Agency, Partnership, Priority
from scrutiny.documents.uploads import checked_fields
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.council import Council
from scrutiny.kernel.dates import today
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.updates import (
    next_number,
    record_create,
    record_move,
    record_update,
    renumber,
)

from .clear_days import shortfall, urgency_unstated
from .letter_records import letter_freeze
from .lifecycle import recommendation_letter_issued
from .models import (
    AgendaItem,
    Appendix,
    Committee,
    CommitteeMember,
    CommitteeTitle,
    CouncillorCallForAction,
    LineOfEnquiry,
    Meeting,
    Person,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationLetter,
    Report,
    ReportParagraph,
    ReportSection,
    Slides,
    StandardItem,
    StandardQuestion,
    WorkProgrammeItem,
)
from .models.committees import DEFAULT_STANDARD_ITEMS, chair_on
from .report_text import ParsedSection
from .supplementing import supplement_for_addition

# What each kind of record holds, as the services that add and change it take it: the
# values an officer types, never the parent, the number or the bin.


class MeetingValues(TypedDict):
    committee: Committee
    date: datetime.date
    start_time: datetime.time | None
    venue: str
    crime_and_disorder: NotRequired[bool | None]


class AgendaItemValues(TypedDict):
    kind: str
    title: str
    description: NotRequired[str]
    is_exempt: NotRequired[bool]
    exempt_paragraph: NotRequired[int | None]
    crime_and_disorder: NotRequired[bool]


class ReportValues(TypedDict):
    title: str
    author: Person
    introduced_by: NotRequired[Person | None]
    summary: NotRequired[str]
    appendix_lettering: NotRequired[str]


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
    file_is_tagged: NotRequired[bool | None]
    file_language: NotRequired[str]
    file_pages_without_text: NotRequired[list[int]]


class PresentationValues(TypedDict):
    topic: str
    summary: str
    priorities: Iterable[Priority]


class PresenterValues(TypedDict):
    person: Person | None
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
    lead_officer: Person | None
    priorities: Iterable[Priority]
    agencies: Iterable[Agency]
    status: NotRequired[str]
    dropped_reason: NotRequired[str]


def publication_shortfall(meeting: Meeting, on: datetime.date) -> int:
    """How many clear days short of the law's the agenda would be if published ``on``."""
    return shortfall(on, meeting.date)


@transaction.atomic
def meeting_publish(
    *,
    meeting: Meeting,
    user,
    urgent_reason: str = "",
    agenda_published_on: datetime.date | None = None,
) -> Meeting:
    """Publish a draft meeting and record who published it, and when.

    Published with fewer clear days than the law asks (Local Government Act 1972
    s.100B), it needs the reason the business is urgent, which the agenda then shows.

    A meeting already held is being entered after the fact: its agenda went out
    elsewhere, on ``agenda_published_on`` if the officer says when, and the clear-days
    check judges that day. Publishing it here is not late publication, so no reason is
    asked; one the officer gives is kept and shown.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_public:
        raise ServiceError("This meeting is already published.")
    if not meeting.agenda_items.exists():
        raise ServiceError("Add at least one agenda item before publishing the meeting.")
    published_on = today()
    entered_after = meeting.date < published_on
    if agenda_published_on is not None:
        if not entered_after:
            raise ServiceError("Only a meeting already held can say when its agenda was published.")
        if agenda_published_on >= meeting.date:
            raise ServiceError("The agenda must have been published before the meeting.")
        meeting.agenda_published_on = agenda_published_on
    if entered_after:
        meeting.urgent_reason = urgent_reason.strip()
    elif publication_shortfall(meeting, published_on):
        if not urgent_reason.strip():
            raise ServiceError(urgency_unstated("the agenda", published_on, meeting.date))
        meeting.urgent_reason = urgent_reason.strip()
    meeting.status = Meeting.Status.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.published_by = user
    meeting._history_user = user
    meeting.save(
        update_fields=[
            "status",
            "published_at",
            "published_by",
            "urgent_reason",
            "agenda_published_on",
        ]
    )
    # The meeting's own record: its publication is news (alerts/events.py).
    content_changed(meeting, meetings=[meeting.pk])
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, user, **values: Unpack[AgendaItemValues]) -> AgendaItem:
    """Add an item at the end of the agenda; once the agenda is published, it waits in
    the meeting's supplement (meetings/supplementing.py)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    item = AgendaItem(
        meeting=meeting,
        number=next_number(meeting.agenda_items, "number"),
        supplement=supplement_for_addition(meeting),
    )
    return record_create(record=item, user=user, fields=values)


@transaction.atomic
def record_delete(*, record, user):
    """Move a meeting, report, person, membership or committee to the bin; a record of a
    list (an item, a recommendation …) goes through ``child_delete``, which closes up the
    numbering."""
    if type(record) in CHILDREN:
        return child_delete(record=record, user=user)
    record.mark_deleted(user)
    record._history_user = user
    record.save(update_fields=["deleted_at", "deleted_by"])
    content_changed(record)
    return record


@transaction.atomic
def record_restore(*, record, user):
    """Bring a meeting or report back from the bin (a record of a list: ``child_restore``)."""
    if type(record) in CHILDREN:
        return child_restore(record=record, user=user)
    record.mark_restored()
    record._history_user = user
    if isinstance(record, Person | CommitteeMember):
        # Someone may have taken the name, or the chair, while it was in the bin.
        try:
            record.clean()
            record.validate_constraints()
        except ValidationError as error:
            raise ServiceError(
                f"“{record}” cannot be restored: {' '.join(error.messages)}"
            ) from error
    if isinstance(record, Meeting) and record.slot_taken():
        raise ServiceError(
            "Another meeting of this committee is now at the same date and time: "
            "change that meeting's date before restoring this one."
        )
    record.save(update_fields=["deleted_at", "deleted_by"])
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
def lines_of_enquiry_add_standard(*, meeting: Meeting, user) -> list[LineOfEnquiry]:
    """Add the meeting's committee's standard questions to it, its partnership named,
    leaving out any it already asks."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    asked = set(meeting.lines_of_enquiry.values_list("question", flat=True))
    position = next_number(meeting.lines_of_enquiry, "position")
    added = []
    library = StandardQuestion.objects.filter(committee_id=meeting.committee_id, is_active=True)
    for standard in library.select_related("committee__partnership").order_by("position"):
        if standard.text in asked:
            continue
        line = LineOfEnquiry(meeting=meeting, position=position)
        added.append(record_create(record=line, user=user, fields={"question": standard.text}))
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
    # The chair serving on the meeting's date, not an earlier one whose term has ended.
    chair = chair_on(meeting.committee_id, meeting.date)
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
    """Add a draft meeting, its agenda started with its committee's standard items."""
    meeting = record_create(record=Meeting(), user=user, fields=values)
    standard_items_copy(meeting=meeting, user=user)
    return meeting


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
    """Start the report of an agenda item, which may have one only. For an item on a
    published agenda it waits in the meeting's supplement."""
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    agenda_item = AgendaItem.objects.select_for_update().get(pk=agenda_item.pk)
    if Report.all_objects.filter(agenda_item=agenda_item).exists():
        raise ServiceError(
            "This item already has a report. Edit that one, or restore it from the deleted items."
        )
    report = Report(
        agenda_item=agenda_item,
        supplement=supplement_for_addition(meeting, within=agenda_item.supplement),
    )
    return record_create(record=report, user=user, fields=values)


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
    report = Report.objects.select_related("agenda_item__supplement", "supplement").get(
        pk=report.pk
    )
    meeting = Meeting.objects.select_for_update().get(pk=report.agenda_item.meeting_id)
    Report.objects.select_for_update().get(pk=report.pk)
    # A report or an item still waiting carries its new appendix with it.
    waiting = report.supplement or report.agenda_item.supplement
    appendix = Appendix(
        report=report,
        number=next_number(report.appendices, "number"),
        supplement=supplement_for_addition(meeting, within=waiting),
    )
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
    if Presentation.all_objects.filter(agenda_item=agenda_item).exists():
        raise ServiceError(
            "This item already has a presentation. Edit that one, or restore it from the "
            "deleted items."
        )
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
    *,
    presentation: Presentation,
    user,
    new_person: "PersonValues | None" = None,
    **values: Unpack[PresenterValues],
) -> Presenter:
    """Add a presenter after the presentation's last one; ``new_person`` (instead of a
    person in the values) makes the person first, in the same transaction."""
    Presentation.objects.select_for_update().get(pk=presentation.pk)
    if new_person:
        values["person"] = person_add(user=user, **new_person)
    position = next_number(presentation.presenters, "position")
    return record_create(
        record=Presenter(presentation=presentation, position=position), user=user, fields=values
    )


@transaction.atomic
def presenter_update(
    *,
    record: Presenter,
    user,
    edit_token: str,
    new_person: "PersonValues | None" = None,
    **values: Unpack[PresenterValues],
) -> Presenter:
    """Change who presents, in what role, for which agency; ``new_person`` makes the
    person first."""
    if new_person:
        values["person"] = person_add(user=user, **new_person)
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
def standard_question_add(
    *, committee: Committee, user, **values: Unpack[StandardQuestionValues]
) -> StandardQuestion:
    """Add a question offered to every meeting of the committee."""
    return record_create(record=StandardQuestion(committee=committee), user=user, fields=values)


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


# People and committee memberships -------------------------------------------------------


class PersonValues(TypedDict):
    kind: str
    name: str
    title: NotRequired[str]
    party: NotRequired[str]
    ward: NotRequired[str]
    job_title: NotRequired[str]
    organisation: NotRequired[str]
    agency: NotRequired[Agency | None]
    email: NotRequired[str]
    phone: NotRequired[str]


class MembershipValues(TypedDict):
    person: Person | None
    role: str
    start_date: datetime.date | None
    end_date: datetime.date | None


@transaction.atomic
def person_add(*, user, **values: Unpack[PersonValues]) -> Person:
    """Add a councillor or an officer."""
    return record_create(record=Person(), user=user, fields=values)


@transaction.atomic
def person_update(
    *, record: Person, user, edit_token: str, **values: Unpack[PersonValues]
) -> Person:
    """Change a person's details: every page and document that names them follows."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="person", fields=values
    )


def person_uses(person: Person) -> list[str]:
    """What still names ``person`` and is not in the bin: why they cannot be deleted."""
    uses = []
    memberships = person.memberships.filter(deleted_at__isnull=True).select_related("committee")
    uses += [f"a member of {membership.committee}" for membership in memberships]
    reports = Report.objects.filter(Q(author=person) | Q(introduced_by=person))
    uses += [f"named on the report “{report}”" for report in reports]
    presenters = Presenter.objects.filter(
        person=person, presentation__agenda_item__deleted_at__isnull=True
    ).select_related("presentation")
    uses += [f"a presenter of “{presenter.presentation}”" for presenter in presenters]
    if WorkProgrammeItem.objects.filter(lead_officer=person).exists():
        uses.append("the lead officer of a planned item")
    return uses


@transaction.atomic
def person_delete(*, person: Person, user) -> Person:
    """Move a person to the bin, unless a live membership, report, presenter or planned
    item still names them: those would show a name that has gone."""
    Person.objects.select_for_update().get(pk=person.pk)
    uses = person_uses(person)
    if uses:
        raise ServiceError(
            f"{person.name} cannot be deleted while they are {'; '.join(uses)}. "
            "Change or delete those first."
        )
    return record_delete(record=person, user=user)


@transaction.atomic
def committee_member_add(
    *,
    committee: Committee,
    user,
    new_person: PersonValues | None = None,
    **values: Unpack[MembershipValues],
) -> CommitteeMember:
    """Add a membership of a committee; ``new_person`` (a councillor's name typed in
    the form) makes the person first. The committee is locked so that two officers
    cannot both appoint a chair."""
    Committee.objects.select_for_update().get(pk=committee.pk)
    if new_person:
        values["person"] = person_add(user=user, **new_person)
    return record_create(record=CommitteeMember(committee=committee), user=user, fields=values)


@transaction.atomic
def committee_member_update(
    *,
    record: CommitteeMember,
    user,
    edit_token: str,
    new_person: PersonValues | None = None,
    **values: Unpack[MembershipValues],
) -> CommitteeMember:
    """Change a membership: its person, role or dates (ending it is giving an end date).
    The one-chair rule is checked again with the committee locked."""
    Committee.objects.select_for_update().get(pk=record.committee_id)
    if new_person:
        values["person"] = person_add(user=user, **new_person)
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="membership", fields=values
    )


# The council and its committees, set up by officers (the set-up pages, views/setup.py).


class CouncilValues(TypedDict):
    name: str
    address: str
    email: str
    phone: str
    footer_text: str
    accessibility_statement_prepared_on: NotRequired[datetime.date | None]
    accessibility_statement_reviewed_on: NotRequired[datetime.date | None]
    accessible_format_answer_days: NotRequired[int]


@transaction.atomic
def council_update(
    *,
    record: Council,
    user,
    edit_token: str,
    logo: bytes | None = None,
    **values: Unpack[CouncilValues],
) -> Council:
    """Change the council's name and details; ``logo`` (a cleaned PNG, or b"" to remove
    it) replaces the logo when given. Every page and document names the council, so the
    whole site's cached pages and published documents follow."""
    record = record_update(
        record=record, user=user, edit_token=edit_token, thing="council", fields=values
    )
    if logo is not None:
        record.set_logo(logo)
        record.save(update_fields=["logo", "logo_width", "logo_height"])
    # Every cached page goes with the version; a published document is made again when
    # next asked for, as its key follows its HTML, which names the council.
    content_changed(record)
    return record


class CommitteeValues(TypedDict):
    name: str
    crime_and_disorder: bool
    acting_as: str
    statutory_basis: str
    terms_of_reference: str
    usual_venue: str
    usual_start_time: datetime.time | None
    partnership: Partnership | None
    quorum: NotRequired[int | None]
    minute_number_format: NotRequired[str]
    minutes_due_days: NotRequired[int]


def _unique_slug(name: str, committee: Committee | None = None) -> str:
    base = slugify(name)[:190] or "committee"
    slug, n = base, 1
    while Committee.all_objects.filter(slug=slug).exclude(pk=getattr(committee, "pk", None)):
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def committee_add(*, user, **values: Unpack[CommitteeValues]) -> Committee:
    """Add a committee; new meetings of it start with the six standard items."""
    committee = Committee(slug=_unique_slug(values["name"]))
    record_create(record=committee, user=user, fields=values)
    for position, (kind, title) in enumerate(DEFAULT_STANDARD_ITEMS, 1):
        record_create(
            record=StandardItem(committee=committee, position=position),
            user=user,
            fields={"kind": kind, "title": title},
        )
    return committee


@transaction.atomic
def committee_update(
    *,
    record: Committee,
    user,
    edit_token: str,
    title_from: datetime.date | None = None,
    **values: Unpack[CommitteeValues],
) -> Committee:
    """Change a committee. A new name or wording with ``title_from`` is in force from
    that day only: meetings before it keep the title they had, which is kept as a dated
    title (the committee's first title, from the start, if it had none). Without a
    date the change is a correction, and every meeting shows it.
    """
    old = Committee.objects.select_for_update().get(pk=record.pk)
    before = (old.name, old.crime_and_disorder, old.acting_as)
    record = record_update(
        record=record, user=user, edit_token=edit_token, thing="committee", fields=values
    )
    after = (record.name, record.crime_and_disorder, record.acting_as)
    titles = CommitteeTitle.objects.filter(committee=record)
    if title_from is not None and after != before:
        if not titles.exists():
            _title_save(record, None, before, user)
        _title_save(record, title_from, after, user)
    elif after != before and titles.exists():
        # A correction: the title in force today says so too.
        current = record.title_on(today())
        if current.pk:
            _title_save(record, current.from_date, after, user)
    content_changed(record, meetings=record.meetings.public().values_list("pk", flat=True))
    return record


def _title_save(committee, from_date, title: tuple, user) -> None:
    name, crime_and_disorder, acting_as = title
    found = CommitteeTitle.objects.filter(committee=committee, from_date=from_date).first()
    found = found or CommitteeTitle(committee=committee, from_date=from_date)
    found.name, found.crime_and_disorder, found.acting_as = name, crime_and_disorder, acting_as
    found._history_user = user
    found.full_clean(validate_constraints=False)
    found.save()


@transaction.atomic
def committee_delete(*, committee: Committee, user) -> Committee:
    """Move a committee to the bin, unless it has meetings outside it."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    count = committee.meetings.count()
    if count:
        raise ServiceError(
            f"{committee.name} has {count} meeting{'s' if count != 1 else ''}: delete "
            f"{'them' if count != 1 else 'it'} first, or keep the committee."
        )
    return record_delete(record=committee, user=user)


class StandardItemValues(TypedDict):
    kind: str
    title: str
    is_exempt: bool
    exempt_paragraph: int | None


@transaction.atomic
def standard_item_add(
    *, committee: Committee, user, **values: Unpack[StandardItemValues]
) -> StandardItem:
    """Add a standard item at the end of the committee's list."""
    Committee.objects.select_for_update().get(pk=committee.pk)
    position = next_number(committee.standard_items.all(), "position")
    item = StandardItem(committee=committee, position=position)
    return record_create(record=item, user=user, fields=values)


@transaction.atomic
def standard_item_update(
    *, record: StandardItem, user, edit_token: str, **values: Unpack[StandardItemValues]
) -> StandardItem:
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="standard item", fields=values
    )


@transaction.atomic
def standard_item_delete(*, item: StandardItem, user) -> None:
    """Take a standard item off the list (meetings already made keep their items)."""
    Committee.objects.select_for_update().get(pk=item.committee_id)
    item._history_user = user
    item.delete()
    renumber(StandardItem.objects.filter(committee_id=item.committee_id), "position", user=user)
    content_changed(item)


@transaction.atomic
def standard_item_move(*, record: StandardItem, direction: str, user) -> StandardItem:
    """Swap a standard item with its neighbour."""
    Committee.objects.select_for_update().get(pk=record.committee_id)
    items = StandardItem.objects.filter(committee_id=record.committee_id)
    return record_move(
        record=record, siblings=items, field="position", direction=direction, user=user
    )


def _items_append(meeting: Meeting, user, items: Iterable) -> int:
    """Add items (agenda or standard items: a title, kind and exemption) at the end of
    the agenda, without anything attached to them."""
    number = next_number(meeting.agenda_items.all(), "number")
    supplement = supplement_for_addition(meeting)
    added = 0
    for source in items:
        item = AgendaItem(meeting=meeting, number=number + added, supplement=supplement)
        record_create(
            record=item,
            user=user,
            fields={
                "kind": source.kind,
                "title": source.title,
                "description": "",
                "is_exempt": source.is_exempt,
                "exempt_paragraph": source.exempt_paragraph,
            },
        )
        added += 1
    return added


def standard_items_copy(*, meeting: Meeting, user) -> int:
    """Start a meeting's agenda with its committee's standard items."""
    return _items_append(meeting, user, meeting.committee.standard_items.all())


@transaction.atomic
def agenda_copy(*, meeting: Meeting, source: Meeting, user) -> int:
    """Add the items of an earlier meeting of the same committee (titles, kinds and
    exemption, not their papers) at the end of ``meeting``'s agenda; how many."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if source.committee_id != meeting.committee_id or source.date >= meeting.date:
        raise ServiceError("Choose an earlier meeting of the same committee.")
    added = _items_append(meeting, user, source.agenda_items.order_by("number"))
    if meeting.is_public:
        content_changed(meetings=[meeting.pk])
    return added


@transaction.atomic
def committee_restore(*, committee: Committee, user) -> Committee:
    """Bring a committee back from the bin, unless another has taken its name."""
    if Committee.objects.filter(name=committee.name).exists():
        raise ServiceError(
            f"Another committee is now called {committee.name}: rename that one before "
            "restoring this."
        )
    return record_restore(record=committee, user=user)


# Mending: delete, restore and move any record of a meeting --------------------------------
# One mechanism for every kind of child record, so that each behaves alike: a delete moves
# the record to the bin and the records after it close up; a restore brings it back at the
# end of its list; a move swaps it with its neighbour. Numbers always follow the order.

# Each kind: the parent whose list it is in (locked while the list changes) and the field
# holding its place, or None for a record that is one of a kind (an item's presentation).
CHILDREN: dict[type, tuple[str, str | None]] = {
    AgendaItem: ("meeting", "number"),
    ReportSection: ("report", "number"),
    ReportParagraph: ("section", "number"),
    Appendix: ("report", "number"),
    Presentation: ("agenda_item", None),
    Presenter: ("presentation", "position"),
    LineOfEnquiry: ("meeting", "position"),
    Recommendation: ("meeting", "position"),
}


def _list_of(record) -> tuple[str | None, object]:
    """Lock the record's parent; return its place field and its live list."""
    parent_field, place = CHILDREN[type(record)]
    field = type(record)._meta.get_field(parent_field)
    parent_id = getattr(record, field.attname)
    field.related_model._base_manager.select_for_update().get(pk=parent_id)
    siblings = type(record).objects.filter(**{field.attname: parent_id})
    return place, siblings


@transaction.atomic
def child_move(*, record, direction: str, user):
    """Move a record of a list one place up or down; the numbers follow the new order.

    Refused (``ServiceError``) at either end of the list.
    """
    place, siblings = _list_of(record)
    if place is None:
        raise ServiceError(f"A {record._meta.verbose_name} has no place in a list to move.")
    return record_move(
        record=record, siblings=siblings, field=place, direction=direction, user=user
    )


@transaction.atomic
def child_delete(*, record, user):
    """Move a record of a meeting to the bin; the records after it close up the numbering.

    What belongs to it (a section's paragraphs) goes with it and comes back with it.
    """
    place, siblings = _list_of(record)
    record.mark_deleted(user)
    record._history_user = user
    record.save(update_fields=["deleted_at", "deleted_by"])
    if place is not None:
        renumber(siblings, place, user=user)
    content_changed(record)
    return record


@transaction.atomic
def child_restore(*, record, user):
    """Bring a record back from the bin, at the end of its list: its old number may have
    gone to another record since."""
    place, siblings = _list_of(record)
    record.mark_restored()
    record._history_user = user
    fields = ["deleted_at", "deleted_by"]
    if place is not None:
        setattr(record, place, next_number(siblings, place))
        fields.append(place)
    record.save(update_fields=fields)
    content_changed(record)
    return record


# Slides: one PDF a presentation may carry --------------------------------------------------


class SlidesValues(TypedDict):
    file: File
    # What the check of the file found (scrutiny.documents.uploads.checked_fields).
    page_count: int | None
    text: str
    file_is_clean: bool
    file_problem: str
    file_is_tagged: bool | None
    file_language: str
    file_pages_without_text: list[int]


@transaction.atomic
def slides_upload(*, presentation: Presentation, user, **values: Unpack[SlidesValues]) -> Slides:
    """Give a presentation its slides, or replace them, with the cleaned copy of the file
    and what the check found; a published meeting's pack then takes them in."""
    Presentation.objects.select_for_update().get(pk=presentation.pk)
    slides = Slides.objects.filter(presentation=presentation).first()
    if slides is None:
        return record_create(record=Slides(presentation=presentation), user=user, fields=values)
    for name, value in values.items():
        setattr(slides, name, value)
    slides._history_user = user
    slides.save()
    content_changed(slides)
    return slides


@transaction.atomic
def slides_take_off(*, presentation: Presentation, user) -> None:
    """Take a presentation's slides off it and out of the pack; the file stays in the
    uploads folder for the history that names it, served to no one."""
    Presentation.objects.select_for_update().get(pk=presentation.pk)
    slides = Slides.objects.filter(presentation=presentation).first()
    if slides is None or not slides.file:
        raise ServiceError("This presentation has no slides to take off.")
    slides.file = ""
    for name, value in checked_fields().items():
        setattr(slides, name, value)
    slides._history_user = user
    slides.save()
    content_changed(slides)


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
