"""The work programme: items planned for coming meetings, linked to priorities and
partners, and turned into agenda items in one action."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Meeting, Person, WorkProgrammeItem
from partnership.models import Agency, Priority
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.helpers import refused_by_database

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2019, 1, 10)


@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(datetime.datetime(2019, 1, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def coming_meeting(demo_meeting):
    """A meeting of the demo committee still to come, its agenda not yet published."""
    return MeetingFactory(
        committee=demo_meeting.committee, date=datetime.date(2019, 3, 5), status="draft"
    )


def plan(**changes) -> dict:
    domestic_abuse = Priority.objects.get(title="Domestic Abuse")
    police = Agency.objects.get(name="Kent Police")
    data = {
        "title": "Domestic abuse: the Forum's first year",
        "purpose": "How the Domestic Abuse Forum's action plan is working.",
        "kind": "presentation",
        "meeting": "",
        "lead_officer": "",
        "priorities": [domestic_abuse.pk],
        "agencies": [police.pk],
    }
    return {**data, **changes}


def planned(committee, **fields) -> WorkProgrammeItem:
    return WorkProgrammeItem.objects.create(
        committee=committee, title=fields.pop("title", "Gangs: a year on"), **fields
    )


def test_an_officer_plans_an_item_and_puts_it_on_the_agenda_in_one_action(
    client, officer, coming_meeting
):
    committee = coming_meeting.committee
    client.force_login(officer)
    response = client.post(
        reverse("meetings:work_programme_item_create", args=[committee.slug]),
        plan(meeting=coming_meeting.pk),
    )
    item = WorkProgrammeItem.objects.get()
    assert response.url == item.get_absolute_url()
    assert item.status == WorkProgrammeItem.Status.PLANNED
    assert [p.title for p in item.priorities.all()] == ["Domestic Abuse"]

    programme = client.get(reverse("meetings:work_programme", args=[committee.slug]))
    assert "Add to the agenda" in programme.content.decode()

    response = client.post(reverse("meetings:work_programme_item_add_to_agenda", args=[item.pk]))
    agenda_item = AgendaItem.objects.get(meeting=coming_meeting)
    assert response.url == agenda_item.get_absolute_url()
    assert (agenda_item.number, agenda_item.kind, agenda_item.title) == (
        1,
        AgendaItem.Kind.PRESENTATION,
        "Domestic abuse: the Forum's first year",
    )
    assert agenda_item.description == "How the Domestic Abuse Forum's action plan is working."
    assert [p.title for p in agenda_item.presentation.priorities.all()] == ["Domestic Abuse"]
    item.refresh_from_db()
    assert item.live_agenda_item == agenda_item
    meeting_page = client.get(coming_meeting.get_absolute_url()).content.decode()
    assert "is now item 1 on the agenda of 5 March 2019" in meeting_page

    # Pressing the button twice (a second tab, a double click) adds nothing more.
    again = client.post(
        reverse("meetings:work_programme_item_add_to_agenda", args=[item.pk]), follow=True
    )
    assert "is already on the agenda, as item 1." in again.content.decode()
    assert AgendaItem.objects.filter(meeting=coming_meeting).count() == 1
    programme = client.get(reverse("meetings:work_programme", args=[committee.slug]))
    assert "On the agenda as" in programme.content.decode()
    assert "Add to the agenda" not in programme.content.decode()


def test_a_report_item_starts_its_officers_report_at_the_end_of_the_agenda(
    client, officer, coming_meeting
):
    AgendaItemFactory(meeting=coming_meeting, number=1, title="Apologies for absence")
    author = Person.objects.get(name="Matt Roberts")
    item = planned(
        coming_meeting.committee,
        kind="report",
        meeting=coming_meeting,
        lead_officer=author,
        title="Substance misuse and homelessness",
    )
    client.force_login(officer)
    client.post(reverse("meetings:work_programme_item_add_to_agenda", args=[item.pk]))
    agenda_item = AgendaItem.objects.get(meeting=coming_meeting, number=2)
    assert agenda_item.report.author == author
    assert agenda_item.report.title == "Substance misuse and homelessness"


@pytest.mark.parametrize(
    ("fields", "refusal"),
    [
        ({}, "Choose the meeting “Gangs: a year on” is planned for first."),
        (
            {"status": "dropped", "dropped_reason": "Covered by the annual report."},
            "was dropped from the work programme",
        ),
        ({"past": True}, "The meeting of 25 September 2018 has already taken place"),
    ],
)
def test_an_item_that_cannot_go_on_an_agenda_is_refused_with_the_reason(
    client, officer, demo_meeting, fields, refusal
):
    if fields.pop("past", False):
        fields["meeting"] = demo_meeting
    item = planned(demo_meeting.committee, **fields)
    client.force_login(officer)
    url = reverse("meetings:work_programme_item_add_to_agenda", args=[item.pk])
    response = client.post(url, follow=True)
    assert refusal in response.content.decode()
    assert not AgendaItem.objects.filter(title=item.title).exists()
    programme = client.get(reverse("meetings:work_programme", args=[item.committee.slug]))
    assert "Add to the agenda" not in programme.content.decode()
    if item.meeting:
        assert "Not taken at that meeting" in programme.content.decode()


def test_the_form_offers_only_this_committees_coming_meetings_and_asks_why_an_item_is_dropped(
    client, officer, coming_meeting
):
    committee = coming_meeting.committee
    elsewhere = MeetingFactory(date=datetime.date(2019, 2, 1))
    client.force_login(officer)
    create = reverse("meetings:work_programme_item_create", args=[committee.slug])
    for meeting in [elsewhere, Meeting.objects.get(date=datetime.date(2018, 9, 25))]:
        refused = client.post(create, plan(meeting=meeting.pk))
        assert "Select a valid choice" in refused.content.decode()
    assert not WorkProgrammeItem.objects.exists()

    item = planned(committee, meeting=coming_meeting)
    update = reverse("meetings:work_programme_item_update", args=[item.pk])
    token = client.get(update).context["form"]["edit_token"].value()
    refused = client.post(
        update, plan(meeting=coming_meeting.pk, status="dropped", edit_token=token)
    )
    assert "Say why the item is being dropped." in refused.content.decode()
    client.post(
        update,
        plan(
            meeting=coming_meeting.pk,
            status="dropped",
            dropped_reason="The Forum reports to the Policing Board instead.",
            edit_token=token,
        ),
    )
    item.refresh_from_db()
    assert item.status == WorkProgrammeItem.Status.DROPPED
    page = Client().get(reverse("meetings:work_programme", args=[committee.slug]))
    assert "Dropped: The Forum reports to the Policing Board instead." in page.content.decode()


def test_the_database_refuses_a_dropped_item_without_its_reason(demo_meeting):
    committee = demo_meeting.committee
    refused_by_database(WorkProgrammeItem, committee=committee, title="A", status="dropped")
    refused_by_database(WorkProgrammeItem, committee=committee, title="B", status="on_agenda")
    refused_by_database(WorkProgrammeItem, committee=committee, title="C", kind="minutes")


def test_the_public_see_the_programme_but_no_draft_meeting_and_no_exempt_item(
    client, officer, councillor, coming_meeting
):
    committee = coming_meeting.committee
    police = Agency.objects.get(name="Kent Police")
    domestic_abuse = Priority.objects.get(title="Domestic Abuse")
    public_item = planned(committee, meeting=coming_meeting, title="Domestic abuse review")
    public_item.priorities.set([domestic_abuse])
    public_item.agencies.set([police])
    exempt = AgendaItemFactory(
        meeting=coming_meeting, title="Named offenders", is_exempt=True, exempt_paragraph=1
    )
    planned(
        committee,
        meeting=coming_meeting,
        title="Named offenders",
        agenda_item=exempt,
    )
    url = reverse("meetings:work_programme", args=[committee.slug])

    anonymous = client.get(url).content.decode()
    assert "Domestic abuse review" in anonymous
    assert "Date to be confirmed" in anonymous
    assert "5 March 2019" not in anonymous
    assert coming_meeting.get_absolute_url() not in anonymous
    assert "Named offenders" not in anonymous
    for page in [domestic_abuse.get_absolute_url(), police.get_absolute_url()]:
        listed = client.get(page).content.decode()
        assert "Domestic abuse review" in listed
        assert "date to be confirmed" in listed

    client.force_login(councillor)
    assert "Named offenders" in client.get(url).content.decode()

    client.force_login(officer)
    seen = client.get(url).content.decode()
    assert "Tuesday 5 March 2019</a> (draft)" in seen
    meeting_page = client.get(coming_meeting.get_absolute_url()).content.decode()
    assert "Planned for this meeting" in meeting_page
    assert "Domestic abuse review" in meeting_page


def test_an_item_whose_agenda_item_was_deleted_is_restored_not_added_twice(
    client, officer, coming_meeting
):
    item = planned(coming_meeting.committee, meeting=coming_meeting)
    client.force_login(officer)
    add = reverse("meetings:work_programme_item_add_to_agenda", args=[item.pk])
    client.post(add)
    first = AgendaItem.objects.get(meeting=coming_meeting)
    client.post(reverse("meetings:item_delete", args=[first.pk]))
    programme = client.get(reverse("meetings:work_programme", args=[item.committee.slug]))
    assert "the agenda item it became is in the" in programme.content.decode()

    refused = client.post(add, follow=True).content.decode()
    assert "which is in the deleted items: restore it from there." in refused
    client.post(reverse("meetings:restore", args=["agenda-item", first.pk]))
    item.refresh_from_db()
    assert item.live_agenda_item == first
    assert AgendaItem.objects.filter(meeting=coming_meeting).count() == 1


def test_an_item_on_a_deleted_meeting_is_planned_again_for_another(client, officer, coming_meeting):
    committee = coming_meeting.committee
    item = planned(committee, meeting=coming_meeting)
    client.force_login(officer)
    add = reverse("meetings:work_programme_item_add_to_agenda", args=[item.pk])
    client.post(add)
    client.post(reverse("meetings:meeting_delete", args=[coming_meeting.pk]))
    later = MeetingFactory(committee=committee, date=datetime.date(2019, 6, 4), status="draft")

    update = reverse("meetings:work_programme_item_update", args=[item.pk])
    form = client.get(update).context["form"]
    assert "meeting" in form.fields
    client.post(
        update,
        plan(meeting=later.pk, status="planned", edit_token=form["edit_token"].value()),
    )
    client.post(add)
    item.refresh_from_db()
    assert item.live_agenda_item.meeting == later


def test_an_agenda_item_deleted_for_good_leaves_the_item_planned(officer, coming_meeting):
    """The admin can delete an agenda item outright; the planned item is planned again."""
    item = planned(coming_meeting.committee, meeting=coming_meeting)
    agenda_item = services.work_programme_item_add_to_agenda(item=item, user=officer)
    AgendaItem.all_objects.filter(pk=agenda_item.pk).delete()
    item.refresh_from_db()
    assert item.agenda_item is None
    assert item.agenda_refusal(TODAY) is None


def test_planning_a_dropped_item_again_clears_its_reason(client, officer, coming_meeting):
    item = planned(
        coming_meeting.committee,
        meeting=coming_meeting,
        status="dropped",
        dropped_reason="No time this year.",
    )
    client.force_login(officer)
    update = reverse("meetings:work_programme_item_update", args=[item.pk])
    token = client.get(update).context["form"]["edit_token"].value()
    client.post(
        update,
        plan(
            meeting=coming_meeting.pk,
            status="planned",
            dropped_reason="No time this year.",
            edit_token=token,
        ),
    )
    item.refresh_from_db()
    assert (item.status, item.dropped_reason) == ("planned", "")


def test_what_is_on_a_draft_agenda_stays_hidden_even_in_the_order_of_the_lists(
    client, officer, coming_meeting
):
    committee = coming_meeting.committee
    domestic_abuse = Priority.objects.get(title="Domestic Abuse")
    published = MeetingFactory(committee=committee, date=datetime.date(2019, 2, 5))
    titles = {
        "A undated": None,
        "B in February": published,
        "C on the draft agenda": coming_meeting,
        "D in April": MeetingFactory(committee=committee, date=datetime.date(2019, 4, 2)),
    }
    for title, meeting in titles.items():
        planned(committee, title=title, meeting=meeting).priorities.set([domestic_abuse])
    on_draft = WorkProgrammeItem.objects.get(title="C on the draft agenda")
    services.work_programme_item_add_to_agenda(item=on_draft, user=officer)
    # A binned exempt item stays exempt: it can be restored.
    exempt = AgendaItemFactory(
        meeting=published, title="Exempt", is_exempt=True, exempt_paragraph=3
    )
    exempt.mark_deleted(officer)
    exempt.save()
    planned(committee, title="E exempt", meeting=published, agenda_item=exempt)

    listed = client.get(domestic_abuse.get_absolute_url()).content.decode()
    order = [listed.index(title) for title in ["B in February", "D in April", "A undated"]]
    assert order == sorted(order)
    assert listed.index("A undated") < listed.index("C on the draft agenda")
    assert "on the agenda" not in listed
    programme = client.get(reverse("meetings:work_programme", args=[committee.slug]))
    page = programme.content.decode()
    assert "On the agenda" not in page
    assert "E exempt" not in page
    assert "deleted items" not in page

    client.force_login(officer)
    page = client.get(reverse("meetings:work_programme", args=[committee.slug])).content
    assert "On the agenda as" in page.decode()
