"""Template context shared by every page."""

from django.conf import settings

from .roles import is_officer


def council(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        # Officers get editing controls on the pages they read.
        "can_edit": is_officer(request.user),
    }
