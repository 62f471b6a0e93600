"""Following a matter across meetings: a priority's, an agency's and a recommendation's
pages list the minutes, motions and votes that concerned them, in date order, and only
those the reader may see."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting, Motion, Presentation, Recommendation
from partnership.models import Priority
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    AmendmentFactory,
    CommitteeFactory,
    MeetingFactory,
    MinuteFactory,
    MotionFactory,
    OfficerFactory,
    RecommendationFactory,
    RefreshFactory,
    VoteFactory,
)
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

AGREED = Meeting.Status.MINUTES_AGREED


def _in_order(text: str, *phrases: str) -> bool:
    """Whether the phrases are all in the text, each after the one before."""
    start = 0
    for phrase in phrases:
        found = text.find(phrase, start)
        assert found >= 0, f"{phrase!r} not after {text[:start][-200:]!r}"
        start = found + len(phrase)
    return True


@pytest.fixture
def matter():
    """Three meetings of a committee, entered out of date order, each with a minute on
    the same priority and agency; and minutes that did not concern them, or that the
    public may not see."""
    committee = CommitteeFactory()
    priority = Priority.objects.create(refresh=RefreshFactory(), title="Domestic abuse")
    agency = AgencyFactory(name="Kent Police")

    def meeting(day, status=AGREED):
        return MeetingFactory(committee=committee, date=day, status=status)

    def minute(meeting, title, number, **item):
        item = AgendaItemFactory(meeting=meeting, title=title, **item)
        return MinuteFactory(agenda_item=item, number=number)

    def recommendation(on, text, **fields):
        made = RecommendationFactory(
            meeting=on.agenda_item.meeting, agenda_item=on.agenda_item, text=text, **fields
        )
        made.priorities.add(priority)
        made.addressee_agencies.add(agency)
        return made

    june, january, march = (
        meeting(datetime.date(2019, 6, 10)),
        meeting(datetime.date(2019, 1, 10)),
        meeting(datetime.date(2019, 3, 10)),
    )
    # June: the agency presented on the priority; the committee noted it.
    presented = minute(june, "Presentation on domestic abuse", 30)
    talk = Presentation.objects.create(agenda_item=presented.agenda_item, topic="Talk")
    talk.priorities.add(priority)
    talk.presenters.create(person=OfficerFactory(), agency=agency)
    MotionFactory(
        minute=presented,
        text="That the presentation be noted.",
        outcome=Motion.Outcome.CARRIED,
        effect=Motion.Effect.NOTED,
    )
    # January: a motion adopted a recommendation, an amendment added a second.
    review = minute(january, "Annual review of the partnership", 10)
    motion = MotionFactory(
        minute=review,
        text="That the recommendation in the report be agreed.",
        outcome=Motion.Outcome.CARRIED,
        effect=Motion.Effect.RECOMMENDATIONS,
    )
    VoteFactory(motion=motion, votes_for=7, votes_against=1, abstentions=0, present=8)
    amendment = AmendmentFactory(
        motion=motion, text="To add a review of refuge places.", outcome="carried"
    )
    VoteFactory(motion=None, amendment=amendment)
    adopted = recommendation(
        review,
        "That the police report on repeat victims.",
        minute=review,
        number_in_minute=1,
        motion=motion,
        status="agreed",
    )
    added = recommendation(
        review,
        "That the partnership reviews refuge places.",
        minute=review,
        number_in_minute=2,
        motion=motion,
        amendment=amendment,
        status="agreed",
    )
    # March: a report proposed a recommendation on it; the committee only noted it.
    figures = minute(march, "Quarterly figures", 20)
    recommendation(figures, "That the figures be broken down by ward.")
    MotionFactory(minute=figures, text="That the figures be noted.")
    # Not about the matter, exempt, or minutes not yet published.
    minute(march, "Parking enforcement", 21)
    secret = minute(march, "Refuge contract", 22, is_exempt=True, exempt_paragraph=3)
    recommendation(secret, "That the refuge contract be extended.")
    unpublished = minute(meeting(datetime.date(2019, 9, 1), Meeting.Status.HELD), "Draft", 40)
    recommendation(unpublished, "That the draft be agreed.")
    return {
        "priority": priority,
        "agency": agency,
        "january": january,
        "adopted": adopted,
        "added": added,
    }


@pytest.mark.parametrize("page", ["priority", "agency"])
def test_the_minutes_motions_and_votes_that_concerned_it_in_date_order(client, matter, page):
    text = page_text(client.get(matter[page].get_absolute_url()))

    assert _in_order(
        text,
        "Minutes, resolutions and votes",
        "10 January 2019",
        "minute 10, Annual review of the partnership",
        "Amendment",
        "5 for, 2 against, 1 abstaining",
        "To add a review of refuge places.",
        "Motion",
        "carried (recommendations to the partnership or agencies), 7 for, 1 against",
        "That the recommendation in the report be agreed.",
        "10 March 2019",
        "minute 20, Quarterly figures",
        "10 June 2019",
        "minute 30, Presentation on domestic abuse",
    )
    # Only what concerned it: not the noting motions, nor minutes on other matters.
    for other in ("That the figures be noted.", "Parking enforcement"):
        assert other not in text


@pytest.mark.parametrize("page", ["priority", "agency"])
def test_exempt_and_unpublished_minutes_only_for_those_who_may_see_them(
    client, matter, page, councillor, officer
):
    url = matter[page].get_absolute_url()
    public = page_text(client.get(url))
    assert "Refuge contract" not in public
    assert "minute 40" not in public

    client.force_login(councillor)
    theirs = page_text(client.get(url))
    assert "Refuge contract" in theirs
    assert "minute 40" not in theirs

    client.force_login(officer)
    assert "minute 40" in page_text(client.get(url))


def test_a_recommendation_shows_its_minute_the_amendment_that_added_it_and_the_motion(
    client, matter
):
    url = reverse("meetings:recommendations", args=[matter["january"].pk])
    text = page_text(client.get(url))

    added = text[text.index("That the partnership reviews refuge places.") :]
    assert _in_order(
        added,
        "How the committee resolved it",
        "Minute 10, Annual review of the partnership : recommendation 10.2",
        "Added by amendment",
        "5 for, 2 against, 1 abstaining",
        "To add a review of refuge places.",
        "Adopted by the motion",
        "7 for, 1 against, 0 abstaining",
    )
    adopted = text[
        text.index("That the police report on repeat victims.") : text.index(
            "That the partnership reviews refuge places."
        )
    ]
    assert "recommendation 10.1" in adopted
    assert "Added by amendment" not in adopted
    assert "Adopted by the motion" in adopted


def test_a_recommendation_on_unpublished_minutes_shows_no_resolution_to_the_public(client, officer):
    minute = MinuteFactory(agenda_item__meeting__status=Meeting.Status.HELD, number=5)
    motion = MotionFactory(minute=minute, outcome="carried", effect="recommendations")
    Recommendation.objects.filter(
        pk=RecommendationFactory(
            meeting=minute.agenda_item.meeting, agenda_item=minute.agenda_item
        ).pk
    ).update(minute=minute, number_in_minute=1, motion=motion)
    url = reverse("meetings:recommendations", args=[minute.agenda_item.meeting.pk])

    assert "How the committee resolved it" not in page_text(client.get(url))
    client.force_login(officer)
    assert "How the committee resolved it" in page_text(client.get(url))
