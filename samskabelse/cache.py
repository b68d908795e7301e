"""Django's Redis cache, made to fail soft and to keep one client per connection pool.

Failing soft: the cache only ever makes the site faster, so a Redis that is down or slow
must not make it fail. A read that cannot reach Redis is a miss (the caller falls through
to the database); a write, delete or increment is logged and dropped (a throttle counter
that cannot count lets the request through). Short socket timeouts keep a dead Redis down
to milliseconds, and after a failure the process skips Redis for a few seconds instead of
trying to connect on every call.

One client per pool: Django builds a new redis.Redis for every operation, and each build
sets up some 170 response callbacks: measurable on the API's hot paths, which touch the
cache three or four times a request. Clients are thread-safe and share the pool's
connections, so one per pool is enough."""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis answers in well under a millisecond; anything slower is an outage, not a load.
SOCKET_CONNECT_TIMEOUT = 0.25
SOCKET_TIMEOUT = 0.5
# After a failure, calls skip Redis this long; the first call after it tries again.
SKIP_SECONDS = 5.0

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class _Outages:
    """When each Redis server (by location) was last found down, shared by every thread of
    the process: Django keeps one cache object per thread."""

    def __init__(self):
        self._skip_until = {}
        self._lock = threading.Lock()

    def is_down(self, location):
        return time.monotonic() < self._skip_until.get(location, 0.0)

    def mark_down(self, location):
        with self._lock:
            first = not self.is_down(location)
            self._skip_until[location] = time.monotonic() + SKIP_SECONDS
        return first

    def mark_up(self, location):
        if location in self._skip_until:
            with self._lock:
                self._skip_until.pop(location, None)


outages = _Outages()


