"""A data set whose size is one number, for query-count tests and page benchmarks.

``build_scale_data(n)`` makes a committee, a meeting of ``n`` agenda items and the
partnership behind it, with every list on the public pages ``n`` long (or growing with
``n``). Nothing is random: the same ``n`` always gives the same records, so two sizes
differ only in how much there is. ``label`` keeps the names apart from other data (the
demo set, or a second scale set) in the same database.

Used by ``tests/test_query_counts.py`` and ``manage.py bench_pages``; the records are
written with ``bulk_create`` where nothing reads them back, so a set of 50 takes a moment.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from meetings.models import (
    AgendaItem,
    Amendment,
    Appendix,
    Attendance,
    Committee,
    CommitteeMember,
    CouncillorCallForAction,
    Declaration,
    LineOfEnquiry,
    Meeting,
    Minute,
    Motion,
    Person,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationResponse,
    RecordedVote,
    Report,
    ReportParagraph,
    ReportSection,
    Vote,
    WorkProgrammeItem,
)
from partnership.models import (
    Action,
    ActionPlan,
    Agency,
    AgencyFormerName,
    CommunitySafetyPlan,
    CorporatePriority,
    Membership,
    Partnership,
    PlanRefresh,
    Priority,
    ProgressUpdate,
    RagStatus,
    Subgroup,
)
from scrutiny.kernel.roles import COUNCILLORS_GROUP, OFFICERS_GROUP

# Every fifth agenda item is exempt, so visibility rules are exercised at every size.
EXEMPT_EVERY = 5
# The committee's older meetings: every third one is still a draft.
DRAFT_EVERY = 3
ROLES = ("anonymous", "councillor", "officer")


@dataclass
class ScaleData:
    """The records whose pages the tests and the benchmark read."""

    n: int
    label: str
    committee: Committee
    meeting: Meeting
    report: Report
    presentation: Presentation
    officer: Person
    councillor: Person
    partnership: Partnership
    agency: Agency
    priority: Priority
    subgroup: Subgroup
    corporate_priority: CorporatePriority
    # A held meeting of n items, each minuted, with its draft minutes published.
    minuted_meeting: Meeting

    def urls(self) -> dict[str, str]:
        """Page name to URL, for every public page that shows this data set."""
        meeting = self.meeting.pk
        return {
            "home": reverse("meetings:home"),
            "committee": self.committee.get_absolute_url(),
            "meeting": self.meeting.get_absolute_url(),
            "report": self.report.get_absolute_url(),
            "presentation": self.presentation.get_absolute_url(),
            "lines_of_enquiry": reverse("meetings:lines_of_enquiry", kwargs={"pk": meeting}),
            "recommendations": reverse("meetings:recommendations", kwargs={"pk": meeting}),
            "tracker": reverse("meetings:tracker"),
            "tracker_csv": reverse("meetings:tracker_csv"),
            "search": reverse("meetings:search") + "?q=item",
            "work_programme": reverse("meetings:work_programme", args=[self.committee.slug]),
            "officer": self.officer.get_absolute_url(),
            "councillor": self.councillor.get_absolute_url(),
            "partnership": self.partnership.get_absolute_url(),
            "priority": self.priority.get_absolute_url(),
            "briefing": reverse("meetings:priority_briefing", args=[self.priority.pk]),
            "subgroup": self.subgroup.get_absolute_url(),
            "agency": self.agency.get_absolute_url(),
            "corporate_priority": self.corporate_priority.get_absolute_url(),
            "councillors": reverse("meetings:councillors"),
            "minutes": reverse("meetings:minutes", kwargs={"pk": meeting}),
            "accessibility_statement": reverse("meetings:accessibility_statement"),
            # Every meeting as a list: the n meetings of the committee's years.
            "meetings": reverse("meetings:meetings") + "?view=list",
            # The JSON lists, filtered: a filter must not cost a query per record either.
            "api_meetings": reverse("meetings:api_meetings")
            + "?"
            + urlencode(
                {"committee": self.committee.slug, "from": "2010-01-01", "to": "2099-12-31"}
            ),
            "api_recommendations": reverse("meetings:api_recommendations")
            + "?"
            + urlencode({"committee": self.committee.slug, "addressee": self.agency.name}),
        }

    def minutes_url(self) -> str:
        """The minutes page of the meeting with n minutes."""
        return reverse("meetings:minutes", kwargs={"pk": self.minuted_meeting.pk})


def scale_users(label: str = "scale") -> dict:
    """One user per role ("anonymous" is None), for signing a test client in."""
    user_model = get_user_model()
    prefix = slugify(label)
    officer = user_model.objects.create_user(f"{prefix}-officer", is_staff=True)
    officer.groups.add(Group.objects.get(name=OFFICERS_GROUP))
    councillor = user_model.objects.create_user(f"{prefix}-councillor")
    councillor.groups.add(Group.objects.get(name=COUNCILLORS_GROUP))
    return {"anonymous": None, "councillor": councillor, "officer": officer}


def _partnership(n: int, label: str, year: int):
    """n agencies with memberships and former names, n priorities, subgroups, action plans."""
    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"{label} agency {i + 1}",
            short_name=f"A{i + 1}" if i % 2 else "",
            standing=Agency.Standing.RESPONSIBLE_AUTHORITY
            if i % 2 == 0
            else Agency.Standing.NON_STATUTORY,
            sector=Agency.Sector.values[i % len(Agency.Sector.values)],
        )
        for i in range(n)
    )
    AgencyFormerName.objects.bulk_create(
        AgencyFormerName(
            agency=agency,
            name=f"{agency.name}, formerly {j + 1}",
            used_until=datetime.date(2015, j + 1, 1),
        )
        for agency in agencies
        for j in range(2)
    )
    partnership = Partnership.objects.create(
        name=f"{label} partnership",
        slug=f"{slugify(label)}-partnership",
        area=label,
        description=f"The partnership of the {label} data set.",
    )
    Membership.objects.bulk_create(
        Membership(
            partnership=partnership,
            agency=agency,
            start_date=datetime.date(2010, 4, 1) if i % 3 else None,
            end_date=datetime.date(2020, 3, 31) if i % 4 == 1 else None,
        )
        for i, agency in enumerate(agencies)
    )
    corporate_priorities = CorporatePriority.objects.bulk_create(
        CorporatePriority(council=f"{label} council", title=f"Corporate priority {i + 1}")
        for i in range(n)
    )
    partnership.corporate_priorities.set(corporate_priorities)

    # One plan and refresh per five priorities, so plans and refreshes grow with n too.
    plan_count = max(1, n // 5)
    plans = CommunitySafetyPlan.objects.bulk_create(
        CommunitySafetyPlan(
            partnership=partnership,
            title=f"{label} plan {p + 1}",
            start_year=year - p,
            end_year=year - p + 4,
        )
        for p in range(plan_count)
    )
    refreshes = PlanRefresh.objects.bulk_create(
        PlanRefresh(plan=plan, year=plan.start_year, title=f"{plan.title} refresh")
        for plan in plans
    )
    subgroups = Subgroup.objects.bulk_create(
        Subgroup(
            partnership=partnership,
            name=f"{label} subgroup {i + 1}",
            short_name=f"SG{i + 1}" if i % 2 else "",
            chair_agency=agencies[i],
        )
        for i in range(n)
    )
    # The first subgroup leads every other priority; the rest lead one each.
    priorities = Priority.objects.bulk_create(
        Priority(
            refresh=refreshes[i % plan_count],
            title=f"{label} priority {i + 1}",
            position=i + 1,
            lead_subgroup=subgroups[0] if i % 2 == 0 else subgroups[i],
        )
        for i in range(n)
    )
    Priority.corporate_priorities.through.objects.bulk_create(
        Priority.corporate_priorities.through(
            priority_id=priority.pk, corporatepriority_id=corporate_priorities[j].pk
        )
        for i, priority in enumerate(priorities)
        for j in {0, i}
    )

    # Every subgroup but the last has an action plan for its priority's refresh; the first
    # has one for every refresh. The first subgroup's plans hold n actions, the others two.
    plan_specs = [(subgroups[0], refresh, n) for refresh in refreshes]
    plan_specs += [(subgroups[i], refreshes[i % plan_count], 2) for i in range(1, n - 1)]
    action_plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            subgroup=subgroup,
            refresh=refresh,
            title=f"{subgroup.name} action plan {refresh.year}",
            note="Actions set for the year." if size == 2 else "",
        )
        for subgroup, refresh, size in plan_specs
    )
    # Each plan serves the first priority, so that priority's page lists every plan.
    ActionPlan.priorities.through.objects.bulk_create(
        ActionPlan.priorities.through(actionplan_id=plan.pk, priority_id=priority_id)
        for i, plan in enumerate(action_plans)
        for priority_id in {priorities[0].pk, priorities[i % n].pk}
    )
    rag = RagStatus.values
    actions = Action.objects.bulk_create(
        Action(
            action_plan=plan,
            position=k + 1,
            description=f"Action {k + 1} of {plan.title}",
            lead_agency=agencies[k % n] if k % 7 != 6 else None,
            target_date=datetime.date(year + 1, 3, 31) if k % 2 else None,
            rag_status=rag[k % len(rag)],
        )
        for plan, (_, _, size) in zip(action_plans, plan_specs, strict=True)
        for k in range(size)
    )
    # Two progress updates on most actions; every fourth has none yet.
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            date=datetime.date(year, 6 + j, 1),
            text=f"Progress {j + 1} on {action.description}",
            rag_status=rag[(k + j) % len(rag)],
        )
        for k, action in enumerate(actions)
        if k % 4 != 3
        for j in range(2)
    )
    return partnership, agencies, priorities, subgroups, corporate_priorities


def _committee(n: int, label: str, partnership: Partnership) -> Committee:
    """A committee with n members, n past meetings (some drafts) and n calls for action."""
    committee = Committee.objects.create(
        name=f"{label} committee",
        slug=f"{slugify(label)}-committee",
        crime_and_disorder=True,
        acting_as="Crime and Disorder Committee",
        statutory_basis="Police and Justice Act 2006 s.19",
        terms_of_reference="To scrutinise the partnership.",
        partnership=partnership,
    )
    roles = CommitteeMember.Role.values
    councillors = Person.objects.bulk_create(
        Person(
            kind=Person.Kind.COUNCILLOR,
            name=f"{label} councillor {i + 1}",
            party="Independent" if i % 2 else "",
        )
        for i in range(n)
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            committee=committee,
            person=councillor,
            role=roles[i % len(roles)],
            start_date=datetime.date(2015, 5, 1) if i % 3 else None,
            # One current chair and vice-chair: the earlier ones served until 2016.
            end_date=datetime.date(2016, 5, 1)
            if i >= len(roles) and roles[i % len(roles)] in CommitteeMember.SINGLE_ROLES
            else None,
        )
        for i, councillor in enumerate(councillors)
    )
    Meeting.objects.bulk_create(
        Meeting(
            committee=committee,
            date=datetime.date(2010, 6, 1) + datetime.timedelta(days=50 * i),
            venue="Town Hall" if i % 2 else "",
            status=Meeting.Status.DRAFT if i % DRAFT_EVERY == 0 else Meeting.Status.HELD,
        )
        for i in range(n)
    )
    # One meeting to come, so the home page has a next meeting at every size.
    Meeting.objects.create(
        committee=committee,
        date=timezone.localdate() + datetime.timedelta(days=30),
        status=Meeting.Status.PUBLISHED,
    )
    decisions = CouncillorCallForAction.Decision.values
    CouncillorCallForAction.objects.bulk_create(
        CouncillorCallForAction(
            committee=committee,
            councillor=f"Councillor {i + 1}",
            ward=f"Ward {i + 1}",
            matter="Anti-social behaviour in the park.",
            received_on=datetime.date(2017, 1, 1) + datetime.timedelta(days=i),
            decision=decisions[i % len(decisions)],
            reasons="" if i % len(decisions) == 0 else "Within the committee's remit.",
        )
        for i in range(n)
    )
    return committee


def _attendance(meeting: Meeting, councillors: list[Person], offset: int) -> list[Attendance]:
    """Every member on the list: some send apologies, a few are absent."""
    statuses = []
    for i, councillor in enumerate(councillors):
        status = Attendance.Status.PRESENT
        if (i + offset) % 7 == 3:
            status = Attendance.Status.APOLOGIES
        elif (i + offset) % 11 == 5:
            status = Attendance.Status.ABSENT
        statuses.append(Attendance(meeting=meeting, person=councillor, status=status))
    return statuses


def _meeting_record(n: int, label: str, committee: Committee) -> Meeting:
    """The held meetings' attendance, and a meeting of n items with minutes: a motion on
    each (carried, with a vote), an amendment on every third, a recorded vote on every
    fourth, a declaration on each, every fifth item exempt."""
    councillors = [member.person for member in committee.members.select_related("person")]
    held = list(committee.meetings.filter(status=Meeting.Status.HELD))
    minuted = Meeting.objects.create(
        committee=committee,
        date=datetime.date(2018, 7, 10),
        venue="Town Hall",
        status=Meeting.Status.MINUTES_DRAFT,
        published_at=timezone.now(),
        minutes_published_at=timezone.now(),
        presiding=councillors[0],
    )
    attendance = []
    for offset, meeting in enumerate([*held, minuted]):
        attendance += _attendance(meeting, councillors, offset)
    Attendance.objects.bulk_create(attendance)
    present = sum(a.status == Attendance.Status.PRESENT for a in attendance if a.meeting is minuted)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=minuted,
            number=number,
            kind=AgendaItem.Kind.REPORT,
            title=f"Minuted paper {number} of {label}",
            is_exempt=number % EXEMPT_EVERY == 0,
            exempt_paragraph=3 if number % EXEMPT_EVERY == 0 else None,
        )
        for number in range(1, n + 1)
    )
    Declaration.objects.bulk_create(
        Declaration(
            agenda_item=item,
            person=councillors[i % n],
            kind=Declaration.Kind.OTHER,
            nature="A member of a charity that works with the partnership.",
        )
        for i, item in enumerate(items)
    )
    minutes = Minute.objects.bulk_create(
        Minute(
            agenda_item=item,
            committee=committee,
            municipal_year=2018,
            number=item.number,
            discussion=f"The committee discussed paper {item.number}.\n\nMembers asked about it.",
        )
        for item in items
    )
    effects = [Motion.Effect.NOTED, Motion.Effect.RECOMMENDATIONS, Motion.Effect.AGREED]
    motions = Motion.objects.bulk_create(
        Motion(
            minute=minute,
            position=1,
            text=f"That the report on paper {i + 1} be noted.",
            mover=councillors[i % n],
            seconder=councillors[(i + 1) % n],
            outcome=Motion.Outcome.CARRIED,
            effect=effects[i % len(effects)],
        )
        for i, minute in enumerate(minutes)
    )
    amendments = Amendment.objects.bulk_create(
        Amendment(
            motion=motion,
            position=1,
            text="To add a recommendation that the partners report back.",
            mover=councillors[(i + 2) % n],
            seconder=councillors[(i + 3) % n],
            outcome=Amendment.Outcome.CARRIED if i % 2 else Amendment.Outcome.LOST,
        )
        for i, motion in enumerate(motions)
        if i % 3 == 0
    )
    votes = Vote.objects.bulk_create(
        [
            Vote(
                motion=motion,
                votes_for=present - 1,
                votes_against=1,
                present=present,
                recorded=i % 4 == 0,
            )
            for i, motion in enumerate(motions)
        ]
        + [
            Vote(amendment=amendment, votes_for=1, votes_against=present - 1, present=present)
            for amendment in amendments
        ]
    )
    voters = [a.person for a in attendance if a.meeting is minuted and a.votes]
    RecordedVote.objects.bulk_create(
        RecordedVote(
            vote=vote,
            person=person,
            choice=RecordedVote.Choice.AGAINST if j == 0 else RecordedVote.Choice.FOR,
        )
        for vote in votes
        if vote.recorded
        for j, person in enumerate(voters)
    )
    return minuted


def _published_meeting(committee: Committee, date: datetime.date) -> Meeting:
    return Meeting.objects.create(
        committee=committee,
        date=date,
        venue="Town Hall",
        status=Meeting.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def build_scale_data(n: int, label: str | None = None) -> ScaleData:
    """Build the data set of size ``n`` (at least 2) and return its pages' records."""
    if n < 2:
        raise ValueError("A scale data set needs at least two agenda items.")
    label = label or f"Scale {n}"
    meeting_date = datetime.date(2018, 9, 25)
    partnership, agencies, priorities, subgroups, corporate_priorities = _partnership(
        n, label, meeting_date.year
    )
    committee = _committee(n, label, partnership)
    minuted_meeting = _meeting_record(n, label, committee)
    officer = Person.objects.create(
        name=f"{label} officer", job_title="Community Safety Manager", organisation=label
    )
    meeting = _published_meeting(committee, meeting_date)

    # Items alternate: odd numbers carry a report, even numbers a presentation.
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=number,
            kind=AgendaItem.Kind.REPORT if number % 2 else AgendaItem.Kind.PRESENTATION,
            title=f"Item {number} of {label}",
            description=f"What item {number} is about.",
            is_exempt=number % EXEMPT_EVERY == 0,
            exempt_paragraph=3 if number % EXEMPT_EVERY == 0 else None,
        )
        for number in range(1, n + 1)
    )
    report_items = [item for item in items if item.number % 2]
    presentation_items = [item for item in items if not item.number % 2]
    reports = Report.objects.bulk_create(
        Report(
            agenda_item=item,
            title=f"Report on item {item.number}",
            author=officer,
            summary="A summary of the report.",
        )
        for item in report_items
    )
    report = reports[0]
    # The first report has n paragraphs across n / 5 sections, and n appendices.
    section_count = max(1, n // 5)
    sections = ReportSection.objects.bulk_create(
        ReportSection(report=report, number=s + 1, title=f"Section {s + 1}")
        for s in range(section_count)
    )
    paragraphs = ReportParagraph.objects.bulk_create(
        ReportParagraph(
            section=sections[p % section_count],
            number=p // section_count + 1,
            text=f"Paragraph {p + 1}.\n- a point\n- another point",
        )
        for p in range(n)
    )
    Appendix.objects.bulk_create(
        Appendix(report=report, number=a + 1, title=f"Appendix {a + 1}", note="Not online.")
        for a in range(n)
    )

    presentations = Presentation.objects.bulk_create(
        Presentation(agenda_item=item, topic=f"Presentation on item {item.number}")
        for item in presentation_items
    )
    # Two presenters each: one from the first agency, one from an agency that varies.
    presenters = [
        (presentation, position, agencies[0] if position == 1 else agencies[(i + 1) % n])
        for i, presentation in enumerate(presentations)
        for position in (1, 2)
    ]
    people = Person.objects.bulk_create(
        Person(name=f"{label} presenter {i + 1}", agency=agency)
        for i, (_, _, agency) in enumerate(presenters)
    )
    Presenter.objects.bulk_create(
        Presenter(
            presentation=presentation,
            position=position,
            person=person,
            role="Manager" if position == 1 else "",
            agency=agency,
        )
        for (presentation, position, agency), person in zip(presenters, people, strict=True)
    )
    Presentation.priorities.through.objects.bulk_create(
        Presentation.priorities.through(presentation_id=presentation.pk, priority_id=priority_id)
        for i, presentation in enumerate(presentations)
        for priority_id in {priorities[0].pk, priorities[i % n].pk}
    )

    # Three questions per item: one aimed at its presentation (or at a priority), one at
    # the first priority, and one for every partner.
    presentation_of = {p.agenda_item_id: p for p in presentations}
    lines = []
    for item in items:
        presentation = presentation_of.get(item.pk)
        base = 3 * (item.number - 1)
        lines += [
            LineOfEnquiry(
                meeting=meeting,
                position=base + 1,
                question=f"Question on item {item.number}?",
                presentation=presentation,
                priority=None if presentation else priorities[item.number % n],
                source_paragraph=paragraphs[item.number % n],
            ),
            LineOfEnquiry(
                meeting=meeting,
                position=base + 2,
                question=f"How does item {item.number} serve the first priority?",
                presentation=presentation,
                priority=priorities[0],
            ),
            LineOfEnquiry(
                meeting=meeting,
                position=base + 3,
                question=f"What could the council do to help, item {item.number}?",
            ),
        ]
    LineOfEnquiry.objects.bulk_create(lines)

    statuses = Recommendation.Status.values
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            meeting=meeting,
            agenda_item=item,
            position=item.number,
            text=f"That the partners report back on item {item.number}.",
            status=statuses[item.number % len(statuses)],
            addressee_partnership=partnership if item.number % 2 == 0 else None,
            source_paragraph=paragraphs[item.number % n] if item.number % 3 else None,
        )
        for item in items
    )
    Recommendation.addressee_agencies.through.objects.bulk_create(
        Recommendation.addressee_agencies.through(
            recommendation_id=recommendation.pk, agency_id=agency_id
        )
        for i, recommendation in enumerate(recommendations)
        if i % 4 != 3
        for agency_id in {agencies[0].pk, agencies[i % n].pk}
    )
    Recommendation.priorities.through.objects.bulk_create(
        Recommendation.priorities.through(recommendation_id=recommendation.pk, priority_id=pid)
        for i, recommendation in enumerate(recommendations)
        for pid in {priorities[0].pk, priorities[i % n].pk}
    )
    outcomes = RecommendationResponse.Outcome.values
    RecommendationResponse.objects.bulk_create(
        RecommendationResponse(
            recommendation=recommendation,
            agency=agencies[i % n] if i % 2 else None,
            received_on=datetime.date(2018, 12, 1),
            outcome=outcomes[i % len(outcomes)],
            text="We accept the recommendation.\nWork starts in the new year.",
        )
        for i, recommendation in enumerate(recommendations)
    )

    # The work programme: n items, some planned for the meeting, some not yet placed,
    # some on its agenda, every one on the first priority and with the first agency.
    planned = WorkProgrammeItem.objects.bulk_create(
        WorkProgrammeItem(
            committee=committee,
            title=f"Planned item {i + 1} of {label}",
            purpose="What the committee wants to find out.",
            kind=AgendaItem.Kind.REPORT,
            meeting=meeting if i % 3 else None,
            lead_officer=officer,
            agenda_item=items[i] if i % 3 == 2 else None,
        )
        for i in range(n)
    )
    WorkProgrammeItem.priorities.through.objects.bulk_create(
        WorkProgrammeItem.priorities.through(workprogrammeitem_id=item.pk, priority_id=pid)
        for i, item in enumerate(planned)
        for pid in {priorities[0].pk, priorities[i % n].pk}
    )
    WorkProgrammeItem.agencies.through.objects.bulk_create(
        WorkProgrammeItem.agencies.through(workprogrammeitem_id=item.pk, agency_id=aid)
        for i, item in enumerate(planned)
        for aid in {agencies[0].pk, agencies[i % n].pk}
    )

    councillor = committee.members.first().person
    _councillor_record(committee, councillor, agencies[0], priorities[0])
    _minutes(meeting, items, recommendations)

    return ScaleData(
        n=n,
        label=label,
        committee=committee,
        meeting=meeting,
        report=report,
        presentation=presentations[0],
        officer=officer,
        councillor=councillor,
        partnership=partnership,
        agency=agencies[0],
        priority=priorities[0],
        subgroup=subgroups[0],
        corporate_priority=corporate_priorities[0],
        minuted_meeting=minuted_meeting,
    )


