"""Sleep pattern: fire when the last ``sleep_poor_nights`` nights in a row were poor.

- A night is keyed by the local date of its end (``measured_at``). Two records for the same night
  (two devices, a resend) keep the longest, the main sleep.
- Poor = duration < 360 min, or efficiency < 0.80 when the device reports one.
- Consecutive means consecutive local dates: a good night or a night without data ends the run.
- One nudge per episode; the episode is the run of poor nights, keyed by its first night. The marker
  ``fired_ep`` is cleared whenever the run ending at the latest night is shorter than the rule, so the
  next run can fire again. Runs longer than the kept history do not re-fire.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta, tzinfo
from typing import Any

from ..model import Hit
from ..params import TriggerParams
from ..timeutil import local_date
from ._reading import integer, number, text, value_of


def is_poor(duration_min: float, efficiency: float | None, params: TriggerParams) -> bool:
    if duration_min < params.sleep_min_duration_min:
        return True
    return efficiency is not None and efficiency < params.sleep_min_efficiency


def trailing_run(nights: Mapping[str, list[Any]], params: TriggerParams) -> list[str]:
    """Dates of the run of consecutive poor nights ending at the latest night (oldest first)."""
    if not nights:
        return []
    run: list[str] = []
    day = date.fromisoformat(max(nights))
    while (night := nights.get(day.isoformat())) is not None and is_poor(night[0], night[1], params):
        run.append(day.isoformat())
        day -= timedelta(days=1)
    return run[::-1]


def observe(
    section: dict[str, Any], reading: Mapping[str, Any], tz: tzinfo, params: TriggerParams, ttl_ms: int
) -> Hit | None:
    value = value_of(reading)
    duration = number(value, "duration_min")
    efficiency = number(value, "efficiency")
    measured_at = integer(reading, "measured_at")
    if duration is None or duration < 0 or measured_at is None:
        return None
    nights: dict[str, list[Any]] = section["nights"]
    night = local_date(measured_at, tz).isoformat()
    previous = nights.get(night)
    if previous is None or duration > previous[0]:
        nights[night] = [duration, efficiency, measured_at]
    for key in sorted(nights)[: max(0, len(nights) - params.sleep_history_nights)]:
        del nights[key]

    run = trailing_run(nights, params)
    if len(run) < params.sleep_poor_nights:
        section["fired_ep"] = None
        return None
    if section.get("fired_ep") is not None:
        return None
    section["fired_ep"] = run[0]
    latest = nights[run[-1]]
    return Hit(
        trigger="sleep_pattern",
        window_key=run[0],
        expires_at_ms=int(latest[2]) + ttl_ms,
        source_event_id=text(reading, "reading_id"),
        source_ingested_at=integer(reading, "ingested_at"),
        facts={
            "nights": len(run),
            "avg_duration_min": round(sum(nights[d][0] for d in run) / len(run)),
            "min_hours": params.sleep_min_duration_min / 60,
            "min_efficiency_pct": round(params.sleep_min_efficiency * 100),
        },
    )
