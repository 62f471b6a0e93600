"""Supplements (meetings/supplementing.py): what an officer adds to a published agenda
waits, seen by officers only, until it is published as a dated supplement; then it shows
on the meeting page, in the agenda and the pack, as its own PDF and in the Atom feed, and
the compliance page judges its clear days. Every test starts from an empty database."""

import datetime
import io
import xml.etree.ElementTree as ET

import pypdf
import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, Supplement
from meetings.queries import agenda_for
from meetings.supplementing import supplement_publish
from scrutiny.kernel.errors import ServiceError
from tests.factories import CommitteeFactory, OfficerFactory
from tests.helpers import download, page_text, squash

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2027, 4, 15)  # a Thursday
AGENDA_DAY = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)
ON_TIME = datetime.datetime(2027, 3, 5, 11, 0, tzinfo=datetime.UTC)
# The Tuesday before the meeting: one clear day (the Wednesday).
LATE = datetime.datetime(2027, 4, 13, 15, 0, tzinfo=datetime.UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return squash(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(autouse=True)
def clock(settings):
    """The day of the agenda's publication, from which each test moves on: sessions last
    the weeks between (a sign-in is not what these tests are about)."""
    settings.SCRUTINY_IDLE_MINUTES = 60 * 24 * 365
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 365
    with time_machine.travel(AGENDA_DAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def councillor_client(councillor):
    client = Client()
    client.force_login(councillor)
    return client


@pytest.fixture
def published(officer):
    """A meeting whose agenda was published on 1 March: item 1 with its report, item 2
    with its report to follow."""
    meeting = services.meeting_add(
        user=officer,
        committee=CommitteeFactory(name="Crime and Disorder Committee"),
        date=MEETING_DAY,
        start_time=datetime.time(18, 30),
        venue="Town Hall",
    )
    item = services.agenda_item_add(
        meeting=meeting, user=officer, kind="report", title="Partnership plan"
    )
    report = services.report_add(
        agenda_item=item, user=officer, title="Partnership plan", author=OfficerFactory()
    )
    _paragraph(report, officer, "The plan for the year.")
    # Its report is to follow.
    services.agenda_item_add(
        meeting=meeting, user=officer, kind="report", title="Community safety update"
    )
    services.meeting_publish(meeting=meeting, user=officer)
    meeting.refresh_from_db()
    return meeting


def _paragraph(report, officer, text: str) -> None:
    section = services.report_section_add(report=report, user=officer, title="Background")
    services.report_paragraph_add(section=section, user=officer, text=text)


def _late_business(meeting, officer):
    """After publication: item 3 with its report, and item 4."""
    item = services.agenda_item_add(
        meeting=meeting,
        user=officer,
        kind="report",
        title="Knife crime in the town centre",
        description="A report on the summer's incidents.",
    )
    report = services.report_add(
        agenda_item=item,
        user=officer,
        title="Knife crime in the town centre",
        author=OfficerFactory(),
    )
    _paragraph(report, officer, "Incidents rose by a tenth over the summer.")
    waiting = services.agenda_item_add(
        meeting=meeting, user=officer, kind="report", title="Night-time economy"
    )
    return item, waiting


def test_what_is_added_after_publication_waits_for_officers_only(
    clock, published, officer, officer_client, councillor_client
):
    clock.move_to(ON_TIME)
    item, _ = _late_business(published, officer)
    supplement = Supplement.objects.get(meeting=published)
    assert (supplement.number, supplement.is_published) == (1, False)
    assert item.supplement == supplement
    meeting_url = published.get_absolute_url()
    for reader in (Client(), councillor_client):
        text = page_text(reader.get(meeting_url))
        assert "Knife crime" not in text
        assert "Supplement 1" not in text
        assert reader.get(item.report.get_absolute_url()).status_code == 404
        assert (
            reader.get(reverse("meetings:supplement_pdf", args=[supplement.pk])).status_code == 404
        )
    assert [i.title for i in agenda_for(published, AnonymousUser())] == [
        "Partnership plan",
        "Community safety update",
    ]
    officer_text = page_text(officer_client.get(meeting_url))
    assert "Knife crime in the town centre" in officer_text
    assert "Not published This item waits for supplement 1" in officer_text
    assert "Publish supplement 1" in officer_text


def test_a_published_supplement_shows_on_the_page_in_the_agenda_the_pack_and_its_own_pdf(
    clock, published, officer, officer_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    clock.move_to(ON_TIME)
    _late_business(published, officer)
    supplement = Supplement.objects.get(meeting=published)
    form = officer_client.get(reverse("meetings:supplement_publish", args=[supplement.pk]))
    assert "Item 3. Knife crime in the town centre" in page_text(form)
    assert "urgent_reason" not in form.content.decode()  # on time: no reason asked
    response = officer_client.post(reverse("meetings:supplement_publish", args=[supplement.pk]), {})
    assert response.status_code == 302
    supplement.refresh_from_db()
    assert supplement.published_by is not None
    public = Client()
    text = page_text(public.get(published.get_absolute_url()))
    assert "Supplements to the agenda Supplement 1 Published 5 March 2027" in text
    assert "Item 3. Knife crime in the town centre" in text
    assert (
        "Knife crime in the town centre Added to the agenda in supplement 1 , on 5 March 2027"
        in text
    )
    # The meeting's next addition opens the next supplement.
    clock.move_to(ON_TIME)
    services.agenda_item_add(meeting=published, user=officer, kind="other", title="Later")
    assert list(published.supplements.values_list("number", flat=True)) == [1, 2]

    agenda = pdf_text(download(public, reverse("meetings:agenda_pdf", args=[published.pk])).content)
    assert (
        "Knife crime in the town centre Added to the agenda in supplement 1, on 5 March 2027"
        in agenda
    )
    assert "Later" not in agenda
    pack = pdf_text(download(public, reverse("meetings:pack_pdf", args=[published.pk])).content)
    assert "Added to the agenda in supplement 1, on 5 March 2027" in pack
    assert "Incidents rose by a tenth over the summer." in pack
    own = download(public, reverse("meetings:supplement_pdf", args=[supplement.pk]))
    assert own.status_code == 200
    assert own["Content-Disposition"].endswith('supplement-1.pdf"')
    reader = pypdf.PdfReader(io.BytesIO(own.content))
    assert reader.metadata.title.startswith("Supplement 1 to the agenda")
    own_text = pdf_text(own.content)
    assert "Supplementary agenda" in own_text
    assert "Supplement published 5 March 2027" in own_text
    assert "Incidents rose by a tenth over the summer." in own_text
    assert "The plan for the year." not in own_text  # the original agenda's paper is not in it
    assert "Later" not in own_text


def test_a_report_for_an_item_already_published_waits_then_is_marked(
    clock, published, officer, django_capture_on_commit_callbacks
):
    item = published.agenda_items.get(number=2)
    clock.move_to(ON_TIME)
    late = services.report_add(
        agenda_item=item,
        user=officer,
        title="Community safety update",
        author=OfficerFactory(),
    )
    _paragraph(late, officer, "The update on community safety.")
    assert late.supplement.number == 1
    public = Client()
    assert public.get(late.get_absolute_url()).status_code == 404
    assert late.get_absolute_url() not in public.get(published.get_absolute_url()).content.decode()
    clock.move_to(ON_TIME)
    with django_capture_on_commit_callbacks(execute=True):  # cached pages retired
        supplement_publish(supplement=late.supplement, user=officer)
    text = page_text(public.get(published.get_absolute_url()))
    assert "This report was published in supplement 1 , on 5 March 2027" in text
    assert "The report for item 2: Community safety update" in text
    assert "The update on community safety." in page_text(public.get(late.get_absolute_url()))


def test_a_late_supplement_needs_a_reason_which_the_compliance_page_shows(
    clock, published, officer, officer_client
):
    clock.move_to(LATE)
    _late_business(published, officer)
    supplement = Supplement.objects.get(meeting=published)
    url = reverse("meetings:supplement_publish", args=[supplement.pk])
    refused = officer_client.post(url, {"urgent_reason": " "})
    assert refused.status_code == 200
    assert "Why is the business urgent?" in page_text(refused)
    assert not Supplement.objects.get(pk=supplement.pk).is_published
    with pytest.raises(ServiceError, match="1 clear day before the meeting"):
        supplement_publish(supplement=supplement, user=officer)
    officer_client.post(url, {"urgent_reason": "The police figures came late."})
    compliance = page_text(officer_client.get(reverse("meetings:compliance")))
    assert (
        "Supplement 1 to the agenda of Crime and Disorder Committee — 15 April 2027: published "
        "13 April 2027, 1 clear day before the meeting. The reason recorded: The police "
        "figures came late." in compliance
    )
    text = page_text(Client().get(published.get_absolute_url()))
    assert "The reason given: The police figures came late." in text


def test_an_exempt_item_in_a_supplement_shows_the_public_its_place_only(
    clock, published, officer, councillor_client, django_capture_on_commit_callbacks
):
    clock.move_to(ON_TIME)
    services.agenda_item_add(
        meeting=published,
        user=officer,
        kind="other",
        title="Named individuals at risk",
        is_exempt=True,
        exempt_paragraph=3,
    )
    supplement = Supplement.objects.get(meeting=published)
    # Waiting, it is not even a place on the public's agenda.
    assert "Exempt item" not in page_text(Client().get(published.get_absolute_url()))
    with django_capture_on_commit_callbacks(execute=True):  # cached pages retired
        supplement_publish(supplement=supplement, user=officer)
    public = page_text(Client().get(published.get_absolute_url()))
    assert "Named individuals" not in public
    assert "3. Exempt item — Schedule 12A paragraph 3 Added to the agenda in supplement 1" in public
    own = pdf_text(
        download(Client(), reverse("meetings:supplement_pdf", args=[supplement.pk])).content
    )
    assert "Named individuals" not in own
    assert "Exempt item — Schedule 12A paragraph 3" in own
    assert "Named individuals at risk" in page_text(
        councillor_client.get(published.get_absolute_url())
    )


def test_a_supplement_updates_the_meetings_atom_entry(clock, published, officer):
    clock.move_to(ON_TIME)
    _late_business(published, officer)
    supplement_publish(supplement=Supplement.objects.get(meeting=published), user=officer)
    feed = ET.fromstring(Client().get(reverse("meetings:agendas_feed")).content)  # noqa: S314 - our own feed
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}updated").text.startswith("2027-03-05T11:00:00")
    assert entry.find(f"{ATOM}published").text.startswith("2027-03-01T10:00:00")
    summary = entry.find(f"{ATOM}summary").text
    assert "3. Knife crime in the town centre (supplement 1)" in summary
    assert "Night-time economy" in summary
    assert "Supplement 1 published 5 March 2027." in summary


def test_what_goes_straight_in_and_what_cannot_be_published(clock, published, officer):
    clock.move_to(AGENDA_DAY)
    draft = services.meeting_add(
        user=officer, committee=published.committee, date=MEETING_DAY, start_time=None, venue=""
    )
    assert (
        services.agenda_item_add(meeting=draft, user=officer, kind="other", title="A").supplement
        is None
    )
    # On the meeting's day and after it, additions are the record of the meeting.
    clock.move_to(datetime.datetime(2027, 4, 16, 9, 0, tzinfo=datetime.UTC))
    late = services.agenda_item_add(meeting=published, user=officer, kind="other", title="B")
    assert late.supplement is None
    clock.move_to(ON_TIME)
    item = services.agenda_item_add(meeting=published, user=officer, kind="other", title="C")
    services.record_delete(record=item, user=officer)
    with pytest.raises(ServiceError, match="Nothing waits in this supplement"):
        supplement_publish(supplement=item.supplement, user=officer)
    Meeting.objects.filter(pk=published.pk).update(status=Meeting.Status.CANCELLED)
    with pytest.raises(ServiceError, match="cancelled"):
        supplement_publish(supplement=item.supplement, user=officer)


def test_only_officers_reach_the_publish_page(clock, published, officer, councillor_client):
    clock.move_to(ON_TIME)
    _late_business(published, officer)
    url = reverse("meetings:supplement_publish", args=[Supplement.objects.get().pk])
    assert Client().get(url).status_code == 302  # to sign in
    assert councillor_client.get(url).status_code == 403
