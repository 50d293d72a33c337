"""Deterministic anomaly ids: a replay of the same reading yields the same id, so consumers dedup by id."""

from __future__ import annotations

import json
import uuid

# Fixed namespace of Heartwise anomaly ids (UUIDv5 of a constant name; never change it: ids would change).
ANOMALY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:heartwise:anomalies.v1")


def anomaly_id(user_id: str, subject_key: str, kind: str, category: str) -> str:
    """UUIDv5 of (user id, reading id or episode key, kind, category).

    The name is the compact JSON array of the four parts: unambiguous whatever characters the ids hold,
    so ("a", "b,c") and ("a,b", "c") get different ids.
    """
    name = json.dumps([user_id, subject_key, kind, category], separators=(",", ":"), ensure_ascii=False)
    return str(uuid.uuid5(ANOMALY_NAMESPACE, name))


def stale_episode_key(last_measured_ms: int) -> str:
    """Key of one stale-data episode: the measurement time of the last reading before the silence."""
    return f"stale:{last_measured_ms}"
