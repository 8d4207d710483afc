"""Fixed-window rate limits in the shared cache (DatabaseCache), so every worker counts.

The one limiter of the site: password resets and access requests (per client address and
per e-mail address) and community posts (per member). Each key keeps the start of its
window and its count; the entry expires when the window ends. The cache's own `incr` is
not used: on the database cache it rewrites the entry with the default timeout (five
minutes), which silently shortened every window. Two workers counting the same key at the
same instant may both see the old count, so a burst can pass one hit over the limit; that
is accepted for these limits.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import cache


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for `key`; False once more than `limit` hits fell in this window."""
    cache_key = "ratelimit:" + hashlib.sha256(key.encode()).hexdigest()
    now = time.time()
    started, count = cache.get(cache_key) or (now, 0)
    if now - started >= window:
        started, count = now, 0
    count += 1
    remaining = max(1, math.ceil(started + window - now))
    cache.set(cache_key, (started, count), timeout=remaining)
    return count <= limit
