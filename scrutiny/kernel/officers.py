"""The check every officer-only page makes first, before it looks anything up.

Class views take it as ``OfficerRequiredMixin``, function views as ``officer_only``; both
call ``refuse_unless_officer``, so the two cannot drift apart.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from scrutiny.kernel.roles import awaiting_second_factor, has_officer_account, is_officer


def refuse_unless_officer(request):
    """None for an officer. The signed-out get the redirect to sign in; anyone else is
    refused (403), whatever record the address names, so that no one but an officer
    learns which draft or exempt ids exist."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if awaiting_second_factor(request.user) and has_officer_account(request.user):
        return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor"))
    if not is_officer(request.user):
        raise PermissionDenied
    return None


class OfficerRequiredMixin:
    """Signed-out visitors are sent to sign in; signed-in non-officers are refused."""

    def dispatch(self, request, *args, **kwargs):
        return refuse_unless_officer(request) or super().dispatch(request, *args, **kwargs)


def officer_only(view):
    """The function-view form of OfficerRequiredMixin."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return refuse_unless_officer(request) or view(request, *args, **kwargs)

    return wrapper
