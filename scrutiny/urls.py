from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy

import partnership.urls
from meetings.views import accounts as account_pages
from meetings.views import partners
from scrutiny.kernel import accounts, two_factor_views
from scrutiny.kernel.council import Council
from scrutiny.kernel.health import health

# Read when a page shows it: the council record is edited on its set-up page.
admin.site.site_header = lazy(lambda: f"Scrutiny — {Council.current().name}", str)()
admin.site.site_title = "Scrutiny administration"
admin.site.index_title = "Committee and partnership records"

account_urls = (
    [
        path("sign-in/", accounts.SignInView.as_view(), name="sign_in"),
        path("sign-out/", accounts.SignOutView.as_view(), name="sign_out"),
        # Officers: a code from an authenticator app after the password.
        path("two-factor/", two_factor_views.two_factor, name="two_factor"),
        path("two-factor/off/", two_factor_views.two_factor_off, name="two_factor_off"),
        # Anyone with an account: a forgotten password reset through a link by email.
        path("reset/", accounts.PasswordResetRequestView.as_view(), name="password_reset"),
        path("reset/sent/", accounts.PasswordResetSentView.as_view(), name="password_reset_sent"),
        path(
            "reset/<uidb64>/<token>/",
            accounts.SetPasswordView.as_view(kind="reset"),
            name="password_reset_confirm",
        ),
        path(
            "invitation/<uidb64>/<token>/",
            accounts.SetPasswordView.as_view(kind="invitation"),
            name="invitation_accept",
        ),
        # Officers: who has an account, inviting, withdrawing (meetings/views/accounts.py,
        # since a councillor's account is linked to their person record).
        path("people/", account_pages.account_list, name="people"),
        path("people/invite/", account_pages.account_invite_page, name="invite"),
        path("people/<int:pk>/withdraw/", account_pages.account_withdraw_page, name="withdraw"),
    ],
    "accounts",
)

urlpatterns = [
    path("", include("meetings.urls")),
    # The partnership's pages, with its agency and priority pages, which show what the
    # committee asked of them and so live in meetings (partnership never imports it).
    path(
        "",
        include(
            (
                partnership.urls.urlpatterns + partners.urlpatterns,
                "partnership",
            )
        ),
    ),
    path("accounts/", include(account_urls)),
    path("alerts/", include("alerts.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
