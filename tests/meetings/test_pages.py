"""The first pages: the public sees published, open business; officers see drafts too."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from partnership.models import Action, ActionPlan, ProgressUpdate
from tests.factories import AgendaItemFactory, MeetingFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

PRESENTATIONS = [
    "Work of the Multi-Agency Gangs group (MAG)",
    "Substance Misuse &amp; the links with homelessness and substance misuse",
    "Maidstone Domestic Abuse Forum &amp; the White Ribbon Campaign",
]
PRESENTERS = ["Mark Hedges", "Hema Birdi", "Kim Flain", "Matt Roberts"]


def test_home_lists_the_demo_meeting(client, demo_meeting):
    response = client.get(reverse("meetings:home"))
    assert response.status_code == 200
    assert demo_meeting.get_absolute_url() in response.content.decode()
    assert "Tuesday 25 September 2018" in response.content.decode()


def test_meeting_page_shows_the_agenda_with_presentations_and_presenters(client, demo_meeting):
    page = client.get(demo_meeting.get_absolute_url()).content.decode()
    for text in [*PRESENTATIONS, *PRESENTERS, "Crime and Disorder Committee"]:
        assert text in page
    positions = [page.index(title) for title in PRESENTATIONS]
    assert positions == sorted(positions)


def test_pages_carry_council_branding_and_no_govuk_crown(client, demo_meeting):
    page = client.get(demo_meeting.get_absolute_url()).content.decode()
    assert '<html lang="en-GB"' in page
    assert "Maidstone Borough Council" in page
    assert "govuk-header__logotype" not in page
    assert "GOV.UK" not in page


def test_home_says_so_when_nothing_is_published(client, db):
    MeetingFactory(status=Meeting.Status.DRAFT)
    response = client.get(reverse("meetings:home"))
    assert "No meetings have been published yet." in response.content.decode()


def test_draft_meeting_is_hidden_from_the_public_and_shown_to_officers(client, officer):
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.get_absolute_url() not in client.get(reverse("meetings:home")).content.decode()
    client.force_login(officer)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "not yet published" in response.content.decode()


def test_exempt_item_is_withheld_from_the_public_and_marked_for_councillors(client, councillor):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, number=1, title="Open business")
    AgendaItemFactory(
        meeting=meeting, number=2, title="Confidential matter", is_exempt=True, exempt_paragraph=3
    )
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert "Open business" in public
    assert "Confidential matter" not in public
    assert "2.</span> Exempt item — Schedule 12A paragraph 3" in public
    client.force_login(councillor)
    private = client.get(meeting.get_absolute_url()).content.decode()
    assert "Confidential matter" in private
    assert "Not for publication — Schedule 12A paragraph 3" in private


def test_no_template_comment_reaches_the_reader(client, demo_meeting):
    """Django's {# #} comments end at the line's end: one spread over two lines is shown."""
    report = demo_meeting.agenda_items.get(number=7).report
    for url in (demo_meeting.get_absolute_url(), report.get_absolute_url()):
        assert "{#" not in client.get(url).content.decode(), url


def test_report_page_numbers_paragraphs_and_keeps_lists(client, demo_meeting):
    report = demo_meeting.agenda_items.get(number=7).report
    page = client.get(report.get_absolute_url()).content.decode()
    for reference in ["1.1", "1.7", "2.2", "3.2", "4.2", "5.1"]:
        assert f'id="paragraph-{reference}"' in page
    assert "<li>Organised Crime Groups (including modern slavery)</li>" in page
    assert "Report of:" in page and "Matt Roberts" in page
    assert "Appendix 2: 2013-18 Community Safety Partnership Plan Refresh" in page


def test_meeting_page_links_each_item_to_what_hangs_off_it(client, demo_meeting):
    page = client.get(demo_meeting.get_absolute_url()).content.decode()
    report = demo_meeting.agenda_items.get(number=7).report
    presentation = demo_meeting.agenda_items.get(number=8).presentation
    assert report.get_absolute_url() in page
    assert presentation.get_absolute_url() in page
    assert reverse("meetings:lines_of_enquiry", args=[demo_meeting.pk]) in page
    assert reverse("meetings:recommendations", args=[demo_meeting.pk]) in page


def test_lines_of_enquiry_page_lists_the_generic_questions(client, demo_meeting):
    page = client.get(reverse("meetings:lines_of_enquiry", args=[demo_meeting.pk]))
    text = page.content.decode()
    assert "For every partner." in text
    assert "Which priority does the partner organisation support indirectly?" in text


def test_recommendations_page_shows_addressees_and_status(client, demo_meeting):
    page = client.get(reverse("meetings:recommendations", args=[demo_meeting.pk]))
    text = page.content.decode()
    assert "That recommendations are made to the Safer Maidstone Partnership" in text
    assert "The committee itself" in text
    assert "Proposed" in text


def test_committee_page_groups_meetings_by_municipal_year(client, demo_meeting):
    MeetingFactory(committee=demo_meeting.committee, date=datetime.date(2019, 4, 30))
    MeetingFactory(committee=demo_meeting.committee, date=datetime.date(2019, 5, 1))
    page = client.get(demo_meeting.committee.get_absolute_url()).content.decode()
    assert page.index("Municipal year 2019/20") < page.index("Municipal year 2018/19")
    assert page.count("Municipal year 2018/19") == 1
    assert "Crime and Disorder Committee" in page
    assert "Police and Justice Act 2006 s.19" in page


def test_partnership_page_shows_subgroups_with_action_plans_actions_and_progress(
    client, demo_meeting
):
    plan = ActionPlan.objects.get(subgroup__short_name="MAG")
    action = Action.objects.create(action_plan=plan, description="Map gangs", rag_status="red")
    ProgressUpdate.objects.create(
        action=action, date=datetime.date(2018, 8, 1), text="Mapping begun", rag_status="red"
    )
    partnership = demo_meeting.committee.partnership
    page = client.get(partnership.get_absolute_url()).content.decode()
    assert "MAG action plan 2018/19" in page
    assert "1 action:" in page and "1 red</strong>" in page
    assert "Latest progress, 1 August 2018: Mapping begun" in page
    subgroup_page = client.get(plan.subgroup.get_absolute_url()).content.decode()
    assert "Map gangs" in subgroup_page
    assert page.count("No action plan") == 2  # the Mental Health priority and its subgroup


def test_councillors_see_the_exempt_mark_wherever_exempt_material_appears(
    client, demo_meeting, councillor
):
    item = AgendaItemFactory(
        meeting=demo_meeting, number=11, title="Closed", is_exempt=True, exempt_paragraph=3
    )
    RecommendationFactory(meeting=demo_meeting, agenda_item=item, position=9, text="Secret step")
    client.force_login(councillor)
    page = client.get(reverse("meetings:recommendations", args=[demo_meeting.pk])).content.decode()
    assert "Secret step" in page
    assert "Not for publication — Schedule 12A paragraph 3" in page
