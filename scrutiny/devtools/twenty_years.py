"""Twenty years of a council's records, for the load test and the large-data benchmarks.

``seed_twenty_years()`` writes, with ``bulk_create`` in a few large batches (and the
report paragraphs through ``COPY`` on PostgreSQL):

- one partnership of 40 agencies, four five-year plans, a refresh each year with five
  priorities, five subgroups, an action plan per subgroup per year (2,000 actions, each
  with a progress update);
- 10 committees, each meeting 12 times a year for 20 years (2,400 meetings); those
  after ``today`` are still to come, their agendas published two months ahead and
  drafts before that;
- 12 agenda items a meeting: six standard items, four reports of 30 paragraphs in three
  sections, two presentations; one item in 24 exempt;
- 5,000 recommendations, each agreed, sent and answered by one of the partners.

Nothing is random: text comes from a seeded generator, so the same call always gives the
same records. History rows are not written (bulk_create sends no signals): the data is
for reading. ``label`` keeps the names apart from other data in the same database.
"""

import datetime
import itertools
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.text import slugify

from meetings.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Meeting,
    Person,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationResponse,
    RecommendationStep,
    Report,
    ReportParagraph,
    ReportSection,
)
from partnership.models import (
    Action,
    ActionPlan,
    Agency,
    CommunitySafetyPlan,
    Membership,
    Partnership,
    PlanRefresh,
    Priority,
    ProgressUpdate,
    RagStatus,
    Subgroup,
)

YEARS = 20
COMMITTEES = 10
MEETINGS_A_YEAR = 12
ITEMS_A_MEETING = 12
REPORTS_A_MEETING = 4
PRESENTATIONS_A_MEETING = 2
SECTIONS_A_REPORT = 3
PARAGRAPHS_A_REPORT = 30
RECOMMENDATIONS = 5_000
AGENCIES = 40
PRIORITIES_A_YEAR = 5
SUBGROUPS = 5
ACTIONS_A_PLAN = 20  # 5 subgroups x 20 years x 20 = 2,000 actions
EXEMPT_EVERY = 24
BATCH = 5_000

STANDARD_ITEMS = [
    (AgendaItem.Kind.APOLOGIES, "Apologies for absence"),
    (AgendaItem.Kind.SUBSTITUTES, "Notification of substitute members"),
    (AgendaItem.Kind.URGENT_ITEMS, "Urgent items"),
    (AgendaItem.Kind.DISCLOSURES, "Disclosures by members and officers"),
    (AgendaItem.Kind.EXEMPT_ITEMS, "Disclosures of lobbying and exempt items"),
    (AgendaItem.Kind.MINUTES, "Minutes of the previous meeting"),
]
THEMES = [
    "domestic abuse",
    "county lines",
    "anti-social behaviour",
    "modern slavery",
    "substance misuse",
    "knife crime",
    "child exploitation",
    "hate crime",
    "night-time economy",
    "reoffending",
]
WORDS = [
    "partnership",
    "police",
    "council",
    "probation",
    "health",
    "victims",
    "referrals",
    "funding",
    "housing",
    "prevention",
    "outreach",
    "schools",
    "youth",
    "families",
    "offenders",
    "support",
    "review",
    "quarter",
    "figures",
    "trend",
    "increase",
    "decrease",
    "patrols",
    "cameras",
    "licensing",
    "enforcement",
    "training",
    "campaign",
    "awareness",
    "safeguarding",
    "vulnerable",
    "residents",
    "wards",
    "town",
    "centre",
    "evening",
    "weekend",
    "multi-agency",
    "meeting",
    "action",
    "plan",
    "target",
    "progress",
    "delivery",
    "risk",
    "budget",
    "commissioning",
    "services",
    "community",
    "safety",
    "officers",
    "evidence",
    "data",
    "survey",
]


@dataclass(frozen=True)
class TwentyYears:
    """The first committee and some of its records, for the pages a load test asks for."""

    label: str
    committee: Committee
    meeting: Meeting
    report: Report


