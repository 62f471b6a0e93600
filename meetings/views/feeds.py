"""Meetings as calendars (iCalendar), and published agendas and minutes as Atom feeds.

All are public: they list published meetings and their open items only, whoever asks.
The minutes feed shows the minutes the public may read (``Minute.objects.visible_to``):
draft minutes once published and approved minutes, never an exempt item's.
"""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import content_disposition_header

from scrutiny.kernel.council import Council
from scrutiny.kernel.site import site_host, site_url
from scrutiny.kernel.text import without_control_characters

from ..models import AgendaItem, Committee, Meeting, Minute, Motion, Supplement
from ..models.agendas import MINUTES_PUBLISHED

# A meeting's length is not recorded; calendars show this much of the evening.
MEETING_HOURS = 2


def _with_open_items(meetings):
    """Meetings with their open agenda items fetched at once, as ``open_items``."""
    # The committee's dated titles too: each meeting shows the name of its own day.
    return meetings.prefetch_related(
        "committee__titles",
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.public().select_related("supplement").order_by("number"),
            to_attr="open_items",
        ),
        Prefetch(
            "supplements",
            queryset=Supplement.objects.filter(published_at__isnull=False).order_by("number"),
            to_attr="published_supplements",
        ),
    )


def _event(meeting: Meeting) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{site_host()}")
    # Records saved before forms took control characters out may still hold them, and
    # iCalendar text may not (RFC 5545 3.3.11).
    event.add("summary", without_control_characters(meeting.full_title))
    if meeting.start_time:
        start = datetime.datetime.combine(
            meeting.date, meeting.start_time, tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(hours=MEETING_HOURS))
    else:
        # The time is not known yet: the calendar shows the day.
        event.add("dtstart", meeting.date)
    if meeting.venue:
        event.add("location", without_control_characters(meeting.venue))
    event.add("url", site_url(meeting.get_absolute_url()))
    items = "\n".join(f"{item.number}. {item.title}" for item in meeting.open_items)
    items = without_control_characters(items)
    description = f"Agenda:\n{items}" if items else "The agenda is not published yet."
    if meeting.is_cancelled:
        reason = without_control_characters(meeting.cancellation_reason)
        description = f"This meeting was cancelled: {reason}\n\n{description}"
    event.add("description", description)
    event.add("dtstamp", meeting.published_at or datetime.datetime.now(tz=datetime.UTC))
    # A cancelled meeting stays in the calendar, marked so (RFC 5545 3.8.1.11); each move
    # or cancellation is a new version of the event, for calendars that keep a copy.
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("sequence", meeting.moves + meeting.is_cancelled)
    return event


def _calendar(meetings, name: str, filename: str) -> HttpResponse:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Scrutiny//Crime and Disorder Committee meetings//EN")
    calendar.add("version", "2.0")
    # Not a property icalendar knows, so it would write the name unescaped: as text,
    # a line break in it is escaped rather than ending the line.
    calendar.add("x-wr-calname", icalendar.vText(without_control_characters(name)))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    # The time zone's rules travel with the calendar, as RFC 5545 asks.
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def _published():
    meetings = Meeting.objects.public().select_related("committee").order_by("date", "start_time")
    return _with_open_items(meetings.annotate(moves=Count("postponements")))


def meetings_calendar(request):
    return _calendar(_published(), f"{Council.current().name}: scrutiny meetings", "meetings.ics")


