"""Fixtures for the ingest domain tests: a fixed clock and a factory of valid raw readings."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

# 2026-11-25T12:55:00Z, i.e. 07:55 in UTC-05:00: the DESIGN.md example reading's instant.
NOW = datetime(2026, 11, 25, 12, 55, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)

VALID_VALUES: dict[str, dict[str, Any]] = {
    "blood_pressure": {"systolic": 128, "diastolic": 82, "pulse": 70},
    "heart_rate": {"bpm": 64},
    "steps": {"count": 1200, "interval_s": 900},
    "sleep": {"duration_min": 431, "efficiency": 0.91},
    "weight": {"kg": 81.4},
}

MakeReading = Callable[..., dict[str, Any]]


@pytest.fixture
def now_ms() -> int:
    return NOW_MS


@pytest.fixture
def make_reading() -> MakeReading:
    """A valid raw HTTP reading for `metric`; keyword overrides replace top-level fields, `value` too."""

    def build(metric: Any = "blood_pressure", **overrides: Any) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "reading_id": "r-0001",
            "user_id": "u-123",
            "device_id": "cuff-7",
            "metric": metric,
            "measured_at": "2026-11-25T07:55:00-05:00",
            "value": copy.deepcopy(VALID_VALUES.get(metric, {})) if isinstance(metric, str) else {},
            "source": "sensed",
        }
        raw.update(overrides)
        return raw

    return build
