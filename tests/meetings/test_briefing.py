"""The priority briefing: RAG counts, overdue actions, earlier recommendations with the
partners' responses, suggested lines of enquiry, as a page and as a PDF."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.briefing import briefed_priorities, priority_briefing
from meetings.lifecycle import (
    recommendation_agree,
    recommendation_letter_issued,
    recommendation_response_record,
)
from meetings.models import Meeting
from partnership.models import Priority, ProgressUpdate, RagStatus
from scrutiny.kernel.council import Council
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AgencyFactory,
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    PlanFactory,
    RecommendationFactory,
    RefreshFactory,
    SubgroupFactory,
)
from tests.helpers import download, outline_titles, read_pdf, retire_cached_pages, squash

pytestmark = pytest.mark.django_db

# "Today" for every test here: the 2018/19 plan year is under way.
DAY = datetime.date(2019, 3, 1)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def theme():
    """Domestic Abuse in three years of one partnership's plan, led by the DA Forum."""
    plan = PlanFactory(start_year=2017, end_year=2020)
    partnership = plan.partnership
    forum = SubgroupFactory(partnership=partnership, name="Domestic Abuse Forum")
    priorities = {
        year: Priority.objects.create(
            refresh=RefreshFactory(plan=plan, year=year, title=f"Plan refresh {year}"),
            # Written a little differently each year: the theme is matched by title alone.
            title="Domestic abuse" if year == 2017 else "Domestic Abuse",
            lead_subgroup=forum,
        )
        for year in (2017, 2018, 2019)
    }
    committee = CommitteeFactory(partnership=partnership)
    return {"partnership": partnership, "forum": forum, "committee": committee, **priorities}


@pytest.fixture
def agencies():
    return {
        "police": AgencyFactory(name="Kent Police"),
        "housing": AgencyFactory(name="Golding Homes"),
    }


@pytest.fixture
def action_plan(theme, agencies):
    """One action of each RAG rating; only the red one is late on ``DAY``."""
    plan = ActionPlanFactory(
        subgroup=theme["forum"], refresh=theme[2018].refresh, title="DA Forum action plan"
    )
    plan.priorities.set([theme[2018]])
    rows = [
        ("Open a refuge in the town centre", RagStatus.RED, datetime.date(2019, 1, 31)),
        ("Train GP surgeries to spot abuse", RagStatus.AMBER, datetime.date(2019, 6, 30)),
        ("Run the White Ribbon campaign", RagStatus.GREEN, datetime.date(2018, 11, 25)),
        ("Review the MARAC referral route", RagStatus.NOT_RATED, datetime.date(2019, 9, 30)),
    ]
    actions = {}
    for position, (description, rag, target) in enumerate(rows, 1):
        action = ActionFactory(
            action_plan=plan,
            position=position,
            description=description,
            rag_status=rag,
            target_date=target,
            lead_agency=agencies["police"],
        )
        # Reported on recently, so no action is asked about for want of progress.
        ProgressUpdate.objects.create(
            action=action, date=datetime.date(2019, 2, 1), text="On course.", rag_status=rag
        )
        actions[rag] = action
    return actions


def page_of(client, priority) -> str:
    response = client.get(reverse("meetings:priority_briefing", args=[priority.pk]))
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(client, priority) -> str:
    pdf = read_pdf(download(client, reverse("meetings:priority_briefing_pdf", args=[priority.pk])))
    return squash(" ".join(page.extract_text() for page in pdf.pages))


def questions(briefing) -> list[str]:
    return [enquiry.question for enquiry in briefing.enquiries]


def briefing_for(priority, reader=None):
    return priority_briefing(
        briefed_priorities().get(pk=priority.pk), reader or AnonymousUser(), DAY
    )