def committee_calendar(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    return _calendar(
        _published().filter(committee=committee), committee.full_title, f"{committee.slug}.ics"
    )


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose entries any record can go into: XML 1.0 cannot hold control characters
    at all (Django refuses to write them, and the whole feed failed), and records saved
    before forms took them out may still hold some."""

    def add_item(self, title, link, description, **kwargs):
        super().add_item(
            without_control_characters(title),
            without_control_characters(link),
            without_control_characters(description),
            **{name: without_control_characters(value) for name, value in kwargs.items()},
        )


class PublishedAgendas(Feed):
    """The latest published agendas, newest first."""

    feed_type = PlainTextAtom1Feed

    # RFC 4287 asks for an author on the feed (or on every entry).
    def author_name(self):
        return Council.current().name

    subtitle = "Agendas of the scrutiny committee's meetings, as they are published."

    def link(self):
        return site_url("/")

    def item_link(self, meeting):
        return site_url(meeting.get_absolute_url())

    def title(self):
        return f"{Council.current().name}: published agendas"

    def items(self):
        return _with_open_items(
            Meeting.objects.public()
            .filter(published_at__isnull=False)
            .select_related("committee")
            .order_by("-published_at")
        )[:50]

    def item_title(self, meeting):
        cancelled = " (cancelled)" if meeting.is_cancelled else ""
        return f"{meeting.committee_title.name}, {meeting.date:%-d %B %Y}{cancelled}"

    def item_description(self, meeting):
        items = [
            f"{item.number}. {item.title}"
            + (f" (supplement {item.supplement.number})" if item.supplement else "")
            for item in meeting.open_items
        ]
        supplements = [
            f"Supplement {supplement.number} published {supplement.published_at:%-d %B %Y}."
            for supplement in meeting.published_supplements
        ]
        return " ".join(["Agenda: " + "; ".join(items), *supplements])

    def item_pubdate(self, meeting):
        return meeting.published_at

    def item_updateddate(self, meeting):
        """A supplement updates the meeting's entry: feed readers show it again."""
        return max([meeting.published_at, *(s.published_at for s in meeting.published_supplements)])


def _with_public_minutes(meetings):
    """Meetings with the items whose minutes the public may read, as ``minuted_items``,
    each with its minute and the minute's carried motions."""
    public_minutes = Minute.objects.visible_to(AnonymousUser())
    carried = Motion.objects.filter(outcome=Motion.Outcome.CARRIED).order_by("position")
    items = (
        AgendaItem.objects.filter(minute__in=public_minutes)
        .select_related("minute__committee")
        .prefetch_related(Prefetch("minute__motions", queryset=carried, to_attr="carried"))
        .order_by("minute__number")
    )
    return meetings.prefetch_related(
        "committee__titles", Prefetch("agenda_items", queryset=items, to_attr="minuted_items")
    )


class PublishedMinutes(PublishedAgendas):
    """Minutes as they are published in draft and then approved, newest first: each
    entry the meeting's minutes, with what the committee resolved on each open item."""

    subtitle = (
        "Minutes of the scrutiny committee's meetings and what it resolved, as the draft "
        "minutes are published and when they are approved."
    )

    def title(self):
        return f"{Council.current().name}: minutes"

    def items(self):
        return _with_public_minutes(
            Meeting.objects.filter(status__in=MINUTES_PUBLISHED)
            .select_related("committee", "minutes_approved_at")
            .order_by("-date", "-pk")
        )[:50]

    def item_link(self, meeting):
        return site_url(reverse("meetings:minutes", kwargs={"pk": meeting.pk}))

    def item_guid(self, meeting):
        # One entry per meeting's minutes: approval updates it rather than adding another.
        return self.item_link(meeting)

    def item_title(self, meeting):
        state = "approved" if meeting.status == Meeting.Status.MINUTES_AGREED else "draft"
        return f"Minutes ({state}): {meeting.committee_title.name}, {meeting.date:%-d %B %Y}"

    def item_description(self, meeting):
        lines = []
        if meeting.minutes_approved_at:
            approved = meeting.minutes_approved_at.date
            lines.append(f"Approved as a correct record on {approved:%-d %B %Y}.")
        elif meeting.status == Meeting.Status.MINUTES_DRAFT:
            lines.append("Draft minutes: not yet approved by the committee.")
        for item in meeting.minuted_items:
            minute = item.minute
            resolved = [
                f"{motion.get_effect_display()}: {motion.resolved_text}"
                for motion in minute.carried
            ]
            lines.append(
                f"{minute.reference}. {item.title}"
                + (" — Resolved: " + " ".join(resolved) if resolved else "")
            )
        return "\n".join(lines)

    def _changed(self, meeting):
        published = meeting.minutes_published_at or meeting.published_at
        if meeting.minutes_approved_at:
            approved = datetime.datetime.combine(
                meeting.minutes_approved_at.date,
                datetime.time(),
                tzinfo=ZoneInfo(settings.TIME_ZONE),
            )
            return max(filter(None, [published, approved]))
        return published or datetime.datetime.combine(
            meeting.date, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )

    def item_pubdate(self, meeting):
        return meeting.minutes_published_at or self._changed(meeting)

    def item_updateddate(self, meeting):
        return self._changed(meeting)