class RedisCacheClient(DjangoRedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _fail_soft(on_outage):
    """Run the cache operation unless Redis is known to be down; on an outage, remember it
    and return `on_outage(*args, **kwargs)` instead of raising."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            location = self._location_key
            if not outages.is_down(location):
                try:
                    result = method(self, *args, **kwargs)
                except OUTAGE_ERRORS as error:
                    if outages.mark_down(location):
                        logger.warning(
                            "Redis cache unavailable, skipping it for %.0f s: %s",
                            SKIP_SECONDS,
                            error,
                        )
                else:
                    outages.mark_up(location)
                    return result
            return on_outage(*args, **kwargs)

        return wrapper

    return decorate


def _miss(key, default=None, version=None):
    return default


def _nothing(*args, **kwargs):
    return None


def _not_done(*args, **kwargs):
    return False


def _no_keys(*args, **kwargs):
    return {}


def _none_set(data, *args, **kwargs):
    # set_many answers the keys that were not set: all of them.
    return list(data)


def _fresh_counter(key, delta=1, version=None):
    # A counter that cannot be read counts as new: limits then let the request through.
    return delta


def _first_in_window(key, timeout, version=None):
    return 1


def _no_values(keys, *args, **kwargs):
    return [None] * len(keys)


def _nothing_read(read_keys, count_key=None, timeout=None, version=None):
    # No value can be trusted, and a counter that cannot count lets the request through.
    return [None] * len(read_keys), (1 if count_key is not None else None)


class RedisCache(DjangoRedisCache):
    """The cache backend for settings.CACHES when REDIS_URL is set."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        params["OPTIONS"].setdefault("socket_connect_timeout", SOCKET_CONNECT_TIMEOUT)
        params["OPTIONS"].setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._location_key = ",".join(self._servers)

    add = _fail_soft(_not_done)(DjangoRedisCache.add)
    get = _fail_soft(_miss)(DjangoRedisCache.get)
    set = _fail_soft(_nothing)(DjangoRedisCache.set)
    touch = _fail_soft(_not_done)(DjangoRedisCache.touch)
    delete = _fail_soft(_not_done)(DjangoRedisCache.delete)
    get_many = _fail_soft(_no_keys)(DjangoRedisCache.get_many)
    has_key = _fail_soft(_not_done)(DjangoRedisCache.has_key)
    incr = _fail_soft(_fresh_counter)(DjangoRedisCache.incr)
    set_many = _fail_soft(_none_set)(DjangoRedisCache.set_many)
    delete_many = _fail_soft(_nothing)(DjangoRedisCache.delete_many)
    clear = _fail_soft(_not_done)(DjangoRedisCache.clear)

    @_fail_soft(_first_in_window)
    def count_in_window(self, key, timeout, version=None):
        """Add one to the counter `key` and answer its value, giving it `timeout` seconds
        to live when it has none yet, in one round trip (INCR and EXPIRE NX, pipelined):
        a throttle's whole work. Without Redis the count is 1, as for incr()."""
        key = self.make_and_validate_key(key, version=version)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.incr(key)
        pipeline.expire(key, int(timeout), nx=True)
        count, _ = pipeline.execute()
        return count

    @_fail_soft(_nothing_read)
    def read_and_count(self, read_keys, count_key=None, timeout=None, version=None):
        """The values of `read_keys` (None for a missing one) and, with `count_key`, that
        counter's value after one more count (as count_in_window), in one round trip."""
        client = self._cache.get_client(None, write=True)
        pipeline = client.pipeline(transaction=False)
        for key in read_keys:
            pipeline.get(self.make_and_validate_key(key, version=version))
        if count_key is not None:
            counter = self.make_and_validate_key(count_key, version=version)
            pipeline.incr(counter)
            pipeline.expire(counter, int(timeout), nx=True)
        answers = pipeline.execute()
        serializer = self._cache._serializer
        values = [
            None if value is None else serializer.loads(value)
            for value in answers[: len(read_keys)]
        ]
        return values, (answers[len(read_keys)] if count_key is not None else None)

    @_fail_soft(_no_values)
    def get_bytes_many(self, keys):
        """The values (bytes, as set_bytes_many wrote them; None for a missing one) of
        `keys`, in one MGET: no pickling and no key validation per key, for callers that
        read many small values of their own a request (the API's cached case rows)."""
        if not keys:
            return []
        client = self._cache.get_client(None)
        return client.mget([self.make_key(key) for key in keys])

    @_fail_soft(_nothing)
    def set_bytes_many(self, values, timeout):
        """Write {key: bytes} in one pipelined round trip, each to live `timeout` seconds."""
        if not values:
            return
        pipeline = self._cache.get_client(None, write=True).pipeline(transaction=False)
        for key, value in values.items():
            pipeline.set(self.make_key(key), value, ex=int(timeout))
        pipeline.execute()

    @_fail_soft(_nothing)
    def bump_version(self, key, version=None):
        """Move the counter `key` on, in one round trip. A counter that is missing (Redis
        restarted empty) starts from the clock, never from a number it had before."""
        key = self.make_and_validate_key(key, version=version)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, time.time_ns() // 1000, nx=True)
        pipeline.incr(key)
        pipeline.execute()


def read_and_count(read_keys, count_key=None, timeout=None):
    """([the value of each of `read_keys`], the count of `count_key` or None): one Redis
    round trip for a request's reads and its throttle's count together. Without Redis the
    values are misses and the count is 1 (fail soft). Other caches answer the same in
    several steps."""
    from django.core.cache import cache

    if hasattr(cache, "read_and_count"):
        return cache.read_and_count(read_keys, count_key, timeout)
    found = cache.get_many(read_keys)
    count = count_in_window(count_key, timeout) if count_key is not None else None
    return [found.get(key) for key in read_keys], count


def get_bytes_many(keys):
    """[bytes or None for each of `keys`]: one MGET on Redis (a miss for each when Redis is
    down), get_many on other caches."""
    from django.core.cache import cache

    if hasattr(cache, "get_bytes_many"):
        return cache.get_bytes_many(keys)
    found = cache.get_many(keys)
    return [found.get(key) for key in keys]


def set_bytes_many(values, timeout):
    """Write {key: bytes} for get_bytes_many (dropped when Redis is down)."""
    from django.core.cache import cache

    if hasattr(cache, "set_bytes_many"):
        cache.set_bytes_many(values, timeout)
    else:
        cache.set_many(values, timeout=timeout)


def bump_version(key):
    """Move the version counter `key` of the shared cache on (see read_and_count)."""
    from django.core.cache import cache

    if hasattr(cache, "bump_version"):
        cache.bump_version(key)
        return
    cache.add(key, time.time_ns() // 1000, timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # deleted between add() and incr()
        cache.add(key, time.time_ns() // 1000, timeout=None)


def count_in_window(key, timeout):
    """Add one to the counter `key` of the shared cache and answer it, the counter living
    `timeout` seconds from its first count: one Redis round trip, or add() and incr() on a
    cache without Redis (the database cache of the embedded default)."""
    from django.core.cache import cache

    if hasattr(cache, "count_in_window"):
        return cache.count_in_window(key, timeout)
    cache.add(key, 0, timeout=timeout)  # a no-op when the counter exists
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr(): a new window
        cache.add(key, 1, timeout=timeout)
        return 1
