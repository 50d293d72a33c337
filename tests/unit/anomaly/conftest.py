"""Fixtures for the anomaly domain tests: `readings.v1` Reading records as the stream delivers them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

# 2026-11-25T12:55:00Z, the DESIGN.md example reading's instant.
T0 = 1_795_611_300_000
MINUTE = 60_000
DAY = 86_400_000

_VALUE_FIELDS = (
    "systolic",
    "diastolic",
    "pulse",
    "bpm",
    "count",
    "interval_s",
    "duration_min",
    "efficiency",
    "kg",
)

MakeReading = Callable[..., dict[str, Any]]


@pytest.fixture
def make_reading() -> MakeReading:
    """A `readings.v1` Reading: every value field present (null unless given), ids unique per call."""
    counter = iter(range(1, 10**9))

    def build(
        metric: str = "blood_pressure",
        *,
        at: int = T0,
        reading_id: str | None = None,
        user_id: str = "u-123",
        device_id: str = "cuff-7",
        source: str = "sensed",
        **values: Any,
    ) -> dict[str, Any]:
        value = dict.fromkeys(_VALUE_FIELDS)
        value.update(values)
        return {
            "reading_id": reading_id or f"r-{next(counter):06d}",
            "user_id": user_id,
            "device_id": device_id,
            "metric": metric,
            "measured_at": at,
            "utc_offset_min": -300,
            "source": source,
            "value": value,
            "flags": [],
            "channel": "http",
            "ingested_at": at + 1_500,
        }

    return build
