"""Search across meetings, agenda items, reports (their paragraphs too), recommendations,
the partners' responses, and the minutes with their motions and amendments, showing each
reader only what they may see.

On PostgreSQL it is full-text search: English stemming, results ranked, snippets with
the matching words highlighted. On SQLite, which has no such thing built in, every word
of the query must appear in a record, results are ranked by how often they do, and the
snippet is cut around the first of them. Either way the snippet is escaped, and only
the highlighting is markup.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import (
    AgendaItem,
    Amendment,
    Meeting,
    Minute,
    Motion,
    Recommendation,
    RecommendationResponse,
    Report,
    ReportParagraph,
)
from .models.searching import without_stored_words

RESULTS_PER_KIND = 10
# On PostgreSQL, how many of the latest matches of each kind are ranked for its best ones.
CANDIDATES = 200
SNIPPET_CHARACTERS = 200
# Marks the matches in the database's snippet, before the text is escaped.
START, STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString
    rank: float


@dataclass(frozen=True)
class Source:
    kind: str
    # On PostgreSQL, the records keep these fields' words in ``search_vector``
    # (migrations 0006, 0009 and 0026).
    fields: tuple[str, ...]
    # The related records ``describe`` reads.
    related: tuple[str, ...]

    def visible(self, user) -> QuerySet:
        raise NotImplementedError

    def records(self, user) -> QuerySet:
        return self.visible(user).select_related(*self.related)

    def describe(self, record) -> tuple[str, str]:
        """The hit's title and address."""
        raise NotImplementedError


class MeetingSource(Source):
    def visible(self, user):
        return Meeting.objects.visible_to(user)

    def describe(self, meeting):
        return f"{meeting.committee.name}, {meeting.date:%-d %B %Y}", meeting.get_absolute_url()


class ItemSource(Source):
    def visible(self, user):
        return AgendaItem.objects.visible_to(user)

    def describe(self, item):
        return (
            f"Item {item.number}: {item.title} ({item.meeting.date:%-d %B %Y})",
            item.get_absolute_url(),
        )


class ReportSource(Source):
    def visible(self, user):
        return Report.objects.visible_to(user)

    def describe(self, report):
        return report.title, report.get_absolute_url()


class ParagraphSource(Source):
    def visible(self, user):
        return ReportParagraph.objects.filter(section__report__in=Report.objects.visible_to(user))

    def describe(self, paragraph):
        report = paragraph.section.report
        return (
            f"{report.title}, paragraph {paragraph.reference}",
            f"{report.get_absolute_url()}#paragraph-{paragraph.reference}",
        )


class RecommendationSource(Source):
    def visible(self, user):
        return Recommendation.objects.visible_to(user)

    def describe(self, recommendation):
        meeting = recommendation.meeting
        title = f"Recommendation {recommendation.position} ({meeting.date:%-d %B %Y})"
        return title, recommendation.get_absolute_url()


class ResponseSource(Source):
    def visible(self, user):
        return RecommendationResponse.objects.filter(
            recommendation__in=Recommendation.objects.visible_to(user)
        )

    def describe(self, response):
        recommendation = response.recommendation
        who = response.agency.name if response.agency else "A partner"
        title = f"{who}'s response to recommendation {recommendation.position}"
        return title, recommendation.get_absolute_url()


def _on(meeting) -> str:
    return f"{meeting.date:%-d %B %Y}"


class MinuteSource(Source):
    """Minutes as their page shows them: published ones to the public, never an exempt
    item's; unpublished ones to officers (``Minute.objects.visible_to``)."""

    def visible(self, user):
        return Minute.objects.visible_to(user)

    def describe(self, minute):
        item = minute.agenda_item
        return (
            f"Minute {minute.reference}: {item.title} ({_on(item.meeting)})",
            minute.get_absolute_url(),
        )


class MotionSource(Source):
    def visible(self, user):
        return Motion.objects.filter(minute__in=Minute.objects.visible_to(user))

    def describe(self, motion):
        minute = motion.minute
        return (
            f"Motion {motion.position} in minute {minute.reference} "
            f"({_on(minute.agenda_item.meeting)})",
            motion.get_absolute_url(),
        )


class AmendmentSource(Source):
    def visible(self, user):
        return Amendment.objects.filter(motion__minute__in=Minute.objects.visible_to(user))

    def describe(self, amendment):
        minute = amendment.motion.minute
        return (
            f"Amendment {amendment.position} to motion {amendment.motion.position} in minute "
            f"{minute.reference} ({_on(minute.agenda_item.meeting)})",
            amendment.get_absolute_url(),
        )


