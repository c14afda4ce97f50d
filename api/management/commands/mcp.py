"""Serve Rebound to an AI assistant over the Model Context Protocol."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from api.services import token_for


class Command(BaseCommand):
    help = (
        "Serve the MCP server over stdio (token in REBOUND_TOKEN), or over streamable "
        "HTTP with --http PORT (each request sends Authorization: Bearer <token>)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--http", type=int, metavar="PORT", help="Serve streamable HTTP.")
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        # The SDK runs tools in worker threads; the ORM calls there are synchronous.
        from api.mcp_server import server

        if options["http"]:
            import uvicorn

            from api.mcp_http import with_bearer_tokens

            app = with_bearer_tokens(server.streamable_http_app(host=options["host"]))
            uvicorn.run(app, host=options["host"], port=options["http"], log_level="warning")
            return
        if token_for(os.environ.get("REBOUND_TOKEN", "").strip()) is None:
            raise CommandError(
                "Set REBOUND_TOKEN to a personal access token (Settings, Access tokens)."
            )
        # stdout carries the protocol: nothing else may be printed there.
        sys.stdout.flush()
        server.run("stdio")
