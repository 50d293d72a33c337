"""Batching: one user's one device per request, at most 100 readings, order kept; event-time windows for
history replays; real-time release of live traffic."""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repo root, for `loadtest.fleet`

from loadtest.fleet import (
    MAX_BATCH,
    batch_readings,
    fleet,
    history,
    live,
    measured_at_ms,
    realtime_batches,
    scenario_users,
    windowed_batches,
)

NOW = datetime(2026, 6, 17, 14, 20, tzinfo=UTC)


def reading(i: int, user: str, device: str) -> dict:
    return {
        "reading_id": f"{device}:hr:{i}",
        "user_id": user,
        "device_id": device,
        "metric": "heart_rate",
        "measured_at": (NOW + timedelta(seconds=i)).isoformat(),
        "value": {"bpm": 60 + i % 30},
        "source": "sensed",
    }


def test_groups_by_user_and_device_caps_at_100_and_keeps_order():
    readings = [reading(i, "u-1", "watch-1") for i in range(250)]
    readings += [reading(i, "u-2", "watch-2") for i in range(250, 260)]
    readings += [reading(i, "u-1", "cuff-1") for i in range(260, 263)]
    readings.insert(5, reading(999, "u-2", "watch-2"))  # interleaved
    batches = batch_readings(readings)
    assert [(b.user_id, b.device_id, len(b)) for b in batches] == [
        ("u-1", "watch-1", 100),
        ("u-1", "watch-1", 100),
        ("u-1", "watch-1", 50),
        ("u-2", "watch-2", 11),
        ("u-1", "cuff-1", 3),
    ]
    for b in batches:
        assert {(r["user_id"], r["device_id"]) for r in b.readings} == {(b.user_id, b.device_id)}
        assert b.body() == {"readings": list(b.readings)}
    flat = [r for b in batches if b.device_id == "watch-1" for r in b.readings]
    assert flat == [r for r in readings if r["device_id"] == "watch-1"]
    assert sorted(r["reading_id"] for b in batches for r in b.readings) == sorted(r["reading_id"] for r in readings)


def test_batch_size_is_bounded_by_the_contract():
    assert [len(b) for b in batch_readings([reading(i, "u", "d") for i in range(7)], max_size=3)] == [3, 3, 1]
    for bad in (0, MAX_BATCH + 1):
        with pytest.raises(ValueError, match="max_size"):
            batch_readings([], max_size=bad)


@pytest.mark.parametrize("window_s", [3600, 6 * 3600, 86_400])
def test_windowed_batches_of_a_history(window_s):
    readings = history(fleet(15, seed=4) + scenario_users(seed=4), 4, NOW)
    batches = list(windowed_batches(readings, window_s=window_s))
    assert sorted(r["reading_id"] for b in batches for r in b.readings) == sorted(r["reading_id"] for r in readings)
    per_device = defaultdict(list)
    for b in batches:
        assert 1 <= len(b) <= MAX_BATCH
        assert {(r["user_id"], r["device_id"]) for r in b.readings} == {(b.user_id, b.device_id)}
        stamps = [measured_at_ms(r) for r in b.readings]
        assert stamps == sorted(stamps) and stamps[-1] - stamps[0] < window_s * 1000
        per_device[b.device_id].extend(b.readings)
    for device, sent in per_device.items():  # each device's readings go out in their own order
        assert sent == [r for r in readings if r["device_id"] == device]
    # disorder across devices is bounded by the window: a batch never starts before an earlier batch's window
    starts = [measured_at_ms(b.readings[0]) for b in batches]
    assert all(later >= earlier - window_s * 1000 for earlier, later in itertools.pairwise(starts))


async def test_realtime_batches_release_readings_only_when_due():
    users = fleet(4, seed=9)
    upcoming = list(live(users, NOW, stop=NOW + timedelta(hours=3)))
    clock = {"t": NOW.timestamp()}
    slept = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock["t"] += seconds

    released = []
    async for batch in realtime_batches(
        iter(upcoming), clock=lambda: clock["t"], sleep=fake_sleep, stop_at=NOW.timestamp() + 2 * 3600
    ):
        for r in batch.readings:
            assert measured_at_ms(r) / 1000 <= clock["t"]  # never ahead of the (fake) wall clock
            released.append(r)
    due = [r for r in upcoming if measured_at_ms(r) <= (NOW.timestamp() + 2 * 3600) * 1000]
    assert sorted(r["reading_id"] for r in released) == sorted(r["reading_id"] for r in due)
    assert slept and max(slept) <= 1.0  # flushes at least every second
