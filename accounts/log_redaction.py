"""Keep secrets, addresses and people's words out of the logs.

Django logs the path of every request that ends in an error ("Not Found:
/applications/calendar/<token>.ics"), and a database error quotes the row it
refused ("Key (owner_id, lower(name))=(3, acme) already exists"). The feed,
unsubscribe, email-confirmation and password-reset links carry their secret in
the path, so this filter, set on every log handler in config/settings.py,
masks them, masks email addresses and query strings, and drops the values a
database error quotes. What stays says what happened and where, never to whom
or with what words.
"""

from __future__ import annotations

import logging
import re

MASK = "[hidden]"

# Each pattern keeps group 1 (where it happened) and hides the rest of the match.
_SECRETS = [
    # Everything after the start of a secret link, to the end of the path.
    re.compile(r"(/calendar/)[^\s\"']+"),
    re.compile(r"(/unsubscribe/)[^\s\"']+"),
    re.compile(r"(/password/reset/key/)[^\s\"']+"),
    re.compile(r"(/confirm-email/)[^\s\"']+"),
    # Search words and filters in a logged URL.
    re.compile(r"(\?)[^\s\"']+"),
    # PostgreSQL's and SQLite's quoting of the refused values.
    re.compile(r"(\)=\().*?(?=\) already exists|\) conflicts|\) is not present|\)\s*$)", re.M),
    re.compile(r"(Failing row contains \().*?(?=\)\.?\s*$)", re.M),
]
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text: str) -> str:
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return _EMAIL.sub("[email]", text)


class RedactSecrets(logging.Filter):
    """Rewrites each record's message and traceback with `redact` before any
    handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        # Django attaches the request to its records; a handler that prints it
        # (the admin emails, a log shipper) would show the full path and the form.
        if hasattr(record, "request"):
            record.request = None
        return True
