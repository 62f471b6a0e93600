from django.urls import path

from .views import editing, ordering, public, setup

app_name = "partnership"

urlpatterns = [
    path("partnerships/<slug:slug>/", public.partnership_detail, name="partnership_detail"),
    path("subgroups/<int:pk>/", public.subgroup_detail, name="subgroup_detail"),
    path(
        "corporate-priorities/<int:pk>/",
        public.corporate_priority_detail,
        name="corporate_priority_detail",
    ),
]

officer_urls = [
    path(
        "partnerships/<slug:slug>/edit/",
        editing.PartnershipUpdate.as_view(),
        name="partnership_update",
    ),
    path(
        "partnerships/<slug:slug>/agencies/new/",
        editing.AgencyCreate.as_view(),
        name="agency_create",
    ),
    path(
        "partnerships/<slug:slug>/memberships/new/",
        editing.MembershipCreate.as_view(),
        name="membership_create",
    ),
    path("partnerships/<slug:slug>/plans/new/", editing.PlanCreate.as_view(), name="plan_create"),
    path(
        "partnerships/<slug:slug>/subgroups/new/",
        editing.SubgroupCreate.as_view(),
        name="subgroup_create",
    ),
    path("agencies/<int:pk>/edit/", editing.AgencyUpdate.as_view(), name="agency_update"),
    path(
        "agencies/<int:pk>/former-names/new/",
        editing.FormerNameCreate.as_view(),
        name="former_name_create",
    ),
    path(
        "former-names/<int:pk>/edit/", editing.FormerNameUpdate.as_view(), name="former_name_update"
    ),
    path(
        "memberships/<int:pk>/edit/", editing.MembershipUpdate.as_view(), name="membership_update"
    ),
    path("plans/<int:pk>/edit/", editing.PlanUpdate.as_view(), name="plan_update"),
    path("plans/<int:pk>/refreshes/new/", editing.RefreshCreate.as_view(), name="refresh_create"),
    path("refreshes/<int:pk>/edit/", editing.RefreshUpdate.as_view(), name="refresh_update"),
    path(
        "refreshes/<int:pk>/priorities/new/",
        editing.PriorityCreate.as_view(),
        name="priority_create",
    ),
    path("priorities/<int:pk>/edit/", editing.PriorityUpdate.as_view(), name="priority_update"),
    path("subgroups/<int:pk>/edit/", editing.SubgroupUpdate.as_view(), name="subgroup_update"),
    path(
        "subgroups/<int:pk>/action-plans/new/",
        editing.ActionPlanCreate.as_view(),
        name="action_plan_create",
    ),
    path(
        "action-plans/<int:pk>/edit/", editing.ActionPlanUpdate.as_view(), name="action_plan_update"
    ),
    path(
        "action-plans/<int:pk>/actions/new/", editing.ActionCreate.as_view(), name="action_create"
    ),
    path("actions/<int:pk>/edit/", editing.ActionUpdate.as_view(), name="action_update"),
    path(
        "actions/<int:pk>/progress/new/",
        editing.ProgressUpdateCreate.as_view(),
        name="progress_update_create",
    ),
    path(
        "progress/<int:pk>/edit/",
        editing.ProgressUpdateUpdate.as_view(),
        name="progress_update_update",
    ),
    path(
        "corporate-priorities/new/",
        editing.CorporatePriorityCreate.as_view(),
        name="corporate_priority_create",
    ),
    path(
        "corporate-priorities/<int:pk>/edit/",
        editing.CorporatePriorityUpdate.as_view(),
        name="corporate_priority_update",
    ),
]

officer_urls += [
    # A year's priorities in the plan's order (views/ordering.py).
    path("priorities/<int:pk>/move/", ordering.priority_move, name="priority_move"),
    # Set-up: partnerships created, not only edited.
    path("set-up/partnerships/", setup.PartnershipList.as_view(), name="partnership_list"),
    path("set-up/partnerships/new/", setup.PartnershipCreate.as_view(), name="partnership_create"),
]

urlpatterns += officer_urls
