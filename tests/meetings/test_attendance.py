"""Who attended a held meeting, the quorum, and the interests members declared."""

import datetime

import pytest
from django.urls import reverse

from meetings.attendance import (
    attendance_add,
    attendance_record,
    attendance_remove,
    attendance_sheet,
    members_on,
)
from meetings.models import Attendance, CommitteeMember, Declaration, Meeting
from scrutiny.kernel.errors import ServiceError
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CouncillorFactory,
    DeclarationFactory,
    MeetingFactory,
    OfficerFactory,
    committee_with_members,
)

pytestmark = pytest.mark.django_db

date = datetime.date


@pytest.fixture
def held():
    """A held meeting of a committee of ten, with two agenda items."""
    committee, people = committee_with_members(10)
    meeting = MeetingFactory(committee=committee, date=date(2019, 3, 5), status="held")
    AgendaItemFactory(meeting=meeting, number=1, title="Apologies for Absence")
    AgendaItemFactory(meeting=meeting, number=2, title="Community Safety Partnership Plan")
    return meeting, people


def members_form(people, statuses: dict[int, str]) -> dict:
    """The attendance form's values: everyone present but those named by position."""
    return {f"member_{p.pk}": statuses.get(i, "present") for i, p in enumerate(people)}


def test_the_members_on_the_day_are_listed_by_their_memberships_dates(held):
    meeting, people = held
    CommitteeMember.objects.filter(person=people[9]).update(end_date=date(2019, 1, 31))
    CommitteeMember.objects.filter(person=people[8]).update(start_date=date(2019, 5, 20))
    substitute = CouncillorFactory()
    CommitteeMember.objects.create(
        committee=meeting.committee, person=substitute, role=CommitteeMember.Role.SUBSTITUTE
    )
    listed = [seat.person for seat in members_on(meeting.committee_id, meeting.date)]
    assert listed[:2] == people[:2]
    assert set(listed) == set(people[:8])


def test_an_officer_records_apologies_a_substitute_an_absence_and_an_invited_cabinet_member(
    client, officer, held
):
    meeting, people = held
    cabinet = CouncillorFactory(name="Cllr Cabinet", title="Cabinet Member for Community Safety")
    substitute = CouncillorFactory(name="Cllr Standing In")
    partner = OfficerFactory(name="Inspector Partner", agency=None)
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[meeting.pk])
    page = client.get(url).content.decode()
    # One form, one set of radios a member.
    assert page.count('value="apologies"') == 10
    response = client.post(url, members_form(people, {3: "apologies", 4: "absent"}))
    assert response.status_code == 302
    add = reverse("meetings:attendee_add", args=[meeting.pk])
    response = client.post(
        add, {"role": "substitute", "person": substitute.pk, "substitute_for": people[3].pk}
    )
    assert response.status_code == 302, response.content.decode()
    response = client.post(add, {"role": "invited", "person": cabinet.pk, "note": "For item 2"})
    assert response.status_code == 302
    response = client.post(add, {"role": "officer", "person": partner.pk})
    assert response.status_code == 302

    sheet = attendance_sheet(meeting)
    assert [row.person for row in sheet.apologies] == [people[3]]
    assert [row.person for row in sheet.absent] == [people[4]]
    assert [(row.person, row.substitute_for) for row in sheet.substitutes] == [
        (substitute, people[3])
    ]
    assert [row.person for row in sheet.invited] == [cabinet]
    # Eight members and the substitute may vote; the invited councillor may not.
    assert sheet.voting_present == meeting.voting_members_present() == 9
    assert not sheet.below_quorum

    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a class="govuk-link" href="{cabinet.get_absolute_url()}">Cllr Cabinet</a>' in page
    assert "Cllr Standing In</a> (for " in page
    assert "Apologies" in page and "Invited councillors" in page
    assert "9 voting members present; the quorum is 3." in page


def test_a_substitute_stands_in_only_for_a_member_who_sent_apologies(officer, held):
    meeting, people = held
    attendance_record(
        meeting=meeting, user=officer, statuses={people[2]: "present", people[3]: "absent"}
    )
    substitute = CouncillorFactory()
    for member in (people[2], people[3]):
        with pytest.raises(ServiceError, match="not recorded as sending apologies"):
            attendance_add(
                meeting=meeting,
                user=officer,
                person=substitute,
                role="substitute",
                substitute_for=member,
            )
    with pytest.raises(ServiceError, match="was a member of the committee on the day"):
        attendance_add(meeting=meeting, user=officer, person=people[5], role="visiting")
    attendance_record(meeting=meeting, user=officer, statuses={people[3]: "apologies"})
    row = attendance_add(
        meeting=meeting,
        user=officer,
        person=substitute,
        role="substitute",
        substitute_for=people[3],
    )
    # The member's apologies stand while the substitute is listed.
    with pytest.raises(ServiceError, match="remove the substitute"):
        attendance_record(meeting=meeting, user=officer, statuses={people[3]: "present"})
    with pytest.raises(ServiceError, match="remove the substitute first"):
        attendance_remove(attendance=meeting.attendance.get(person=people[3]), user=officer)
    attendance_remove(attendance=row, user=officer)
    attendance_record(meeting=meeting, user=officer, statuses={people[3]: "present"})


def test_attendance_waits_for_the_meeting_to_be_held(client, officer, held):
    meeting, people = held
    Meeting.objects.filter(pk=meeting.pk).update(status="published")
    with pytest.raises(ServiceError, match="mark it as held first"):
        attendance_record(meeting=meeting, user=officer, statuses={people[0]: "present"})
    client.force_login(officer)
    response = client.get(reverse("meetings:attendance", args=[meeting.pk]), follow=True)
    assert "mark it as held first" in response.content.decode()


