"""Officers' forms for the partnership's own records."""

from django import forms

from scrutiny.kernel.dates import today
from scrutiny.kernel.editing import EditForm
from scrutiny.kernel.fields import GovDateField
from scrutiny.kernel.updates import next_number

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

NOT_KNOWN_HINT = "Leave blank if not known."


def _partnership_of(record):
    """The partnership a partnership record belongs to, through its parents, or None
    for one whose parent is not known yet."""
    for path in ("partnership", "refresh.plan.partnership", "subgroup.partnership"):
        value = record
        for name in path.split("."):
            if value is None or not getattr(value, f"{name}_id", True):
                value = None
                break
            value = getattr(value, name, None)
        if isinstance(value, Partnership):
            return value
    return None


class PartnershipForm(EditForm):
    submit_label = "Save partnership"

    class Meta:
        model = Partnership
        fields = ["name", "slug", "area", "description", "corporate_priorities"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "corporate_priorities": forms.CheckboxSelectMultiple,
        }
        labels = {"slug": "Web address name", "corporate_priorities": "Council priorities"}
        help_texts = {"slug": "Lower-case letters, numbers and hyphens, e.g. safer-maidstone"}


class AgencyForm(EditForm):
    submit_label = "Save agency"

    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "standing",
            "sector",
            "description",
            "contact_name",
            "contact_job_title",
            "postal_address",
        ]
        widgets = {
            "standing": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "postal_address": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "contact_name": "Letters go to (name)",
            "contact_job_title": "Their job title",
        }


class AgencyFormerNameForm(EditForm):
    submit_label = "Save former name"
    used_until = GovDateField(label="Used until", required=False, help_text=NOT_KNOWN_HINT)

    class Meta:
        model = AgencyFormerName
        fields = ["name", "used_until", "note"]
        labels = {"name": "Former name"}


class MembershipForm(EditForm):
    submit_label = "Save membership"
    start_date = GovDateField(label="Member from", required=False, help_text=NOT_KNOWN_HINT)
    end_date = GovDateField(
        label="Member until", required=False, help_text="Leave blank while current."
    )

    class Meta:
        model = Membership
        fields = ["agency", "start_date", "end_date", "note"]


class CommunitySafetyPlanForm(EditForm):
    submit_label = "Save plan"

    class Meta:
        model = CommunitySafetyPlan
        fields = ["title", "start_year", "end_year"]
        labels = {"start_year": "First year", "end_year": "Last year"}
        help_texts = {"start_year": "For example, 2013", "end_year": "For example, 2018"}


class PlanRefreshForm(EditForm):
    submit_label = "Save refresh"

    class Meta:
        model = PlanRefresh
        fields = ["year", "title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class PriorityForm(EditForm):
    submit_label = "Save priority"

    class Meta:
        model = Priority
        # No position: a new priority goes at the end of its year, and moves from there.
        fields = ["title", "description", "lead_subgroup", "corporate_priorities"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "corporate_priorities": forms.CheckboxSelectMultiple,
        }
        labels = {
            "lead_subgroup": "Led by subgroup",
            "corporate_priorities": "Council priorities it serves",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and self.instance.refresh_id is not None:
            # Checked at the place it will take, the end of its year (priority_add).
            self.instance.position = next_number(self.instance.refresh.priorities, "position")
        partnership = _partnership_of(self.instance)
        self.fields["lead_subgroup"].queryset = Subgroup.objects.of_partnership(partnership)
        self.fields["corporate_priorities"].queryset = CorporatePriority.objects.of_partnership(
            partnership
        )


class SubgroupForm(EditForm):
    submit_label = "Save subgroup"

    class Meta:
        model = Subgroup
        fields = ["name", "short_name", "description", "chair_agency"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"chair_agency": "Chaired by"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair_agency"].queryset = Agency.objects.of_partnership(
            _partnership_of(self.instance)
        )


class ActionPlanForm(EditForm):
    submit_label = "Save action plan"

    class Meta:
        model = ActionPlan
        fields = ["refresh", "title", "priorities", "note"]
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"refresh": "For the year", "priorities": "Priorities it addresses"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = _partnership_of(self.instance)
        refreshes = PlanRefresh.objects.select_related("plan")
        if partnership is not None:
            refreshes = refreshes.filter(plan__partnership=partnership)
        self.fields["refresh"].queryset = refreshes
        self.fields["priorities"].queryset = (
            Priority.objects.of_partnership(partnership)
            .year_first(today())
            .select_related("refresh")
        )


class ActionForm(EditForm):
    submit_label = "Save action"
    target_date = GovDateField(label="Target date", required=False, help_text=NOT_KNOWN_HINT)

    class Meta:
        model = Action
        fields = ["description", "lead_agency", "target_date", "rag_status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "rag_status": forms.RadioSelect,
        }

    def __init__(self, *args, partnership=None, **kwargs):
        # A new action is not yet in its plan: the page names the partnership.
        super().__init__(*args, **kwargs)
        if partnership is None and self.instance.action_plan_id:
            partnership = self.instance.action_plan.subgroup.partnership
        self.fields["lead_agency"].queryset = Agency.objects.of_partnership(partnership)


class ProgressUpdateForm(EditForm):
    submit_label = "Save progress update"
    date = GovDateField(label="Date of the update", help_text="For example, 3 6 2019")

    class Meta:
        model = ProgressUpdate
        fields = ["date", "text", "rag_status", "reported_by"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "rag_status": forms.RadioSelect}
        labels = {"text": "Progress", "rag_status": "RAG status now"}


class CorporatePriorityForm(EditForm):
    submit_label = "Save council priority"

    class Meta:
        model = CorporatePriority
        fields = ["council", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