def _minutes(meeting: Meeting, items: list, recommendations: list) -> None:
    """The meeting held, its draft minutes published: every member present, a minute for
    each item with a declaration, a motion amended, a vote on each (every other one
    recorded, naming each member), and the item's recommendation resolved by minute."""
    members = [
        member.person
        for member in CommitteeMember.objects.filter(committee=meeting.committee)
        .select_related("person")
        .order_by("pk")
    ]
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.MINUTES_DRAFT, minutes_published_at=timezone.now()
    )
    Attendance.objects.bulk_create(Attendance(meeting=meeting, person=p) for p in members)
    minutes = Minute.objects.bulk_create(
        Minute(
            agenda_item=item,
            committee=meeting.committee,
            municipal_year=meeting.date.year,
            number=100 + item.number,
            discussion=f"The committee discussed paper {item.number}.\n\nMembers asked questions.",
        )
        for item in items
    )
    Declaration.objects.bulk_create(
        Declaration(agenda_item=item, person=members[0], kind="other", nature="A trustee.")
        for item in items
    )
    motions = Motion.objects.bulk_create(
        Motion(
            minute=minute,
            text="That the recommendation be agreed.",
            mover=members[0],
            seconder=members[1],
            outcome=Motion.Outcome.CARRIED,
            effect=Motion.Effect.RECOMMENDATIONS,
        )
        for minute in minutes
    )
    amendments = Amendment.objects.bulk_create(
        Amendment(motion=motion, text="To add a deadline.", mover=members[1], seconder=members[0])
        for motion in motions
    )
    present = len(members)
    votes = Vote.objects.bulk_create(
        [
            *(
                Vote(motion=motion, votes_for=present, present=present, recorded=bool(i % 2))
                for i, motion in enumerate(motions)
            ),
            *(Vote(amendment=amendment, votes_for=1, present=present) for amendment in amendments),
        ]
    )
    RecordedVote.objects.bulk_create(
        RecordedVote(vote=vote, person=person, choice=RecordedVote.Choice.FOR)
        for vote in votes
        if vote.recorded
        for person in members
    )
    for recommendation, minute, motion in zip(recommendations, minutes, motions, strict=True):
        recommendation.minute, recommendation.number_in_minute = minute, 1
        recommendation.motion = motion
    Recommendation.objects.bulk_update(recommendations, ["minute", "number_in_minute", "motion"])


