from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class UserTimezoneMiddleware:
    """Show and read dates and times in the time zone the person chose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivatePagesNoStoreMiddleware:
    """Pages hold private notes or account tokens: no browser or proxy keeps a copy.

    Static files never reach this (WhiteNoise answers them earlier).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response


# Read by static/js/autosave.js, which then drops its copy of the form sent there.
SAVED_COOKIE = "rb_saved"


class SavedFormCookieMiddleware:
    """Tell the browser which form was just saved, so it drops its copy of the text.

    autosave.js keeps what is typed in a form until the server has it. A form
    sent by a signed-in person and answered with a redirect was saved (a refused
    form is shown again; an ended session sends the person to log in, signed
    out), so the redirect carries a short-lived cookie naming the address the
    form was sent to. The cookie holds no text, only that address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and 300 <= response.status_code < 400
            and response.has_header("Location")
            and request.user.is_authenticated
        ):
            response.set_cookie(
                SAVED_COOKIE,
                # Only characters a cookie takes unquoted ("/" would be put in quotes).
                quote(request.path, safe=""),
                max_age=300,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response
