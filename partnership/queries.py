"""Reads shared by the partnership's pages, shaped so each page costs a fixed number of queries."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from .models import Action, ActionPlan, ProgressUpdate, RagStatus


def actions_with_latest_progress():
    """Actions with their lead agency and progress updates, newest update first."""
    return Action.objects.select_related("lead_agency").prefetch_related(
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk"))
    )


def action_plans_with_actions():
    return ActionPlan.objects.select_related("subgroup", "refresh").prefetch_related(
        Prefetch("actions", queryset=actions_with_latest_progress())
    )


def action_plans_in_summary():
    """Action plans with their actions counted by RAG status and their latest progress.

    The partnership page shows every plan of every subgroup; counting in the database
    keeps it light however many actions the plans hold (the subgroup page lists them).
    """
    latest = ProgressUpdate.objects.filter(action__action_plan=OuterRef("pk")).order_by(
        "-date", "-pk"
    )
    by_status = {
        f"actions_{status}": Count("actions", filter=Q(actions__rag_status=status))
        for status in RagStatus.values
    }
    return ActionPlan.objects.select_related("subgroup").annotate(
        actions_total=Count("actions"),
        **by_status,
        latest_progress_date=Subquery(latest.values("date")[:1]),
        latest_progress_text=Subquery(latest.values("text")[:1]),
    )
