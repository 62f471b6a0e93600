"""The statutory compliance checks, and the clear days they count, on real dates."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meetings.clear_days import clear_days_between, latest_publication
from meetings.compliance import (
    actions_past_target,
    agendas_open_for_clear_days,
    authorities_sent_recommendations,
    compliance_checks,
    met_every_twelve_months,
    priorities_without_action_plan,
    responses_overdue,
)
from meetings.lifecycle import recommendation_agree, recommendation_letter_issued
from meetings.models import Meeting, RecommendationLetter
from partnership.models import Action, ActionPlan, Agency
from tests.factories import AgendaItemFactory, MeetingFactory, RecommendationFactory

date = datetime.date


@pytest.mark.parametrize(
    ("published", "meeting", "clear"),
    [
        # Monday to the Tuesday week after: Tuesday to Friday, and Monday.
        (date(2024, 12, 2), date(2024, 12, 10), 5),
        # Over Easter 2019: Good Friday (19 April) and Easter Monday (22 April) do not count.
        (date(2019, 4, 16), date(2019, 4, 25), 4),
        (date(2019, 4, 15), date(2019, 4, 25), 5),
        # Over Christmas and New Year: 25 and 26 December and 1 January do not count.
        (date(2024, 12, 20), date(2025, 1, 3), 6),
        (date(2024, 12, 24), date(2025, 1, 3), 4),
        # Published the day before, or on the day: no clear day at all.
        (date(2024, 12, 9), date(2024, 12, 10), 0),
        (date(2024, 12, 10), date(2024, 12, 10), 0),
    ],
)
def test_clear_days_leave_out_both_ends_weekends_and_bank_holidays(published, meeting, clear):
    assert clear_days_between(published, meeting) == clear


def test_the_latest_day_to_publish_still_gives_five_clear_days():
    assert latest_publication(date(2019, 4, 25)) == date(2019, 4, 15)
    # 24, 27, 30 and 31 December and 2 January.
    assert latest_publication(date(2025, 1, 3)) == date(2024, 12, 23)
    assert clear_days_between(date(2024, 12, 23), date(2025, 1, 3)) == 5


def test_the_number_of_clear_days_and_the_bank_holidays_are_settings(settings):
    settings.SCRUTINY_CLEAR_DAYS = 3
    assert latest_publication(date(2024, 12, 10)) == date(2024, 12, 4)
    # Scotland's 2 January is no bank holiday in England.
    settings.SCRUTINY_BANK_HOLIDAYS = "SCT"
    assert clear_days_between(date(2024, 12, 31), date(2025, 1, 6)) == 1


pytestmark = pytest.mark.django_db


def test_a_committee_that_did_not_meet_for_13_months_is_flagged(demo_meeting):
    committee = demo_meeting.committee
    MeetingFactory(committee=committee, date=date(2019, 10, 30))
    check = met_every_twelve_months(date(2019, 12, 1))
    assert [finding.text for finding in check.findings] == [
        f"{committee.name} did not meet for 13 months: from 25 September 2018 until "
        "30 October 2019."
    ]
    assert not check.met
    # Eleven months on from its last meeting, nothing more to flag.
    assert len(met_every_twelve_months(date(2020, 9, 30)).findings) == 1
    assert "since, to today" in met_every_twelve_months(date(2020, 11, 30)).findings[1].text


def test_an_agenda_published_late_is_flagged_with_its_reason(demo_meeting):
    late = MeetingFactory(
        committee=demo_meeting.committee,
        date=date(2019, 4, 25),
        published_at=timezone.make_aware(datetime.datetime(2019, 4, 16, 10, 0)),
    )
    findings = agendas_open_for_clear_days().findings
    assert any("published 16 April 2019, 4 clear days" in f.text for f in findings)
    assert any("No reason (urgent business) is recorded." in f.text for f in findings)
    Meeting.objects.filter(pk=late.pk).update(urgent_reason="A new gang feud needs scrutiny.")
    findings = agendas_open_for_clear_days().findings
    assert any("The reason recorded: A new gang feud needs scrutiny." in f.text for f in findings)


def sent_to_the_police(meeting) -> Agency:
    """A recommendation to Kent Police, agreed, its letter issued on 28 September 2018."""
    police = Agency.objects.get(name="Kent Police")
    recommendation = RecommendationFactory(meeting=meeting, position=3, text="Report back.")
    recommendation.addressee_agencies.set([police])
    recommendation_agree(recommendation=recommendation, user=None)
    recommendation_letter_issued(
        recommendation=recommendation, user=None, issued_on=date(2018, 9, 28)
    )
    return police


def test_every_responsible_authority_not_sent_the_recommendations_is_named(demo_meeting):
    police = sent_to_the_police(demo_meeting)
    RecommendationLetter.objects.create(
        meeting=demo_meeting,
        addressee=police,
        reference="CDS/1",
        status="issued",
        issued_on=date(2018, 9, 28),
    )
    findings = authorities_sent_recommendations().findings
    named = {finding.text.split(" was not sent")[0] for finding in findings}
    authorities = {
        m.agency.name
        for m in demo_meeting.committee.partnership.memberships.all()
        if m.agency.is_responsible_authority
    }
    assert named == authorities - {"Kent Police"}
    assert named


def test_priorities_actions_and_responses_are_checked(demo_meeting, officer):
    # The seed: the Mental Health priority has no action plan.
    assert any(
        "Mental Health" in finding.text for finding in priorities_without_action_plan().findings
    )
    plan = ActionPlan.objects.first()
    for position, (description, rag_status) in enumerate(
        (("Map the gangs", "amber"), ("Train the staff", "green")), start=90
    ):
        Action.objects.create(
            action_plan=plan,
            position=position,
            description=description,
            target_date=date(2019, 3, 31),
            rag_status=rag_status,
        )
    late = [finding.text for finding in actions_past_target(date(2019, 4, 1)).findings]
    assert late == ["Map the gangs (due 31 March 2019, amber)."]
    assert actions_past_target(date(2019, 3, 31)).met

    sent_to_the_police(demo_meeting)
    assert responses_overdue(officer, date(2018, 10, 26)).met
    overdue = responses_overdue(officer, date(2018, 10, 27)).findings
    assert [finding.text for finding in overdue] == [
        f"Recommendation 3 of {demo_meeting}: Kent Police, due 26 October 2018."
    ]


def test_the_compliance_page_shows_each_check_with_its_rule(client, officer, demo_meeting):
    AgendaItemFactory(meeting=demo_meeting, number=11, is_exempt=True, exempt_paragraph=1)
    client.force_login(officer)
    with time_machine.travel(date(2019, 1, 15)):
        page = client.get(reverse("meetings:compliance")).content.decode()
        checks = compliance_checks(officer, date(2019, 1, 15))
    assert len(checks) == 10
    for check in checks:
        assert escape(check.title) in page
    assert "Police and Justice Act 2006 s.19(2)" in page
    assert "Every exempt item names its Schedule 12A paragraph" in page
    assert page.count("govuk-tag--green") == sum(check.met for check in checks)
