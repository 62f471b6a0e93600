"""Officers' forms for the partnership's own records."""

from django import forms

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
        fields = ["name", "short_name", "standing", "sector", "description"]
        widgets = {"standing": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and self.instance.refresh_id is not None:
            # Checked at the place it will take, the end of its year (priority_add).
            self.instance.position = next_number(self.instance.refresh.priorities, "position")

    class Meta:
        model = Priority
        # No position: a new priority goes at the end of its year, and moves from there.
        fields = ["title", "description", "lead_subgroup", "corporate_priorities"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "corporate_priorities": forms.CheckboxSelectMultiple,
        }
        labels = {
            "position": "Order in the year's list",
            "lead_subgroup": "Led by subgroup",
            "corporate_priorities": "Council priorities it serves",
        }


class SubgroupForm(EditForm):
    submit_label = "Save subgroup"

    class Meta:
        model = Subgroup
        fields = ["name", "short_name", "description", "chair_agency"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"chair_agency": "Chaired by"}


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
