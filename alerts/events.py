"""What subscribers are told of, recorded after the writes that made it happen.

Registered with the content-change hook (scrutiny/kernel/changes.py): after each
committed change, the published meetings it touched are looked at, and what has happened
to them that no event records yet (the agenda published, a supplement published, the
minutes published, a partner's response recorded) is recorded once, with the emails it owes.

Only subscribers whose address was confirmed before it happened are owed an email, so an
edit to an old meeting, or a site restored from a backup, tells no one of the past.

The words are written for the public: a meeting's exempt items and anything of theirs
are left out, whoever subscribes.
"""

import logging
from collections.abc import Callable
from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.dateformat import format as format_date

from meetings.models import (
    AgendaItem,
    Meeting,
    Recommendation,
    RecommendationResponse,
    Supplement,
)
from meetings.queries import agenda_for, agenda_in_order
from meetings.supplementing import supplements_shown
from scrutiny.kernel.changes import Change

from .models import AlertEvent, AlertKind, OutboxEmail, Subscription

logger = logging.getLogger(__name__)


def _site_url(path: str) -> str:
    from django.conf import settings

    return settings.SCRUTINY_SITE_URL.rstrip("/") + path


def _when(meeting: Meeting) -> str:
    when = format_date(meeting.date, "l j F Y")
    if meeting.start_time:
        when += f" at {format_date(meeting.start_time, 'g:i A').lower().replace(':00', '')}"
    return when


def _public_items(meeting: Meeting) -> list[str]:
    items = AgendaItem.objects.public().filter(meeting=meeting).order_by("number")
    return [f"{item.number}. {item.title}" for item in items]


def _agenda_words(meeting: Meeting) -> tuple[str, str, str]:
    url = _site_url(meeting.get_absolute_url())
    lines = [
        f"The agenda of the {meeting.committee.name} meeting on {_when(meeting)} is published.",
    ]
    if meeting.venue:
        lines.append(f"Where: {meeting.venue}")
    items = _public_items(meeting)
    if items:
        lines += ["", "On the agenda:", *items]
    lines += ["", f"Read the agenda and its papers: {url}"]
    subject = f"Agenda published: {meeting.committee.name}, {format_date(meeting.date, 'j F Y')}"
    return subject, "\n".join(lines), url


def _supplement_words(meeting: Meeting, supplement: Supplement) -> tuple[str, str, str]:
    url = _site_url(supplement.get_absolute_url())
    public = AnonymousUser()
    agenda = agenda_in_order(meeting, public, agenda_for(meeting, public))
    entry = next(
        shown
        for shown in supplements_shown(meeting, public, agenda)
        if shown["supplement"].pk == supplement.pk
    )
    added = [str(item) for item in entry["items"]]
    added += [
        f"The report for item {report.agenda_item.number}: {report.title}"
        for report in entry["reports"]
    ]
    added += [
        f"Appendix {appendix.label} to the report for item "
        f"{appendix.report.agenda_item.number}: {appendix.title}"
        for appendix in entry["appendices"]
    ]
    lines = [
        f"Supplement {supplement.number} to the agenda of the {meeting.committee.name} "
        f"meeting on {_when(meeting)} is published.",
    ]
    if added:
        lines += ["", "It adds:", *added]
    if supplement.urgent_reason:
        lines += [
            "",
            f"Published with less than the usual notice because: {supplement.urgent_reason}",
        ]
    lines += ["", f"Read the supplement and the agenda: {url}"]
    subject = (
        f"Supplement {supplement.number} published: {meeting.committee.name}, "
        f"{format_date(meeting.date, 'j F Y')}"
    )
    return subject, "\n".join(lines), url


def _minutes_words(meeting: Meeting) -> tuple[str, str, str]:
    url = _site_url(reverse("meetings:minutes", args=[meeting.pk]))
    lines = [
        f"The minutes of the {meeting.committee.name} meeting on {_when(meeting)} are "
        "published. They are a draft until the committee approves them at a later meeting.",
        "",
        f"Read the minutes: {url}",
    ]
    subject = f"Minutes published: {meeting.committee.name}, {format_date(meeting.date, 'j F Y')}"
    return subject, "\n".join(lines), url


