"""The statutory checks on the committee's work, each with the rule it comes from.

Each check returns what it found wrong, with a link to put it right; a check with
nothing found is met. ``day`` is today, or a fixed day in tests.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from partnership.models import Action, Priority

from .clear_days import clear_days_between
from .models import (
    AgendaItem,
    Appendix,
    Committee,
    Meeting,
    Presentation,
    Recommendation,
    RecommendationLetter,
    Slides,
    Supplement,
)
from .models.agendas import TOOK_PLACE
from .tracker import TrackerFilters, followed, tracked_recommendations


@dataclass(frozen=True)
class Finding:
    text: str
    url: str = ""


@dataclass
class Check:
    title: str
    rule: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.findings


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def met_every_twelve_months(day: datetime.date) -> Check:
    check = Check(
        "The committee met to scrutinise the partnership in every 12 months",
        "Police and Justice Act 2006 s.19; Crime and Disorder (Overview and Scrutiny) "
        "Regulations 2009: the committee meets at least once in every twelve month period.",
    )
    committees = Committee.objects.exclude(acting_as="").prefetch_related(
        Prefetch(
            "meetings",
            # A cancelled meeting did not meet.
            queryset=Meeting.objects.public()
            .not_cancelled()
            .filter(date__lte=day)
            .order_by("date"),
            to_attr="held",
        )
    )
    for committee in committees:
        dates = [meeting.date for meeting in committee.held]
        if not dates:
            check.findings.append(
                Finding(f"{committee.name} has held no meeting.", committee.get_absolute_url())
            )
            continue
        for earlier, later in zip([*dates], [*dates[1:], day], strict=True):
            if later > earlier + relativedelta(months=12):
                months = (later.year - earlier.year) * 12 + later.month - earlier.month
                # Twelve calendar months and a few days is still "more than 12 months".
                gap = f"{months} months" if months > 12 else "more than 12 months"
                until = f"until {_long(later)}" if later != day else "since, to today"
                check.findings.append(
                    Finding(
                        f"{committee.name} did not meet for {gap}: from {_long(earlier)} {until}.",
                        committee.get_absolute_url(),
                    )
                )
    return check


def agendas_open_for_clear_days() -> Check:
    days = settings.SCRUTINY_CLEAR_DAYS
    check = Check(
        f"Each agenda was open to inspection for {days} clear days",
        "Local Government Act 1972 s.100B: the agenda and reports are open to inspection "
        "at least five clear days before the meeting, unless the business is urgent. "
        "Clear days leave out the day of publication, the meeting day, weekends and bank "
        "holidays. A supplement, adding items or papers to a published agenda, is judged "
        "by the day it was published.",
    )
    # A postponed meeting is judged by its new date; a cancelled one not at all.
    meetings = (
        Meeting.objects.public().not_cancelled().filter(published_at__isnull=False).order_by("date")
    )
    for meeting in meetings.select_related("committee"):
        # A meeting entered after it was held is judged by the day the officer stated.
        published = meeting.agenda_published_on or timezone.localdate(meeting.published_at)
        check.findings += _short_notice(meeting, published, meeting.date, meeting.urgent_reason)
    supplements = (
        Supplement.objects.filter(published_at__isnull=False, meeting__in=meetings)
        .select_related("meeting__committee")
        .order_by("meeting__date", "number")
    )
    for supplement in supplements:
        published = timezone.localdate(supplement.published_at)
        check.findings += _short_notice(
            supplement, published, supplement.meeting.date, supplement.urgent_reason
        )
    return check


def _short_notice(notice, published: datetime.date, meeting_day: datetime.date, reason: str):
    """A finding if ``notice`` (an agenda's meeting, a supplement) published on
    ``published`` gave fewer clear days than the law asks; none otherwise."""
    clear = clear_days_between(published, meeting_day)
    if clear >= settings.SCRUTINY_CLEAR_DAYS:
        return []
    recorded = (
        f" The reason recorded: {reason}" if reason else " No reason (urgent business) is recorded."
    )
    return [
        Finding(
            f"{notice}: published {_long(published)}, {clear} clear "
            f"day{'s' if clear != 1 else ''} before the meeting.{recorded}",
            notice.get_absolute_url(),
        )
    ]


def minutes_published_in_time(day: datetime.date) -> Check:
    check = Check(
        "Each meeting held has its minutes published in time",
        "Local Government Act 1972 s.100C: the minutes are open to inspection once made. "
        "Each committee sets the days its officers take to publish the draft minutes.",
    )
    held = Meeting.objects.filter(
        status=Meeting.Status.HELD, minutes_not_stated=False, date__lt=day
    ).select_related("committee")
    for meeting in held.order_by("date"):
        due = meeting.date + datetime.timedelta(days=meeting.committee.minutes_due_days)
        if due < day:
            check.findings.append(
                Finding(
                    f"{meeting}: held {_long(meeting.date)}, no minutes published; they were "
                    f"due by {_long(due)}.",
                    meeting.get_absolute_url(),
                )
            )
    return check


def minutes_approved_at_next_meeting() -> Check:
    check = Check(
        "Draft minutes are approved at the next meeting",
        "Local Government Act 1972 Sch. 12 para 41: the minutes are signed at the same or "
        "the next suitable meeting by the person presiding.",
    )
    later_held = Meeting.objects.filter(
        committee=OuterRef("committee"), date__gt=OuterRef("date"), status__in=TOOK_PLACE
    )
    waiting = Meeting.objects.filter(status=Meeting.Status.MINUTES_DRAFT).filter(Exists(later_held))
    for meeting in waiting.select_related("committee").order_by("date"):
        check.findings.append(
            Finding(
                f"{meeting}: the draft minutes are not yet approved, though a later meeting "
                "of the committee has been held.",
                meeting.get_absolute_url(),
            )
        )
    return check


def exempt_items_name_paragraph() -> Check:
    check = Check(
        "Every exempt item names its Schedule 12A paragraph",
        "Local Government Act 1972 s.100A and Schedule 12A: the public are excluded only "
        "for information of a description in the Schedule, which the resolution names.",
    )
    unnamed = AgendaItem.objects.filter(is_exempt=True, exempt_paragraph__isnull=True)
    for item in unnamed.select_related("meeting__committee"):
        check.findings.append(
            Finding(
                f"{item.meeting}, item {item.number} names no paragraph.",
                item.get_absolute_url(),
            )
        )
    return check


def authorities_sent_recommendations() -> Check:
    check = Check(
        "Every responsible authority was sent the committee's recommendations",
        "Police and Justice Act 2006 s.19(2): the committee provides a copy of its report "
        "or recommendations to each responsible authority (and to the co-operating persons "
        "and bodies, which this check does not cover).",
    )
    sent = Recommendation.objects.filter(
        status__in=[
            Recommendation.Status.SENT,
            Recommendation.Status.RESPONDED,
            Recommendation.Status.IMPLEMENTED,
        ]
    ).values("meeting")
    meetings = (
        Meeting.objects.filter(pk__in=sent)
        .select_related("committee__partnership")
        .prefetch_related(
            "committee__partnership__memberships__agency",
            Prefetch(
                "letters",
                queryset=RecommendationLetter.objects.filter(
                    status=RecommendationLetter.Status.ISSUED
                ),
            ),
        )
        .order_by("date")
    )
    for meeting in meetings:
        partnership = meeting.committee.partnership
        if partnership is None:
            continue
        written_to = {letter.addressee_id for letter in meeting.letters.all()}
        members = {
            membership.agency
            for membership in partnership.memberships.all()
            if (membership.start_date is None or membership.start_date <= meeting.date)
            and (membership.end_date is None or membership.end_date >= meeting.date)
        }
        for agency in sorted(members, key=lambda agency: agency.name):
            if agency.is_responsible_authority and agency.pk not in written_to:
                check.findings.append(
                    Finding(
                        f"{agency.name} was not sent the recommendations of {meeting}.",
                        reverse("meetings:recommendations", args=[meeting.pk]),
                    )
                )
    return check


def priorities_without_action_plan() -> Check:
    check = Check(
        "Every priority has an action plan",
        "The partnership's community safety plan (Crime and Disorder Act 1998 s.6) sets "
        "priorities; the committee expects each to have a plan of actions.",
    )
    for priority in Priority.objects.without_action_plan().select_related("refresh"):
        check.findings.append(
            Finding(
                f"{priority.title} ({priority.refresh}) has no action plan.",
                priority.get_absolute_url(),
            )
        )
    return check


def actions_past_target(day: datetime.date) -> Check:
    check = Check(
        "No action is past its target date",
        "The partnership's action plans: an action past its target date and not rated "
        "green is late.",
    )
    late = Action.objects.past_target(day)
    for action in late.select_related("action_plan__subgroup").order_by("target_date"):
        check.findings.append(
            Finding(
                f"{action.description} (due {_long(action.target_date)}, "
                f"{action.get_rag_status_display().lower()}).",
                action.get_absolute_url(),
            )
        )
    return check


def responses_overdue(user, day: datetime.date) -> Check:
    check = Check(
        "No partner's response is overdue",
        "Crime and Disorder (Overview and Scrutiny) Regulations 2009: partners respond to "
        f"the committee's recommendations within {settings.SCRUTINY_RESPONSE_DAYS} days.",
    )
    overdue = tracked_recommendations(user, TrackerFilters(overdue=True), day)
    for recommendation in followed(overdue):
        waiting = ", ".join(agency.name for agency in recommendation.awaited_from()) or "a partner"
        check.findings.append(
            Finding(
                f"Recommendation {recommendation.position} of {recommendation.meeting}: "
                f"{waiting}, due {_long(recommendation.response_due_on)}.",
                recommendation.get_absolute_url(),
            )
        )
    return check


def uploads_accessible(user, day: datetime.date) -> Check:
    check = Check(
        "Every appendix and set of slides for a coming meeting is accessible",
        "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
        "Regulations 2018: documents published on the site meet WCAG 2.2 AA. Each uploaded "
        "PDF is checked for tags (1.3.1), a text layer on every page (1.1.1, 1.4.5) and a "
        "stated language (3.1.1); the public are told how to ask for a version they can use.",
    )
    # Meetings whose papers can still be put right before anyone reads them.
    coming = Meeting.objects.not_cancelled().filter(
        Q(date__gte=day) | Q(status__in=[Meeting.Status.DRAFT, Meeting.Status.PUBLISHED])
    )
    checked = {"file_is_clean": True, "file_is_tagged__isnull": False}
    appendices = (
        Appendix.objects.visible_to(user)
        .filter(report__agenda_item__meeting__in=coming, **checked)
        .select_related("report__agenda_item__meeting__committee")
        .defer("text")
    )
    slides = (
        Slides.objects.filter(
            presentation__in=Presentation.objects.visible_to(user),
            presentation__agenda_item__meeting__in=coming,
            **checked,
        )
        .select_related("presentation__agenda_item__meeting__committee")
        .defer("text")
    )
    found = [(appendix, appendix.report.agenda_item) for appendix in appendices]
    found += [(record, record.presentation.agenda_item) for record in slides]
    # In agenda order; a report's appendices keep theirs (the sort is stable).
    found.sort(key=lambda pair: (pair[1].meeting.date, pair[1].meeting.pk, pair[1].number))
    for record, item in found:
        problems = record.accessibility_findings
        if problems:
            check.findings.append(
                Finding(
                    f"{item.meeting}, item {item.number}, {record}: "
                    f"{'; '.join(problem.short for problem in problems)}.",
                    record.get_absolute_url(),
                )
            )
    return check


def compliance_checks(user, day: datetime.date) -> list[Check]:
    return [
        met_every_twelve_months(day),
        agendas_open_for_clear_days(),
        minutes_published_in_time(day),
        minutes_approved_at_next_meeting(),
        exempt_items_name_paragraph(),
        authorities_sent_recommendations(),
        priorities_without_action_plan(),
        actions_past_target(day),
        responses_overdue(user, day),
        uploads_accessible(user, day),
    ]