def test_rag_counts_overdue_actions_and_a_question_naming_the_late_one(client, theme, action_plan):
    briefing = briefing_for(theme[2018])
    assert briefing.rag_counts == [
        ("red", "Red", 1),
        ("amber", "Amber", 1),
        ("green", "Green", 1),
        ("not_rated", "Not rated", 1),
    ]
    # The green action is past its date too, but green: it is not late.
    assert briefing.overdue_actions == [action_plan[RagStatus.RED]]
    late = (
        "What is holding up “Open a refuge in the town centre” (action 1 of the DA Forum "
        "action plan), led by Kent Police, and when will it be done?"
    )
    assert late in questions(briefing)
    assert (
        "Is “Review the MARAC referral route” (action 4 of the DA Forum action plan) on track?"
        in (questions(briefing))
    )
    assert len(briefing.enquiries) == 2

    page = page_of(client, theme[2018])
    assert "Briefing: Domestic Abuse" in page
    assert "1 action past its target date and not rated green" in page
    assert late in page
    assert "It was due by 31 January 2019 and is rated red." in page
    assert f'href="#action-{action_plan[RagStatus.RED].pk}"' in page
    assert reverse("meetings:priority_briefing_pdf", args=[theme[2018].pk]) in page

    # Late and never rated: the reason says so rather than "rated not rated".
    unrated = action_plan[RagStatus.NOT_RATED]
    unrated.target_date = datetime.date(2019, 2, 1)
    unrated.save()
    because = [enquiry.because for enquiry in briefing_for(theme[2018]).enquiries]
    assert "It was due by 1 February 2019 and has no RAG rating." in because


def test_gaps_in_an_action_record_each_suggest_a_question(theme, agencies):
    plan = ActionPlanFactory(subgroup=theme["forum"], refresh=theme[2018].refresh)
    plan.priorities.set([theme[2018]])
    bare = ActionFactory(action_plan=plan, position=1, description="Map the support services")
    stale = ActionFactory(
        action_plan=plan,
        position=2,
        description="Publish a DA strategy",
        lead_agency=agencies["housing"],
        target_date=datetime.date(2019, 12, 31),
        rag_status=RagStatus.AMBER,
    )
    ProgressUpdate.objects.create(action=stale, date=datetime.date(2018, 10, 1), text="Begun.")

    asked = questions(briefing_for(theme[2018]))
    named = f"“{bare.description}” (action 1 of the {plan.title})"
    assert asked == [
        f"Is {named} on track?",
        f"Which partner is leading {named}, and by when should it be done?",
        f"What progress has been made on {named}?",
        f"What progress has been made on “Publish a DA strategy” (action 2 of the {plan.title}) "
        "since 1 October 2018?",
    ]


def test_a_priority_without_an_action_plan_is_a_gap_with_a_question(client, demo_meeting):
    mental_health = Priority.objects.get(title="Mental Health")
    page = page_of(client, mental_health)
    assert "This priority has no action plan for 2018/19." in page
    assert (
        "Who is leading the work on Mental Health, and when will an action plan for 2018/19 "
        "be agreed?" in page
    )
    assert "There is no action plan for this priority for 2018/19." in page
    # Its subgroup is named in the demo data: that is not a gap.
    assert "Which subgroup or partner is leading" not in page
    assert "No recommendations have been made on this priority yet." in page


def test_a_priority_with_nothing_missing_says_so(client, theme, agencies):
    plan = ActionPlanFactory(subgroup=theme["forum"], refresh=theme[2018].refresh)
    plan.priorities.set([theme[2018]])
    action = ActionFactory(
        action_plan=plan,
        lead_agency=agencies["police"],
        target_date=datetime.date(2019, 6, 30),
        rag_status=RagStatus.GREEN,
    )
    ProgressUpdate.objects.create(action=action, date=datetime.date(2019, 2, 20), text="Done.")
    page = page_of(client, theme[2018])
    assert "The record shows no gaps on this priority" in page
    assert "No action is past its target date." in page


def test_no_lead_subgroup_is_a_gap(theme):
    Priority.objects.filter(pk=theme[2018].pk).update(lead_subgroup=None)
    assert "Which subgroup or partner is leading the work on Domestic Abuse in 2018/19?" in (
        questions(briefing_for(theme[2018]))
    )


