"""The alert pages: subscribe, confirm, unsubscribe (one click, RFC 8058) and the
privacy notice. They ask for an email address and nothing more."""

import logging
import smtplib

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from scrutiny.kernel.accounts import client_address
from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.rate_limits import rate_limit_exceeded, rate_limit_message

from .forms import SubscribeForm
from .models import AlertKind
from .subscribing import (
    CONFIRM_DAYS,
    confirmation,
    subscription_by_unsubscribe_token,
    subscription_cancel,
    subscription_confirm,
    subscription_request,
)

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    # A committee's page links here with the committee chosen.
    chosen = request.GET.get("committee", "")
    initial = {"committee": int(chosen)} if chosen.isascii() and chosen.isdigit() else {}
    form = SubscribeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if rate_limit_exceeded(action="subscribe", address=email, client=client_address(request)):
            form.add_error(None, rate_limit_message("subscribe to alerts"))
            status = 429
        else:
            try:
                subscription_request(
                    email=email,
                    committee=form.cleaned_data["committee"],
                    kinds=form.cleaned_data["kinds"],
                )
            except (smtplib.SMTPException, OSError):
                logger.exception("A confirmation email for alerts could not be sent")
                form.add_error(
                    None, "We could not send the email just now. Try again in a few minutes."
                )
                status = 503
            else:
                return render(
                    request, "alerts/check_email.html", {"email": email, "days": CONFIRM_DAYS}
                )
    return render(
        request,
        "alerts/subscribe.html",
        {
            "form": form,
            "page_title": "Get email alerts",
            "crumbs": crumbs(("Email alerts", None)),
        },
        status=400 if form.errors and status == 200 else status,
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """A GET shows a button, so a mail scanner that follows links confirms nothing."""
    found = confirmation(token)
    if found is None:
        return render(request, "alerts/link_refused.html", {"days": CONFIRM_DAYS}, status=404)
    subscription, kinds = found
    if request.method == "POST":
        subscription_confirm(subscription=subscription, kinds=kinds)
        return render(request, "alerts/confirmed.html", {"subscription": subscription})
    return render(
        request,
        "alerts/confirm.html",
        {
            "subscription": subscription,
            "kind_labels": [AlertKind(kind).label for kind in kinds],
        },
    )


# RFC 8058: a mail client unsubscribes with a POST that carries no cookie and no CSRF
# token; the signed token in the address is what authenticates it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = subscription_by_unsubscribe_token(token)
    if request.method == "POST":
        if subscription is not None:
            subscription_cancel(subscription=subscription)
        # Said whether or not it was still there: a second click finds nothing to end.
        return render(request, "alerts/unsubscribed.html")
    if subscription is None:
        return render(request, "alerts/unsubscribed.html", {"already": True}, status=404)
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})


def privacy(request):
    return render(
        request,
        "alerts/privacy.html",
        {
            "days": CONFIRM_DAYS,
            "crumbs": crumbs(
                ("Email alerts", reverse("alerts:subscribe")), ("How we use your address", None)
            ),
        },
    )
