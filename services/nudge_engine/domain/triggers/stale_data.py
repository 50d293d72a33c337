"""Stale data: an ``anomalies.v1`` record of kind ``stale_data`` becomes a "sync your device" nudge.

The anomaly service owns the detection (no data for a metric for days); this only words it, once per
``anomaly_id``. Other anomaly kinds are not nudges (the conversation service surfaces them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Hit
from ..params import TriggerParams
from ..state import push_bounded
from ._reading import integer, text


def observe(
    section: dict[str, Any], anomaly: Mapping[str, Any], now_ms: int, params: TriggerParams, ttl_ms: int
) -> Hit | None:
    anomaly_id = text(anomaly, "anomaly_id")
    if text(anomaly, "kind") != "stale_data" or anomaly_id is None:
        return None
    if anomaly_id in section["seen"]:
        return None
    push_bounded(section["seen"], anomaly_id, params.stale_seen_ids_max)
    detected_at = integer(anomaly, "detected_at")
    return Hit(
        trigger="stale_data",
        window_key=anomaly_id,
        expires_at_ms=(detected_at if detected_at is not None else now_ms) + ttl_ms,
        source_event_id=anomaly_id,
        source_ingested_at=integer(anomaly, "ingested_at"),
        facts={"metric": text(anomaly, "metric")},
    )
