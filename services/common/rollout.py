"""Deterministic per-user bucketing for gradual rollouts: feature flags and the nudge A/B experiments.

One hash for the whole platform, so "10 % of users" means the same kind of slice everywhere: the first 8
bytes of sha256(f"{name}:{user_id}") (big-endian) modulo ``BUCKETS``. Salting with the flag/experiment name
gives every flag its own independent slice; the hash is stable across processes, hosts and releases
(unlike Python's ``hash()``), so a user never flips between evaluations.

A user is in a rollout of ``percent`` when their bucket is below ``round(percent * BUCKETS / 100)``; raising
the percentage only adds buckets, so a rollout that grows (10 % → 50 %) keeps every user it already had.
"""

from __future__ import annotations

import hashlib

# 10,000 buckets: percentages with two decimals (0.01 % steps) and far more buckets than rollout stages.
BUCKETS = 10_000


def bucket(user_id: str, name: str) -> int:
    """0..9999, from sha256 of ``f"{name}:{user_id}"``: stable across processes and releases."""
    digest = hashlib.sha256(f"{name}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def buckets_for(percent: float) -> int:
    """How many of the ``BUCKETS`` a rollout of ``percent`` (0..100) covers."""
    if not 0 <= percent <= 100:
        raise ValueError("percent must be within 0..100")
    return round(percent * BUCKETS / 100)


def in_rollout(user_id: str, name: str, percent: float) -> bool:
    """True for the users whose bucket of ``name`` lies in the first ``percent`` % of the buckets."""
    return bucket(user_id, name) < buckets_for(percent)
