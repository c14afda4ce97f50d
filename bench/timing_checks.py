"""Does the time of a sign-up, login or reset tell whether an account exists?

Issue 15, case 14: the same request is sent for an address that has an account
and for one that has none, alternately, against a running server with its real
password hasher, and the two medians are reported side by side. The work done
on each path is checked by tests/accounts/test_same_work.py; this only
measures what a person outside would see.

    from bench.timing_checks import account_timing_medians
    figures = account_timing_medians("http://127.0.0.1:8000", known_email="someone@example.com")
    # {"signup": {"known_ms": 512.3, "unknown_ms": 509.8, "tries": 5, "unexpected": 0}, ...}

`known_email` must belong to an account on that server. The rate limits stay
on, so `tries` is kept small by default: 5 known and 5 unknown failed logins
fit in the 10 a minute allowed from one address, and 5 reset emails a day to
one address. Every request gets a fresh session; only the POST is timed.
"""

from __future__ import annotations

import secrets
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

FORMS = {
    "signup": "/accounts/signup/",
    "login": "/accounts/login/",
    "reset": "/accounts/password/reset/",
}
# A well-formed answer to each form (a redirect or the form again with an error),
# as opposed to a 429 or a server error, which would make the comparison meaningless.
EXPECTED = {"signup": {302}, "login": {200}, "reset": {302}}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _timed_post(base_url: str, path: str, data: dict) -> tuple[int, float]:
    """Open the form in a fresh session (for its CSRF cookie), then time the POST."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    opener.open(base_url + path, timeout=30).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(base_url + path, data=body)
    request.add_header("Referer", base_url + path)
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, (time.perf_counter() - started) * 1000


def _form_data(kind: str, email: str) -> dict:
    password = "bench-" + secrets.token_urlsafe(12)
    if kind == "signup":
        return {"email": email, "password1": password, "password2": password}
    if kind == "login":
        return {"login": email, "password": password}
    return {"email": email}


def account_timing_medians(base_url: str, *, known_email: str, tries: int = 5) -> dict:
    """Median milliseconds of each form for a known and an unknown address."""
    base_url = base_url.rstrip("/")
    figures = {}
    for kind, path in FORMS.items():
        times: dict[str, list[float]] = {"known": [], "unknown": []}
        unexpected = 0
        for _ in range(tries):
            unknown_email = f"nobody-{secrets.token_hex(6)}@example.com"
            for which, email in (("known", known_email), ("unknown", unknown_email)):
                status, ms = _timed_post(base_url, path, _form_data(kind, email))
                if status in EXPECTED[kind]:
                    times[which].append(ms)
                else:
                    unexpected += 1
        figures[kind] = {
            "known_ms": round(statistics.median(times["known"]), 1) if times["known"] else None,
            "unknown_ms": round(statistics.median(times["unknown"]), 1)
            if times["unknown"]
            else None,
            "tries": tries,
            "unexpected": unexpected,
        }
    return figures


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(account_timing_medians(sys.argv[1], known_email=sys.argv[2]), indent=2))
