"""Per-user request throttle: a token bucket per user id, kept in this process.

Why in-process (and what that means with several replicas): each replica enforces the limit on the
requests it sees, so with N replicas behind a round-robin balancer one user can reach up to N x the limit.
That is acceptable for what this throttle is for: stopping a device or app stuck in a retry loop from
starving everyone else, not metering a paid quota. A shared limiter (Redis, a Cassandra counter) would put
a network round trip on every request of a path that must carry 20,000 readings/s. Where the exact limit
matters, route by user (consistent hash of the bearer token's `sub` at the balancer): then every user's
requests meet one bucket and the limit is exact, and the idempotency cache (adapters/idempotency.py) hits
too. Hand-written rather than a library: it is a dozen lines, lock-free on the event loop thread, and
takes the clock as an argument so tests need no sleeping.
"""

from __future__ import annotations

import math
from collections import OrderedDict


class UserThrottle:
    """`allow(user, now_s)` spends one token of `user`'s bucket; False (throttled) when it is empty."""

    def __init__(self, rate_per_s: float, burst: float, max_users: int) -> None:
        if rate_per_s <= 0 or burst < 1 or max_users < 1:
            raise ValueError("rate_per_s > 0, burst >= 1 and max_users >= 1 are required")
        self.rate_per_s = rate_per_s
        self.burst = burst
        self.max_users = max_users
        # user -> (tokens, last refill time); ordered by last use, so the idlest bucket is first.
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, user: str, now_s: float) -> bool:
        tokens, last = self._buckets.pop(user, (self.burst, now_s))
        tokens = min(self.burst, tokens + max(0.0, now_s - last) * self.rate_per_s)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[user] = (tokens, now_s)
        if len(self._buckets) > self.max_users:
            # Dropping the least recently used bucket forgets at most a partly spent bucket of an idle user:
            # that user gets a full bucket back, which is what a refill would have given it anyway.
            self._buckets.popitem(last=False)
        return allowed

    def retry_after_s(self, user: str, now_s: float) -> int:
        """Whole seconds until `user` has a token again (HTTP Retry-After), at least 1."""
        tokens, last = self._buckets.get(user, (self.burst, now_s))
        tokens = min(self.burst, tokens + max(0.0, now_s - last) * self.rate_per_s)
        return max(1, math.ceil((1.0 - tokens) / self.rate_per_s))

    def __len__(self) -> int:
        return len(self._buckets)
