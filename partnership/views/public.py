"""Public pages of the partnership: everything here is public record.

The agency and priority pages also show what the committee asked of them, so they live
in meetings (meetings/views/partners.py), the app that knows both.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.page_cache import cached_page

from ..models import (
    ActionPlan,
    CommunitySafetyPlan,
    CorporatePriority,
    Membership,
    Partnership,
    PlanRefresh,
    Priority,
    Subgroup,
)
from ..queries import action_plans_in_summary, action_plans_with_actions


@cached_page
def partnership_detail(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    memberships = (
        Membership.objects.filter(partnership=partnership)
        .select_related("agency")
        .prefetch_related("agency__former_names")
        .order_by("agency__name", "start_date")
    )
    # An action plan's link names its subgroup, so the subgroup comes with the plan.
    priorities = Priority.objects.select_related("lead_subgroup").prefetch_related(
        Prefetch("action_plans", queryset=ActionPlan.objects.select_related("subgroup"))
    )
    plans = CommunitySafetyPlan.objects.filter(partnership=partnership).prefetch_related(
        Prefetch(
            "refreshes",
            queryset=PlanRefresh.objects.prefetch_related(Prefetch("priorities", priorities)),
        )
    )
    context = {
        "partnership": partnership,
        "statutory": [m for m in memberships if m.agency.is_responsible_authority],
        "non_statutory": [m for m in memberships if not m.agency.is_responsible_authority],
        "plans": plans,
        "subgroups": partnership.subgroups.prefetch_related(
            "priorities", Prefetch("action_plans", queryset=action_plans_in_summary())
        ),
        "corporate_priorities": partnership.corporate_priorities.all(),
        "committees": partnership.scrutiny_committees.all(),
        "crumbs": crumbs((partnership.name, None)),
    }
    return render(request, "partnership/partnership_detail.html", context)


@cached_page
def subgroup_detail(request, pk):
    subgroup = get_object_or_404(
        Subgroup.objects.select_related("partnership", "chair_agency"), pk=pk
    )
    context = {
        "subgroup": subgroup,
        "priorities": subgroup.priorities.select_related("refresh"),
        "action_plans": action_plans_with_actions().filter(subgroup=subgroup),
        "crumbs": crumbs(
            (subgroup.partnership.name, subgroup.partnership.get_absolute_url()),
            (subgroup.name, None),
        ),
    }
    return render(request, "partnership/subgroup_detail.html", context)


@cached_page
def corporate_priority_detail(request, pk):
    corporate_priority = get_object_or_404(CorporatePriority, pk=pk)
    context = {
        "corporate_priority": corporate_priority,
        "partnerships": corporate_priority.partnerships.all(),
        "priorities": corporate_priority.priorities.select_related("refresh"),
        "crumbs": crumbs((corporate_priority.title, None)),
    }
    return render(request, "partnership/corporate_priority_detail.html", context)
