"""Template context shared by every page."""

from django.conf import settings


def council(request):
    return {"council_name": settings.COUNCIL_NAME}
