"""Officers' pages for the partnership's records. Each view is a form on one record."""

from django.urls import reverse

from scrutiny.kernel.editing import ChildCreateView, OfficerCreateView, OfficerUpdateView

from .. import forms, services
from ..models import (
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


class PartnershipUpdate(OfficerUpdateView):
    model = Partnership
    form_class = forms.PartnershipForm
    page_title = "Partnership details"
    thing = "partnership"


class CorporatePriorityCreate(OfficerCreateView):
    form_class = forms.CorporatePriorityForm
    page_title = "Add a council priority"
    thing = "council priority"

    def get_back_url(self):
        return reverse("meetings:home")

    def get_success_url(self):
        return self.object.get_absolute_url()


class CorporatePriorityUpdate(OfficerUpdateView):
    model = CorporatePriority
    form_class = forms.CorporatePriorityForm
    page_title = "Council priority"
    thing = "council priority"


class AgencyCreate(ChildCreateView):
    """An agency is added as a member of the partnership it joins."""

    parent_model = Partnership
    url_kwarg = "slug"
    form_class = forms.AgencyForm
    page_title = "Add an agency"
    thing = "agency"

    def create(self, form):
        return services.agency_join(partnership=self.parent, agency=form.save(commit=False))


class AgencyUpdate(OfficerUpdateView):
    model = Agency
    form_class = forms.AgencyForm
    page_title = "Agency details"
    thing = "agency"


class FormerNameCreate(ChildCreateView):
    parent_model = Agency
    parent_field = "agency"
    form_class = forms.AgencyFormerNameForm
    page_title = "Add a former name"
    thing = "former name"


class FormerNameUpdate(OfficerUpdateView):
    model = AgencyFormerName
    form_class = forms.AgencyFormerNameForm
    page_title = "Former name"
    thing = "former name"


class MembershipCreate(ChildCreateView):
    parent_model = Partnership
    parent_field = "partnership"
    url_kwarg = "slug"
    form_class = forms.MembershipForm
    page_title = "Add a membership"
    thing = "membership"


class MembershipUpdate(OfficerUpdateView):
    model = Membership
    form_class = forms.MembershipForm
    page_title = "Membership"
    thing = "membership"


class PlanCreate(ChildCreateView):
    parent_model = Partnership
    parent_field = "partnership"
    url_kwarg = "slug"
    form_class = forms.CommunitySafetyPlanForm
    page_title = "Add a community safety plan"
    thing = "plan"


class PlanUpdate(OfficerUpdateView):
    model = CommunitySafetyPlan
    form_class = forms.CommunitySafetyPlanForm
    page_title = "Community safety plan"
    thing = "plan"


class RefreshCreate(ChildCreateView):
    parent_model = CommunitySafetyPlan
    parent_field = "plan"
    form_class = forms.PlanRefreshForm
    page_title = "Add a yearly refresh"
    thing = "refresh"


class RefreshUpdate(OfficerUpdateView):
    model = PlanRefresh
    form_class = forms.PlanRefreshForm
    page_title = "Yearly refresh"
    thing = "refresh"


class PriorityCreate(ChildCreateView):
    parent_model = PlanRefresh
    parent_field = "refresh"
    form_class = forms.PriorityForm
    page_title = "Add a priority"
    thing = "priority"


class PriorityUpdate(OfficerUpdateView):
    model = Priority
    form_class = forms.PriorityForm
    page_title = "Priority"
    thing = "priority"


class SubgroupCreate(ChildCreateView):
    parent_model = Partnership
    parent_field = "partnership"
    url_kwarg = "slug"
    form_class = forms.SubgroupForm
    page_title = "Add a subgroup"
    thing = "subgroup"


class SubgroupUpdate(OfficerUpdateView):
    model = Subgroup
    form_class = forms.SubgroupForm
    page_title = "Subgroup"
    thing = "subgroup"


class ActionPlanCreate(ChildCreateView):
    parent_model = Subgroup
    parent_field = "subgroup"
    form_class = forms.ActionPlanForm
    page_title = "Add an action plan"
    thing = "action plan"


class ActionPlanUpdate(OfficerUpdateView):
    model = ActionPlan
    form_class = forms.ActionPlanForm
    page_title = "Action plan"
    thing = "action plan"


class ActionCreate(ChildCreateView):
    parent_model = ActionPlan
    form_class = forms.ActionForm
    page_title = "Add an action"
    thing = "action"

    def create(self, form):
        return services.action_add(action_plan=self.parent, action=form.save(commit=False))


class ActionUpdate(OfficerUpdateView):
    model = Action
    form_class = forms.ActionForm
    page_title = "Action"
    thing = "action"


class ProgressUpdateCreate(ChildCreateView):
    parent_model = Action
    form_class = forms.ProgressUpdateForm
    page_title = "Report progress on an action"
    thing = "progress update"

    def create(self, form):
        return services.progress_update_add(action=self.parent, update=form.save(commit=False))


class ProgressUpdateUpdate(OfficerUpdateView):
    model = ProgressUpdate
    form_class = forms.ProgressUpdateForm
    page_title = "Progress update"
    thing = "progress update"

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.errors:  # saved, not refused as a clash
            services.action_status_follow_progress(action=self.object.action)
        return response
