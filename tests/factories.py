"""factory_boy factories: each builds a valid record with the fewest fields it needs."""

import datetime

import factory

from meetings.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Committee,
    CommitteeMember,
    Declaration,
    Meeting,
    Minute,
    Motion,
    Person,
    Recommendation,
    RecordedVote,
    Vote,
)
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
