"""Keep a signed-in reader's pages out of every cache, the browser's own included."""

from django.conf import settings


def signed_in_pages_not_stored(get_response):
    """Every response to a signed-in visitor says ``Cache-Control: no-store``.

    Their pages carry exempt items and editing controls: on a shared PC the browser must
    not keep them to show the next person after sign-out (the back button, the history).
    Pages from the page cache pass through here too. Public responses keep their own
    caching: a visitor who sent no session cookie and has not just signed in cannot be
    signed in, so their session is not read (nor a ``Vary: Cookie`` added) to find out.
    """

    def middleware(request):
        response = get_response(request)
        may_be_signed_in = (
            settings.SESSION_COOKIE_NAME in request.COOKIES or request.session.modified
        )
        if may_be_signed_in and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response

    return middleware
