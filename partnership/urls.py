from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("partnerships/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority_detail"),
    path("subgroups/<int:pk>/", views.subgroup_detail, name="subgroup_detail"),
    path(
        "corporate-priorities/<int:pk>/",
        views.corporate_priority_detail,
        name="corporate_priority_detail",
    ),
]
