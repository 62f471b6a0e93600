"""The scale data set holds the meeting record at every size, for the query-count test and
the benchmark of the minutes and councillors' pages (``bench_pages``)."""

import pytest
from django.db.models import F

from meetings.models import Attendance, Meeting, Minute, Motion, RecordedVote, Vote
from meetings.models.agendas import TOOK_PLACE
from scrutiny.devtools.scale_data import build_scale_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [5, 12])
def test_held_meetings_have_attendance_and_one_has_n_minutes_with_motions_and_votes(n):
    data = build_scale_data(n)
    minuted = data.minuted_meeting
    assert minuted.status == Meeting.Status.MINUTES_DRAFT
    # The past meetings were held; those the councillor's record covers are approved.
    held = data.committee.meetings.filter(status__in=TOOK_PLACE).exclude(pk=minuted.pk)
    assert held.exists()
    for meeting in [*held, minuted]:
        assert meeting.attendance.count() == n
    statuses = set(
        Attendance.objects.filter(meeting__committee=data.committee).values_list(
            "status", flat=True
        )
    )
    assert statuses == set(Attendance.Status.values)
    assert Minute.objects.filter(agenda_item__meeting=minuted).count() == n
    motions = Motion.objects.filter(minute__agenda_item__meeting=minuted)
    assert motions.count() == n and not motions.filter(vote__isnull=True).exists()
    votes = Vote.objects.filter(motion__in=motions)
    present = minuted.voting_members_present()
    assert set(votes.values_list("present", flat=True)) == {present}
    # Each recorded vote names as many members as it counted.
    for vote in votes.filter(recorded=True):
        assert vote.named.count() == vote.votes_for + vote.votes_against + vote.abstentions
    assert RecordedVote.objects.exists()
    assert not Vote.objects.filter(
        present__lt=F("votes_for") + F("votes_against") + F("abstentions")
    ).exists()
    # The councillor whose page is measured attended the committee's meetings.
    assert data.councillor.attendance.filter(meeting__in=[*held, minuted]).count() == (
        held.count() + 1
    )
