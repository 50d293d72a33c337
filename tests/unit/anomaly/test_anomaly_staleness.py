"""Stale-data episodes: due after 7 days, fire once, re-arm after a new reading."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.anomaly.domain import (
    DEFAULT_RULES,
    DISCLAIMER,
    build_stale_anomaly,
    evaluate_reading,
    evaluate_staleness,
    next_stale_due_at,
    should_fire_stale,
    stale_due_at,
)

MakeReading = Callable[..., dict[str, Any]]
T0 = 1_795_611_300_000
DAY = 86_400_000
WEEK = 7 * DAY


def test_stale_after_is_seven_days() -> None:
    assert DEFAULT_RULES.stale_after_ms == WEEK
    assert stale_due_at(T0) == T0 + WEEK


def test_no_readings_means_no_episode() -> None:
    assert not should_fire_stale(None, T0 + 100 * DAY)
    assert next_stale_due_at(None) is None
    assert evaluate_staleness("u-123", None, T0 + 100 * DAY) == (None, [])


def test_episode_fires_once_and_rearms_after_a_new_reading(make_reading: MakeReading) -> None:
    state, _ = evaluate_reading(None, make_reading("weight", at=T0, kg=80.0), now_ms=T0)
    assert next_stale_due_at(state) == T0 + WEEK
    assert not should_fire_stale(state, T0 + WEEK - 1)
    assert evaluate_staleness("u-123", state, T0 + WEEK - 1) == (None, [])  # nothing to write
    assert should_fire_stale(state, T0 + WEEK)

    fired_state, [first] = evaluate_staleness("u-123", state, T0 + WEEK + 5)
    assert fired_state is not None
    assert fired_state["stale_fired_for"] == T0
    assert state["stale_fired_for"] is None  # the input state is not modified
    # the same episode never fires again, however far stream time moves
    assert not should_fire_stale(fired_state, T0 + 30 * DAY)
    assert next_stale_due_at(fired_state) is None
    assert evaluate_staleness("u-123", fired_state, T0 + 30 * DAY) == (None, [])

    # a new reading ends the episode and re-arms the rule, due a week after it
    back = T0 + 40 * DAY
    state2, _ = evaluate_reading(fired_state, make_reading("weight", at=back, kg=80.0), now_ms=back)
    assert state2["stale_fired_for"] is None
    assert not should_fire_stale(state2, back + WEEK - 1)
    _state3, [second] = evaluate_staleness("u-123", state2, back + WEEK)
    assert second["anomaly_id"] != first["anomaly_id"]
    assert second["measured_at"] == back


def test_a_late_older_reading_does_not_end_the_episode(make_reading: MakeReading) -> None:
    state, _ = evaluate_reading(None, make_reading("weight", at=T0, kg=80.0), now_ms=T0)
    fired, _ = evaluate_staleness("u-123", state, T0 + WEEK)
    assert fired is not None
    late = make_reading("weight", at=T0 - DAY, kg=80.0, device_id="scale-2")
    after_late, _ = evaluate_reading(fired, late, now_ms=T0 + WEEK + 1)
    assert after_late["last_at"] == T0
    assert not should_fire_stale(after_late, T0 + WEEK + 2)


def test_stale_anomaly_record(make_reading: MakeReading) -> None:
    reading = make_reading("blood_pressure", at=T0, systolic=118, diastolic=76)
    state, _ = evaluate_reading(None, reading, now_ms=T0)
    anomaly = build_stale_anomaly("u-123", state, T0 + 8 * DAY)
    assert anomaly["kind"] == "stale_data"
    assert anomaly["severity"] == "info"
    assert anomaly["category"] == "no_recent_data"
    assert anomaly["metric"] == "blood_pressure"
    assert anomaly["reading_id"] is None
    assert anomaly["observed_value"] is None
    assert anomaly["measured_at"] == T0
    assert anomaly["detected_at"] == T0 + 8 * DAY
    assert anomaly["ingested_at"] is None
    assert "8 days" in anomaly["message"]
    assert anomaly["disclaimer"] == DISCLAIMER
    # replaying the episode (e.g. after a restart) gives the same id
    assert build_stale_anomaly("u-123", state, T0 + 9 * DAY)["anomaly_id"] == anomaly["anomaly_id"]
