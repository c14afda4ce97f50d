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
