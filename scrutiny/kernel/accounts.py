"""Sign-in and sign-out pages in the app's own design (the admin's are for staff only)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render

from scrutiny.kernel.forms import GdsFormMixin


class SignInForm(GdsFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct user name and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask democratic services to restore it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name"
        # After an error the GOV.UK error summary takes the focus; autofocus would steal it.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class LockedOutForm(SignInForm):
    """The sign-in form as sent, refused without checking the password again."""

    def clean(self):
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        raise ValidationError(
            f"This user name has been refused {settings.AXES_FAILURE_LIMIT} times from your "
            f"address, so signing in with it from there is paused for {minutes} minutes. "
            "Try again then, or ask democratic services to lift the pause.",
            code="locked_out",
        )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in after too many failures: the sign-in page, saying
    why and for how long (429 Too Many Requests)."""
    form = LockedOutForm(request, data=request.POST)
    form.is_valid()
    return render(request, "accounts/sign_in.html", {"form": form}, status=429)


def client_address(request) -> str:
    """The visitor's address, for the pause on failed sign-ins.

    With no proxy it is the connecting address. Behind ``SCRUTINY_PROXY_COUNT`` proxies
    it is the entry the outermost proxy appended to X-Forwarded-For, counted from the
    right: entries further left come from the visitor, who could write anything there.
    """
    count = settings.SCRUTINY_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """GET asks for confirmation (signing out changes state, so it takes a POST)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/sign_out.html")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response
