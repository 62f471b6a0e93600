"""Every write on the partnership's records: adding and changing them, and the steps that
touch several rows. Each is atomic, and says what it changed through the content-change
hook (scrutiny/kernel/changes.py), most of them through the shared helpers of
scrutiny/kernel/updates.py, which also refuse an edit made on a record that changed since
its form was opened (``edit_token``)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.updates import record_create, record_update

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


@transaction.atomic
def partnership_update(
    *,
    record: Partnership,
    user,
    edit_token: str,
    name: str,
    slug: str,
    area: str,
    description: str,
    corporate_priorities: Iterable[CorporatePriority],
) -> Partnership:
    """Change the partnership's details and the council priorities its work serves."""
    fields = {
        "name": name,
        "slug": slug,
        "area": area,
        "description": description,
        "corporate_priorities": corporate_priorities,
    }
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="partnership", fields=fields
    )


@transaction.atomic
def corporate_priority_add(
    *, user, council: str, title: str, description: str
) -> CorporatePriority:
    """Record one of the council's own priorities."""
    fields = {"council": council, "title": title, "description": description}
    return record_create(record=CorporatePriority(), user=user, fields=fields)


@transaction.atomic
def corporate_priority_update(
    *, record: CorporatePriority, user, edit_token: str, council: str, title: str, description: str
) -> CorporatePriority:
    """Change a council priority."""
    fields = {"council": council, "title": title, "description": description}
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="council priority", fields=fields
    )


@transaction.atomic
def agency_join(
    *,
    partnership: Partnership,
    user,
    name: str,
    short_name: str,
    standing: str,
    sector: str,
    description: str,
) -> Agency:
    """Record a new agency and its membership of the partnership (dates not yet known)."""
    fields = {
        "name": name,
        "short_name": short_name,
        "standing": standing,
        "sector": sector,
        "description": description,
    }
    agency = record_create(record=Agency(), user=user, fields=fields)
    record_create(record=Membership(partnership=partnership, agency=agency), user=user, fields={})
    return agency


@transaction.atomic
def agency_update(
    *,
    record: Agency,
    user,
    edit_token: str,
    name: str,
    short_name: str,
    standing: str,
    sector: str,
    description: str,
) -> Agency:
    """Change an agency's details (a new name: record the old one as a former name)."""
    fields = {
        "name": name,
        "short_name": short_name,
        "standing": standing,
        "sector": sector,
        "description": description,
    }
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="agency", fields=fields
    )


@transaction.atomic
def former_name_add(
    *, agency: Agency, user, name: str, used_until: datetime.date | None, note: str
) -> AgencyFormerName:
    """Record a name an agency went by before."""
    fields = {"name": name, "used_until": used_until, "note": note}
    return record_create(record=AgencyFormerName(agency=agency), user=user, fields=fields)


@transaction.atomic
def former_name_update(
    *,
    record: AgencyFormerName,
    user,
    edit_token: str,
    name: str,
    used_until: datetime.date | None,
    note: str,
) -> AgencyFormerName:
    """Change a former name."""
    fields = {"name": name, "used_until": used_until, "note": note}
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="former name", fields=fields
    )


@transaction.atomic
def membership_add(
    *,
    partnership: Partnership,
    user,
    agency: Agency,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    note: str,
) -> Membership:
    """Record an agency's membership of the partnership, with its dates when known."""
    fields = {"agency": agency, "start_date": start_date, "end_date": end_date, "note": note}
    return record_create(record=Membership(partnership=partnership), user=user, fields=fields)


@transaction.atomic
def membership_update(
    *,
    record: Membership,
    user,
    edit_token: str,
    agency: Agency,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    note: str,
) -> Membership:
    """Change a membership: its dates, say, when an agency leaves."""
    fields = {"agency": agency, "start_date": start_date, "end_date": end_date, "note": note}
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="membership", fields=fields
    )


@transaction.atomic
def plan_add(
    *, partnership: Partnership, user, title: str, start_year: int, end_year: int
) -> CommunitySafetyPlan:
    """Record a community safety plan of the partnership."""
    fields = {"title": title, "start_year": start_year, "end_year": end_year}
    plan = CommunitySafetyPlan(partnership=partnership)
    return record_create(record=plan, user=user, fields=fields)


@transaction.atomic
def plan_update(
    *,
    record: CommunitySafetyPlan,
    user,
    edit_token: str,
    title: str,
    start_year: int,
    end_year: int,
) -> CommunitySafetyPlan:
    """Change a plan's title or years."""
    fields = {"title": title, "start_year": start_year, "end_year": end_year}
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="plan", fields=fields
    )


@transaction.atomic
def refresh_add(
    *, plan: CommunitySafetyPlan, user, year: int, title: str, summary: str
) -> PlanRefresh:
    """Record a plan's yearly refresh."""
    fields = {"year": year, "title": title, "summary": summary}
    return record_create(record=PlanRefresh(plan=plan), user=user, fields=fields)


@transaction.atomic
def refresh_update(
    *, record: PlanRefresh, user, edit_token: str, year: int, title: str, summary: str
) -> PlanRefresh:
    """Change a yearly refresh."""
    fields = {"year": year, "title": title, "summary": summary}
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="refresh", fields=fields
    )