# Words of a plausible paragraph; repeated to the length a real report's paragraphs have.
PROSE = (
    "The partnership reviewed the quarter's figures with the police, the council's "
    "community protection team and the probation service, and agreed where the next "
    "quarter's effort should go. Repeat victims were contacted within two working days, "
    "and the subgroup will report back on the reasons for the remaining delays."
)


def build_long_meeting(committee, reports: int, sections: int, paragraphs: int) -> Meeting:
    """A published meeting of ``reports`` reports, each of ``sections`` sections of
    ``paragraphs`` paragraphs of plausible length: a long pack for benchmarks and tests."""
    meeting = _published_meeting(committee, datetime.date(2030, 1, 15))
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=number,
            kind=AgendaItem.Kind.REPORT,
            title=f"Community safety report {number}",
            description="The partnership's quarterly report.",
        )
        for number in range(1, reports + 1)
    )
    author = Report.objects.select_related("author").first().author
    made = Report.objects.bulk_create(
        Report(agenda_item=item, title=item.title, author=author, summary=PROSE) for item in items
    )
    made_sections = ReportSection.objects.bulk_create(
        ReportSection(report=report, number=number, title=f"Findings, part {number}")
        for report in made
        for number in range(1, sections + 1)
    )
    ReportParagraph.objects.bulk_create(
        ReportParagraph(section=section, number=number, text=f"{PROSE} {PROSE}")
        for section in made_sections
        for number in range(1, paragraphs + 1)
    )
    return meeting


