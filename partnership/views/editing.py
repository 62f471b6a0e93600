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
    service = staticmethod(services.partnership_update)


class CorporatePriorityCreate(OfficerCreateView):
    form_class = forms.CorporatePriorityForm
    page_title = "Add a council priority"
    thing = "council priority"

    def create(self, fields):
        return services.corporate_priority_add(user=self.request.user, **fields)

    def get_back_url(self):
        return reverse("meetings:home")

    def get_success_url(self):
        return self.object.get_absolute_url()


class CorporatePriorityUpdate(OfficerUpdateView):
    model = CorporatePriority
    form_class = forms.CorporatePriorityForm
    page_title = "Council priority"
    thing = "council priority"
    service = staticmethod(services.corporate_priority_update)


class AgencyCreate(ChildCreateView):
    """An agency is added as a member of the partnership it joins."""

    parent_model = Partnership
    url_kwarg = "slug"
    form_class = forms.AgencyForm
    page_title = "Add an agency"
    thing = "agency"

    def create(self, fields):
        return services.agency_join(partnership=self.parent, user=self.request.user, **fields)


class AgencyUpdate(OfficerUpdateView):
    model = Agency
    form_class = forms.AgencyForm
    page_title = "Agency details"
    thing = "agency"
    service = staticmethod(services.agency_update)


class FormerNameCreate(ChildCreateView):
    parent_model = Agency
    parent_field = "agency"
    form_class = forms.AgencyFormerNameForm
    page_title = "Add a former name"
    thing = "former name"

    def create(self, fields):
        return services.former_name_add(agency=self.parent, user=self.request.user, **fields)


class FormerNameUpdate(OfficerUpdateView):
    model = AgencyFormerName
    form_class = forms.AgencyFormerNameForm
    page_title = "Former name"
    thing = "former name"
    service = staticmethod(services.former_name_update)


class MembershipCreate(ChildCreateView):
    parent_model = Partnership
    parent_field = "partnership"
    url_kwarg = "slug"
    form_class = forms.MembershipForm
    page_title = "Add a membership"
    thing = "membership"

    def create(self, fields):
        return services.membership_add(partnership=self.parent, user=self.request.user, **fields)


class MembershipUpdate(OfficerUpdateView):
    model = Membership
    form_class = forms.MembershipForm
    page_title = "Membership"
    thing = "membership"
    service = staticmethod(services.membership_update)


class PlanCreate(ChildCreateView):
    parent_model = Partnership
    parent_field = "partnership"
    url_kwarg = "slug"
    form_class = forms.CommunitySafetyPlanForm
    page_title = "Add a community safety plan"
    thing = "plan"

    def create(self, fields):
        return services.plan_add(partnership=self.parent, user=self.request.user, **fields)


class PlanUpdate(OfficerUpdateView):
    model = CommunitySafetyPlan
    form_class = forms.CommunitySafetyPlanForm
    page_title = "Community safety plan"
    thing = "plan"
    service = staticmethod(services.plan_update)


class RefreshCreate(ChildCreateView):
    parent_model = CommunitySafetyPlan
    parent_field = "plan"
    form_class = forms.PlanRefreshForm
    page_title = "Add a yearly refresh"
    thing = "refresh"

    def create(self, fields):
        return services.refresh_add(plan=self.parent, user=self.request.user, **fields)


class RefreshUpdate(OfficerUpdateView):
    model = PlanRefresh
    form_class = forms.PlanRefreshForm
    page_title = "Yearly refresh"
    thing = "refresh"
    service = staticmethod(services.refresh_update)


class PriorityCreate(ChildCreateView):
    parent_model = PlanRefresh
    parent_field = "refresh"
    form_class = forms.PriorityForm
    page_title = "Add a priority"
    thing = "priority"

    def create(self, fields):
        return services.priority_add(refresh=self.parent, user=self.request.user, **fields)


class PriorityUpdate(OfficerUpdateView):
    model = Priority
    form_class = forms.PriorityForm
    page_title = "Priority"
    thing = "priority"
    service = staticmethod(services.priority_update)


class SubgroupCreate(ChildCreateView):
    parent_model = Partnership
    parent_field = "partnership"
    url_kwarg = "slug"
    form_class = forms.SubgroupForm
    page_title = "Add a subgroup"
    thing = "subgroup"

    def create(self, fields):
        return services.subgroup_add(partnership=self.parent, user=self.request.user, **fields)


class SubgroupUpdate(OfficerUpdateView):
    model = Subgroup
    form_class = forms.SubgroupForm
    page_title = "Subgroup"
    thing = "subgroup"
    service = staticmethod(services.subgroup_update)


class ActionPlanCreate(ChildCreateView):
    parent_model = Subgroup
    parent_field = "subgroup"
    form_class = forms.ActionPlanForm
    page_title = "Add an action plan"
    thing = "action plan"

    def create(self, fields):
        return services.action_plan_add(subgroup=self.parent, user=self.request.user, **fields)


class ActionPlanUpdate(OfficerUpdateView):
    model = ActionPlan
    form_class = forms.ActionPlanForm
    page_title = "Action plan"
    thing = "action plan"
    service = staticmethod(services.action_plan_update)


class ActionCreate(ChildCreateView):
    parent_model = ActionPlan
    form_class = forms.ActionForm
    page_title = "Add an action"
    thing = "action"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.parent.subgroup.partnership}

    def create(self, fields):
        return services.action_add(action_plan=self.parent, user=self.request.user, **fields)


class ActionUpdate(OfficerUpdateView):
    model = Action
    form_class = forms.ActionForm
    page_title = "Action"
    thing = "action"
    service = staticmethod(services.action_update)


class ProgressUpdateCreate(ChildCreateView):
    parent_model = Action
    form_class = forms.ProgressUpdateForm
    page_title = "Report progress on an action"
    thing = "progress update"

    def create(self, fields):
        return services.progress_update_add(action=self.parent, user=self.request.user, **fields)


class ProgressUpdateUpdate(OfficerUpdateView):
    model = ProgressUpdate
    form_class = forms.ProgressUpdateForm
    page_title = "Progress update"
    thing = "progress update"
    service = staticmethod(services.progress_update_update)
