"""Bearer tokens for the API and the MCP server; never a session or a cookie."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .models import AccessToken
from .services import token_for, token_within_rate_limit

READ_ONLY = "This token can only read. Make a token that may write in Settings, Access tokens."
APPLICATIONS_ONLY = (
    "This token may change applications only. Make a token that may write everything "
    "in Settings, Access tokens."
)


class RateLimited(Exception):
    pass


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        found = token_for(token)
        if found is None:
            return None
        if not token_within_rate_limit(found):
            raise RateLimited
        # The person, for the code the pages share (their zone, their today).
        request.user = found.owner
        timezone.activate(found.owner.zone)
        return found


def require_write(token: AccessToken, area: str = "other") -> None:
    """403 unless the token may change `area` ("applications" or anything else)."""
    if not token.can_write_to(area):
        raise HttpError(403, READ_ONLY if not token.can_write else APPLICATIONS_ONLY)
