"""Officers create partnerships, not only edit them, and keep the agency contact the
committee's letters are addressed to."""

import pytest
from django.urls import reverse

from meetings.documents import chaser_document, letter_document
from meetings.models import RecommendationLetter
from partnership.models import Agency, Partnership
from scrutiny.kernel.dates import today
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_an_officer_creates_a_partnership_and_finds_it_in_the_list(officer_client):
    response = officer_client.post(
        reverse("partnership:partnership_create"),
        {"name": "Safer Ashford Partnership", "slug": "safer-ashford", "area": "Ashford"},
    )
    partnership = Partnership.objects.get()
    assert response.url == partnership.get_absolute_url()
    assert partnership.history.get().history_user.username == "officer"
    listed = officer_client.get(reverse("partnership:partnership_list")).content.decode()
    assert "Safer Ashford Partnership" in listed
    assert reverse("partnership:partnership_create") in listed


def test_the_list_says_when_there_are_none(officer_client):
    page = officer_client.get(reverse("partnership:partnership_list")).content.decode()
    assert "No partnerships yet" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "slug": "x", "area": "A"}, "Enter name"),
        ({"name": "Safer Town", "slug": "not a slug!", "area": "A"}, "Enter a valid"),
        ({"name": "Taken", "slug": "taken", "area": "A"}, "already exists"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(officer_client, data, message):
    PartnershipFactory(name="Taken", slug="taken")
    response = officer_client.post(reverse("partnership:partnership_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert Partnership.objects.count() == 1


@pytest.mark.parametrize("name", ["partnership:partnership_list", "partnership:partnership_create"])
def test_councillors_and_the_public_get_no_set_up_page(client, councillor, name):
    assert client.get(reverse(name)).status_code in (302, 403, 404)
    client.post(reverse(name), {"name": "X", "slug": "x", "area": "X"})
    client.force_login(councillor)
    assert client.get(reverse(name)).status_code in (403, 404)
    client.post(reverse(name), {"name": "X", "slug": "x", "area": "X"})
    assert not Partnership.objects.exists()


def test_letters_and_reminders_are_addressed_to_the_agencys_contact(officer_client):
    agency = MembershipFactory(agency__name="Kent Police").agency
    response = officer_client.post(
        reverse("partnership:agency_update", args=[agency.pk]),
        {
            "name": "Kent Police",
            "standing": "responsible_authority",
            "sector": "police",
            "contact_name": "Jane Smith",
            "contact_job_title": "Chief Inspector",
            "postal_address": "Palace Avenue\r\n\r\nMaidstone\r\nME15 6NF",
            "edit_token": agency.history.latest().history_id,
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(pk=agency.pk)
    assert agency.postal_address_lines == ["Palace Avenue", "Maidstone", "ME15 6NF"]
    meeting = MeetingFactory()
    letter = RecommendationLetter.objects.create(
        meeting=meeting, addressee=agency, reference="CDC/2018/1"
    )
    expected = (
        "Jane Smith, Chief Inspector<br>Kent Police<br>Palace Avenue<br>Maidstone<br>ME15 6NF"
    )
    assert expected in letter_document(letter).html
    chaser = chaser_document(letter, [RecommendationFactory(meeting=meeting)], today())
    assert expected in chaser.html


def test_a_letter_to_an_agency_without_a_contact_names_the_agency(officer_client):
    agency = MembershipFactory(agency__name="Golding Homes").agency
    letter = RecommendationLetter.objects.create(
        meeting=MeetingFactory(), addressee=agency, reference="CDC/2018/2"
    )
    assert "<dd>Golding Homes</dd>" in letter_document(letter).html


def test_the_agency_page_shows_its_letters_contact_to_officers_only(client, officer):
    agency = MembershipFactory(
        agency__name="Kent Police",
        agency__contact_name="Jane Smith",
        agency__postal_address="Palace Avenue\nMaidstone",
    ).agency
    assert "Jane Smith" not in client.get(agency.get_absolute_url()).content.decode()
    client.force_login(officer)
    page = client.get(agency.get_absolute_url()).content.decode()
    assert "Jane Smith<br>Kent Police<br>Palace Avenue<br>Maidstone" in page


def test_the_partnership_page_leads_officers_to_every_partnership(officer_client):
    partnership = PartnershipFactory()
    page = officer_client.get(partnership.get_absolute_url()).content.decode()
    assert reverse("partnership:partnership_list") in page
