"""Rebound's own deployment checks, run by `manage.py check --deploy`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Links in emails (reminder digests) start with SITE_URL: in production it
    must be the site's public https address, not the development default."""
    url = urlsplit(settings.SITE_URL)
    if url.hostname in LOCAL_HOSTS or url.scheme != "https":
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in emails would not reach the site.",
                hint="Set SITE_URL to the site's public address, e.g. https://rebound.example.com.",
                id="rebound.W001",
            )
        ]
    return []


@register(Tags.mail, deploy=True)
def check_console_mail(app_configs, **kwargs):
    """Django's own check knows its console backend by name; ours prints too."""
    backend = getattr(settings, "MAILERS", {}).get("default", {}).get("BACKEND", "")
    if backend == "accounts.mail.ReadableConsoleBackend":
        return [
            Error(
                "Email is printed to the console instead of being sent.",
                hint="Unset EMAIL_CONSOLE and set EMAIL_HOST (and its user and password) for SMTP.",
                id="rebound.E001",
            )
        ]
    return []