def _councillor_record(committee, councillor, agency, priority) -> None:
    """What the committee's n past meetings recorded, for the councillor's page and for
    following the agency and the priority: at each, the councillor's attendance (in turn
    present, sending apologies, absent, substituting), a declaration, and a minute whose
    motion, carried in a recorded vote, adopted a recommendation to the agency on the
    priority. The drafts keep their status; the others' minutes are approved."""
    past = list(committee.meetings.filter(date__lt=datetime.date(2018, 1, 1)).order_by("date"))
    Meeting.objects.filter(pk__in=[m.pk for m in past if m.status != Meeting.Status.DRAFT]).update(
        status=Meeting.Status.MINUTES_AGREED
    )
    substitute_for = committee.members.exclude(person=councillor).first().person
    # The held meetings' attendance lists everyone (``_meeting_record``): here the
    # councillor's own line takes each way of attending in turn.
    Attendance.objects.filter(meeting__in=past, person=councillor).delete()
    ways = [
        (Attendance.Role.MEMBER, Attendance.Status.PRESENT, None),
        (Attendance.Role.MEMBER, Attendance.Status.APOLOGIES, None),
        (Attendance.Role.MEMBER, Attendance.Status.ABSENT, None),
        (Attendance.Role.SUBSTITUTE, Attendance.Status.PRESENT, substitute_for),
    ]
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=councillor,
            role=ways[i % len(ways)][0],
            status=ways[i % len(ways)][1],
            substitute_for=ways[i % len(ways)][2],
        )
        for i, meeting in enumerate(past)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=1,
            kind=AgendaItem.Kind.REPORT,
            title=f"Partnership update {i + 1}",
            is_exempt=i % EXEMPT_EVERY == 1,
            exempt_paragraph=3 if i % EXEMPT_EVERY == 1 else None,
        )
        for i, meeting in enumerate(past)
    )
    Declaration.objects.bulk_create(
        Declaration(
            agenda_item=item,
            person=councillor,
            kind=Declaration.Kind.OTHER,
            nature=f"A trustee of a charity named in update {item.title}.",
        )
        for item in items
    )
    minutes = Minute.objects.bulk_create(
        Minute(
            agenda_item=item,
            committee=committee,
            municipal_year=item.meeting.date.year,
            number=i + 1,
            discussion="The committee discussed the update.",
        )
        for i, item in enumerate(items)
    )
    motions = Motion.objects.bulk_create(
        Motion(
            minute=minute,
            text="That the recommendation be made to the agency.",
            mover=councillor,
            seconder=substitute_for,
            outcome=Motion.Outcome.CARRIED,
            effect=Motion.Effect.RECOMMENDATIONS,
        )
        for minute in minutes
    )
    votes = Vote.objects.bulk_create(
        Vote(motion=motion, votes_for=2, present=2, recorded=True) for motion in motions
    )
    RecordedVote.objects.bulk_create(
        RecordedVote(vote=vote, person=councillor, choice=RecordedVote.Choice.FOR) for vote in votes
    )
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            meeting=item.meeting,
            agenda_item=item,
            position=1,
            text=f"That the agency reports back on {item.title}.",
            status=Recommendation.Status.AGREED,
            minute=minute,
            number_in_minute=1,
            motion=motion,
        )
        for item, minute, motion in zip(items, minutes, motions, strict=True)
    )
    Recommendation.addressee_agencies.through.objects.bulk_create(
        Recommendation.addressee_agencies.through(recommendation_id=r.pk, agency_id=agency.pk)
        for r in recommendations
    )
    Recommendation.priorities.through.objects.bulk_create(
        Recommendation.priorities.through(recommendation_id=r.pk, priority_id=priority.pk)
        for r in recommendations
    )
