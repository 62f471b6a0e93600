"""Sign-in and sign-out pages in the app's own design (the admin's are for staff only);
setting a password from an invitation, resetting a forgotten one, and ending a user's
sessions when their access is withdrawn."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from scrutiny.kernel.council import Council
from scrutiny.kernel.forms import GdsFormMixin
from scrutiny.kernel.rate_limits import rate_limit_exceeded, rate_limit_message
from scrutiny.kernel.roles import has_officer_account
from scrutiny.kernel.two_factor import HAS_APP_KEY


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

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        owes_code = self.request.session.get(HAS_APP_KEY) or (
            settings.SCRUTINY_OFFICERS_NEED_TWO_FACTOR and has_officer_account(user)
        )
        if owes_code:
            # The password alone makes no officer: the code from their app next.
            return redirect_to_login(response.url, reverse("accounts:two_factor"))
        return response


class SignOutView(auth_views.LogoutView):
    """GET asks for confirmation (signing out changes state, so it takes a POST)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/sign_out.html")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


# Setting a password: from an invitation, or to replace a forgotten one.


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Signs the link in an invitation. As Django's reset tokens, it is signed over the
    user's password and last sign-in, so it works once: setting the password changes
    both. It has a salt of its own (a reset link is no invitation) and lasts
    ``SCRUTINY_INVITATION_DAYS``, not the reset's hours."""

    key_salt = "scrutiny.kernel.accounts.InvitationTokenGenerator"

    def check_token(self, user, token):
        # Django's check, with this link's own lifetime in place of PASSWORD_RESET_TIMEOUT.
        if not (user and token):
            return False
        try:
            timestamp_b36, _ = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        signed = any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )
        age = self._num_seconds(self._now()) - timestamp
        return signed and age <= settings.SCRUTINY_INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


def _site_root() -> str:
    # Links in emails lead to the site's public address, whatever host the request named.
    return settings.SCRUTINY_SITE_URL.rstrip("/")


def invitation_send(*, user, role_name: str) -> None:
    """Email ``user`` a link to set their password and so take up their account."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:invitation_accept", args=[uid, invitation_tokens.make_token(user)])
    context = {
        "user": user,
        "role_name": role_name,
        "council": Council.current(),
        "link": _site_root() + path,
        "days": settings.SCRUTINY_INVITATION_DAYS,
        "sign_in": _site_root() + reverse("accounts:sign_in"),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    send_mail(
        " ".join(subject.split()),
        render_to_string("accounts/email/invitation.txt", context),
        None,
        [user.email],
    )


class ResetRequestForm(GdsFormMixin, PasswordResetForm):
    submit_label = "Send me a link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        context.update(
            site_root=_site_root(),
            council=Council.current(),
            hours=settings.PASSWORD_RESET_TIMEOUT // 3600,
        )
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class NewPasswordForm(GdsFormMixin, SetPasswordForm):
    submit_label = "Set password"
    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": "The two passwords you entered do not match",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "New password again"


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Anyone asks for a link by email. The answer is the same whether or not an account
    uses the address, so the page tells no one who has an account."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        if rate_limit_exceeded(
            action="password_reset",
            address=form.cleaned_data["email"],
            client=client_address(self.request),
        ):
            form.add_error(None, rate_limit_message("reset a password"))
            return render(self.request, self.template_name, {"form": form}, status=429)
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs):
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        return {**super().get_context_data(**kwargs), "hours": hours}


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Set a password through a signed link: a reset's (``kind="reset"``) or an
    invitation's (``kind="invitation"``). A link used, expired or altered shows a page
    saying so and what to do instead. Afterwards the user signs in with the new password.
    """

    form_class = NewPasswordForm
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:sign_in")
    kind = "reset"

    def dispatch(self, *args, **kwargs):
        self.token_generator = (
            invitation_tokens if self.kind == "invitation" else default_token_generator
        )
        return super().dispatch(*args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "kind": self.kind}

    def render_to_response(self, context, **kwargs):
        # A link that no longer works names nothing there is: not found, with the page
        # that says what to do instead.
        if not self.validlink:
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return response
