"""The recommendations tracker: filters, counts, overdue responses, CSV and PDF."""

import csv
import datetime
import io
import re

import pypdf
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from meetings.lifecycle import (
    recommendation_agree,
    recommendation_letter_issued,
    recommendation_response_record,
)
from meetings.models import Recommendation, RecommendationLetter
from meetings.tracker import for_the_table
from partnership.models import Agency, Priority
from scrutiny.documents.limits import run_limited
from tests.factories import AgendaItemFactory, RecommendationFactory
from tests.helpers import download

pytestmark = pytest.mark.django_db

TRACKER = reverse("meetings:tracker")


@pytest.fixture
def tracked(demo_meeting, officer):
    """Three recommendations of the demo meeting: one answered, one overdue, one exempt."""
    police = Agency.objects.get(name="Kent Police")
    golding = Agency.objects.get(name="Golding Homes")
    priority = Priority.objects.first()
    answered = RecommendationFactory(
        meeting=demo_meeting, position=3, text="Share the gang map with housing providers."
    )
    answered.addressee_agencies.set([police])
    answered.priorities.set([priority])
    waiting = RecommendationFactory(
        meeting=demo_meeting, position=4, text="Report on repeat victims of hate crime."
    )
    waiting.addressee_agencies.set([golding])
    issued = datetime.date(2018, 9, 28)
    for recommendation in (answered, waiting):
        recommendation_agree(recommendation=recommendation, user=officer)
        recommendation_letter_issued(recommendation=recommendation, user=officer, issued_on=issued)
    recommendation_response_record(
        recommendation=answered,
        user=officer,
        agency=police,
        outcome="accepted",
        text="Agreed.",
        received_on=datetime.date(2018, 10, 15),
    )
    exempt_item = AgendaItemFactory(
        meeting=demo_meeting,
        number=11,
        title="Named individuals",
        is_exempt=True,
        exempt_paragraph=1,
    )
    RecommendationFactory(
        meeting=demo_meeting,
        position=5,
        agenda_item=exempt_item,
        text="That the named family is offered support.",
    )
    return {"answered": answered, "waiting": waiting, "police": police, "priority": priority}


def texts(response) -> list[str]:
    return [recommendation.text for recommendation in response.context["recommendations"]]


def test_the_tracker_lists_what_the_reader_may_see_with_counts_and_overdue(
    client, councillor, tracked
):
    response = client.get(TRACKER)
    page = response.content.decode()
    assert "Share the gang map with housing providers." in page
    assert "That the named family is offered support." not in page  # exempt
    counts = {label: count for _, label, count in response.context["counts"]}
    assert counts["Response received"] == 1
    assert counts["Letter issued"] == 1
    assert counts["Proposed"] == 2  # the demo meeting's own two
    assert response.context["overdue"] == 1
    assert page.count("Overdue</strong>") == 1

    client.force_login(councillor)
    assert "That the named family is offered support." in texts(client.get(TRACKER))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("overdue=on", ["Report on repeat victims of hate crime."]),
        ("status=responded", ["Share the gang map with housing providers."]),
        ("addressee={police}", ["Share the gang map with housing providers."]),
        ("priority={priority}", ["Share the gang map with housing providers."]),
    ],
)
def test_each_filter_narrows_the_list(client, tracked, query, expected):
    query = query.format(police=tracked["police"].pk, priority=tracked["priority"].pk)
    response = client.get(f"{TRACKER}?{query}")
    assert texts(response) == expected
    page = response.content.decode()
    # The downloads keep the filters, and the form shows the one chosen.
    assert f"tracker.csv?{query}" in page
    chosen = dict([query.split("=")])
    selects = re.findall(r'<select name="(\w+)".*?</select>', page, re.DOTALL)
    assert selects == ["committee", "year", "addressee", "priority", "status"]
    for name, options in re.findall(r'<select name="(\w+)"(.*?)</select>', page, re.DOTALL):
        assert re.findall(r'<option value="([^"]*)" selected>', options) == [chosen.get(name, "")]
    overdue_box = re.search(r'<input type="checkbox" name="overdue"[^>]*>', page).group(0)
    assert ("checked" in overdue_box) == ("overdue" in chosen)


def test_a_filter_by_meeting_and_a_bad_value_are_handled(client, tracked, demo_meeting):
    by_meeting = texts(client.get(f"{TRACKER}?meeting={demo_meeting.pk}"))
    assert len(by_meeting) == 4
    bad = client.get(f"{TRACKER}?status=nonsense&meeting=999999")
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()


