from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"Scrutiny — {settings.COUNCIL_NAME}"
admin.site.site_title = "Scrutiny administration"
admin.site.index_title = "Committee and partnership records"

urlpatterns = [
    path("", include("meetings.urls")),
    path("", include("partnership.urls")),
    path("admin/", admin.site.urls),
]
