"""Reads shared by the partnership's pages, shaped so each page costs a fixed number of queries."""

from django.db.models import Prefetch

from .models import Action, ActionPlan, ProgressUpdate


def actions_with_latest_progress():
    """Actions with their lead agency and progress updates, newest update first."""
    return Action.objects.select_related("lead_agency").prefetch_related(
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk"))
    )


def action_plans_with_actions():
    return ActionPlan.objects.select_related("subgroup", "refresh").prefetch_related(
        "priorities", Prefetch("actions", queryset=actions_with_latest_progress())
    )
