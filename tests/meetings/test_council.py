"""The council is a record its officers set up: every page, document and letter names it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from meetings.letter_records import render_letter_record
from meetings.models import Committee, Meeting, Recommendation
from scrutiny.kernel.council import Council
from scrutiny.kernel.updates import edit_token
from tests.factories import MembershipFactory
from tests.helpers import download, read_pdf, squash

pytestmark = pytest.mark.django_db

NAME = "Borsetshire County Council"


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def _council_data(**overrides):
    return {
        "name": NAME,
        "address": "County Hall\nBorchester",
        "email": "scrutiny@borsetshire.example",
        "phone": "01632 960000",
        "footer_text": "Borsetshire County Council, County Hall, Borchester.",
        "edit_token": edit_token(Council.current()),
        **overrides,
    }


def _pdf_text(response) -> str:
    return squash(" ".join(page.extract_text() for page in read_pdf(response).pages))


def test_the_first_council_is_named_by_the_setting_and_the_page_is_the_source_after(
    officer_client, settings
):
    settings.COUNCIL_NAME = "Ambridge District Council"
    assert Council.current().name == "Ambridge District Council"
    response = officer_client.post(reverse("meetings:council_update"), _council_data())
    assert response.status_code == 302
    settings.COUNCIL_NAME = "Somewhere Else Council"
    assert Council.current().name == NAME
    assert Council.objects.count() == 1
    home = Client().get(reverse("meetings:home")).content.decode()
    assert f"{NAME}</title>" in home
    assert "Borsetshire County Council, County Hall, Borchester." in home
    assert "scrutiny@borsetshire.example" in home
    assert "Maidstone" not in home
    assert Council.history.count() == 2


def test_a_png_logo_is_cleaned_and_served_and_anything_else_refused(officer_client):
    image = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(image, format="PNG")
    officer_client.post(
        reverse("meetings:council_update"),
        {**_council_data(), "logo": SimpleUploadedFile("logo.png", image.getvalue())},
    )
    logo = Client().get(reverse("meetings:council_logo"))
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(logo.getvalue())).size == (40, 20)
    assert reverse("meetings:council_logo") in Client().get("/").content.decode()
    refused = officer_client.post(
        reverse("meetings:council_update"),
        {**_council_data(name="Changed"), "logo": SimpleUploadedFile("logo.png", b"GIF89a")},
    )
    assert "The file must be a PNG image" in refused.content.decode()
    assert Council.current().name == NAME
    officer_client.post(
        reverse("meetings:council_update"), {**_council_data(), "remove_logo": "on"}
    )
    assert Client().get(reverse("meetings:council_logo")).status_code == 404


def test_the_agenda_pack_and_letters_of_a_new_council_name_it_and_never_maidstone(
    officer_client, settings, tmp_path
):
    """From an empty database: the council, a committee and a meeting set up through the
    officer pages, published, a recommendation sent; every document names the council."""
    settings.MEDIA_ROOT = tmp_path
    officer_client.post(reverse("meetings:council_update"), _council_data())
    membership = MembershipFactory(agency__name="Borsetshire Constabulary")
    officer_client.post(
        reverse("meetings:committee_create"),
        {
            "name": "Overview and Scrutiny Board",
            "crime_and_disorder": "on",
            "acting_as": "Crime and Disorder Committee",
            "usual_venue": "County Hall, Borchester",
            "usual_start_time": "10:00",
            "partnership": membership.partnership.pk,
        },
    )
    committee = Committee.objects.get()
    # Held ten days ago: its recommendations can be sent today.
    day = datetime.date.today() - datetime.timedelta(days=10)
    officer_client.post(
        reverse("meetings:meeting_create"),
        {
            "committee": committee.pk,
            "date_0": day.day,
            "date_1": day.month,
            "date_2": day.year,
            "start_time": "10:00",
            "venue": "County Hall, Borchester",
        },
    )
    meeting = Meeting.objects.get()
    assert meeting.agenda_items.count() == 6
    officer_client.post(reverse("meetings:meeting_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.is_public
    recommendation = Recommendation.objects.create(
        meeting=meeting, position=1, text="Publish the burglary figures.", status="agreed"
    )
    recommendation.addressee_agencies.set([membership.agency])
    issued = officer_client.post(reverse("meetings:letters_issue", args=[meeting.pk]), follow=True)
    assert "1 letters have been issued." in issued.content.decode()
    letter = meeting.letters.get()
    render_letter_record.call(letter.pk)

    documents = {
        "agenda": download(Client(), reverse("meetings:agenda_pdf", args=[meeting.pk])),
        "pack": download(Client(), reverse("meetings:pack_pdf", args=[meeting.pk])),
        "letter": officer_client.get(reverse("meetings:letter_pdf", args=[letter.pk])),
    }
    for name, response in documents.items():
        text = _pdf_text(response)
        assert NAME in text, name
        assert "acting as the Crime and Disorder Committee" in text, name
        assert "Maidstone" not in text, name
    letter_text = _pdf_text(documents["letter"])
    assert "County Hall Borchester" in letter_text
    assert "scrutiny@borsetshire.example, 01632 960000" in letter_text
    feed = Client().get(reverse("meetings:agendas_feed")).content.decode()
    assert NAME in feed and "Maidstone" not in feed


def test_the_council_page_is_for_officers_only(client, councillor):
    assert client.get(reverse("meetings:council_update")).status_code == 302
    client.force_login(councillor)
    assert client.get(reverse("meetings:council_update")).status_code == 403
    assert client.post(reverse("meetings:council_update"), _council_data()).status_code == 403
    assert Council.current().name != NAME