@transaction.atomic
def priority_add(
    *,
    refresh: PlanRefresh,
    user,
    title: str,
    description: str,
    position: int,
    lead_subgroup: Subgroup | None,
    corporate_priorities: Iterable[CorporatePriority],
) -> Priority:
    """Record one of a refresh's priorities for the year."""
    fields = {
        "title": title,
        "description": description,
        "position": position,
        "lead_subgroup": lead_subgroup,
        "corporate_priorities": corporate_priorities,
    }
    return record_create(record=Priority(refresh=refresh), user=user, fields=fields)


@transaction.atomic
def priority_update(
    *,
    record: Priority,
    user,
    edit_token: str,
    title: str,
    description: str,
    position: int,
    lead_subgroup: Subgroup | None,
    corporate_priorities: Iterable[CorporatePriority],
) -> Priority:
    """Change a priority; the coming meetings' documents that name it follow."""
    fields = {
        "title": title,
        "description": description,
        "position": position,
        "lead_subgroup": lead_subgroup,
        "corporate_priorities": corporate_priorities,
    }
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="priority", fields=fields
    )


@transaction.atomic
def subgroup_add(
    *,
    partnership: Partnership,
    user,
    name: str,
    short_name: str,
    description: str,
    chair_agency: Agency | None,
) -> Subgroup:
    """Record a subgroup of the partnership."""
    fields = {
        "name": name,
        "short_name": short_name,
        "description": description,
        "chair_agency": chair_agency,
    }
    return record_create(record=Subgroup(partnership=partnership), user=user, fields=fields)


@transaction.atomic
def subgroup_update(
    *,
    record: Subgroup,
    user,
    edit_token: str,
    name: str,
    short_name: str,
    description: str,
    chair_agency: Agency | None,
) -> Subgroup:
    """Change a subgroup's details."""
    fields = {
        "name": name,
        "short_name": short_name,
        "description": description,
        "chair_agency": chair_agency,
    }
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="subgroup", fields=fields
    )


@transaction.atomic
def action_plan_add(
    *,
    subgroup: Subgroup,
    user,
    refresh: PlanRefresh,
    title: str,
    priorities: Iterable[Priority],
    note: str,
) -> ActionPlan:
    """Record a subgroup's action plan for a refresh's year."""
    fields = {"refresh": refresh, "title": title, "priorities": priorities, "note": note}
    return record_create(record=ActionPlan(subgroup=subgroup), user=user, fields=fields)


@transaction.atomic
def action_plan_update(
    *,
    record: ActionPlan,
    user,
    edit_token: str,
    refresh: PlanRefresh,
    title: str,
    priorities: Iterable[Priority],
    note: str,
) -> ActionPlan:
    """Change an action plan."""
    fields = {"refresh": refresh, "title": title, "priorities": priorities, "note": note}
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="action plan", fields=fields
    )


@transaction.atomic
def action_add(
    *,
    action_plan: ActionPlan,
    user,
    description: str,
    lead_agency: Agency | None,
    target_date: datetime.date | None,
    rag_status: str,
) -> Action:
    """Add an action at the end of its plan."""
    ActionPlan.objects.select_for_update().get(pk=action_plan.pk)
    top = action_plan.actions.aggregate(top=Max("position"))["top"] or 0
    fields = {
        "description": description,
        "lead_agency": lead_agency,
        "target_date": target_date,
        "rag_status": rag_status,
    }
    action = Action(action_plan=action_plan, position=top + 1)
    return record_create(record=action, user=user, fields=fields)


@transaction.atomic
def action_update(
    *,
    record: Action,
    user,
    edit_token: str,
    description: str,
    lead_agency: Agency | None,
    target_date: datetime.date | None,
    rag_status: str,
) -> Action:
    """Change an action."""
    fields = {
        "description": description,
        "lead_agency": lead_agency,
        "target_date": target_date,
        "rag_status": rag_status,
    }
    return record_update(
        record=record, user=user, edit_token=edit_token, thing="action", fields=fields
    )


@transaction.atomic
def progress_update_add(
    *, action: Action, user, date: datetime.date, text: str, rag_status: str, reported_by: str
) -> ProgressUpdate:
    """Record progress; the action takes the RAG status of its latest update."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    fields = {"date": date, "text": text, "rag_status": rag_status, "reported_by": reported_by}
    update = record_create(record=ProgressUpdate(action=action), user=user, fields=fields)
    _follow_latest_update(action, user)
    return update


@transaction.atomic
def progress_update_update(
    *,
    record: ProgressUpdate,
    user,
    edit_token: str,
    date: datetime.date,
    text: str,
    rag_status: str,
    reported_by: str,
) -> ProgressUpdate:
    """Change a progress update; the action follows its latest update's RAG status."""
    Action.objects.select_for_update().get(pk=record.action_id)
    fields = {"date": date, "text": text, "rag_status": rag_status, "reported_by": reported_by}
    update = record_update(
        record=record, user=user, edit_token=edit_token, thing="progress update", fields=fields
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
