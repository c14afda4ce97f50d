"""Where to go after a form: the page the person came from, if it is ours."""

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest) -> str | None:
    """The `next` field (POST, then GET) when it is a path on this site, else None.

    Only local paths pass: an absolute URL, a scheme, or text that is not a
    path at all (which `redirect()` would try to read as a view name) is refused.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def redirect_next(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to a safe `next`, or to `default` (a path, never a view name)."""
    return HttpResponseRedirect(safe_next(request) or default)