def test_the_spreadsheet_has_a_row_per_recommendation(client, tracked, demo_meeting):
    Recommendation.objects.filter(pk=tracked["waiting"].pk).update(text="=HYPERLINK(evil)")
    response = client.get(reverse("meetings:tracker_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "recommendations-tracker.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    answered = next(row for row in rows if row["Number"] == "3")
    assert answered["Addressed to"] == "Kent Police"
    assert answered["Status"] == "Response received"
    assert answered["Letter issued"] == "2018-09-28"
    assert answered["Response due"] == "2018-10-26"
    assert answered["Responses"] == "Kent Police: Accepted (2018-10-15)"
    waiting = next(row for row in rows if row["Number"] == "4")
    assert waiting["Response overdue"] == "yes"
    # A spreadsheet shows it as text rather than running it.
    assert waiting["Recommendation"] == "'=HYPERLINK(evil)"


def test_the_printed_tracker_is_a_tagged_pdf_of_the_same_list(client, tracked):
    response = download(client, reverse("meetings:tracker_pdf") + "?overdue=on")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Recommendations tracker" in text
    assert "response overdue; 1 with a response overdue." in text
    assert "Report on repeat victims of hate crime." in text
    assert "Share the gang map" not in text
    assert "/StructTreeRoot" in pdf.trailer["/Root"]

    def lead(query):
        response = download(Client(), reverse("meetings:tracker_pdf") + query)
        assert response.status_code == 200
        text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
        return " ".join(text.split())

    assert "all recommendations; 1 with a response overdue." in lead("")
    answered = lead("?status=responded")
    assert "response received." in answered
    assert "with a response overdue" not in answered


# With "today" fixed: the letters of the fixture went out on 28 September 2018, so the
# responses were due on 26 October.


def chaser_url(recommendation) -> str:
    letter = recommendation.meeting.letters.get(addressee=recommendation.addressee_agencies.get())
    return reverse("meetings:chaser_pdf", args=[letter.pk])


@pytest.fixture
def letters(tracked, officer):
    """The letters for the fixture's two recommendations, as issuing them makes."""
    for recommendation in (tracked["answered"], tracked["waiting"]):
        agency = recommendation.addressee_agencies.get()
        letter = RecommendationLetter.objects.create(
            meeting=recommendation.meeting,
            addressee=agency,
            reference=f"CDS/20180925/{agency.pk}",
            status="issued",
            issued_on=datetime.date(2018, 9, 28),
            signatory="Cllr A. Chair, Chair",
        )
        letter.recommendations.set([recommendation])
    return tracked


def test_nothing_is_overdue_on_the_day_a_response_is_due(client, officer, letters):
    with time_machine.travel(datetime.date(2018, 10, 26)):
        assert client.get(TRACKER).context["overdue"] == 0
        client.force_login(officer)
        assert client.get(chaser_url(letters["waiting"])).status_code == 404


def test_the_day_after_an_unanswered_letter_is_overdue_and_can_be_chased(client, officer, letters):
    with time_machine.travel(datetime.date(2018, 10, 27)):
        assert texts(client.get(f"{TRACKER}?overdue=on")) == [letters["waiting"].text]
        client.force_login(officer)
        page = client.get(TRACKER).content.decode()
        assert chaser_url(letters["waiting"]) in page
        assert "Reminder to Golding Homes (PDF)" in page
        assert "Reminder to Kent Police" not in page  # Kent Police answered
        response = download(client, chaser_url(letters["waiting"]))
        assert response.status_code == 200
        assert "reminder-to-golding-homes-2018-10-27.pdf" in response["Content-Disposition"]
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
        )
        assert "Reminder: your response" in text
        assert "by 26 October 2018" in text
        assert "Report on repeat victims of hate crime." in text
        assert "27 October 2018" in text
        assert client.get(chaser_url(letters["answered"])).status_code == 404
        # Reminders are correspondence for officers to send.
        client.logout()
        assert client.get(chaser_url(letters["waiting"])).status_code == 302
        public = client.get(TRACKER).content.decode()
        assert "Overdue</strong>" in public
        assert "Reminder to" not in public


def test_one_partner_answering_leaves_the_other_overdue(client, officer, letters):
    golding = Agency.objects.get(name="Golding Homes")
    answered = letters["answered"]
    answered.addressee_agencies.add(golding)
    with time_machine.travel(datetime.date(2018, 11, 1)):
        overdue = texts(client.get(f"{TRACKER}?overdue=on"))
        assert answered.text in overdue  # Kent Police answered; Golding Homes did not


@pytest.mark.parametrize(
    "day",
    [datetime.date(2018, 10, 26), datetime.date(2018, 10, 27), datetime.date(2019, 6, 1)],
)
def test_the_database_and_each_row_agree_on_what_is_overdue(tracked, officer, demo_meeting, day):
    """The list filters overdue responses in SQL and each row says so in Python: the two
    readings of the rule must give the same answer, in every case the rule has."""
    police, golding = tracked["police"], Agency.objects.get(name="Golding Homes")
    # Two addressees, one of whom answered; and one to the whole partnership, unanswered.
    half = RecommendationFactory(meeting=demo_meeting, position=6, text="Half answered.")
    half.addressee_agencies.set([police, golding])
    whole = RecommendationFactory(
        meeting=demo_meeting,
        position=7,
        text="To the partnership.",
        addressee_partnership=demo_meeting.committee.partnership,
    )
    for recommendation in (half, whole):
        recommendation_agree(recommendation=recommendation, user=officer)
        recommendation_letter_issued(
            recommendation=recommendation, user=officer, issued_on=datetime.date(2018, 9, 28)
        )
    recommendation_response_record(
        recommendation=half,
        user=officer,
        agency=police,
        outcome="rejected",
        text="No.",
        received_on=datetime.date(2018, 10, 1),
    )
    everything = Recommendation.objects.all()
    in_sql = set(everything.response_overdue_on(day))
    row_by_row = {r for r in everything.prefetch_related("steps") if r.response_overdue_on(day)}
    assert in_sql == row_by_row
    # The table reads each letter's date from an annotation instead of the steps.
    in_the_table = for_the_table(everything, chasing=True)
    assert {r for r in in_the_table if r.response_overdue_on(day)} == in_sql
    due = {r: r.response_due_on for r in everything.prefetch_related("steps")}
    assert {r: r.response_due_on for r in in_the_table} == due
    assert due[half] == datetime.date(2018, 10, 26)
    expected = {tracked["waiting"], half, whole} if day > datetime.date(2018, 10, 26) else set()
    assert in_sql == expected


def test_the_tracker_is_read_a_page_at_a_time_with_the_filters_kept(client, demo_meeting):
    for position in range(3, 63):
        RecommendationFactory(meeting=demo_meeting, position=position, text=f"Number {position}.")
    first = client.get(f"{TRACKER}?meeting={demo_meeting.pk}")
    assert len(first.context["recommendations"]) == 25
    page = first.content.decode()
    assert "62 recommendations, 1 to 25 shown" in page
    assert f'href="?meeting={demo_meeting.pk}&amp;page=2" rel="next"' in page
    counts = {label: count for _, label, count in first.context["counts"]}
    assert counts["Proposed"] == 62  # counted over every page
    last = client.get(f"{TRACKER}?meeting={demo_meeting.pk}&page=3")
    assert len(last.context["recommendations"]) == 12
    assert "51 to 62 shown" in last.content.decode()
    # A page past the end, or not a number, shows the last or the first.
    assert client.get(f"{TRACKER}?page=99").status_code == 200
    assert len(client.get(f"{TRACKER}?page=x").context["recommendations"]) == 25


def test_a_long_printed_tracker_is_rendered_in_parts_and_joined_into_one_sound_pdf(
    client, demo_meeting, monkeypatch, settings, tmp_path
):
    from scrutiny.documents import document as documents
    from tests.scrutiny.documents.test_pdf_structure import structure_problems

    for position in range(3, 40):
        RecommendationFactory(meeting=demo_meeting, position=position, text=f"Number {position}.")
    settings.MEDIA_ROOT = tmp_path  # an empty store: the render is this test's
    monkeypatch.setattr("meetings.documents.TRACKER_ROWS_PER_PART", 10)
    steps = []

    def counted(*args, **kwargs):
        steps.append(args[0].__name__)
        return run_limited(*args, **kwargs)

    monkeypatch.setattr(documents, "run_limited", counted)
    response = download(client, reverse("meetings:tracker_pdf"), {"meeting": demo_meeting.pk})
    assert response.status_code == 200
    # 39 recommendations in four parts: each counted, then rendered, then all joined.
    assert steps == ["page_count"] * 4 + ["render_pdf"] * 4 + ["join_tagged"]
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    total = len(pages)
    assert total >= 4
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
    text = " ".join(pages)
    positions = [text.index(f"{position}. Number {position}.") for position in range(3, 40)]
    assert positions == sorted(positions)
    assert text.count("Number 17.") == 1
    assert text.count("By status") == 1
    assert "39 recommendations, continued" in text
    assert structure_problems(pdf, {}) == []
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert pdf.metadata.title.startswith("Recommendations tracker")
    assert b"pdfuaid:part" in root["/Metadata"].get_data()
    # The bookmarks are the first part's: the later parts continue its table.
    assert pdf.outline[0].title == "Recommendations tracker"
    assert [item.title for item in pdf.outline[1]] == ["By status"]
    assert len(pdf.outline) == 2
