"""Streamable HTTP for the MCP server: no token, no MCP (401 before the SDK)."""

from __future__ import annotations

import json

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from .mcp_server import HOW_TO_CONNECT
from .services import token_for


@sync_to_async(thread_sensitive=False)
def _known(plain: str) -> bool:
    close_old_connections()
    return token_for(plain) is not None


def with_bearer_tokens(app):
    async def guarded(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        scheme, _, plain = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not await _known(plain.strip()):
            body = json.dumps({"detail": HOW_TO_CONNECT}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 401,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"www-authenticate", b"Bearer"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        return await app(scope, receive, send)

    return guarded
