"""With two partnerships in the database, each form offers only the records of the
meeting's own partnership (meetings/scoping.py), and priorities of the meeting's plan
year first; and of people, the council's own officers (of no agency) and the officers
of the partnership's agencies.
"""

import datetime

import pytest
from django.urls import reverse

from meetings.forms import (
    LineOfEnquiryForm,
    PresentationForm,
    RecommendationForm,
    ReportForm,
    ResponseStepForm,
    WorkProgrammeItemForm,
)
from meetings.models import Presentation, Presenter, Report, WorkProgrammeItem
from meetings.people_forms import PresenterForm
from partnership.forms import ActionForm, ActionPlanForm, PriorityForm, SubgroupForm
from partnership.models import Action, ActionPlan, Agency, CorporatePriority, Priority, Subgroup
from tests.factories import (
    ActionPlanFactory,
    AgendaItemFactory,
    CommitteeFactory,
    CouncillorFactory,
    MeetingFactory,
    MembershipFactory,
    OfficerFactory,
    PartnershipFactory,
    PlanFactory,
    RecommendationFactory,
    RefreshFactory,
    SubgroupFactory,
)

pytestmark = pytest.mark.django_db


def a_partnership(name: str):
    """A partnership with its own agency, subgroup, council priority, and priorities in
    two plan years, scrutinised by its own committee, which meets in 2018/19."""
    partnership = PartnershipFactory(name=f"Safer {name}", slug=f"safer-{name.lower()}")
    agency = MembershipFactory(partnership=partnership, agency__name=f"{name} Police").agency
    subgroup = SubgroupFactory(partnership=partnership, name=f"{name} gangs group")
    plan = PlanFactory(partnership=partnership)
    last_year = RefreshFactory(plan=plan, year=2017)
    this_year = RefreshFactory(plan=plan, year=2018)
    old = Priority.objects.create(refresh=last_year, title=f"{name} old priority", position=1)
    new = Priority.objects.create(refresh=this_year, title=f"{name} new priority", position=2)
    corporate = CorporatePriority.objects.create(council=f"{name} Council", title=f"Safe {name}")
    partnership.corporate_priorities.add(corporate)
    committee = CommitteeFactory(partnership=partnership)
    meeting = MeetingFactory(committee=committee, date=datetime.date(2018, 9, 25))
    item = AgendaItemFactory(meeting=meeting)
    officer = OfficerFactory(name=f"{name} Inspector", agency=agency)
    return {
        "officer": officer,
        "partnership": partnership,
        "agency": agency,
        "subgroup": subgroup,
        "refresh": this_year,
        "priorities": [new, old],
        "corporate": corporate,
        "committee": committee,
        "meeting": meeting,
        "item": item,
    }


@pytest.fixture
def two():
    return a_partnership("Ashford"), a_partnership("Brent")


def offered(form, name) -> list:
    return list(form.fields[name].queryset)


