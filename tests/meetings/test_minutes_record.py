"""Writing the minutes: numbered minutes, motions, amendments, votes and what a carried
motion resolved (meetings/minutes_record.py), the rules the database holds, and the
officer's pages for them (meetings/views/minutes_editing.py)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings import minutes_record as record
from meetings.models import (
    Attendance,
    Meeting,
    Minute,
    Motion,
    Recommendation,
    RecommendationLetter,
    RecommendationStep,
)
from meetings.services import letters_issue
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.updates import edit_token
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    AmendmentFactory,
    AttendanceFactory,
    DeclarationFactory,
    MeetingFactory,
    MinuteFactory,
    MotionFactory,
    RecommendationFactory,
    VoteFactory,
    committee_with_members,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2018, 9, 25)


@pytest.fixture
def held():
    """A held meeting of a ten-member committee: eight members present, one apology
    with a substitute, one absent; the committee's run stands at minute 324."""
    committee, members = committee_with_members(10)
    meeting = MeetingFactory(committee=committee, date=DAY, status=Meeting.Status.HELD)
    earlier = MeetingFactory(committee=committee, date=datetime.date(2018, 7, 3))
    MinuteFactory(agenda_item__meeting=earlier, number=324)
    for person in members[:8]:
        AttendanceFactory(meeting=meeting, person=person)
    AttendanceFactory(meeting=meeting, person=members[8], status=Attendance.Status.APOLOGIES)
    AttendanceFactory(meeting=meeting, person=members[9], status=Attendance.Status.ABSENT)
    minutes = AgendaItemFactory(meeting=meeting, number=1, title="Minutes")
    report = AgendaItemFactory(meeting=meeting, number=2, title="Community safety report")
    noted = AgendaItemFactory(meeting=meeting, number=3, title="Performance report")
    return {
        "meeting": meeting,
        "members": members[:8],
        "apologies": members[8],
        "items": (minutes, report, noted),
    }


# The rules the database holds ----------------------------------------------------------


