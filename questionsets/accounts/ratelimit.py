"""Fixed-window rate limits in the shared cache (DatabaseCache), so every worker counts."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for `key`; False once more than `limit` hits fell in this window."""
    cache_key = "ratelimit:" + hashlib.sha256(key.encode()).hexdigest()
    if cache.add(cache_key, 1, window):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, window)
        count = 1
    return count <= limit