def test_the_meeting_page_says_when_the_voting_members_present_are_below_quorum(
    client, officer, held, django_capture_on_commit_callbacks
):
    meeting, people = held
    meeting.committee.quorum = 6
    meeting.committee.save()
    attendance_record(
        meeting=meeting,
        user=officer,
        statuses={p: ("present" if i < 5 else "apologies") for i, p in enumerate(people)},
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Not quorate: 5 voting members present, below the quorum of 6." in page
    # The page kept in the cache is retired once the change commits.
    with django_capture_on_commit_callbacks(execute=True):
        attendance_add(
            meeting=meeting,
            user=officer,
            person=CouncillorFactory(),
            role="substitute",
            substitute_for=people[7],
        )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Not quorate" not in page
    assert "6 voting members present; the quorum is 6." in page


def test_a_declaration_is_recorded_once_a_kind_and_a_second_is_kindly_refused(
    client, officer, held
):
    meeting, people = held
    item = meeting.agenda_items.get(number=2)
    AttendanceFactory(meeting=meeting, person=people[2])
    client.force_login(officer)
    url = reverse("meetings:declaration_create", args=[meeting.pk])
    data = {
        "agenda_item": item.pk,
        "person": people[2].pk,
        "kind": "pecuniary",
        "nature": "My spouse runs a security firm bidding for CCTV work.",
        "left_room": "on",
    }
    assert client.post(url, data).status_code == 302
    declaration = Declaration.objects.get()
    assert declaration.left_room and declaration.bars_voting
    response = client.post(url, {**data, "nature": "Again"})
    assert response.status_code == 200
    assert (
        "This member has already declared an interest of this kind on this item: edit that "
        "declaration." in response.content.decode()
    )
    # Another kind on the same item is a second declaration.
    assert client.post(url, {**data, "kind": "lobbying"}).status_code == 302
    page = client.get(reverse("meetings:declarations", args=[meeting.pk])).content.decode()
    assert "Disclosable pecuniary interest" in page.replace("disclosable", "Disclosable")
    update = reverse("meetings:declaration_update", args=[declaration.pk])
    form = client.get(update).context["form"]
    response = client.post(
        update,
        {**data, "dispensation": "on", "edit_token": form["edit_token"].value()},
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.dispensation and not declaration.bars_voting
    client.post(reverse("meetings:declaration_delete", args=[declaration.pk]))
    assert Declaration.objects.count() == 1


def test_only_a_councillor_present_can_declare(client, officer, held):
    meeting, people = held
    AttendanceFactory(meeting=meeting, person=people[2], status="apologies")
    client.force_login(officer)
    response = client.post(
        reverse("meetings:declaration_create", args=[meeting.pk]),
        {
            "agenda_item": meeting.agenda_items.first().pk,
            "person": people[2].pk,
            "kind": "other",
            "nature": "A school governor.",
        },
    )
    assert response.status_code == 200
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "councillor"])
def test_the_public_and_councillors_cannot_reach_the_officer_pages(client, held, who, request):
    meeting, people = held
    if who == "councillor":
        client.force_login(request.getfixturevalue("councillor"))
    row = AttendanceFactory(meeting=meeting, person=people[0])
    declaration = DeclarationFactory(agenda_item=meeting.agenda_items.first(), person=people[0])
    urls = [
        reverse(name, args=[meeting.pk])
        for name in (
            "meetings:meeting_mark_held",
            "meetings:meeting_cancel",
            "meetings:meeting_postpone",
            "meetings:attendance",
            "meetings:attendee_add",
            "meetings:declarations",
            "meetings:declaration_create",
        )
    ]
    urls += [
        reverse("meetings:declaration_update", args=[declaration.pk]),
        reverse("meetings:declaration_delete", args=[declaration.pk]),
    ]
    expected = 302 if who == "anonymous" else 403
    for url in urls:
        assert client.get(url).status_code == expected, url
        assert client.post(url, {}).status_code == expected, url
    assert client.post(reverse("meetings:attendance_remove", args=[row.pk])).status_code == (
        expected
    )
    assert Attendance.objects.filter(pk=row.pk).exists()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:attendance", args=[meeting.pk]) not in page


def test_visitors_officers_and_partners_are_listed_in_their_own_capacity(client, officer, held):
    meeting, _people = held
    police = AgencyFactory(name="Kent Police")
    inspector = OfficerFactory(name="Insp. Partner", agency=police)
    manager = OfficerFactory(name="A. Manager")
    visitor = CouncillorFactory(name="Cllr Visitor")
    with pytest.raises(ServiceError, match="is a councillor"):
        attendance_add(meeting=meeting, user=officer, person=visitor, role="officer")
    with pytest.raises(ServiceError, match="is not a councillor"):
        attendance_add(meeting=meeting, user=officer, person=manager, role="invited")
    with pytest.raises(ServiceError, match="works for no partner agency"):
        attendance_add(meeting=meeting, user=officer, person=manager, role="partner")
    attendance_add(meeting=meeting, user=officer, person=inspector, role="partner")
    attendance_add(meeting=meeting, user=officer, person=manager, role="officer")
    attendance_add(meeting=meeting, user=officer, person=visitor, role="visiting")
    with pytest.raises(ServiceError, match="already on the meeting's attendance list"):
        attendance_add(meeting=meeting, user=officer, person=visitor, role="invited")
    sheet = attendance_sheet(meeting)
    assert [row.person for row in sheet.partners] == [inspector]
    assert [row.person for row in sheet.officers] == [manager]
    assert [row.person for row in sheet.visiting] == [visitor]
    # None of them votes.
    assert sheet.voting_present == 0
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Insp. Partner</a>, Kent Police" in page
    assert "Partner representatives" in page and "Visiting members" in page
