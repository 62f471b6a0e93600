"""Template context shared by every page."""

from django.conf import settings

from scrutiny.kernel.roles import is_officer


def council(request):
    # A request refused before the sign-in middleware ran (a bad Host header, answered 400
    # by CommonMiddleware) has no user: its error page is the public's.
    user = getattr(request, "user", None)
    return {
        "council_name": settings.COUNCIL_NAME,
        # Officers get editing controls on the pages they read.
        "can_edit": user is not None and is_officer(user),
    }
