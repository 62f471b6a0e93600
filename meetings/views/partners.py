"""The partnership's pages that show what the committee asked of it: an agency's and a
priority's presentations, recommendations, lines of enquiry and planned work.

They join both apps, so they live here; scrutiny/urls.py serves them under the
partnership's URL names, beside the partnership's own pages.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import path

from partnership.models import Agency, Priority
from partnership.queries import action_plans_with_actions
from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.page_cache import cached_page

from ..following import concerning_agency, concerning_priority
from ..models import LineOfEnquiry, Presentation, Recommendation
from ..work_programme import planned_items_about


@cached_page
def agency_detail(request, pk):
    agency = get_object_or_404(Agency.objects.prefetch_related("former_names"), pk=pk)
    context = {
        "agency": agency,
        "memberships": agency.memberships.select_related("partnership"),
        "presentations": Presentation.objects.visible_to(request.user)
        .filter(presenters__agency=agency)
        .select_related("agenda_item__meeting__committee")
        .distinct(),
        "recommendations": Recommendation.objects.visible_to(request.user)
        .filter(addressee_agencies=agency)
        .select_related("meeting__committee", "agenda_item")
        # The status says how many of its addressees have responded.
        .prefetch_related("addressee_agencies", "responses"),
        "followed": concerning_agency(agency, request.user),
        "actions": agency.led_actions.select_related("action_plan__subgroup"),
        "planned_items": planned_items_about(request.user, today(), agencies=agency),
        "crumbs": crumbs((agency.name, None)),
    }
    return render(request, "partnership/agency_detail.html", context)


@cached_page
def priority_detail(request, pk):
    priority = get_object_or_404(
        Priority.objects.select_related("refresh__plan__partnership", "lead_subgroup"), pk=pk
    )
    partnership = priority.refresh.plan.partnership
    context = {
        "priority": priority,
        "action_plans": action_plans_with_actions().filter(priorities=priority),
        "presentations": Presentation.objects.visible_to(request.user)
        .filter(priorities=priority)
        .select_related("agenda_item__meeting__committee"),
        "recommendations": Recommendation.objects.visible_to(request.user)
        .filter(priorities=priority)
        .select_related("meeting__committee", "agenda_item")
        # The status says how many of its addressees have responded.
        .prefetch_related("addressee_agencies", "responses"),
        "lines_of_enquiry": LineOfEnquiry.objects.visible_to(request.user)
        .filter(priority=priority)
        .select_related("meeting__committee"),
        "followed": concerning_priority(priority, request.user),
        "corporate_priorities": priority.corporate_priorities.all(),
        "planned_items": planned_items_about(request.user, today(), priorities=priority),
        "crumbs": crumbs(
            (partnership.name, partnership.get_absolute_url()), (priority.title, None)
        ),
    }
    return render(request, "partnership/priority_detail.html", context)


urlpatterns = [
    path("agencies/<int:pk>/", agency_detail, name="agency_detail"),
    path("priorities/<int:pk>/", priority_detail, name="priority_detail"),
]
