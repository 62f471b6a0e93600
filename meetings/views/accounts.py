"""The officers' accounts pages: who has which role, inviting by email, withdrawing
access (meetings/accounts.py). Every one is for officers only."""

import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from scrutiny.kernel.accounts import client_address
from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.officers import officer_only
from scrutiny.kernel.rate_limits import rate_limit_exceeded, rate_limit_message
from scrutiny.kernel.roles import role_name

from ..accounts import account_invite, account_withdraw, accounts_listed
from ..people_forms import InviteForm

logger = logging.getLogger(__name__)

ACCOUNTS = "Accounts"


def _crumbs(*trail):
    return crumbs(("Set up", reverse("meetings:setup")), *trail)


@officer_only
def account_list(request):
    users = accounts_listed()
    rows = [{"user": user, "role": role_name(user)} for user in users]
    return render(
        request,
        "accounts/people.html",
        {"rows": rows, "crumbs": _crumbs((ACCOUNTS, None))},
    )


@officer_only
def account_invite_page(request):
    form = InviteForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if rate_limit_exceeded(action="invitation", address=email, client=client_address(request)):
            form.add_error(None, rate_limit_message("invite someone"))
            status = 429
        else:
            try:
                account_invite(
                    email=email, role=form.cleaned_data["role"], person=form.cleaned_data["person"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            except (smtplib.SMTPException, OSError):
                logger.exception("An invitation could not be sent")
                form.add_error(
                    None,
                    "The invitation could not be sent: the mail server did not accept it. "
                    "Nothing was saved. Try again in a few minutes.",
                )
            else:
                messages.success(request, f"Invitation sent to {email}.")
                return redirect("accounts:people")
    return render(
        request,
        "accounts/invite.html",
        {
            "form": form,
            "page_title": "Invite someone",
            "invitation_days": settings.SCRUTINY_INVITATION_DAYS,
            "back_url": reverse("accounts:people"),
            "crumbs": _crumbs((ACCOUNTS, reverse("accounts:people")), ("Invite", None)),
        },
        status=status,
    )


@officer_only
def account_withdraw_page(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    back = reverse("accounts:people")
    if user.pk == request.user.pk:
        messages.error(request, "You cannot withdraw your own access. Ask another officer.")
        return redirect(back)
    if not user.is_active:
        messages.info(request, f"{user.get_username()} has no access to withdraw.")
        return redirect(back)
    if request.method == "POST":
        account_withdraw(user=user, by=request.user)
        messages.success(
            request,
            f"Access withdrawn from {user.get_username()}. They have been signed out "
            "everywhere and cannot sign in.",
        )
        return redirect(back)
    return render(
        request,
        "accounts/withdraw.html",
        {
            "account": user,
            "back_url": back,
            "crumbs": _crumbs((ACCOUNTS, back), ("Withdraw access", None)),
        },
    )
