"""Builders for nudge-engine unit tests (fixtures, so test modules need no package)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

HOUR = 3_600_000
DAY = 24 * HOUR
MINUTE = 60_000

Builder = Callable[..., dict[str, Any]]


def to_ms(iso: str) -> int:
    """UTC epoch ms of an ISO-8601 timestamp with offset."""
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


@pytest.fixture
def ms() -> Callable[[str], int]:
    return to_ms


@pytest.fixture
def reading() -> Builder:
    """A readings.v1 record; ``at`` is ISO-8601 with offset, the offset becomes ``utc_offset_min``."""
    counter = itertools.count(1)

    def build(metric: str, at: str, user_id: str = "u-1", reading_id: str | None = None, **value: Any) -> dict:
        dt = datetime.fromisoformat(at)
        offset = dt.utcoffset()
        measured_at = to_ms(at)
        fields = ("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min", "efficiency", "kg")
        return {
            "reading_id": reading_id or f"r-{next(counter)}",
            "user_id": user_id,
            "device_id": "dev-1",
            "metric": metric,
            "measured_at": measured_at,
            "utc_offset_min": int(offset.total_seconds() // 60) if offset is not None else 0,
            "source": "sensed",
            "value": {name: value.get(name) for name in fields},
            "flags": [],
            "channel": "http",
            "ingested_at": measured_at + 1_000,
        }

    return build


@pytest.fixture
def prefs() -> Builder:
    """A preferences.v1 record; quiet hours off unless given (tests of triggers need no policy noise)."""

    def build(**overrides: Any) -> dict:
        record: dict[str, Any] = {
            "user_id": "u-1",
            "step_goal": 10_000,
            "timezone": "UTC",
            "quiet_start_min": 0,
            "quiet_end_min": 0,
            "nudge_opt_outs": [],
            "snoozed_until": None,
            "language": "en",
            "birth_year": None,
            "display_name": "Ann",
            "nudges_enabled": True,
            "updated_at": 0,
        }
        record.update(overrides)
        return record

    return build
