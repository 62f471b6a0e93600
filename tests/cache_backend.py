"""The test suite's Redis cache: Django's own, except that clearing it forgets this run's
keys only.

Django's ``clear()`` empties the whole Redis database, and with it the pages of every
other run sharing that Redis (CI runs the suite on two databases side by side; people run
it beside CI). Each run's keys start with a prefix of its own (scrutiny/settings/test.py),
and only those go.
"""

import os

import redis
from django.core.cache.backends.redis import RedisCache

# The Redis that the tests of Redis itself use (the production server, the isolation of
# runs), whichever cache the rest of the suite uses: both CI runs pass the same tests.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


class OwnKeysRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # Written to the first server named, as Django's backend does.
        self.primary = server.split(";")[0].split(",")[0] if isinstance(server, str) else server[0]

    def clear(self):
        client = redis.Redis.from_url(self.primary)
        try:
            batch = []
            # Every version of every key of this prefix; the prefix holds no glob characters.
            for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
                batch.append(key)
                if len(batch) == 1000:
                    client.unlink(*batch)
                    batch = []
            if batch:
                client.unlink(*batch)
        finally:
            client.close()
        return True
