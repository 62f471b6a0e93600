"""factory_boy factories: each builds a valid record with the fewest fields it needs."""

import datetime
import itertools

import factory

from meetings import services
from meetings.models import (
    AgendaItem,
    Amendment,
    Appendix,
    Attendance,
    Committee,
    CommitteeMember,
    Declaration,
    Meeting,
    Minute,
    Motion,
    Person,
    Postponement,
    Recommendation,
    RecordedVote,
    Vote,
)
from meetings.supplementing import supplement_publish
from partnership.models import (
    Action,
    ActionPlan,
    Agency,
    CommunitySafetyPlan,
    Membership,
    Partnership,
    PlanRefresh,
    Subgroup,
)
from scrutiny.kernel.municipal_year import municipal_year_start


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Safer Town Partnership {n}")
    slug = factory.Sequence(lambda n: f"safer-town-{n}")
    area = "Town"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    standing = Agency.Standing.RESPONSIBLE_AUTHORITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    partnership = factory.SubFactory(PartnershipFactory)
    agency = factory.SubFactory(AgencyFactory)
    start_date = datetime.date(2015, 4, 1)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunitySafetyPlan

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Community Safety Plan"
    start_year = 2013
    end_year = 2018


class RefreshFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRefresh

    plan = factory.SubFactory(PlanFactory)
    year = 2018
    title = "Refresh"


class SubgroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subgroup

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Subgroup {n}")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    subgroup = factory.SubFactory(SubgroupFactory)
    refresh = factory.SubFactory(RefreshFactory)
    title = "Action plan"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    action_plan = factory.SubFactory(ActionPlanFactory)
    description = "Hold a partnership workshop"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory("tests.factories.CouncillorFactory")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    date = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n))
    status = Meeting.Status.PUBLISHED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "That the partnership reports back on its action plan."


# People (meetings.Person): councillors and officers -------------------------------------


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.OFFICER
    name = factory.Sequence(lambda n: f"Person {n}")


class CouncillorFactory(PersonFactory):
    kind = Person.Kind.COUNCILLOR
    name = factory.Sequence(lambda n: f"A. Member {n}")


class OfficerFactory(PersonFactory):
    kind = Person.Kind.OFFICER
    name = factory.Sequence(lambda n: f"A. Officer {n}")
    job_title = "Community Safety Manager"


# The meeting record: attendance, declarations, minutes, motions and votes --------------


def committee_with_members(size: int = 10, **committee_fields) -> tuple[Committee, list[Person]]:
    """A committee with a chair, a vice-chair and ``size - 2`` members, all current."""
    committee = CommitteeFactory(**committee_fields)
    roles = [CommitteeMember.Role.CHAIR, CommitteeMember.Role.VICE_CHAIR]
    roles += [CommitteeMember.Role.MEMBER] * (size - 2)
    people = [CommitteeMemberFactory(committee=committee, role=role).person for role in roles]
    return committee, people


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.HELD)
    person = factory.SubFactory(CouncillorFactory)
    role = Attendance.Role.MEMBER
    status = Attendance.Status.PRESENT


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    agenda_item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(CouncillorFactory)
    kind = Declaration.Kind.OTHER
    nature = "A member of the board of a charity that works with the partnership."


class MinuteFactory(factory.django.DjangoModelFactory):
    """A minute of an item, numbered next in its committee's municipal year."""

    class Meta:
        model = Minute

    agenda_item = factory.SubFactory(AgendaItemFactory, meeting__status=Meeting.Status.HELD)
    committee = factory.LazyAttribute(lambda minute: minute.agenda_item.meeting.committee)
    municipal_year = factory.LazyAttribute(
        lambda minute: municipal_year_start(minute.agenda_item.meeting.date)
    )
    number = factory.Sequence(lambda n: n + 1)
    discussion = "The committee discussed the report."


class MotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Motion

    minute = factory.SubFactory(MinuteFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "That the report be noted."
    mover = factory.SubFactory(CouncillorFactory)
    seconder = factory.SubFactory(CouncillorFactory)


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amendment

    motion = factory.SubFactory(MotionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "To add a recommendation that the partnership reports back in six months."
    mover = factory.SubFactory(CouncillorFactory)
    seconder = factory.SubFactory(CouncillorFactory)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    motion = factory.SubFactory(MotionFactory)
    votes_for = 5
    votes_against = 2
    abstentions = 1
    present = 8


class RecordedVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordedVote

    vote = factory.SubFactory(VoteFactory, recorded=True)
    person = factory.SubFactory(CouncillorFactory)
    choice = RecordedVote.Choice.FOR


# Committee names are unique, and words, not numbers: a search for a committee's name
# finds its meetings alone on both databases (tests/snapshot_pages.py).
PANEL_NAMES = (
    f"Knife Crime Scrutiny Panel {word}{' ' + 'Again' * lap if lap else ''}"
    for lap in itertools.count()
    for word in ("North", "South", "East", "West", "Central", "Rural", "Urban", "Coastal")
)


def _minuted(item, number: int, texts: list[str], *, movers, effect, amended, resolution=""):
    """A minute of the item, a carried motion on it and an amendment to the motion: their
    texts in that order, moved and seconded by ``movers`` (motion's two, amendment's)."""
    discussion, motion_text, amendment_text = (text.strip() for text in texts)
    minute = MinuteFactory(agenda_item=item, number=number, discussion=discussion)
    motion = MotionFactory(
        minute=minute,
        position=1,
        text=motion_text,
        mover=movers[0],
        seconder=movers[1],
        outcome=Motion.Outcome.CARRIED,
        effect=effect,
        resolution=resolution,
    )
    amendment = AmendmentFactory(
        motion=motion,
        position=1,
        text=amendment_text,
        mover=movers[2],
        seconder=movers[4],
        outcome=amended,
    )
    return minute, motion, amendment


def meeting_with_a_full_record(
    *, words: str = "", exempt_words: str = "", **meeting_fields
) -> dict:
    """A held meeting whose draft minutes are published, with everything the record holds:
    attendance (an apology with a substitute, an absence, an invited Cabinet member, an
    officer), a declaration, a postponement, and minutes of an open item (a motion moved
    and seconded, an amendment carried 5-2 with 1 abstention, a recorded vote, a
    recommendation numbered by minute) and of an exempt item. ``words`` go into the open
    minute's text and ``exempt_words`` into the exempt one's, for searches and leak checks.
    """
    committee, members = committee_with_members(
        10,
        name=next(PANEL_NAMES),
        minute_number_format="CHE/{yy}/{number}",
        quorum=4,
        minutes_due_days=10,
    )
    chair = members[0]
    fields = {
        "committee": committee,
        "date": datetime.date(2019, 3, 12),
        "venue": "Town Hall",
        "status": Meeting.Status.MINUTES_DRAFT,
        "presiding": chair,
        "minutes_published_at": datetime.datetime(2019, 3, 20, 10, 0, tzinfo=datetime.UTC),
        "published_at": datetime.datetime(2019, 3, 1, 9, 0, tzinfo=datetime.UTC),
        **meeting_fields,
    }
    meeting = MeetingFactory(**fields)
    Postponement.objects.create(
        meeting=meeting,
        previous_date=datetime.date(2019, 3, 5),
        new_date=meeting.date,
        decided_on=datetime.date(2019, 2, 20),
        reason="The chair was unwell.",
    )
    substitute, cabinet = CouncillorFactory(), CouncillorFactory(title="Cabinet Member")
    officer = OfficerFactory()
    for member in members[:8]:
        AttendanceFactory(meeting=meeting, person=member)
    AttendanceFactory(meeting=meeting, person=members[8], status=Attendance.Status.APOLOGIES)
    AttendanceFactory(meeting=meeting, person=members[9], status=Attendance.Status.ABSENT)
    AttendanceFactory(
        meeting=meeting,
        person=substitute,
        role=Attendance.Role.SUBSTITUTE,
        substitute_for=members[8],
    )
    AttendanceFactory(meeting=meeting, person=cabinet, role=Attendance.Role.INVITED)
    AttendanceFactory(meeting=meeting, person=officer, role=Attendance.Role.OFFICER)
    report = AgendaItemFactory(
        meeting=meeting, number=5, kind=AgendaItem.Kind.REPORT, title="Knife crime report"
    )
    DeclarationFactory(agenda_item=report, person=members[3])
    minute, motion, amendment = _minuted(
        report,
        326,
        [
            f"The committee discussed knife crime in the town centre. {words}",
            f"That the recommendations in the report be approved. {words}",
            f"To add two recommendations on youth outreach. {words}",
        ],
        movers=members[:5],
        effect=Motion.Effect.RECOMMENDATIONS,
        resolution="That the recommendations, as amended, be approved.",
        amended=Amendment.Outcome.CARRIED,
    )
    VoteFactory(motion=None, amendment=amendment, votes_for=5, votes_against=2, abstentions=1)
    recorded = VoteFactory(
        motion=motion, votes_for=6, votes_against=2, abstentions=0, present=9, recorded=True
    )
    choices = [RecordedVote.Choice.FOR] * 6 + [RecordedVote.Choice.AGAINST] * 2
    for person, choice in zip([*members[:7], substitute], choices, strict=True):
        RecordedVoteFactory(vote=recorded, person=person, choice=choice)
    recommendation = RecommendationFactory(
        meeting=meeting,
        agenda_item=report,
        position=1,
        text="That the partnership funds youth outreach.",
        minute=minute,
        number_in_minute=1,
        motion=motion,
        amendment=amendment,
    )
    exempt = AgendaItemFactory(
        meeting=meeting, number=6, title="Named offenders", is_exempt=True, exempt_paragraph=1
    )
    exempt_minute, _, _ = _minuted(
        exempt,
        327,
        [
            f"The committee heard about named offenders. {exempt_words}",
            f"That the exempt report be noted. {exempt_words}",
            f"To name the streets. {exempt_words}",
        ],
        movers=[members[1], members[0], members[2], members[3], members[4]],
        effect=Motion.Effect.NOTED,
        amended=Amendment.Outcome.LOST,
    )
    return {
        "meeting": meeting,
        "committee": committee,
        "members": members,
        "substitute": substitute,
        "minute": minute,
        "motion": motion,
        "amendment": amendment,
        "recommendation": recommendation,
        "exempt_minute": exempt_minute,
    }


def recorded_meeting(
    committee, member, *, agency=None, priority=None, title="Annual review", **item_fields
):
    """A meeting of ``committee`` whose approved minutes record ``member`` present,
    declaring an interest in the item ``title`` and moving the motion on it, which an
    amendment added to and a recorded vote carried, adopting a recommendation (to
    ``agency``, on ``priority``, if given). ``item_fields`` make the item exempt, say."""
    meeting = MeetingFactory(committee=committee, status=Meeting.Status.MINUTES_AGREED)
    AttendanceFactory(meeting=meeting, person=member)
    others = [
        AttendanceFactory(meeting=meeting, status=Attendance.Status.APOLOGIES).person,
        CouncillorFactory(),
    ]
    AttendanceFactory(
        meeting=meeting,
        person=others[1],
        role=Attendance.Role.SUBSTITUTE,
        substitute_for=others[0],
    )
    item = AgendaItemFactory(meeting=meeting, title=title, **item_fields)
    DeclarationFactory(agenda_item=item, person=member, nature=f"A trustee, on {title}.")
    minute = MinuteFactory(agenda_item=item)
    motion = MotionFactory(
        minute=minute,
        mover=member,
        seconder=others[1],
        text=f"That {title} be agreed.",
        outcome=Motion.Outcome.CARRIED,
        effect=Motion.Effect.RECOMMENDATIONS,
    )
    vote = VoteFactory(motion=motion, votes_for=2, votes_against=0, abstentions=0, recorded=True)
    for person in (member, others[1]):
        RecordedVoteFactory(vote=vote, person=person)
    amendment = AmendmentFactory(
        motion=motion,
        mover=others[1],
        seconder=member,
        outcome="carried",
        text=f"To add a review of {title}.",
    )
    VoteFactory(motion=None, amendment=amendment)
    recommendation = RecommendationFactory(
        meeting=meeting,
        agenda_item=item,
        text=f"That the partners review {title}.",
        status=Recommendation.Status.AGREED,
        minute=minute,
        number_in_minute=1,
        motion=motion,
        amendment=amendment,
    )
    if agency:
        recommendation.addressee_agencies.add(agency)
    if priority:
        recommendation.priorities.add(priority)
    return meeting


def meeting_with_minutes(
    committee: Committee, date: datetime.date, status: str = Meeting.Status.MINUTES_DRAFT
) -> Meeting:
    """A held meeting of ``committee`` with minutes for an open and an exempt item (titled
    and minuted "Exempt talk", which the leakage walk looks for), a motion, a vote and a
    member present: the same meeting if one is there already on that date."""
    meeting = Meeting.objects.filter(committee=committee, date=date).first()
    if meeting is not None:
        return meeting
    meeting = MeetingFactory(committee=committee, date=date, status=status)
    open_item = AgendaItemFactory(meeting=meeting, number=1, title="Review of the year")
    exempt = AgendaItemFactory(
        meeting=meeting, number=2, title="Exempt talk", is_exempt=True, exempt_paragraph=2
    )
    member = CouncillorFactory()
    AttendanceFactory(meeting=meeting, person=member)
    minute = MinuteFactory(agenda_item=open_item)
    motion = MotionFactory(
        minute=minute,
        mover=member,
        outcome=Motion.Outcome.CARRIED,
        effect=Motion.Effect.NOTED,
    )
    VoteFactory(motion=motion, votes_for=1, votes_against=0, abstentions=0, present=1)
    MinuteFactory(agenda_item=exempt, discussion="Exempt talk")
    return meeting


def meeting_with_supplements(committee, *, days_ahead: int = 60) -> dict:
    """A meeting coming up whose agenda has a published supplement (a late item, and a
    report for an item already on the agenda, with an appendix) and an open one holding
    an item that waits for officers only (meetings/supplementing.py)."""
    meeting = MeetingFactory(
        committee=committee,
        date=datetime.date.today() + datetime.timedelta(days=days_ahead),
        published_at=datetime.datetime.now(tz=datetime.UTC),
    )
    AgendaItemFactory(meeting=meeting, number=1, title="Open business")
    to_follow = AgendaItemFactory(meeting=meeting, number=2, title="Report to follow")
    late = services.agenda_item_add(meeting=meeting, user=None, kind="other", title="Late item")
    report = services.report_add(
        agenda_item=to_follow, user=None, title="The report that followed", author=OfficerFactory()
    )
    services.report_section_add(report=report, user=None, title="Summary")
    Appendix.objects.create(report=report, number=1, title="Late figures")
    published = supplement_publish(
        supplement=late.supplement, user=None, urgent_reason="The police figures came late."
    )
    waiting = services.agenda_item_add(
        meeting=meeting, user=None, kind="other", title="Draft item waiting for a supplement"
    )
    return {"meeting": meeting, "published": published, "open": waiting.supplement}