def answered(recommendation, priority, *, to, by, officer, outcome, text, issued_on, received_on):
    """The recommendation, on ``priority``, agreed and sent to ``to``, and answered by ``by``."""
    recommendation.priorities.set([priority])
    recommendation.addressee_agencies.set(to)
    recommendation_agree(recommendation=recommendation, user=officer)
    recommendation_letter_issued(recommendation=recommendation, user=officer, issued_on=issued_on)
    recommendation_response_record(
        recommendation=recommendation,
        user=officer,
        agency=by,
        outcome=outcome,
        text=text,
        received_on=received_on,
    )
    return recommendation


@pytest.fixture
def earlier(theme, agencies, officer):
    """Recommendations of January 2018 on Domestic Abuse 2017/18: Kent Police rejected the
    first and Golding Homes never answered it; Golding Homes accepted the second, not yet
    done. And one made later, on 2019/20's priority."""
    meeting = MeetingFactory(committee=theme["committee"], date=datetime.date(2018, 1, 15))
    issued_on = datetime.date(2018, 1, 20)
    rejected = answered(
        RecommendationFactory(
            meeting=meeting,
            position=1,
            text="That every victim is offered an IDVA within 48 hours.",
        ),
        theme[2017],
        to=[agencies["police"], agencies["housing"]],
        by=agencies["police"],
        officer=officer,
        outcome="rejected",
        text="We cannot fund this from the current budget.",
        issued_on=issued_on,
        received_on=datetime.date(2018, 2, 1),
    )
    accepted = answered(
        RecommendationFactory(
            meeting=meeting, position=2, text="That the Forum publishes its referral figures."
        ),
        theme[2017],
        to=[agencies["housing"]],
        by=agencies["housing"],
        officer=officer,
        outcome="accepted",
        text="Agreed; we will publish them quarterly.",
        issued_on=issued_on,
        received_on=datetime.date(2018, 2, 10),
    )
    # On next year's priority: not an earlier recommendation on 2018/19's.
    later = RecommendationFactory(
        meeting=MeetingFactory(committee=theme["committee"], date=datetime.date(2019, 2, 1)),
        text="That the 2019/20 plan funds a second refuge.",
        status="agreed",
    )
    later.priorities.set([theme[2019]])
    # On this year's priority, at a meeting still to come: not made yet.
    RecommendationFactory(
        meeting=MeetingFactory(committee=theme["committee"], date=datetime.date(2019, 3, 20)),
        text="That the Forum reports on its first refuge.",
        status="agreed",
    ).priorities.set([theme[2018]])
    # Only proposed, in a report: the committee did not make it its own.
    RecommendationFactory(
        meeting=meeting, position=3, text="That the Forum merges with the Board."
    ).priorities.set([theme[2017]])
    return {"rejected": rejected, "accepted": accepted, "later": later}


def test_earlier_years_recommendations_come_with_the_partners_own_words(client, theme, earlier):
    briefing = briefing_for(theme[2018])
    assert briefing.recommendations == [earlier["rejected"], earlier["accepted"]]
    assert [other.refresh.year for other in briefing.other_years] == [2017, 2019]
    asked = questions(briefing)
    assert (
        "Kent Police rejected recommendation 1 of 15 January 2018, “That every victim is "
        "offered an IDVA within 48 hours”. Has anything changed since, and would Kent Police "
        "look at it again?"
    ) in asked
    assert (
        "When will the committee have a response from Golding Homes to recommendation 1 of "
        "15 January 2018, “That every victim is offered an IDVA within 48 hours”?"
    ) in asked
    assert (
        "Golding Homes accepted recommendation 2 of 15 January 2018, “That the Forum publishes "
        "its referral figures”. What has been done since, and when will it be finished?"
    ) in asked

    page = page_of(client, theme[2018])
    assert "We cannot fund this from the current budget." in page
    assert "Kent Police</a>: rejected</strong>, received 1 February 2018" in page
    assert "The response was due by 17 February 2018 and has not been received from Golding" in page
    assert "Domestic abuse (2017/18)" in page
    assert "That the 2019/20 plan funds a second refuge." not in page
    assert "That the Forum reports on its first refuge." not in page
    assert "That the Forum merges with the Board." not in page
    for other in briefing.other_years:
        assert reverse("meetings:priority_briefing", args=[other.pk]) in page


