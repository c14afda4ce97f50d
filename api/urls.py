from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .v1 import api


def _token_only(patterns):
    """The API answers tokens itself (401 without one), not the sign-in page."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _token_only(pattern.url_patterns)
        else:
            pattern.callback = login_not_required(pattern.callback)
    return patterns


api_patterns, api_app_name, api_namespace = api.urls
_token_only(api_patterns)

settings_urls = [
    path("settings/tokens/", views.token_list, name="api_tokens"),
    path(
        "settings/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="api_token_revoke"
    ),
]