def test_meeting_forms_offer_only_the_meetings_partnerships_records(two):
    ours, theirs = two
    meeting, item = ours["meeting"], ours["item"]
    presentation = Presentation.objects.create(agenda_item=item, topic="Gangs")
    recommendation = RecommendationFactory(meeting=meeting)

    assert (
        offered(PresentationForm(instance=Presentation(agenda_item=item)), "priorities")
        == (ours["priorities"])
    )
    new_presenter = PresenterForm(instance=Presenter(), partnership=ours["partnership"])
    assert offered(new_presenter, "agency") == [ours["agency"]]
    assert offered(PresenterForm(instance=Presenter(presentation=presentation)), "agency") == [
        ours["agency"]
    ]
    # People: councillors, the council's own officers and this partnership's officers.
    council_officer = OfficerFactory(name="Council Officer")
    cabinet = CouncillorFactory(name="Cllr Cabinet")
    presenters = offered(PresenterForm(instance=Presenter(presentation=presentation)), "person")
    assert {ours["officer"], council_officer, cabinet} <= set(presenters)
    assert theirs["officer"] not in presenters
    authors = offered(ReportForm(instance=Report(agenda_item=item)), "author")
    assert set(authors) == {ours["officer"], council_officer}
    # Priorities of the meeting's plan year (2018/19) come first.
    assert offered(LineOfEnquiryForm(meeting=meeting), "priority") == ours["priorities"]
    form = RecommendationForm(meeting=meeting)
    assert offered(form, "addressee_agencies") == [ours["agency"]]
    assert offered(form, "priorities") == ours["priorities"]
    assert offered(ResponseStepForm(recommendation=recommendation), "agency") == [ours["agency"]]
    planned = WorkProgrammeItem(committee=ours["committee"], meeting=meeting)
    form = WorkProgrammeItemForm(instance=planned, today=datetime.date(2018, 9, 1))
    assert offered(form, "agencies") == [ours["agency"]]
    assert offered(form, "priorities") == ours["priorities"]
    assert set(offered(form, "lead_officer")) == {ours["officer"], council_officer}


def test_partnership_forms_offer_only_their_partnerships_records(two):
    ours, _ = two
    form = PriorityForm(instance=Priority(refresh=ours["refresh"]))
    assert offered(form, "lead_subgroup") == [ours["subgroup"]]
    assert offered(form, "corporate_priorities") == [ours["corporate"]]
    form = SubgroupForm(instance=Subgroup(partnership=ours["partnership"]))
    assert offered(form, "chair_agency") == [ours["agency"]]
    form = ActionPlanForm(instance=ActionPlan(subgroup=ours["subgroup"]))
    assert offered(form, "refresh") == list(ours["refresh"].plan.refreshes.all())
    assert set(offered(form, "priorities")) == set(ours["priorities"])
    plan = ActionPlanFactory(subgroup=ours["subgroup"], refresh=ours["refresh"])
    assert offered(ActionForm(instance=Action(action_plan=plan)), "lead_agency") == [ours["agency"]]
    assert offered(ActionForm(partnership=ours["partnership"]), "lead_agency") == [ours["agency"]]


def test_the_pages_show_only_the_partnerships_agencies(two, client, officer):
    ours, theirs = two
    client.force_login(officer)
    presentation = Presentation.objects.create(agenda_item=ours["item"], topic="Gangs")
    for url in [
        reverse("meetings:presenter_create", args=[presentation.pk]),
        reverse("meetings:recommendation_create", args=[ours["meeting"].pk]),
    ]:
        page = client.get(url).content.decode()
        assert ours["agency"].name in page
        assert theirs["agency"].name not in page
    page = client.get(reverse("meetings:line_of_enquiry_create", args=[ours["meeting"].pk]))
    assert "Ashford new priority" in page.content.decode()
    assert "Brent" not in page.content.decode()
    plan = ActionPlanFactory(subgroup=ours["subgroup"], refresh=ours["refresh"])
    page = client.get(reverse("partnership:action_create", args=[plan.pk])).content.decode()
    assert ours["agency"].name in page and theirs["agency"].name not in page


def test_year_first_puts_the_meetings_plan_year_first(two):
    ours, _ = two
    old, new = ours["priorities"][1], ours["priorities"][0]
    scoped = Priority.objects.of_partnership(ours["partnership"])
    assert list(scoped.year_first(datetime.date(2017, 9, 1))) == [old, new]
    assert list(scoped.year_first(datetime.date(2019, 2, 1))) == [new, old]
    assert Agency.objects.of_partnership(None).count() == 2
    assert list(Subgroup.objects.of_partnership(ours["partnership"])) == [ours["subgroup"]]


def test_a_committee_without_a_partnership_is_offered_everything(two):
    meeting = MeetingFactory(committee=CommitteeFactory(partnership=None))
    assert len(offered(RecommendationForm(meeting=meeting), "addressee_agencies")) == 2
