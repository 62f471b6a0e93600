from django.urls import path

from .views import public

app_name = "meetings"

urlpatterns = [
    path("", public.home, name="home"),
    path("committees/<slug:slug>/", public.committee_detail, name="committee_detail"),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:pk>/lines-of-enquiry/",
        public.lines_of_enquiry,
        name="lines_of_enquiry",
    ),
    path(
        "meetings/<int:pk>/recommendations/",
        public.recommendations,
        name="recommendations",
    ),
    path("reports/<int:pk>/", public.report_detail, name="report_detail"),
    path("presentations/<int:pk>/", public.presentation_detail, name="presentation_detail"),
    path("officers/<int:pk>/", public.officer_detail, name="officer_detail"),
]
