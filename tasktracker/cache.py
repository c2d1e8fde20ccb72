"""Django's Redis cache, answering as an empty cache while Redis cannot be reached (CACHE_URL).

What the cache holds can all be worked out again from the database: the counts versions and the dashboard's
figures (`directives.counts`, `reporting.dashboard`), the lists' counts, the API's throttles. So while Redis
is down, restarting or too slow, pages are counted from the database instead of failing: every read is a
miss and every write is dropped. After a failure the cache is left alone for `RETRY_AFTER` seconds, so that
a request does not wait for a timeout on each of its calls. `failures()` tells a caller that a write may
have been lost (a counts version not raised: `directives.counts` raises it again later).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds
# Redis answers in well under a millisecond: a call that takes seconds means it is unreachable.
CONNECTION_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


class _Outage:
    """This process's view of Redis: how many calls failed, and until when it is not asked."""

    failures = 0
    skipped_until = 0.0


_outage = _Outage()


def failures() -> int:
    """How many cache calls of this process have failed (or were skipped while Redis was down) so far."""
    return _outage.failures


def _answering(miss):
    """Run the client's call; if Redis fails, or failed less than RETRY_AFTER ago, return `miss(*args)`."""

    def decorate(call):
        @functools.wraps(call)
        def answer(self, *args):
            if time.monotonic() < _outage.skipped_until:
                _outage.failures += 1
                return miss(*args)
            try:
                return call(self, *args)
            except RedisError as error:
                _outage.failures += 1
                _outage.skipped_until = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "The cache (Redis) failed, answering as an empty one for %ss: %r", RETRY_AFTER, error
                )
                return miss(*args)

        return answer

    return decorate


def _not_found(key, delta):
    raise ValueError(f"Key '{key}' not found.")  # as Django's client says of a key it does not hold


class ResilientRedisCacheClient(RedisCacheClient):
    add = _answering(lambda key, value, timeout: False)(RedisCacheClient.add)
    get = _answering(lambda key, default: default)(RedisCacheClient.get)
    set = _answering(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _answering(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _answering(lambda key: False)(RedisCacheClient.delete)
    get_many = _answering(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _answering(lambda key: False)(RedisCacheClient.has_key)
    incr = _answering(_not_found)(RedisCacheClient.incr)
    set_many = _answering(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _answering(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _answering(lambda: False)(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    """Django's `RedisCache` with short timeouts, answering as an empty cache while Redis fails."""

    def __init__(self, server, params):
        super().__init__(server, {**params, "OPTIONS": {**CONNECTION_OPTIONS, **params.get("OPTIONS", {})}})
        self._class = ResilientRedisCacheClient
