"""Every write on the partnership's records: adding and changing them, and the steps that
touch several rows. Each is atomic, and says what it changed through the content-change
hook (scrutiny/kernel/changes.py), most of them through the shared helpers of
scrutiny/kernel/updates.py, which also refuse an edit made on a record that changed since
its form was opened (``edit_token``)."""

import datetime
from collections.abc import Iterable
from typing import NotRequired, TypedDict, Unpack

from django.db import transaction

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.updates import next_number, record_create, record_move, record_update

from .models import (
    Action,
    ActionPlan,
    Agency,
    AgencyFormerName,
    CommunitySafetyPlan,
    CorporatePriority,
    Membership,
    Partnership,
    PlanRefresh,
    Priority,
    ProgressUpdate,
    Subgroup,
)

# What each kind of record holds, as the services that add and change it take it: the
# values an officer types, never the parent or the position.


class PartnershipValues(TypedDict):
    name: str
    slug: str
    area: str
    description: str
    corporate_priorities: Iterable[CorporatePriority]


class CorporatePriorityValues(TypedDict):
    council: str
    title: str
    description: str


class AgencyValues(TypedDict):
    name: str
    short_name: str
    standing: str
    sector: str
    description: str
    contact_name: NotRequired[str]
    contact_job_title: NotRequired[str]
    postal_address: NotRequired[str]


class FormerNameValues(TypedDict):
    name: str
    used_until: datetime.date | None
    note: str


class MembershipValues(TypedDict):
    agency: Agency
    start_date: datetime.date | None
    end_date: datetime.date | None
    note: str


class PlanValues(TypedDict):
    title: str
    start_year: int
    end_year: int


class RefreshValues(TypedDict):
    year: int
    title: str
    summary: str


class PriorityValues(TypedDict):
    title: str
    description: str
    lead_subgroup: Subgroup | None
    corporate_priorities: Iterable[CorporatePriority]


class SubgroupValues(TypedDict):
    name: str
    short_name: str
    description: str
    chair_agency: Agency | None


class ActionPlanValues(TypedDict):
    refresh: PlanRefresh
    title: str
    priorities: Iterable[Priority]
    note: str


class ActionValues(TypedDict):
    description: str
    lead_agency: Agency | None
    target_date: datetime.date | None
    rag_status: str


class ProgressUpdateValues(TypedDict):
    date: datetime.date
    text: str
    rag_status: str
    reported_by: str


@transaction.atomic
def partnership_update(
    *, record: Partnership, user, edit_token: str, **values: Unpack[PartnershipValues]
) -> Partnership:
    """Change the partnership's details and the council priorities its work serves."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="partnership", fields=values
    )


@transaction.atomic
def corporate_priority_add(*, user, **values: Unpack[CorporatePriorityValues]) -> CorporatePriority:
    """Record one of the council's own priorities."""
    return record_create(record=CorporatePriority(), user=user, fields=values)


@transaction.atomic
def corporate_priority_update(
    *, record: CorporatePriority, user, edit_token: str, **values: Unpack[CorporatePriorityValues]
) -> CorporatePriority:
    """Change a council priority."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="council priority", fields=values
    )


@transaction.atomic
def agency_join(*, partnership: Partnership, user, **values: Unpack[AgencyValues]) -> Agency:
    """Record a new agency and its membership of the partnership (dates not yet known)."""
    agency = record_create(record=Agency(), user=user, fields=values)
    record_create(record=Membership(partnership=partnership, agency=agency), user=user, fields={})
    return agency


@transaction.atomic
def agency_update(
    *, record: Agency, user, edit_token: str, **values: Unpack[AgencyValues]
) -> Agency:
    """Change an agency's details (a new name: record the old one as a former name)."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="agency", fields=values
    )


@transaction.atomic
def former_name_add(
    *, agency: Agency, user, **values: Unpack[FormerNameValues]
) -> AgencyFormerName:
    """Record a name an agency went by before."""
    return record_create(record=AgencyFormerName(agency=agency), user=user, fields=values)


@transaction.atomic
def former_name_update(
    *, record: AgencyFormerName, user, edit_token: str, **values: Unpack[FormerNameValues]
) -> AgencyFormerName:
    """Change a former name."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="former name", fields=values
    )


@transaction.atomic
def membership_add(
    *, partnership: Partnership, user, **values: Unpack[MembershipValues]
) -> Membership:
    """Record an agency's membership of the partnership, with its dates when known."""
    return record_create(record=Membership(partnership=partnership), user=user, fields=values)


@transaction.atomic
def membership_update(
    *, record: Membership, user, edit_token: str, **values: Unpack[MembershipValues]
) -> Membership:
    """Change a membership: its dates, say, when an agency leaves."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="membership", fields=values
    )


@transaction.atomic
def plan_add(
    *, partnership: Partnership, user, **values: Unpack[PlanValues]
) -> CommunitySafetyPlan:
    """Record a community safety plan of the partnership."""
    plan = CommunitySafetyPlan(partnership=partnership)
    return record_create(record=plan, user=user, fields=values)


@transaction.atomic
def plan_update(
    *, record: CommunitySafetyPlan, user, edit_token: str, **values: Unpack[PlanValues]
) -> CommunitySafetyPlan:
    """Change a plan's title or years."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="plan", fields=values
    )