def _prose(rng: random.Random, theme: str, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    chosen[rng.randrange(words)] = theme
    return " ".join(chosen).capitalize() + "."


def _create(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _write_paragraphs(rows) -> None:
    """Write the report paragraphs, (section id, number, text) each: 288,000 of them, most
    of the records. PostgreSQL takes them through COPY, which spares making a model object
    and a statement's worth of parameters for each: a third of the whole write."""
    if connection.vendor != "postgresql":
        rows = iter(rows)
        while batch := list(itertools.islice(rows, BATCH)):
            _create(
                ReportParagraph,
                [ReportParagraph(section_id=s, number=n, text=t) for s, n, t in batch],
            )
        return
    table = ReportParagraph._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f'COPY "{table}" (section_id, number, text) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _through(field, rows):
    field.through.objects.bulk_create(rows, batch_size=BATCH)


@transaction.atomic
def seed_twenty_years(
    label: str = "Twenty years", today: datetime.date | None = None, years: int = YEARS
) -> TwentyYears:
    """Write the whole data set; ``today`` decides which meetings are still to come.

    ``years`` shortens it for tests: everything per year stays the same, and the 5,000
    recommendations shrink in proportion.
    """
    today = today or datetime.date.today()
    rng = random.Random(label)  # noqa: S311 (made-up text, the same on every run)
    # The meetings run monthly up to six months ahead, so some are still drafts.
    last_month = today.year * 12 + today.month - 1 + 6
    months = range(last_month - years * MEETINGS_A_YEAR + 1, last_month + 1)
    first_year = months[0] // 12
    last_year = first_year + years - 1
    slug = slugify(label)

    agencies = _create(
        Agency,
        [
            Agency(
                name=f"{label} agency {i + 1}",
                standing=Agency.Standing.RESPONSIBLE_AUTHORITY
                if i < 7
                else Agency.Standing.NON_STATUTORY,
                sector=Agency.Sector.values[i % len(Agency.Sector.values)],
            )
            for i in range(AGENCIES)
        ],
    )
    partnership = Partnership.objects.create(
        name=f"{label} partnership", slug=f"{slug}-partnership", area=label
    )
    _create(Membership, [Membership(partnership=partnership, agency=a) for a in agencies])
    plans = _create(
        CommunitySafetyPlan,
        [
            CommunitySafetyPlan(
                partnership=partnership,
                title=f"Community Safety Plan {start}-{str(start + 4)[-2:]}",
                start_year=start,
                end_year=start + 4,
            )
            for start in range(first_year, first_year + years, 5)
        ],
    )
    refreshes = _create(
        PlanRefresh,
        [
            PlanRefresh(plan=plans[(year - first_year) // 5], year=year, title=f"Refresh {year}")
            for year in range(first_year, first_year + years)
        ],
    )
    subgroups = _create(
        Subgroup,
        [
            Subgroup(partnership=partnership, name=f"{label} {theme} group")
            for theme in THEMES[:SUBGROUPS]
        ],
    )
    priorities = _create(
        Priority,
        [
            Priority(
                refresh=refresh,
                title=THEMES[(p + n) % len(THEMES)].capitalize(),
                position=p + 1,
                lead_subgroup=subgroups[p % SUBGROUPS],
            )
            for n, refresh in enumerate(refreshes)
            for p in range(PRIORITIES_A_YEAR)
        ],
    )
    action_plans = _create(
        ActionPlan,
        [
            ActionPlan(subgroup=subgroup, refresh=refresh, title=f"{subgroup.name} {refresh.year}")
            for refresh in refreshes
            for subgroup in subgroups
        ],
    )
    _through(
        ActionPlan.priorities,
        [
            ActionPlan.priorities.through(
                actionplan_id=plan.pk,
                priority_id=priorities[i // SUBGROUPS * PRIORITIES_A_YEAR + i % SUBGROUPS].pk,
            )
            for i, plan in enumerate(action_plans)
        ],
    )
    rag = RagStatus.values
    actions = _create(
        Action,
        [
            Action(
                action_plan=plan,
                position=k + 1,
                description=_prose(rng, THEMES[k % len(THEMES)], 12),
                lead_agency=agencies[k % AGENCIES],
                target_date=datetime.date(plan.refresh.year + 1, 3, 31),
                rag_status=rag[(k + i) % len(rag)],
            )
            for i, plan in enumerate(action_plans)
            for k in range(ACTIONS_A_PLAN)
        ],
    )
    _create(
        ProgressUpdate,
        [
            ProgressUpdate(
                action=action,
                date=datetime.date(action.action_plan.refresh.year, 10, 1),
                text=_prose(rng, "progress", 15),
                rag_status=action.rag_status,
            )
            for action in actions
        ],
    )

    officers = _create(
        Person,
        [Person(name=f"{label} officer {i + 1}", job_title="Policy Officer") for i in range(20)],
    )
    committees = _create(
        Committee,
        [
            Committee(
                name=f"{label} committee {c + 1}",
                slug=f"{slug}-committee-{c + 1}",
                crime_and_disorder=c == 0,
                acting_as="Crime and Disorder Committee" if c == 0 else "",
                partnership=partnership if c == 0 else None,
            )
            for c in range(COMMITTEES)
        ],
    )
    councillors = _create(
        Person,
        [
            Person(kind=Person.Kind.COUNCILLOR, name=f"{label} councillor {c + 1}.{m + 1}")
            for c in range(COMMITTEES)
            for m in range(10)
        ],
    )
    _create(
        CommitteeMember,
        [
            CommitteeMember(committee=committee, person=councillors[c * 10 + m])
            for c, committee in enumerate(committees)
            for m in range(10)
        ],
    )
    meetings = _create(
        Meeting,
        [
            Meeting(
                committee=committee,
                date=date,
                start_time=datetime.time(18, 30),
                venue="Town Hall",
                status=Meeting.Status.MINUTES_AGREED
                if date < today
                # The next two months' agendas are out; later ones are still drafts.
                else Meeting.Status.PUBLISHED
                if date < today + datetime.timedelta(days=60)
                else Meeting.Status.DRAFT,
            )
            for c, committee in enumerate(committees)
            for month in months
            for date in [datetime.date(month // 12, month % 12 + 1, 3 + c)]
        ],
    )

    items = _create(
        AgendaItem,
        [
            AgendaItem(
                meeting=meeting,
                number=number,
                kind=kind,
                title=title,
                description=_prose(rng, theme, 20) if number > len(STANDARD_ITEMS) else "",
                is_exempt=exempt,
                exempt_paragraph=3 if exempt else None,
            )
            for m, meeting in enumerate(meetings)
            for theme in [THEMES[m % len(THEMES)]]
            for number, (kind, title) in enumerate(
                [
                    *STANDARD_ITEMS,
                    *[
                        (AgendaItem.Kind.REPORT, f"{theme.capitalize()}: report {r + 1}")
                        for r in range(REPORTS_A_MEETING)
                    ],
                    *[
                        (AgendaItem.Kind.PRESENTATION, f"{theme.capitalize()}: presentation")
                        for _ in range(PRESENTATIONS_A_MEETING)
                    ],
                ],
                1,
            )
            for exempt in [(m * ITEMS_A_MEETING + number) % EXEMPT_EVERY == 0]
        ],
    )
    report_items = [item for item in items if item.kind == AgendaItem.Kind.REPORT]
    reports = _create(
        Report,
        [
            Report(
                agenda_item=item,
                title=item.title,
                author=officers[i % len(officers)],
                summary=_prose(rng, "summary", 25),
            )
            for i, item in enumerate(report_items)
        ],
    )
    sections = _create(
        ReportSection,
        [
            ReportSection(report=report, number=s + 1, title=heading)
            for report in reports
            for s, heading in enumerate(["Introduction", "The evidence", "Recommendations"])
        ],
    )
    per_section = PARAGRAPHS_A_REPORT // SECTIONS_A_REPORT
    _write_paragraphs(
        (section.pk, p + 1, _prose(rng, THEMES[(s + p) % len(THEMES)], 45))
        for s, section in enumerate(sections)
        for p in range(per_section)
    )
    presentation_items = [item for item in items if item.kind == AgendaItem.Kind.PRESENTATION]
    presentations = _create(
        Presentation,
        [
            Presentation(agenda_item=item, topic=item.title, summary=_prose(rng, "topic", 20))
            for item in presentation_items
        ],
    )
    presenting = _create(
        Person,
        [
            Person(name=f"{label} presenter {i + 1}", agency=agencies[i % AGENCIES])
            for i in range(len(presentations))
        ],
    )
    _create(
        Presenter,
        [
            Presenter(
                presentation=presentation,
                person=presenting[i],
                role="Manager",
                agency=agencies[i % AGENCIES],
            )
            for i, presentation in enumerate(presentations)
        ],
    )
    priorities_of_year = {}
    for priority, refresh in zip(
        priorities, [r for r in refreshes for _ in range(PRIORITIES_A_YEAR)], strict=True
    ):
        priorities_of_year.setdefault(refresh.year, []).append(priority)
    _through(
        Presentation.priorities,
        [
            Presentation.priorities.through(
                presentation_id=presentation.pk,
                priority_id=priorities_of_year[min(year, last_year)][i % PRIORITIES_A_YEAR].pk,
            )
            for i, presentation in enumerate(presentations)
            for year in [presentation.agenda_item.meeting.date.year]
        ],
    )

    # 5,000 recommendations over the meetings already held, on their last report item.
    held = [meeting for meeting in meetings if meeting.date < today]
    report_item_of = {item.meeting_id: item for item in report_items}
    recommendations = _create(
        Recommendation,
        [
            Recommendation(
                meeting=meeting,
                agenda_item=report_item_of[meeting.pk],
                position=position,
                text=_prose(rng, THEMES[r % len(THEMES)], 25),
                status=Recommendation.Status.RESPONDED,
            )
            for r in range(RECOMMENDATIONS * years // YEARS)
            for meeting in [held[r % len(held)]]
            for position in [r // len(held) + 1]
        ],
    )
    _through(
        Recommendation.addressee_agencies,
        [
            Recommendation.addressee_agencies.through(
                recommendation_id=recommendation.pk, agency_id=agencies[r % AGENCIES].pk
            )
            for r, recommendation in enumerate(recommendations)
        ],
    )
    _through(
        Recommendation.priorities,
        [
            Recommendation.priorities.through(
                recommendation_id=recommendation.pk,
                priority_id=priorities_of_year[min(recommendation.meeting.date.year, last_year)][
                    r % PRIORITIES_A_YEAR
                ].pk,
            )
            for r, recommendation in enumerate(recommendations)
        ],
    )
    outcomes = RecommendationResponse.Outcome.values
    responses = _create(
        RecommendationResponse,
        [
            RecommendationResponse(
                recommendation=recommendation,
                agency=agencies[r % AGENCIES],
                received_on=recommendation.meeting.date + datetime.timedelta(days=25),
                outcome=outcomes[r % len(outcomes)],
                text=_prose(rng, "response", 30),
            )
            for r, recommendation in enumerate(recommendations)
        ],
    )
    _create(
        RecommendationStep,
        [
            step
            for recommendation, response in zip(recommendations, responses, strict=True)
            for step in (
                RecommendationStep(
                    recommendation=recommendation,
                    kind=RecommendationStep.Kind.AGREED,
                    taken_on=recommendation.meeting.date,
                    taken_by_name="Democratic services",
                ),
                RecommendationStep(
                    recommendation=recommendation,
                    kind=RecommendationStep.Kind.LETTER_ISSUED,
                    taken_on=recommendation.meeting.date + datetime.timedelta(days=3),
                    taken_by_name="Democratic services",
                ),
                RecommendationStep(
                    recommendation=recommendation,
                    kind=RecommendationStep.Kind.RESPONSE,
                    taken_on=response.received_on,
                    taken_by_name="Democratic services",
                    response=response,
                ),
            )
        ],
    )
    committee = committees[0]
    meeting = max((m for m in held if m.committee_id == committee.pk), key=lambda m: m.date)
    report = next(r for r in reports if r.agenda_item.meeting_id == meeting.pk)
    return TwentyYears(label=label, committee=committee, meeting=meeting, report=report)


def settle_for_reading() -> None:
    """Ready the database to be read after the bulk write, as a live server's autovacuum
    would in time. On PostgreSQL, VACUUM (ANALYZE):
    - fresh planner statistics (or it takes the new tables for empty ones);
    - the search indexes' newest entries merged in: until then a GIN index keeps them in
      a list that every search reads through, 10 ms a query;
    - each table's visibility map, without which an index-only scan (the hidden items'
      index, read by every list) visits the table for each row all the same.
    It passes over tables another role owns."""
    if connection.vendor != "postgresql":
        return
    if connection.in_atomic_block:
        raise RuntimeError("VACUUM cannot run inside a transaction: settle after committing.")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
