"""The partnership's invariants hold in the database itself, not only in forms."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from partnership.models import (
    Action,
    Agency,
    CommunitySafetyPlan,
    Membership,
    PlanRefresh,
    ProgressUpdate,
)
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    PlanFactory,
)
from tests.helpers import refused_by_database

pytestmark = pytest.mark.django_db

APRIL_2015 = datetime.date(2015, 4, 1)
LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_membership_ending_before_it_starts_is_refused_by_the_database():
    refused_by_database(
        Membership,
        partnership=PartnershipFactory(),
        agency=AgencyFactory(),
        start_date=APRIL_2015,
        end_date=datetime.date(2014, 4, 1),
    )


def test_membership_ending_on_the_day_it_starts_is_refused_by_the_database():
    refused_by_database(
        Membership,
        partnership=PartnershipFactory(),
        agency=AgencyFactory(),
        start_date=APRIL_2015,
        end_date=APRIL_2015,
    )


def test_membership_with_unknown_dates_or_a_later_end_is_accepted():
    MembershipFactory(start_date=None, end_date=None)
    MembershipFactory(start_date=APRIL_2015, end_date=datetime.date(2016, 3, 31))


def test_membership_clean_explains_the_date_order():
    membership = MembershipFactory.build(start_date=APRIL_2015, end_date=APRIL_2015)
    with pytest.raises(ValidationError) as error:
        membership.clean()
    assert error.value.message_dict == {"end_date": ["The membership must end after it starts."]}


def test_agency_standing_outside_its_choices_is_refused_by_the_database():
    refused_by_database(Agency, name="Nobody", standing="imaginary")


def test_action_rag_status_outside_its_choices_is_refused_by_the_database():
    action = ActionFactory()
    refused_by_database(
        Action, action_plan=action.action_plan, position=2, description="x", rag_status="blue"
    )


def test_plan_ending_before_it_starts_is_refused_by_the_database():
    refused_by_database(
        CommunitySafetyPlan,
        partnership=PartnershipFactory(),
        title="Backwards",
        start_year=2018,
        end_year=2013,
    )


def test_refresh_outside_its_plan_years_fails_clean():
    refresh = PlanRefresh(plan=PlanFactory(start_year=2013, end_year=2018), year=2020, title="x")
    with pytest.raises(ValidationError) as error:
        refresh.clean()
    assert "within its plan (2013-18)" in error.value.message_dict["year"][0]


def test_refresh_year_label_spans_the_municipal_year():
    assert PlanRefresh(year=2018).year_label == "2018/19"
    assert PlanRefresh(year=2099).year_label == "2099/00"


def test_a_second_undated_membership_of_the_same_agency_is_refused_by_the_database():
    membership = MembershipFactory(start_date=None)
    refused_by_database(Membership, partnership=membership.partnership, agency=membership.agency)


def test_a_progress_update_dated_after_today_is_refused_and_today_is_not(
    django_assert_num_queries,
):
    """The model's own check, asking nothing of the database. At half past midnight on
    4 June in London it is still the 3rd in UTC: the council's day is the one that counts."""
    update = ProgressUpdate(action=Action(description="Map the gangs"), text="Begun.")
    with (
        time_machine.travel(datetime.datetime(2019, 6, 4, 0, 30, tzinfo=LONDON)),
        django_assert_num_queries(0),
    ):
        update.date = datetime.date(2019, 6, 5)
        with pytest.raises(ValidationError) as refused:
            update.clean()
        assert refused.value.message_dict == {
            "date": ["Date of the update must be today or in the past"]
        }
        update.date = datetime.date(2019, 6, 4)
        update.clean()
