"""Control characters (a word processor's line break is a vertical tab) in every format.

Forms and the archive import take them out (scrutiny/kernel/text.py); records saved before that
may still hold them, so the feeds, calendars, the CSV and the PDFs are read back here
with every C0 character in published records, which are written straight to the
database as old data would be.
"""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import icalendar
import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from meetings.documents import agenda_document, pack_document
from meetings.lifecycle import recommendation_agree
from meetings.models import AgendaItem, Committee, Meeting
from partnership.models import Agency, Priority
from scrutiny.kernel.text import without_control_characters
from tests.factories import AgencyFactory, AgendaItemFactory, MeetingFactory, RecommendationFactory
from tests.helpers import squash

pytestmark = pytest.mark.django_db

# Every C0 control character, the vertical tab (\x0b) among them.
C0 = "".join(map(chr, range(0x20)))
# What a format may hold of them: tab, newline and carriage return are text.
FORBIDDEN = set(C0) - set("\t\n\r")
ATOM = "{http://www.w3.org/2005/Atom}"
HYPERLINK = '=HYPERLINK("http://x","y")'


def storable(text: str) -> str:
    """Text as an old record could hold it: PostgreSQL refuses a NUL in any text column."""
    return text.replace("\x00", "") if connection.vendor == "postgresql" else text


def holds_no_control_characters(text: str) -> bool:
    return not FORBIDDEN & set(text)


def test_the_rule_makes_breaks_newlines_and_removes_the_rest():
    assert without_control_characters(f"a{C0}b") == "a\t\n\n\n\rb"
    assert without_control_characters("line\x0bbreak\x0cpage") == "line\nbreak\npage"
    assert without_control_characters(None) is None
    assert without_control_characters(7) == 7


@pytest.fixture
def old_records(demo_meeting):
    """A published meeting whose committee, venue, item and recommendation hold every C0
    character, and a recommendation to an agency and priority named as formulas."""
    committee = demo_meeting.committee
    Committee.objects.filter(pk=committee.pk).update(
        name=storable(f"-Crime{C0}and Disorder Committee")
    )
    meeting = MeetingFactory(
        committee=committee,
        date=datetime.date(2019, 1, 22),
        start_time=datetime.time(18, 30),
        venue=storable(f"Town{C0}Hall"),
        published_at=datetime.datetime(2019, 1, 10, 9, 0, tzinfo=datetime.UTC),
    )
    AgendaItemFactory(meeting=meeting, number=1, title=storable(f"Knife{C0}crime"))
    agency = AgencyFactory(name=HYPERLINK)
    priority = Priority.objects.first()
    Priority.objects.filter(pk=priority.pk).update(title=storable(f"@SUM(1){C0}"))
    recommendation = RecommendationFactory(
        meeting=meeting, position=1, text=storable(f"+That the{C0}figures are published.")
    )
    recommendation.addressee_agencies.set([agency])
    recommendation.priorities.set([priority])
    recommendation_agree(recommendation=recommendation, user=None)
    return Meeting.objects.get(pk=meeting.pk)


def test_the_atom_feed_of_agendas_is_xml_with_no_control_characters(client, old_records):
    response = client.get(reverse("meetings:agendas_feed"))
    assert response.status_code == 200
    text = response.content.decode()
    assert holds_no_control_characters(text)
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, under test
    summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    assert any("Knife" in summary and "crime" in summary for summary in summaries)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert any(title.startswith("-Crime") for title in titles)


@pytest.mark.parametrize("which", ["all", "committee"])
def test_both_calendars_parse_with_no_control_characters(client, old_records, which):
    url = (
        reverse("meetings:meetings_calendar")
        if which == "all"
        else reverse("meetings:committee_calendar", args=[old_records.committee.slug])
    )
    response = client.get(url)
    assert response.status_code == 200
    assert holds_no_control_characters(response.content.decode())
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = [
        event
        for event in calendar.walk("VEVENT")
        if event["url"].endswith(old_records.get_absolute_url())
    ]
    # A carriage return is read back as the line break it is.
    assert str(event["location"]) == "Town\t\n\n\n\nHall"
    if which == "committee":
        # The calendar is named after the committee, on one line: the breaks are escaped.
        assert "X-WR-CALNAME:-Crime\t\\n\\n\\n\\nand Disorder" in response.content.decode()
    assert squash(str(event["description"])) == "Agenda: 1. Knife crime"
    assert squash(str(event["summary"])).startswith("-Crime and Disorder Committee")
    for value in (event["location"], event["description"], event["summary"]):
        assert holds_no_control_characters(str(value))


def test_every_cell_of_the_csv_is_defused_and_plain(client, old_records):
    response = client.get(reverse("meetings:tracker_csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert holds_no_control_characters(text)
    header, *rows = list(csv.reader(io.StringIO(text)))
    (row,) = [row for row in rows if HYPERLINK in row[header.index("Addressed to")]]
    cells = dict(zip(header, row, strict=True))
    assert cells["Addressed to"] == f"'{HYPERLINK}"
    assert cells["Priorities"] == "'@SUM(1)\t\n\n\n\r"
    assert cells["Committee"].startswith("'-Crime")
    assert cells["Recommendation"].startswith("'+That the")
    for row in rows:
        for cell in row:
            # A spreadsheet runs a cell whose text starts with one of these as a formula.
            assert cell.lstrip()[:1] not in {"=", "+", "-", "@"}, row
            assert cell[:1] not in {"\t", "\r", "\n"}, row


@pytest.mark.parametrize("build", [agenda_document, pack_document])
def test_a_pdf_reads_back_with_no_control_characters(old_records, build):
    document = build(old_records, AnonymousUser())
    assert holds_no_control_characters(document.html)
    reader = pypdf.PdfReader(io.BytesIO(document.pdf()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Knife" in text and "crime" in text
    assert holds_no_control_characters(text.replace("\x0c", ""))  # pypdf's own page breaks


def test_an_officer_form_takes_pasted_control_characters_without_an_error(client, officer):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    client.force_login(officer)
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        {
            "kind": "other",
            "title": f"Knife{C0}crime",
            "description": "First line\x0bsecond line\x0cnext page\r\nlast line",
        },
    )
    assert response.status_code == 302, response.content.decode()
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == "Knife\t\n\n\n\rcrime"
    assert item.description == "First line\nsecond line\nnext page\r\nlast line"


def test_control_characters_do_not_count_against_a_fields_length(client, officer):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    longest = AgendaItem._meta.get_field("title").max_length
    client.force_login(officer)
    client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        {"kind": "other", "title": "x" * longest + "\x00\x01\x02", "description": ""},
    )
    assert AgendaItem.objects.get(meeting=meeting).title == "x" * longest


def test_the_admin_takes_pasted_control_characters_as_the_forms_do(client, officer):
    """The admin is a door too: an agency named with a word processor's line break."""
    client.force_login(officer)
    response = client.post(
        reverse("admin:partnership_agency_add"),
        {
            "name": f"Kent{C0}Police",
            "standing": "responsible_authority",
            "sector": "police",
            "description": "First line\x0bsecond line",
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()
    agency = Agency.objects.get(name__startswith="Kent")
    assert agency.name == "Kent\t\n\n\n\rPolice"
    assert agency.description == "First line\nsecond line"