def test_the_public_never_sees_exempt_or_draft_recommendations(client, theme, councillor):
    meeting = MeetingFactory(committee=theme["committee"], date=datetime.date(2018, 11, 5))
    exempt = RecommendationFactory(
        meeting=meeting,
        agenda_item=AgendaItemFactory(meeting=meeting, is_exempt=True, exempt_paragraph=1),
        text="That the named family is moved to a safe house.",
        status="agreed",
    )
    draft = RecommendationFactory(
        meeting=MeetingFactory(
            committee=theme["committee"],
            date=datetime.date(2019, 2, 11),
            status=Meeting.Status.DRAFT,
        ),
        text="That the draft idea is pursued.",
        status="agreed",
    )
    for recommendation in (exempt, draft):
        recommendation.priorities.set([theme[2018]])

    for text in (page_of(client, theme[2018]), pdf_text(client, theme[2018])):
        assert "named family" not in text
        assert "draft idea" not in text
        assert "No recommendations have been made on this priority yet." in text

    signed_in = Client()
    signed_in.force_login(councillor)
    for text in (page_of(signed_in, theme[2018]), pdf_text(signed_in, theme[2018])):
        assert "That the named family is moved to a safe house." in text
        assert "Not for publication — Schedule 12A paragraph 1" in text
        assert "draft idea" not in text


def test_the_pdf_is_a_tagged_document_with_bookmarks(client, theme, action_plan):
    response = download(client, reverse("meetings:priority_briefing_pdf", args=[theme[2018].pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="2018-19-domestic-abuse-briefing.pdf"'
    )
    pdf = read_pdf(response)
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and "/StructTreeRoot" in root
    assert pdf.metadata.title == "Briefing: Domestic Abuse (2018/19)"
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    assert "Briefing: Domestic Abuse" in text
    assert "2018/19" in text
    assert "Open a refuge in the town centre" in text
    assert "What is holding up “Open a refuge in the town centre”" in text
    outline = outline_titles(pdf.outline)
    for heading in (
        "Briefing: Domestic Abuse",
        "Subgroup and action plan",
        "Actions by RAG rating",
        "Overdue actions",
        "Earlier recommendations and responses",
        "Suggested lines of enquiry",
    ):
        assert heading in outline


def test_a_missing_priority_is_not_found(client):
    assert client.get(reverse("meetings:priority_briefing", args=[999999])).status_code == 404
    assert (
        download(client, reverse("meetings:priority_briefing_pdf", args=[999999])).status_code
        == 404
    )


def add_rows(theme, agencies, officer, count: int, start: int) -> None:
    """``count`` more actions (each with progress) and answered recommendations."""
    plan = theme[2018].action_plans.get()
    for n in range(start, start + count):
        action = ActionFactory(
            action_plan=plan,
            position=n,
            lead_agency=agencies["police"],
            target_date=datetime.date(2019, 1, 1),
            rag_status=RagStatus.RED,
        )
        ProgressUpdate.objects.create(action=action, date=datetime.date(2018, 6, 1), text="Late.")
        made_on = datetime.date(2018, 1, 1) + datetime.timedelta(days=n)
        answered(
            RecommendationFactory(
                meeting=MeetingFactory(committee=theme["committee"], date=made_on)
            ),
            # Half on this year's priority, half on last year's.
            theme[2017 + n % 2],
            to=[agencies["police"], agencies["housing"]],
            by=agencies["police"],
            officer=officer,
            outcome="partly_accepted",
            text="In part.",
            issued_on=made_on,
            received_on=made_on,
        )


def test_the_page_costs_the_same_queries_however_much_it_shows(
    theme, agencies, officer, action_plan
):
    url = reverse("meetings:priority_briefing", args=[theme[2018].pk])
    # The council's record is made on the first page ever asked for, not on this one.
    Council.current()
    counts, shown = [], []
    for count, start in ((2, 10), (20, 20)):
        add_rows(theme, agencies, officer, count, start)
        retire_cached_pages()
        client = Client()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts.append(len(captured.captured_queries))
        shown.append(len(response.context["briefing"].enquiries))
    assert counts[0] == counts[1]
    # Equal counts mean something only if the page shows the larger set.
    assert shown[1] > shown[0] + 40
