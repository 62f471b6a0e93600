"""factory_boy factories: each builds a valid record with the fewest fields it needs."""

import datetime

import factory

from meetings.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Meeting,
    Person,
    Recommendation,
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
