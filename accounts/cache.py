"""A Redis cache whose outage costs accuracy, never a page, a save or a login.

Rebound keeps only short-lived counters in its cache (allauth's rate limits).
Django's RedisCache raises when Redis cannot be reached, so a Redis outage would
answer every login, sign-up and password reset with a server error. This
backend answers from a per-process memory cache instead while Redis is down,
and tries Redis again a few seconds later: the limits keep working, counted per
app-server process rather than across them, until Redis is back.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# After a failure, Redis is left alone this long (seconds), so an outage costs
# one failed connection per process every few seconds, not one per request.
RETRY_AFTER = 5.0


def _degrading(name: str):
    def method(self, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(DegradingRedisCache, self), name)(*args, **kwargs)
            except RedisError as exc:
                self._down_until = time.monotonic() + RETRY_AFTER
                log.warning(
                    "cache unreachable (%s); counting in this process for %.0f s",
                    type(exc).__name__,
                    RETRY_AFTER,
                )
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._fallback = LocMemCache(
            f"rebound-degraded-{id(self)}", {"TIMEOUT": self.default_timeout}
        )

    add = _degrading("add")
    get = _degrading("get")
    set = _degrading("set")
    touch = _degrading("touch")
    delete = _degrading("delete")
    get_many = _degrading("get_many")
    has_key = _degrading("has_key")
    incr = _degrading("incr")
    set_many = _degrading("set_many")
    delete_many = _degrading("delete_many")
    clear = _degrading("clear")
