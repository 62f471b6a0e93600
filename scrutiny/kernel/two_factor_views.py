"""The two-factor page: give the code an authenticator app shows, set an app up, or turn
two-factor sign-in off. For officers (scrutiny/kernel/two_factor.py)."""

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from scrutiny.kernel.forms import GdsFormMixin
from scrutiny.kernel.roles import awaiting_second_factor, has_officer_account
from scrutiny.kernel.two_factor import (
    app_confirm,
    app_start,
    apps_remove,
    code_check,
    confirmed_app,
    pending_app,
)


class CodeForm(GdsFormMixin, forms.Form):
    submit_label = "Continue"

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        help_text="The 6 digits the app shows now.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _qr_svg(device) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


@require_http_methods(["GET", "POST"])
def two_factor(request):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not has_officer_account(user):
        raise PermissionDenied
    form = CodeForm(request.POST or None)
    status = 200
    has_app = confirmed_app(user) is not None
    context = {"form": form, "next": _next_url(request), "required": _required()}
    if awaiting_second_factor(user) and has_app:
        # Signed in with the password: the code now.
        if request.method == "POST" and form.is_valid():
            if code_check(request=request, code=form.cleaned_data["code"]):
                return redirect(context["next"])
            form.add_error("code", "The code is not the one your app shows now: try the new one")
            status = 400
        return render(request, "accounts/two_factor_code.html", context, status=status)
    setting_up = awaiting_second_factor(user) or request.GET.get("set-up") or "code" in request.POST
    if setting_up and not has_app:
        device = pending_app(user)
        if device is None or request.method == "GET":
            device = app_start(user=user)
        if request.method == "POST" and form.is_valid():
            if app_confirm(request=request, device=device, code=form.cleaned_data["code"]):
                messages.success(request, "Two-factor sign-in is on.")
                return redirect(context["next"])
            form.add_error("code", "The code is not the one your app shows now: try the new one")
            status = 400
        # The QR code is SVG this module drew from the device's own address: nothing typed.
        context["qr"] = mark_safe(_qr_svg(device))  # noqa: S308
        context["secret"] = _base32(device)
        return render(request, "accounts/two_factor_set_up.html", context, status=status)
    return render(request, "accounts/two_factor.html", context | {"has_app": has_app})


def two_factor_off(request):
    """POST only; as every officer's page, it asks who it is first."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not has_officer_account(user) or awaiting_second_factor(user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if _required():
        messages.error(
            request, "Officers must use two-factor sign-in here: it cannot be turned off."
        )
    else:
        apps_remove(request=request)
        messages.success(request, "Two-factor sign-in is off.")
    return redirect("accounts:two_factor")


def _required() -> bool:
    return settings.SCRUTINY_OFFICERS_NEED_TWO_FACTOR


def _base32(device) -> str:
    """The secret as an app asks for it typed in, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
