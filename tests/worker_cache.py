"""The test cache when REDIS_URL is set: pytest-xdist workers share one Redis
database, so each keeps its keys under its own prefix and clears only those
(Django's RedisCache.clear() flushes the whole database, which would wipe
another worker's keys in the middle of its test)."""

from django.core.cache.backends.redis import RedisCache


class WorkerRedisCache(RedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
