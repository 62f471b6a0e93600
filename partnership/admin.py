from django.contrib import admin

from scrutiny.kernel.admin import ScrutinyAdmin
from scrutiny.kernel.forms import PastedTextAdminMixin

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


class MembershipInline(PastedTextAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


class AgencyFormerNameInline(PastedTextAdminMixin, admin.TabularInline):
    model = AgencyFormerName
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(ScrutinyAdmin):
    list_display = ["name", "area"]
    search_fields = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["corporate_priorities"]
    inlines = [MembershipInline]


@admin.register(Agency)
class AgencyAdmin(ScrutinyAdmin):
    list_display = ["name", "short_name", "standing", "sector"]
    list_filter = ["standing", "sector"]
    search_fields = ["name", "short_name", "former_names__name"]
    inlines = [AgencyFormerNameInline]


@admin.register(AgencyFormerName)
class AgencyFormerNameAdmin(ScrutinyAdmin):
    list_display = ["name", "agency", "used_until"]
    search_fields = ["name", "agency__name"]
    autocomplete_fields = ["agency"]


@admin.register(Membership)
class MembershipAdmin(ScrutinyAdmin):
    list_display = ["agency", "partnership", "start_date", "end_date"]
    list_filter = ["partnership", "agency__standing"]
    search_fields = ["agency__name", "partnership__name"]
    autocomplete_fields = ["agency"]


@admin.register(CorporatePriority)
class CorporatePriorityAdmin(ScrutinyAdmin):
    list_display = ["title", "council"]
    list_filter = ["council"]
    search_fields = ["title", "description"]


class PlanRefreshInline(PastedTextAdminMixin, admin.TabularInline):
    model = PlanRefresh
    extra = 0
    fields = ["year", "title"]
    show_change_link = True


@admin.register(CommunitySafetyPlan)
class CommunitySafetyPlanAdmin(ScrutinyAdmin):
    list_display = ["title", "partnership", "start_year", "end_year"]
    list_filter = ["partnership"]
    search_fields = ["title"]
    inlines = [PlanRefreshInline]


class PriorityInline(PastedTextAdminMixin, admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["position", "title", "lead_subgroup"]
    show_change_link = True


@admin.register(PlanRefresh)
class PlanRefreshAdmin(ScrutinyAdmin):
    list_display = ["title", "plan", "year"]
    list_filter = ["plan", "year"]
    search_fields = ["title", "summary"]
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(ScrutinyAdmin):
    list_display = ["title", "refresh", "position", "lead_subgroup", "has_action_plan"]
    list_filter = ["refresh", "lead_subgroup"]
    search_fields = ["title", "description"]
    filter_horizontal = ["corporate_priorities"]

    @admin.display(boolean=True, description="Action plan")
    def has_action_plan(self, obj):
        return obj.action_plans.exists()


@admin.register(Subgroup)
class SubgroupAdmin(ScrutinyAdmin):
    list_display = ["name", "short_name", "partnership", "chair_agency"]
    list_filter = ["partnership"]
    search_fields = ["name", "short_name", "description"]
    autocomplete_fields = ["chair_agency"]


class ActionInline(PastedTextAdminMixin, admin.TabularInline):
    model = Action
    extra = 0
    fields = ["position", "description", "lead_agency", "target_date", "rag_status"]
    autocomplete_fields = ["lead_agency"]
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(ScrutinyAdmin):
    list_display = ["title", "subgroup", "refresh"]
    list_filter = ["refresh", "subgroup"]
    search_fields = ["title", "note"]
    filter_horizontal = ["priorities"]
    inlines = [ActionInline]


class ProgressUpdateInline(PastedTextAdminMixin, admin.TabularInline):
    model = ProgressUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(ScrutinyAdmin):
    list_display = ["__str__", "action_plan", "lead_agency", "target_date", "rag_status"]
    list_filter = ["rag_status", "action_plan__refresh", "action_plan__subgroup"]
    search_fields = ["description", "lead_agency__name"]
    autocomplete_fields = ["lead_agency"]
    date_hierarchy = "target_date"
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ScrutinyAdmin):
    list_display = ["action", "date", "rag_status", "reported_by"]
    list_filter = ["rag_status"]
    search_fields = ["text", "action__description"]
    date_hierarchy = "date"