SOURCES = (
    MeetingSource("Meeting", ("committee__name", "venue", "urgent_reason"), ("committee",)),
    ItemSource("Agenda item", ("title", "description"), ("meeting__committee",)),
    ReportSource("Report", ("title", "summary"), ("agenda_item__meeting",)),
    ParagraphSource("Report paragraph", ("text",), ("section__report",)),
    RecommendationSource("Recommendation", ("text",), ("meeting",)),
    ResponseSource("Response", ("text",), ("recommendation__meeting", "agency")),
    MinuteSource("Minute", ("discussion",), ("committee", "agenda_item__meeting")),
    MotionSource(
        "Motion", ("text", "resolution"), ("minute__committee", "minute__agenda_item__meeting")
    ),
    AmendmentSource(
        "Amendment",
        ("text",),
        ("motion__minute__committee", "motion__minute__agenda_item__meeting"),
    ),
)


def _document(fields):
    """The record's searchable fields as one text, for snippets."""
    parts = [Coalesce(F(name), Value(""), output_field=TextField()) for name in fields]
    if len(parts) == 1:
        return parts[0]
    joined = []
    for part in parts:
        joined += [part, Value(" ", output_field=TextField())]
    return Concat(*joined[:-1], output_field=TextField())


def highlighted(text: str) -> SafeString:
    """Escape the snippet, then turn the match markers into <mark> elements."""
    escaped = escape(text)
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _snippet_around(text: str, words: list[str]) -> str:
    """The text around the first match, with every match marked (SQLite)."""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARACTERS // 3)
    cut = text[start : start + SNIPPET_CHARACTERS]
    cut = ("…" if start else "") + cut + ("…" if start + SNIPPET_CHARACTERS < len(text) else "")
    return pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", cut)


def _postgresql_hits(source: Source, user, query: str) -> list[Hit]:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
    )

    search_query = SearchQuery(query, search_type="websearch", config="english")
    matching = source.visible(user).filter(search_vector=search_query)
    # A common word matches thousands of twenty years' paragraphs, and ranking reads each
    # match again: only the latest matches are ranked (see CANDIDATES).
    latest = matching.order_by("-pk").values("pk")[:CANDIDATES]
    # The candidates are already the records this reader may see: the rules need not
    # be applied again to rank them.
    shown = matching.model._base_manager.select_related(*source.related)
    found = (
        without_stored_words(shown)
        .filter(pk__in=Subquery(latest))
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            snippet=SearchHeadline(
                _document(source.fields),
                search_query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-rank")[:RESULTS_PER_KIND]
    )
    return [
        Hit(source.kind, *source.describe(record), highlighted(record.snippet), record.rank)
        for record in found
    ]


def _fallback_hits(source: Source, user, words: list[str]) -> list[Hit]:
    matches = Q()
    for word in words:
        matches &= Q(
            *[Q(**{f"{name}__icontains": word}) for name in source.fields], _connector=Q.OR
        )
    found = source.records(user).annotate(document=_document(source.fields)).filter(matches)
    hits = []
    for record in found[: RESULTS_PER_KIND * 5]:
        # A stray marker in the stored text must not become a highlight.
        text = (record.document or "").replace(START, "").replace(STOP, "")
        rank = sum(text.lower().count(word.lower()) for word in words) / (1 + len(text) / 1000)
        hits.append(
            Hit(
                source.kind,
                *source.describe(record),
                highlighted(_snippet_around(text, words)),
                rank,
            )
        )
    return sorted(hits, key=lambda hit: -hit.rank)[:RESULTS_PER_KIND]


# Control characters can be typed or pasted but never searched for; PostgreSQL refuses
# a NUL in any text it is sent.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def search(user, query: str) -> list[Hit]:
    """What matches the query among the records ``user`` may see, best first."""
    query = CONTROL_CHARACTERS.sub(" ", query)
    words = [word for word in re.findall(r"\w[\w'-]*", query) if len(word) > 1]
    if not words:
        return []
    hits = []
    for source in SOURCES:
        if connection.vendor == "postgresql":
            hits += _postgresql_hits(source, user, query)
        else:
            hits += _fallback_hits(source, user, words)
    return sorted(hits, key=lambda hit: -hit.rank)