def _response_words(response: RecommendationResponse) -> tuple[str, str, str]:
    recommendation = response.recommendation
    meeting = recommendation.meeting
    url = _site_url(recommendation.get_absolute_url())
    who = str(response.agency) if response.agency else "The partnership"
    lines = [
        f"{who} has responded to recommendation {recommendation.position} of the "
        f"{meeting.committee.name} meeting on {format_date(meeting.date, 'j F Y')}.",
        "",
        f"The recommendation: {recommendation.text}",
        f"The response ({response.get_outcome_display().lower()}), received on "
        f"{format_date(response.received_on, 'j F Y')}:",
        response.text,
        "",
        f"Read the recommendation and every response to it: {url}",
    ]
    subject = f"Response recorded: {who}, recommendation {recommendation.position}"
    return subject, "\n".join(lines), url


def _record(kind: str, key: str, meeting: Meeting, happened_at, words: Callable) -> None:
    """Record the event once, with an email for each confirmed subscriber who asked for
    its kind before it happened. ``words`` makes the subject, text and link, called only
    for an event not yet recorded: most changes to a published meeting are not news."""
    if AlertEvent.objects.filter(key=key).exists():
        return
    subject, text, url = words()
    try:
        with transaction.atomic():
            event = AlertEvent.objects.create(
                kind=kind,
                key=key,
                committee_id=meeting.committee_id,
                meeting=meeting,
                happened_at=happened_at,
                subject=subject,
                text=text,
                url=url,
            )
            owed = Subscription.objects.wanting(kind, meeting.committee_id).filter(
                confirmed_at__lte=happened_at
            )
            OutboxEmail.objects.bulk_create(
                [OutboxEmail(event=event, subscription=subscription) for subscription in owed],
                ignore_conflicts=True,
            )
    except IntegrityError:
        return  # another process recorded it first
    if event.emails.exists():
        from .tasks import alerts_send

        transaction.on_commit(alerts_send.enqueue)


def _meeting_pks(change: Change) -> tuple[set[int], set[int], dict]:
    """The meetings a change may have given news of, those of them with a partner's
    response among its records, and the published supplements among them, by meeting.
    Only a meeting's own record (its publication, its minutes' publication), a
    supplement's (its publication) or a recommendation's (a response recorded) can: an
    edit to a paragraph or an item costs the alerts no query."""
    meetings, answered, supplemented = set(), set(), {}
    for record in change.records:
        if isinstance(record, Meeting):
            meetings.add(record.pk)
        elif isinstance(record, Supplement) and record.is_published:
            supplemented.setdefault(record.meeting_id, []).append(record)
        elif isinstance(record, Recommendation):
            answered.add(record.meeting_id)
        elif isinstance(record, RecommendationResponse):
            answered.add(record.recommendation.meeting_id)
    return meetings | answered | set(supplemented), answered, supplemented


def alerts_record_changed(change: Change) -> None:
    """After a committed change, record what happened to the meetings it touched."""
    if change.everything:
        return  # a restore brings back the past, which no one is told of again
    pks, answered, supplemented = _meeting_pks(change)
    if not pks:
        return
    meetings = Meeting.objects.public().select_related("committee").filter(pk__in=pks)
    for meeting in meetings:
        if meeting.published_at:
            _record(
                AlertKind.AGENDA,
                f"agenda:{meeting.pk}",
                meeting,
                meeting.published_at,
                partial(_agenda_words, meeting),
            )
        if meeting.minutes_published_at:
            _record(
                AlertKind.MINUTES,
                f"minutes:{meeting.pk}",
                meeting,
                meeting.minutes_published_at,
                partial(_minutes_words, meeting),
            )
        for supplement in supplemented.get(meeting.pk, ()):
            _record(
                AlertKind.SUPPLEMENT,
                f"supplement:{supplement.pk}",
                meeting,
                supplement.published_at,
                partial(_supplement_words, meeting, supplement),
            )
        if meeting.pk in answered:
            _record_responses(meeting)


def _record_responses(meeting: Meeting) -> None:
    """Each partner's response on the meeting's open business that no event records yet."""
    visible = Recommendation.objects.visible_to(AnonymousUser()).filter(meeting=meeting)
    responses = (
        RecommendationResponse.objects.filter(recommendation__in=visible)
        .select_related("recommendation", "agency")
        .exclude(pk__in=_recorded_responses(meeting))
    )
    for response in responses:
        first = response.history.order_by("history_date").first()
        if first is None:
            continue
        response.recommendation.meeting = meeting
        _record(
            AlertKind.RESPONSE,
            f"response:{response.pk}",
            meeting,
            first.history_date,
            partial(_response_words, response),
        )


def _recorded_responses(meeting: Meeting) -> list[int]:
    keys = AlertEvent.objects.filter(meeting=meeting, kind=AlertKind.RESPONSE).values_list(
        "key", flat=True
    )
    return [int(key.split(":", 1)[1]) for key in keys]