def test_one_minute_number_per_committee_and_year():
    minute = MinuteFactory(number=7)
    other_item = AgendaItemFactory(meeting=minute.agenda_item.meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Minute.objects.create(
            agenda_item=other_item,
            committee=minute.committee,
            municipal_year=minute.municipal_year,
            number=7,
        )
    # The same number in the next municipal year is the next year's own.
    Minute.objects.create(
        agenda_item=other_item,
        committee=minute.committee,
        municipal_year=minute.municipal_year + 1,
        number=7,
    )


def test_a_seconder_is_not_the_mover_in_the_database():
    motion = MotionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Motion.objects.filter(pk=motion.pk).update(seconder=motion.mover)
    amendment = AmendmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(amendment).objects.filter(pk=amendment.pk).update(seconder=amendment.mover)


@pytest.mark.parametrize(
    "counts",
    [
        {"votes_for": -1},
        {"votes_against": -1},
        {"abstentions": -1},
        {"votes_for": 5, "votes_against": 3, "abstentions": 1, "present": 8},
    ],
)
def test_vote_counts_are_not_negative_and_do_not_exceed_those_present(counts):
    vote = VoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(vote).objects.filter(pk=vote.pk).update(**counts)


def test_one_declaration_per_member_item_and_kind():
    declaration = DeclarationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationFactory(
            agenda_item=declaration.agenda_item,
            person=declaration.person,
            kind=declaration.kind,
        )


# Minutes and their numbers ---------------------------------------------------------------


def test_minutes_start_numbers_every_item_in_agenda_order(held, officer):
    minutes = record.minutes_start(meeting=held["meeting"], user=officer)
    assert [(m.agenda_item.number, m.number) for m in minutes] == [(1, 325), (2, 326), (3, 327)]
    # Started again, nothing is numbered twice.
    assert len(record.minutes_start(meeting=held["meeting"], user=officer)) == 3
    assert Minute.objects.count() == 4


def test_minute_write_takes_the_next_number_and_keeps_it(held, officer):
    item = held["items"][1]
    minute = record.minute_write(agenda_item=item, user=officer, discussion="Discussed.")
    assert (minute.number, minute.municipal_year) == (325, 2018)
    again = record.minute_write(agenda_item=item, user=officer, discussion="Changed.")
    assert (again.pk, again.number, again.discussion) == (minute.pk, 325, "Changed.")


def test_a_number_taken_meanwhile_is_skipped(held, officer, monkeypatch):
    """Another officer's minute took the number between reading the run and saving."""
    item = held["items"][0]
    other = AgendaItemFactory(meeting=held["meeting"], number=9)
    numbers = iter([325, 325, 326])
    monkeypatch.setattr(record, "next_number", lambda queryset, field: next(numbers))
    record.minute_write(agenda_item=other, user=officer)
    assert record.minute_write(agenda_item=item, user=officer).number == 326


def test_minutes_are_written_only_for_a_held_meeting(officer):
    meeting = MeetingFactory(status=Meeting.Status.PUBLISHED)
    item = AgendaItemFactory(meeting=meeting)
    with pytest.raises(ServiceError, match="once the meeting is recorded as held"):
        record.minute_write(agenda_item=item, user=officer)


# Who takes part --------------------------------------------------------------------------


def test_movers_and_seconders_are_voting_members_present(held, officer):
    minute = record.minute_write(agenda_item=held["items"][1], user=officer)
    mover = held["members"][0]
    with pytest.raises(ServiceError, match="not on the attendance as a voting member"):
        record.motion_add(
            minute=minute, user=officer, text="x", mover=mover, seconder=held["apologies"]
        )
    with pytest.raises(Exception, match="someone other than the mover"):
        record.motion_add(minute=minute, user=officer, text="x", mover=mover, seconder=mover)


def test_a_member_with_an_undispensed_pecuniary_interest_cannot_move_second_or_vote(held, officer):
    item = held["items"][1]
    minute = record.minute_write(agenda_item=item, user=officer)
    interested = held["members"][2]
    DeclarationFactory(agenda_item=item, person=interested, kind="pecuniary")
    others = held["members"][:2]
    refused = f"{interested.name} declared a disclosable pecuniary interest.*Localism Act 2011"
    with pytest.raises(ServiceError, match=refused):
        record.motion_add(minute=minute, user=officer, text="x", mover=interested)
    with pytest.raises(ServiceError, match=refused):
        record.motion_add(
            minute=minute, user=officer, text="x", mover=others[0], seconder=interested
        )
    motion = record.motion_add(
        minute=minute, user=officer, text="x", mover=others[0], seconder=others[1]
    )
    with pytest.raises(ServiceError, match=refused):
        record.amendment_add(motion=motion, user=officer, text="y", mover=interested)
    with pytest.raises(ServiceError, match=refused):
        record.vote_record(on=motion, user=officer, named={interested: "for"})
    assert not motion.minute.motions.filter(vote__isnull=False).exists()


def test_a_dispensation_lets_the_member_take_part(held, officer):
    item = held["items"][1]
    minute = record.minute_write(agenda_item=item, user=officer)
    member = held["members"][2]
    DeclarationFactory(agenda_item=item, person=member, kind="pecuniary", dispensation=True)
    motion = record.motion_add(minute=minute, user=officer, text="x", mover=member)
    assert motion.mover == member


# Votes -----------------------------------------------------------------------------------


def test_a_counted_vote_keeps_the_number_present(held, officer):
    minute = record.minute_write(agenda_item=held["items"][1], user=officer)
    motion = MotionFactory(minute=minute, mover=held["members"][0], seconder=held["members"][1])
    vote = record.vote_record(on=motion, user=officer, votes_for=5, votes_against=2, abstentions=1)
    assert (vote.votes_for, vote.votes_against, vote.abstentions, vote.present) == (5, 2, 1, 8)
    with pytest.raises(Exception, match="only 8 voting members were present"):
        record.vote_record(on=motion, user=officer, votes_for=9)


def test_a_recorded_vote_stores_names_and_derived_counts(held, officer):
    minute = record.minute_write(agenda_item=held["items"][1], user=officer)
    members = held["members"]
    motion = MotionFactory(minute=minute, mover=members[0], seconder=members[1])
    named = {members[0]: "for", members[1]: "for", members[2]: "against", members[3]: "abstain"}
    vote = record.vote_record(on=motion, user=officer, named=named)
    assert vote.recorded
    assert (vote.votes_for, vote.votes_against, vote.abstentions, vote.present) == (2, 1, 1, 8)
    assert {(n.person, n.choice) for n in vote.named.all()} == set(named.items())


# What a motion resolves ------------------------------------------------------------------


def test_a_carried_amendment_and_motion_adopt_and_number_the_recommendations(held, officer):
    """The issue's meeting: recommendation 2.1 moved and seconded, two further ones added
    by an amendment carried 5 to 2 with 1 abstention, the motion carried; a second item
    noted, with no recommendations, letters or deadlines."""
    meeting, members = held["meeting"], held["members"]
    _, report, noted = held["items"]
    police, council = AgencyFactory(name="Police"), AgencyFactory(name="Council")
    proposed = RecommendationFactory(meeting=meeting, agenda_item=report, position=1)
    proposed.addressee_agencies.set([police])
    unticked = RecommendationFactory(meeting=meeting, agenda_item=report, position=2)
    record.minutes_start(meeting=meeting, user=officer)
    minute = report.minute
    assert minute.number == 326
    motion = record.motion_add(
        minute=minute,
        user=officer,
        text="That recommendation 2.1 be approved.",
        mover=members[0],
        seconder=members[1],
    )
    amendment = record.amendment_add(
        motion=motion,
        user=officer,
        text="To add two recommendations.",
        mover=members[2],
        seconder=members[3],
        outcome="carried",
        recommendations=["The police report on knife crime.", "The council funds CCTV."],
        addressee_agencies=[police, council],
    )
    vote = record.vote_record(
        on=amendment, user=officer, votes_for=5, votes_against=2, abstentions=1
    )
    assert (vote.votes_for, vote.votes_against, vote.abstentions, vote.present) == (5, 2, 1, 8)
    record.motion_decide(
        motion=motion,
        user=officer,
        outcome="carried",
        effect=Motion.Effect.RECOMMENDATIONS,
        adopt=[proposed],
    )
    agreed = list(
        Recommendation.objects.filter(status="agreed")
        .select_related("minute__committee")
        .order_by("number_in_minute")
    )
    assert [r.reference for r in agreed] == ["326.1", "326.2", "326.3"]
    assert agreed[0] == proposed
    assert [r.amendment for r in agreed[1:]] == [amendment, amendment]
    assert all(r.steps.filter(kind="agreed").exists() for r in agreed)
    unticked.refresh_from_db()
    assert unticked.status == Recommendation.Status.CLOSED
    assert unticked.steps.get(kind="closed").note == "not agreed by the committee"
    committee = meeting.committee
    committee.minute_number_format = "CHE/{yy}/{number}"
    committee.save()
    agreed[0].minute.committee.refresh_from_db()
    assert agreed[0].reference == "CHE/18/326.1"

    noting = record.motion_add(
        minute=noted.minute,
        user=officer,
        text="That the report be noted.",
        mover=members[4],
        seconder=members[5],
    )
    record.motion_decide(motion=noting, user=officer, outcome="carried", effect="noted")
    assert not noted.recommendations.exists()

    letters = letters_issue(meeting=meeting, user=officer, issued_on=DAY)
    sent = {r for letter in letters for r in letter.recommendations.all()}
    assert sent == set(agreed)
    assert not RecommendationLetter.objects.filter(recommendations__agenda_item=noted).exists()
    assert not RecommendationStep.objects.filter(recommendation__agenda_item=noted).exists()


def test_a_recommendation_numbered_by_minute_shows_that_number_everywhere(client, held, officer):
    """The recommendations page, the tracker and its spreadsheet, the API and the letter
    give "326.1" once the committee resolved it."""
    meeting, members = held["meeting"], held["members"]
    meeting.status = Meeting.Status.MINUTES_DRAFT
    meeting.save()
    report = held["items"][1]
    proposed = RecommendationFactory(meeting=meeting, agenda_item=report, position=4)
    proposed.addressee_agencies.set([AgencyFactory()])
    record.minutes_start(meeting=meeting, user=officer)
    motion = record.motion_add(
        minute=report.minute, user=officer, text="x", mover=members[0], seconder=members[1]
    )
    record.motion_decide(
        motion=motion, user=officer, outcome="carried", effect="recommendations", adopt=[proposed]
    )
    pages = {
        "recommendations": reverse("meetings:recommendations", args=[meeting.pk]),
        "tracker": reverse("meetings:tracker"),
        "tracker_csv": reverse("meetings:tracker_csv"),
    }
    for name, url in pages.items():
        assert "326.1" in client.get(url).content.decode(), name
    api = client.get(reverse("meetings:api_recommendations")).json()
    assert [(r["reference"], r["number"]) for r in api["results"]] == [("326.1", 4)]
    (letter,) = letters_issue(meeting=meeting, user=officer, issued_on=DAY)
    assert "326.1. That the partnership" in letter.printed_html


def test_letters_go_only_for_agreed_recommendations_never_noted_or_referred(held, officer):
    meeting, members = held["meeting"], held["members"]
    _, report, noted = held["items"]
    left = RecommendationFactory(meeting=meeting, agenda_item=noted)
    left.addressee_agencies.set([AgencyFactory()])
    record.minutes_start(meeting=meeting, user=officer)
    for item, effect in ((report, "referred_council"), (noted, "noted")):
        motion = record.motion_add(
            minute=item.minute, user=officer, text="x", mover=members[0], seconder=members[1]
        )
        record.motion_decide(motion=motion, user=officer, outcome="carried", effect=effect)
    with pytest.raises(ServiceError, match="No recommendation of this meeting is marked"):
        letters_issue(meeting=meeting, user=officer, issued_on=DAY)
    left.refresh_from_db()
    assert left.response_due_on is None


def test_a_motion_with_an_undecided_amendment_waits(held, officer):
    members = held["members"]
    minute = record.minute_write(agenda_item=held["items"][1], user=officer)
    motion = MotionFactory(minute=minute, mover=members[0], seconder=members[1])
    AmendmentFactory(motion=motion, mover=members[2], seconder=members[3])
    with pytest.raises(ServiceError, match="Record the outcome of amendment"):
        record.motion_decide(motion=motion, user=officer, outcome="carried", effect="agreed")


def test_only_a_carried_amendment_adds_recommendations(held, officer):
    members = held["members"]
    minute = record.minute_write(agenda_item=held["items"][1], user=officer)
    motion = MotionFactory(minute=minute, mover=members[0], seconder=members[1])
    with pytest.raises(ServiceError, match="Only a carried amendment"):
        record.amendment_add(
            motion=motion,
            user=officer,
            text="y",
            mover=members[2],
            outcome="lost",
            recommendations=["More CCTV."],
        )


# The officer's pages ---------------------------------------------------------------------


def test_an_officer_writes_the_minutes_by_plain_posts(client, held, officer):
    meeting, members = held["meeting"], held["members"]
    _, report, _ = held["items"]
    agency = AgencyFactory(name="Kent Police")
    proposed = RecommendationFactory(meeting=meeting, agenda_item=report, position=1)
    client.force_login(officer)
    page = reverse("meetings:minutes_edit", args=[meeting.pk])
    assert "Write the minutes" in client.get(meeting.get_absolute_url()).content.decode()
    assert client.post(reverse("meetings:minutes_start", args=[meeting.pk])).status_code == 302
    report.refresh_from_db()
    minute = report.minute
    response = client.post(
        reverse("meetings:minute_write", args=[report.pk]),
        {"discussion": "Members asked about knife crime.", "edit_token": edit_token(minute)},
    )
    assert response.status_code == 302
    # A seconder who is the mover is refused in the error summary, nothing saved.
    add_motion = reverse("meetings:motion_add", args=[minute.pk])
    refused = client.post(
        add_motion, {"text": "x", "mover": members[0].pk, "seconder": members[0].pk}
    )
    assert "someone other than the mover" in refused.content.decode()
    assert "govuk-error-summary" in refused.content.decode()
    client.post(
        add_motion,
        {"text": "That 2.1 be approved.", "mover": members[0].pk, "seconder": members[1].pk},
    )
    motion = minute.motions.get()
    client.post(
        reverse("meetings:amendment_add", args=[motion.pk]),
        {
            "text": "To add two recommendations.",
            "mover": members[2].pk,
            "seconder": members[3].pk,
            "outcome": "carried",
            "recommendations": "Report on knife crime.\nFund CCTV.",
            "addressee_agencies": [agency.pk],
        },
    )
    amendment = motion.amendments.get()
    client.post(
        reverse("meetings:amendment_vote", args=[amendment.pk]),
        {"votes_for": 5, "votes_against": 2, "abstentions": 1},
    )
    recorded = {"votes_for": 0, "votes_against": 0, "abstentions": 0, "recorded": "on"}
    recorded |= {f"member_{person.pk}": "for" for person in members[:6]}
    client.post(reverse("meetings:motion_vote", args=[motion.pk]), recorded)
    response = client.post(
        reverse("meetings:motion_decide", args=[motion.pk]),
        {"outcome": "carried", "effect": "recommendations", "adopt": [proposed.pk]},
    )
    assert response.status_code == 302, response.content.decode()
    assert (amendment.vote.votes_for, amendment.vote.present) == (5, 8)
    motion.refresh_from_db()
    assert motion.vote.recorded and motion.vote.votes_for == 6
    shown = client.get(page).content.decode()
    for text in ("Minute 326", "Members asked about knife crime.", "326.3. Fund CCTV.", "5 for"):
        assert text in shown
    assert members[5].name in shown


def test_a_pecuniary_interest_is_refused_on_the_page(client, held, officer):
    members = held["members"]
    item = held["items"][1]
    minute = record.minute_write(agenda_item=item, user=officer)
    DeclarationFactory(agenda_item=item, person=members[0], kind="pecuniary")
    client.force_login(officer)
    response = client.post(
        reverse("meetings:motion_add", args=[minute.pk]),
        {"text": "x", "mover": members[0].pk, "seconder": members[1].pk},
    )
    assert "Localism Act 2011 s.31" in response.content.decode()
    assert not minute.motions.exists()


def test_the_public_and_councillors_cannot_reach_the_editing_pages(client, held, councillor):
    motion = MotionFactory(
        minute=MinuteFactory(agenda_item=held["items"][1]),
        mover=held["members"][0],
        seconder=held["members"][1],
    )
    urls = [
        reverse("meetings:minutes_edit", args=[held["meeting"].pk]),
        reverse("meetings:minute_write", args=[held["items"][1].pk]),
        reverse("meetings:motion_add", args=[motion.minute.pk]),
        reverse("meetings:motion_decide", args=[motion.pk]),
    ]
    assert (
        "Write the minutes" not in client.get(held["meeting"].get_absolute_url()).content.decode()
    )
    for url in urls:
        assert client.get(url).status_code == 302
        assert client.post(url).status_code == 302
    client.force_login(councillor)
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
