"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from scrutiny.kernel.council import Council
from scrutiny.kernel.roles import is_officer


def council(request):
    # A request refused before the sign-in middleware ran (a bad Host header, answered 400
    # by CommonMiddleware) has no user: its error page is the public's.
    user = getattr(request, "user", None)
    # Read once a page, and only by a page that shows it.
    record = SimpleLazyObject(Council.current)
    return {
        "council": record,
        "council_name": SimpleLazyObject(lambda: record.name),
        # Officers get editing controls on the pages they read.
        "can_edit": user is not None and is_officer(user),
    }