@transaction.atomic
def refresh_add(*, plan: CommunitySafetyPlan, user, **values: Unpack[RefreshValues]) -> PlanRefresh:
    """Record a plan's yearly refresh."""
    return record_create(record=PlanRefresh(plan=plan), user=user, fields=values)


@transaction.atomic
def refresh_update(
    *, record: PlanRefresh, user, edit_token: str, **values: Unpack[RefreshValues]
) -> PlanRefresh:
    """Change a yearly refresh."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="refresh", fields=values
    )


@transaction.atomic
def priority_add(*, refresh: PlanRefresh, user, **values: Unpack[PriorityValues]) -> Priority:
    """Record one of a refresh's priorities for the year, after those entered before it."""
    refresh = PlanRefresh.objects.select_for_update().get(pk=refresh.pk)
    priority = Priority(refresh=refresh, position=next_number(refresh.priorities, "position"))
    return record_create(record=priority, user=user, fields=values)


@transaction.atomic
def priority_update(
    *, record: Priority, user, edit_token: str, **values: Unpack[PriorityValues]
) -> Priority:
    """Change a priority; the coming meetings' documents that name it follow."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="priority", fields=values
    )


@transaction.atomic
def subgroup_add(*, partnership: Partnership, user, **values: Unpack[SubgroupValues]) -> Subgroup:
    """Record a subgroup of the partnership."""
    return record_create(record=Subgroup(partnership=partnership), user=user, fields=values)


@transaction.atomic
def subgroup_update(
    *, record: Subgroup, user, edit_token: str, **values: Unpack[SubgroupValues]
) -> Subgroup:
    """Change a subgroup's details."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="subgroup", fields=values
    )


@transaction.atomic
def action_plan_add(*, subgroup: Subgroup, user, **values: Unpack[ActionPlanValues]) -> ActionPlan:
    """Record a subgroup's action plan for a refresh's year."""
    return record_create(record=ActionPlan(subgroup=subgroup), user=user, fields=values)


@transaction.atomic
def action_plan_update(
    *, record: ActionPlan, user, edit_token: str, **values: Unpack[ActionPlanValues]
) -> ActionPlan:
    """Change an action plan."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="action plan", fields=values
    )


@transaction.atomic
def action_add(*, action_plan: ActionPlan, user, **values: Unpack[ActionValues]) -> Action:
    """Add an action at the end of its plan."""
    ActionPlan.objects.select_for_update().get(pk=action_plan.pk)
    action = Action(action_plan=action_plan, position=next_number(action_plan.actions, "position"))
    return record_create(record=action, user=user, fields=values)


@transaction.atomic
def action_update(
    *, record: Action, user, edit_token: str, **values: Unpack[ActionValues]
) -> Action:
    """Change an action."""
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="action", fields=values
    )


@transaction.atomic
def progress_update_add(
    *, action: Action, user, **values: Unpack[ProgressUpdateValues]
) -> ProgressUpdate:
    """Record progress; the action takes the RAG status of its latest update."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    update = record_create(record=ProgressUpdate(action=action), user=user, fields=values)
    _follow_latest_update(action, user)
    return update


@transaction.atomic
def progress_update_update(
    *, record: ProgressUpdate, user, edit_token: str, **values: Unpack[ProgressUpdateValues]
) -> ProgressUpdate:
    """Change a progress update; the action follows its latest update's RAG status."""
    Action.objects.select_for_update().get(pk=record.action_id)
    update = record_update(
        record=record, user=user, edit_token=edit_token, thing="progress update", fields=values
    )
    _follow_latest_update(update.action, user)
    return update


def _follow_latest_update(action: Action, user) -> Action:
    latest = action.progress_updates.order_by("-date", "-pk").first()
    if latest and action.rag_status != latest.rag_status:
        action.rag_status = latest.rag_status
        action._history_user = user
        action.save(update_fields=["rag_status"])
        content_changed(action)
    return action


@transaction.atomic
def priority_move(*, record: Priority, direction: str, user) -> Priority:
    """Move a priority one place up or down its year's list (``record_move``: refused at
    either end); the documents that list the year's priorities follow."""
    PlanRefresh.objects.select_for_update().get(pk=record.refresh_id)
    return record_move(
        record=record,
        siblings=Priority.objects.filter(refresh_id=record.refresh_id),
        field="position",
        direction=direction,
        user=user,
    )


@transaction.atomic
def partnership_add(*, user, **values: Unpack[PartnershipValues]) -> Partnership:
    """Record a new partnership; its agencies, plans and subgroups are added on its page."""
    return record_create(record=Partnership(), user=user, fields=values)
