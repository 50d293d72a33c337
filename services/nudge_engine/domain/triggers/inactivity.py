"""Inactivity: fire once per episode when 48 h pass without activity.

Activity = a ``steps`` reading with ``count > 0``, at its ``measured_at``. Other readings (a BP cuff, a
scale, a night of sleep) are not movement and do not reset the clock; silence of every device is the
anomaly service's ``stale_data``, a different nudge. Tracking starts with the first step reading, so a
user with no step-counting device is never nudged about steps.

Time: a silent user sends nothing, so the driver evaluates ``inactivity_due`` on *stream time*: the
partition's event-time watermark, which other users' readings (or a periodic heartbeat record per
partition) advance, never the wall clock and never a scan of all users. It looks the users up in a
due-time index keyed by ``next_due_ms`` (engine). This is the mechanism of Quix Streams' session windows,
which close when the partition watermark passes last event + 2 × gap + grace; a session window with a
48 h gap would fire at ≥ 96 h, so the engine tracks the exact due time itself (last activity + 48 h).
The episode is keyed by its last-activity time: one nudge per episode; new activity opens the next.

Confirming the silence: the due time is also never earlier than the stream time at which the last
activity reading was processed plus ``inactivity_sync_settle_ms``: while a device is still uploading a
backlog, its old readings are not yet all here, and the heartbeat's "now" would otherwise call every
syncing user idle. (Stream time, not ``ingested_at``: the due time must be on the clock that fires it.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Hit
from ..params import DEFAULT_TRIGGER_PARAMS, TriggerParams
from ._reading import integer, text, value_of


def observe_activity(section: dict[str, Any], reading: Mapping[str, Any], stream_now_ms: int) -> None:
    if text(reading, "metric") != "steps":
        return
    count = integer(value_of(reading), "count")
    measured_at = integer(reading, "measured_at")
    if count is None or count <= 0 or measured_at is None:
        return
    last = section.get("last")
    if last is None or measured_at > last:
        section["last"] = measured_at
    if stream_now_ms > (section.get("seen") or 0):
        section["seen"] = stream_now_ms


def due_at_ms(section: Mapping[str, Any], params: TriggerParams = DEFAULT_TRIGGER_PARAMS) -> int | None:
    """When this episode's nudge is due, or None (no activity seen yet, or already fired)."""
    last = section.get("last")
    if last is None or section.get("fired") == last:
        return None
    due = int(last) + params.inactivity_ms
    seen = section.get("seen")
    return due if seen is None else max(due, int(seen) + params.inactivity_sync_settle_ms)


def inactivity_due(
    state: Mapping[str, Any], stream_now_ms: int, params: TriggerParams = DEFAULT_TRIGGER_PARAMS
) -> bool:
    """48 h since the last activity at stream time, and not yet fired for this episode."""
    due = due_at_ms(state.get("act") or {}, params)
    return due is not None and stream_now_ms >= due


def fire(section: dict[str, Any], params: TriggerParams, ttl_ms: int) -> Hit:
    """Mark the episode fired and describe its nudge (call only when due)."""
    due = due_at_ms(section, params)  # before the episode is marked fired
    last = int(section["last"])
    section["fired"] = last
    if due is None:
        due = last + params.inactivity_ms
    return Hit(
        trigger="inactivity",
        window_key=str(last),
        expires_at_ms=due + ttl_ms,
        facts={"hours": params.inactivity_ms // 3_600_000},
    )
