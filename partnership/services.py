"""Writes on the partnership's records that touch more than one row. Each is atomic."""

from django.db import transaction
from django.db.models import Max

from .models import Action, ActionPlan, Agency, Membership, Partnership, ProgressUpdate


@transaction.atomic
def agency_join(*, partnership: Partnership, agency: Agency) -> Agency:
    """Record a new agency and its membership of the partnership (dates not yet known)."""
    agency.full_clean()
    agency.save()
    Membership.objects.create(partnership=partnership, agency=agency)
    return agency


@transaction.atomic
def action_add(*, action_plan: ActionPlan, action: Action) -> Action:
    """Add an action at the end of its plan."""
    ActionPlan.objects.select_for_update().get(pk=action_plan.pk)
    top = action_plan.actions.aggregate(top=Max("position"))["top"] or 0
    action.action_plan = action_plan
    action.position = top + 1
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def progress_update_add(*, action: Action, update: ProgressUpdate) -> ProgressUpdate:
    """Record progress; the action takes the RAG status of its latest update."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    update.action = action
    update.full_clean()
    update.save()
    _follow_latest_update(action)
    return update


@transaction.atomic
def action_status_follow_progress(*, action: Action) -> Action:
    """Give the action the RAG status of its latest progress update (after an edit)."""
    return _follow_latest_update(Action.objects.select_for_update().get(pk=action.pk))


def _follow_latest_update(action: Action) -> Action:
    latest = action.progress_updates.order_by("-date", "-pk").first()
    if latest and action.rag_status != latest.rag_status:
        action.rag_status = latest.rag_status
        action.save(update_fields=["rag_status"])
    return action
