"""Stale-data episodes: a user whose newest reading is `stale_after_ms` (7 days, the plan) old.

Episode: it starts when stream time passes `stale_due_at(last_measured_ms)` and ends with the next reading
that is newer than the last one. It fires once: firing records `stale_fired_for = last_measured_ms` in the
state, and `should_fire_stale` is false while that equals the state's `last_at`. A new reading moves
`last_at` (and `evaluate_reading` clears `stale_fired_for`), which re-arms the rule. A late reading that is
older than `last_at` neither ends nor starts an episode.

Intended driver (the adapter's job, not this module's): a silent user's staleness is detected from stream
time advanced by other users' traffic on the partition plus a periodic heartbeat. Concretely: after each
state write, put the user into a due-time index keyed by `next_stale_due_at(state)` (its partition's store);
whenever the partition's stream time (max event time seen, advanced by every user's readings, and by a
periodic heartbeat record per partition so a quiet partition still moves) passes due times, read those
users' states and call `evaluate_staleness(user_id, state, now_stream_ms)`: one state read, at most one
state write, at most one anomaly. Never scan every user; never read the wall clock in here.
"""

from __future__ import annotations

from typing import Any

from services.anomaly.domain.ids import stale_episode_key
from services.anomaly.domain.records import INFO, STALE_DATA, Anomaly, make_anomaly
from services.anomaly.domain.rules import DAY_MS, DEFAULT_RULES, AnomalyRules

CATEGORY = "no_recent_data"


def stale_due_at(last_measured_ms: int, rules: AnomalyRules = DEFAULT_RULES) -> int:
    """Stream time (ms) from which a user whose newest reading was measured at `last_measured_ms` is stale."""
    return last_measured_ms + rules.stale_after_ms


def next_stale_due_at(state: dict[str, Any] | None, rules: AnomalyRules = DEFAULT_RULES) -> int | None:
    """When to look at this user next, or None: no reading yet, or this episode has already fired."""
    if not state:
        return None
    last_at = state.get("last_at")
    if last_at is None or state.get("stale_fired_for") == last_at:
        return None
    return stale_due_at(last_at, rules)


def should_fire_stale(state: dict[str, Any] | None, now_stream_ms: int, rules: AnomalyRules = DEFAULT_RULES) -> bool:
    """True exactly once per episode: stream time reached the due time and this episode has not fired."""
    due = next_stale_due_at(state, rules)
    return due is not None and now_stream_ms >= due


def build_stale_anomaly(user_id: str, state: dict[str, Any], now_ms: int) -> Anomaly:
    """The `stale_data` anomaly of the current episode (id stable per episode, so a replay dedups)."""
    last_at: int = state["last_at"]
    days = (now_ms - last_at) // DAY_MS
    return make_anomaly(
        user_id=user_id,
        subject_key=stale_episode_key(last_at),
        reading_id=None,
        metric=state["last_metric"],
        kind=STALE_DATA,
        severity=INFO,
        category=CATEGORY,
        message=(
            f"We have not received any readings from you for {days} days. If a device stopped syncing, "
            "check that it is charged and connected to the app; if you paused on purpose, you can ignore "
            "this message."
        ),
        observed_value=None,
        baseline_value=None,
        measured_at=last_at,
        detected_at=now_ms,
        ingested_at=None,
    )


def mark_stale_fired(state: dict[str, Any]) -> dict[str, Any]:
    """A new state recording that this episode has fired; `state` itself is not modified."""
    new = dict(state)
    new["stale_fired_for"] = state.get("last_at")
    return new


def evaluate_staleness(
    user_id: str, state: dict[str, Any] | None, now_stream_ms: int, rules: AnomalyRules = DEFAULT_RULES
) -> tuple[dict[str, Any] | None, list[Anomaly]]:
    """For the driver: `(state to write, [anomaly])` when the episode fires, else `(None, [])` (no write)."""
    if state is None or not should_fire_stale(state, now_stream_ms, rules):
        return None, []
    return mark_stale_fired(state), [build_stale_anomaly(user_id, state, now_stream_ms)]
