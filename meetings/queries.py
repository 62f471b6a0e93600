"""Reads shared by the meeting pages, shaped so each page costs a fixed number of queries."""

from dataclasses import dataclass
from operator import attrgetter

from django.db.models import Prefetch

from scrutiny.kernel.municipal_year import municipal_year_label, municipal_year_start
from scrutiny.kernel.roles import is_officer, may_see_exempt

from .models import (
    LineOfEnquiry,
    Meeting,
    Presenter,
    Recommendation,
    Report,
    ReportParagraph,
    ReportSection,
    Supplement,
)
from .models.supplements import held


def agenda_for(meeting: Meeting, user):
    """The items of a meeting the user may see, with what each links to.

    What hangs off an item is as visible as the item, which is already filtered for
    the user, so the prefetches need no visibility filter of their own (only the bin's,
    which the default managers apply): that keeps the page's SQL simple and fast. The
    one exception is a report added to an item already published, which waits for its
    supplement (models/supplements.py) where only officers see it.
    """
    items = meeting.agenda_items.visible_to(user).select_related("supplement")
    if is_officer(user):
        items = items.select_related(
            "report__author", "report__introduced_by", "report__supplement"
        )
    else:
        # A report still held for a supplement is not the item's report yet: the item
        # reads as having none (``AgendaItem.current_report``).
        items = items.prefetch_related(
            Prefetch(
                "report",
                queryset=Report.objects.released_to(user).select_related(
                    "author", "introduced_by", "supplement"
                ),
            )
        )
    return items.select_related("presentation").prefetch_related(
        Prefetch(
            "presentation__presenters",
            queryset=Presenter.objects.select_related("person", "agency"),
        ),
        Prefetch("recommendations", queryset=Recommendation.objects.only("pk", "agenda_item")),
        Prefetch(
            "presentation__lines_of_enquiry",
            queryset=LineOfEnquiry.objects.only("pk", "presentation"),
        ),
    )


@dataclass(frozen=True)
class WithheldItem:
    """An exempt item as a reader who may not see it is shown it: its number and the
    Schedule 12A paragraph that keeps it private, and nothing else.

    It stands in the agenda where the item is, so the public agenda's numbering has no gap
    (3, 4, 5, not 3, 5) and says what the printed agenda says. It is built from those two
    columns alone: the item's title, report and presenters are never fetched, so no
    template handed one can show them.
    """

    number: int
    exempt_paragraph: int
    # Added after the agenda was published: the supplement's number and day alone, as an
    # unsaved record, so that the agenda marks it as it marks any item (models/supplements.py).
    supplement: Supplement | None = None
    # Templates tell it from an AgendaItem by this; an AgendaItem has no such attribute.
    is_withheld = True

    @property
    def title(self) -> str:
        return f"Exempt item — Schedule 12A paragraph {self.exempt_paragraph}"

    def __str__(self):
        return f"{self.number}. {self.title}"


def agenda_in_order(meeting: Meeting, user, items) -> list:
    """The whole agenda as ``user`` may see it: ``items`` (from ``agenda_for``, perhaps
    with more prefetched) and, in their places, a ``WithheldItem`` for each exempt item
    the user may not see.
    """
    if may_see_exempt(user):
        return list(items)
    # Only the columns the public may know are read (the manager leaves out the bin), and
    # an item still waiting for its supplement is not on their agenda yet.
    exempt = meeting.agenda_items.filter(is_exempt=True).exclude(held())
    withheld = [
        WithheldItem(
            number=number,
            exempt_paragraph=paragraph,
            supplement=Supplement(number=supplement, published_at=published)
            if supplement
            else None,
        )
        for number, paragraph, supplement, published in exempt.values_list(
            "number", "exempt_paragraph", "supplement__number", "supplement__published_at"
        )
    ]
    return sorted([*items, *withheld], key=attrgetter("number"))


def report_sections_with_paragraphs():
    return ReportSection.objects.prefetch_related(
        Prefetch("paragraphs", queryset=ReportParagraph.objects.order_by("number"))
    ).order_by("number")


def report_sections(report):
    return report_sections_with_paragraphs().filter(report=report)


def meetings_by_municipal_year(meetings) -> list[tuple[str, list[Meeting]]]:
    """Group meetings (newest first) under the municipal year (May to April) they fall in."""
    groups: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        groups.setdefault(municipal_year_start(meeting.date), []).append(meeting)
    return [
        (municipal_year_label(start), items)
        for start, items in sorted(groups.items(), reverse=True)
    ]


def lines_of_enquiry_grouped(meeting: Meeting, user) -> dict:
    """A meeting's questions in the order they are asked (their positions), each with the
    presentation or priority it is aimed at. The page, the PDF sheet and the pack list them
    in this one order: grouping them by what they are aimed at put 3 before 1 and 2.
    """
    questions = (
        LineOfEnquiry.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("presentation__agenda_item", "priority__refresh")
        .prefetch_related(
            Prefetch(
                "presentation__presenters",
                queryset=Presenter.objects.select_related("person", "agency"),
            )
        )
        .order_by("position")
    )
    for question in questions:
        # A question outlives a presentation put in the bin: it then stands on its own.
        if question.presentation is not None and question.presentation.is_deleted:
            question.presentation = None
    return {"questions": questions}
