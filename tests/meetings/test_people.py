"""People: councillors and officers as one record, their set-up pages, committee
memberships (one chair at a time), presenters and report introducers."""

import datetime
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from meetings import services
from meetings.models import CommitteeMember, Person, Presenter, Report
from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    CouncillorFactory,
    MembershipFactory,
    OfficerFactory,
    PartnershipFactory,
)
from tests.helpers import download, read_pdf, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def demo_report(meeting) -> Report:
    return Report.objects.get(agenda_item__meeting=meeting)


def demo_presentation(meeting):
    return meeting.agenda_items.filter(presentation__isnull=False).first().presentation


# The migration ---------------------------------------------------------------------------

# The partnership app as it is now: going back in the meetings app leaves it there.
PARTNERSHIP_NOW = ("partnership", "0003_priorities_in_order")
BEFORE = [("meetings", "0020_person_fields"), PARTNERSHIP_NOW]
AFTER = [("meetings", "0022_people_replace_names"), PARTNERSHIP_NOW]


@pytest.mark.django_db(transaction=True)
def test_officer_rows_and_member_and_presenter_names_become_people():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    partnership = old.get_model("partnership", "Partnership").objects.create(
        name="Safer Town", slug="safer-town"
    )
    police = old.get_model("partnership", "Agency").objects.create(
        name="Town Police", standing="responsible_authority"
    )
    committee = old.get_model("meetings", "Committee").objects.create(
        name="Scrutiny", slug="scrutiny", partnership=partnership
    )
    old_person = old.get_model("meetings", "Person")
    author = old_person.objects.create(name="Pat Author", job_title="Manager")
    member = old.get_model("meetings", "CommitteeMember")
    member.objects.create(
        committee=committee, name="Ann Chair", role="chair", political_group="Green"
    )
    member.objects.create(committee=committee, name="Bob Member")
    other = old.get_model("meetings", "Committee").objects.create(name="Other", slug="other")
    member.objects.create(committee=other, name="Ann Chair")
    meeting = old.get_model("meetings", "Meeting").objects.create(
        committee=committee, date=datetime.date(2018, 9, 25)
    )
    item = old.get_model("meetings", "AgendaItem").objects.create(
        meeting=meeting, number=1, title="Talk", kind="presentation"
    )
    presentation = old.get_model("meetings", "Presentation").objects.create(
        agenda_item=item, topic="Talk"
    )
    presenter = old.get_model("meetings", "Presenter")
    for position, name in enumerate(["Insp Quill", "Pat Author"], 1):
        presenter.objects.create(
            presentation=presentation, position=position, name=name, agency=police
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    people = new.get_model("meetings", "Person").objects
    # The officer row is the same row, now an officer person.
    assert people.get(pk=author.pk).kind == "officer"
    # One councillor per name, deduplicated across committees; the party came along.
    ann = people.get(name="Ann Chair")
    assert (ann.kind, ann.party) == ("councillor", "Green")
    memberships = new.get_model("meetings", "CommitteeMember").objects
    assert set(memberships.values_list("person__name", flat=True)) == {"Ann Chair", "Bob Member"}
    assert memberships.filter(person=ann).count() == 2
    # Presenters point to officers of their agency; the author presenting is the author.
    presenters = new.get_model("meetings", "Presenter").objects.order_by("position")
    assert [(p.person.name, p.person.kind) for p in presenters] == [
        ("Insp Quill", "officer"),
        ("Pat Author", "officer"),
    ]
    assert presenters[1].person_id == author.pk
    assert people.get(name="Insp Quill").agency_id == police.pk
    # And back again: the names return.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps
    assert set(
        back.get_model("meetings", "CommitteeMember").objects.values_list("name", flat=True)
    ) == {"Ann Chair", "Bob Member"}
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


# The person record -----------------------------------------------------------------------


def test_a_councillor_has_no_agency_and_an_officer_no_party():
    agency = AgencyFactory()
    with pytest.raises(Exception, match="agency"):
        Person(kind=Person.Kind.COUNCILLOR, name="A", agency=agency).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(kind=Person.Kind.COUNCILLOR, name="A", agency=agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(kind=Person.Kind.OFFICER, name="B", party="Green")


def test_the_old_officer_address_moves_permanently_to_the_person_page(client, demo_meeting):
    author = demo_report(demo_meeting).author
    response = client.get(f"/officers/{author.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/people/{author.pk}/"
    page = client.get(response["Location"])
    assert "Matt Roberts" in page.content.decode()


# Set-up pages ----------------------------------------------------------------------------


def test_the_people_list_filters_by_kind(officer_client):
    CouncillorFactory(name="Cllr Green")
    OfficerFactory(name="Ms Officer")
    everyone = officer_client.get(reverse("meetings:people")).content.decode()
    assert "Cllr Green" in everyone and "Ms Officer" in everyone
    councillors = officer_client.get(reverse("meetings:people"), {"kind": "councillor"})
    assert "Cllr Green" in councillors.content.decode()
    assert "Ms Officer" not in councillors.content.decode()


def test_an_officer_adds_and_edits_a_person(officer_client):
    response = officer_client.post(
        reverse("meetings:person_create"),
        {"kind": "councillor", "name": "Jo Bloggs", "party": "Independent", "ward": "High St"},
    )
    person = Person.objects.get(name="Jo Bloggs")
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    response = officer_client.post(
        reverse("meetings:person_update", args=[person.pk]),
        {
            "kind": "councillor",
            "name": "Jo Bloggs",
            "title": "Cabinet Member for Community Safety",
            "party": "Independent",
            "edit_token": officer_client.get(reverse("meetings:person_update", args=[person.pk]))
            .context["form"]["edit_token"]
            .value(),
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "Cabinet Member for Community Safety"
    assert person.history.count() == 2


def test_a_councillor_with_a_job_title_is_refused_and_nothing_saved(officer_client):
    response = officer_client.post(
        reverse("meetings:person_create"),
        {"kind": "councillor", "name": "Jo Bloggs", "job_title": "Manager"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Person.objects.exists()


def test_a_person_still_named_is_not_deleted_and_says_why(officer_client):
    member = CommitteeMemberFactory(person__name="Ann Chair")
    response = officer_client.post(
        reverse("meetings:person_delete", args=[member.person.pk]), follow=True
    )
    assert "cannot be deleted while they are a member of" in response.content.decode()
    assert not Person.objects.get(pk=member.person.pk).is_deleted


def test_a_person_named_nowhere_goes_to_the_bin_and_comes_back(officer_client):
    person = CouncillorFactory(name="Gone Soon")
    officer_client.post(reverse("meetings:person_delete", args=[person.pk]))
    assert not Person.objects.filter(pk=person.pk).exists()
    bin_page = officer_client.get(reverse("meetings:deleted_items")).content.decode()
    assert "Gone Soon" in bin_page
    response = officer_client.post(reverse("meetings:restore", args=["person", person.pk]))
    assert response["Location"] == person.get_absolute_url()
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_person_page_links_to_their_roles(client, demo_meeting):
    chair = CommitteeMemberFactory(
        committee=demo_meeting.committee, person__name="Ann Chair", role="chair"
    )
    report = demo_report(demo_meeting)
    report.introduced_by = chair.person
    report.save()
    page = client.get(chair.person.get_absolute_url()).content.decode()
    assert demo_meeting.committee.get_absolute_url() in page
    assert report.get_absolute_url() in page
    presenter = demo_presentation(demo_meeting).presenters.first()
    page = client.get(presenter.person.get_absolute_url()).content.decode()
    assert presenter.presentation.get_absolute_url() in page


# Memberships -----------------------------------------------------------------------------


def member_data(**values):
    return {"role": "member", **values}


def test_a_committee_of_six_takes_six_posts(officer_client):
    committee = CommitteeFactory()
    url = reverse("meetings:member_create", args=[committee.slug])
    roles = ["chair", "vice_chair", "member", "member", "member", "member"]
    for number, role in enumerate(roles):
        response = officer_client.post(url, member_data(new_name=f"Cllr {number}", role=role))
        assert response.status_code == 302, response.content.decode()
    members = committee.members.order_by("person__name")
    assert [m.person.name for m in members] == [f"Cllr {n}" for n in range(6)]
    assert {m.person.kind for m in members} == {"councillor"}
    page = officer_client.get(committee.get_absolute_url()).content.decode()
    assert "Cllr 5" in page


def test_an_existing_person_is_chosen_rather_than_typed(officer_client):
    committee = CommitteeFactory()
    councillor = CouncillorFactory()
    officer_client.post(
        reverse("meetings:member_create", args=[committee.slug]),
        member_data(person=councillor.pk),
    )
    assert committee.members.get().person == councillor
    assert Person.objects.count() == 1


def test_choosing_and_typing_a_person_at_once_is_refused(officer_client):
    committee = CommitteeFactory()
    councillor = CouncillorFactory()
    response = officer_client.post(
        reverse("meetings:member_create", args=[committee.slug]),
        member_data(person=councillor.pk, new_name="Someone Else"),
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not committee.members.exists()
    assert Person.objects.count() == 1


def test_a_second_chair_is_refused_and_no_person_is_made(officer_client):
    chair = CommitteeMemberFactory(role="chair")
    response = officer_client.post(
        reverse("meetings:member_create", args=[chair.committee.slug]),
        member_data(new_name="Would-be Chair", role="chair"),
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert f"{chair.person.name} is chair" in page
    assert chair.committee.members.count() == 1
    assert not Person.objects.filter(name="Would-be Chair").exists()


def test_the_database_refuses_two_current_chairs():
    chair = CommitteeMemberFactory(role="chair")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMember.objects.create(
            committee=chair.committee, person=CouncillorFactory(), role="chair"
        )


def test_a_chair_follows_one_whose_membership_ended(officer_client, officer):
    chair = CommitteeMemberFactory(role="chair", start_date=datetime.date(2018, 5, 1))
    edit = reverse("meetings:member_update", args=[chair.pk])
    token = officer_client.get(edit).context["form"]["edit_token"].value()
    response = officer_client.post(
        edit,
        {
            "person": chair.person.pk,
            "role": "chair",
            "start_date_0": "1",
            "start_date_1": "5",
            "start_date_2": "2018",
            "end_date_0": "30",
            "end_date_1": "4",
            "end_date_2": "2019",
            "edit_token": token,
        },
    )
    assert response.status_code == 302, response.content.decode()
    response = officer_client.post(
        reverse("meetings:member_create", args=[chair.committee.slug]),
        {
            "new_name": "New Chair",
            "role": "chair",
            "start_date_0": "1",
            "start_date_1": "5",
            "start_date_2": "2019",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert chair.committee.members.filter(role="chair").count() == 2


def test_a_membership_goes_to_the_bin_and_comes_back(officer_client):
    member = CommitteeMemberFactory()
    officer_client.post(reverse("meetings:member_delete", args=[member.pk]))
    assert not member.committee.members.exists()
    officer_client.post(reverse("meetings:restore", args=["membership", member.pk]))
    assert member.committee.members.get() == member


def test_a_chair_in_the_bin_is_not_restored_over_a_new_chair(officer_client, officer):
    old = CommitteeMemberFactory(role="chair")
    services.record_delete(record=old, user=officer)
    CommitteeMemberFactory(committee=old.committee, role="chair")
    response = officer_client.post(
        reverse("meetings:restore", args=["membership", old.pk]), follow=True
    )
    assert "cannot be restored" in response.content.decode()
    assert CommitteeMember.all_objects.get(pk=old.pk).is_deleted


# Presenters ------------------------------------------------------------------------------


def test_a_councillor_presents_for_no_agency(officer_client, demo_meeting):
    presentation = demo_presentation(demo_meeting)
    cabinet = CouncillorFactory(name="Cllr Cabinet", title="Cabinet Member for Community Safety")
    response = officer_client.post(
        reverse("meetings:presenter_create", args=[presentation.pk]),
        {"person": cabinet.pk, "role": "Cabinet Member"},
    )
    assert response.status_code == 302, response.content.decode()
    presenter = presentation.presenters.get(person=cabinet)
    assert presenter.agency is None
    page = officer_client.get(presentation.get_absolute_url()).content.decode()
    assert "Councillor Cllr Cabinet" in page


def test_a_councillor_presenting_for_an_agency_is_refused(officer_client, demo_meeting):
    presentation = demo_presentation(demo_meeting)
    agency = demo_meeting.committee.partnership.memberships.first().agency
    before = presentation.presenters.count()
    response = officer_client.post(
        reverse("meetings:presenter_create", args=[presentation.pk]),
        {"person": CouncillorFactory().pk, "role": "", "agency": agency.pk},
    )
    assert "govuk-error-summary" in response.content.decode()
    assert presentation.presenters.count() == before


def test_a_new_officer_typed_in_the_presenter_form_is_made_in_the_same_post(
    officer_client, demo_meeting
):
    presentation = demo_presentation(demo_meeting)
    agency = demo_meeting.committee.partnership.memberships.first().agency
    response = officer_client.post(
        reverse("meetings:presenter_create", args=[presentation.pk]),
        {
            "new_name": "Sgt New",
            "new_kind": "officer",
            "new_job_title": "Neighbourhood Sergeant",
            "role": "Sergeant",
            "agency": agency.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    person = Person.objects.get(name="Sgt New")
    assert (person.kind, person.job_title, person.agency) == (
        "officer",
        "Neighbourhood Sergeant",
        agency,
    )
    assert presentation.presenters.get(person=person).agency == agency


def test_an_officer_presenter_without_an_agency_takes_their_own(officer_client, demo_meeting):
    presentation = demo_presentation(demo_meeting)
    agency = demo_meeting.committee.partnership.memberships.first().agency
    known = OfficerFactory(agency=agency)
    officer_client.post(
        reverse("meetings:presenter_create", args=[presentation.pk]),
        {"person": known.pk, "role": "Analyst"},
    )
    assert presentation.presenters.get(person=known).agency == agency
    nobody = OfficerFactory()
    response = officer_client.post(
        reverse("meetings:presenter_create", args=[presentation.pk]),
        {"person": nobody.pk, "role": "Analyst"},
    )
    assert "Choose the agency this officer presents for" in response.content.decode()
    assert not Presenter.objects.filter(person=nobody).exists()


def test_the_presenter_form_offers_only_the_partnership_agencies_and_their_people(
    officer_client, demo_meeting
):
    elsewhere = AgencyFactory(name="Elsewhere Constabulary")
    MembershipFactory(partnership=PartnershipFactory(), agency=elsewhere)
    OfficerFactory(name="Elsewhere Officer", agency=elsewhere)
    presentation = demo_presentation(demo_meeting)
    form = officer_client.get(reverse("meetings:presenter_create", args=[presentation.pk])).context[
        "form"
    ]
    assert elsewhere not in form.fields["agency"].queryset
    assert not form.fields["person"].queryset.filter(name="Elsewhere Officer").exists()
    own = demo_meeting.committee.partnership.memberships.first().agency
    assert own in form.fields["agency"].queryset


def test_a_presenter_is_edited_to_another_person(officer_client, demo_meeting):
    presenter = demo_presentation(demo_meeting).presenters.first()
    edit = reverse("meetings:presenter_update", args=[presenter.pk])
    token = officer_client.get(edit).context["form"]["edit_token"].value()
    response = officer_client.post(
        edit,
        {"new_name": "Cllr Typed", "new_kind": "councillor", "role": "Lead", "edit_token": token},
    )
    assert response.status_code == 302, response.content.decode()
    presenter.refresh_from_db()
    assert (presenter.person.name, presenter.person.kind, presenter.agency) == (
        "Cllr Typed",
        "councillor",
        None,
    )


# Introducers -----------------------------------------------------------------------------


def test_the_introducer_is_shown_on_the_report_page_and_pdf(officer_client, client, demo_meeting):
    report = demo_report(demo_meeting)
    cabinet = CouncillorFactory(name="Jane Smith", title="Cabinet Member for Community Safety")
    edit = reverse("meetings:report_update", args=[report.pk])
    token = officer_client.get(edit).context["form"]["edit_token"].value()
    response = officer_client.post(
        edit,
        {
            "title": report.title,
            "author": report.author.pk,
            "introduced_by": cabinet.pk,
            "summary": report.summary,
            "edit_token": token,
        },
    )
    assert response.status_code == 302, response.content.decode()
    expected = "Introduced by: Councillor Jane Smith, Cabinet Member for Community Safety"
    page = client.get(report.get_absolute_url()).content.decode()
    assert squash(expected) in squash(re.sub(r"<[^>]+>", "", page))
    pdf = read_pdf(download(client, reverse("meetings:report_pdf", args=[report.pk])))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert squash(expected) in squash(text)


def test_only_a_councillor_introduces_and_only_an_officer_writes(officer_client, demo_meeting):
    report = demo_report(demo_meeting)
    form = officer_client.get(reverse("meetings:report_update", args=[report.pk])).context["form"]
    assert set(form.fields["author"].queryset.values_list("kind", flat=True)) == {"officer"}
    CouncillorFactory()
    assert set(form.fields["introduced_by"].queryset.values_list("kind", flat=True)) == {
        "councillor"
    }


def test_the_form_refuses_a_second_current_chair_chosen_from_the_list(officer_client):
    chair = CommitteeMemberFactory(role="chair")
    other = CouncillorFactory()
    response = officer_client.post(
        reverse("meetings:member_create", args=[chair.committee.slug]),
        member_data(person=other.pk, role="chair"),
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not other.memberships.exists()


def test_a_name_typed_again_is_the_person_already_entered(officer_client, demo_meeting):
    presentation = demo_presentation(demo_meeting)
    known = presentation.presenters.first()
    people = Person.objects.count()
    response = officer_client.post(
        reverse("meetings:presenter_create", args=[presentation.pk]),
        {"new_name": known.person.name, "new_kind": "officer", "role": "Again"},
    )
    assert response.status_code == 302, response.content.decode()
    assert Person.objects.count() == people
    assert presentation.presenters.filter(person=known.person, role="Again").exists()


def test_letters_are_signed_by_the_chair_serving_on_the_meeting_date(demo_meeting):
    committee = demo_meeting.committee
    CommitteeMemberFactory(
        committee=committee,
        person__name="Former Chair",
        role="chair",
        end_date=demo_meeting.date - datetime.timedelta(days=30),
    )
    CommitteeMemberFactory(
        committee=committee,
        person__name="Serving Chair",
        role="chair",
        start_date=demo_meeting.date - datetime.timedelta(days=29),
    )
    assert services._signatory(demo_meeting).startswith("Serving Chair, Chair")
