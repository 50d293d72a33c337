"""BP change: fire when a systolic reading differs from the user's 7-day baseline by ≥ 10 mmHg.

- Baseline = mean of daily mean systolic over the reading's local date and the 7 local dates before it
  (readings before this one; today's earlier readings included). Daily means weigh days equally, so one
  day of many repeat measurements does not dominate; one bucket per date keeps the state at ≤ 8 pairs.
- Needs ≥ 3 readings over ≥ 2 local dates in that window, else the reading only joins the baseline.
- Fires in both directions ("higher"/"lower"). The nudge id is per local date, so a day has at most one
  bp_change nudge; the policy's cooldown spaces them further.
- Readings older than the window (relative to the newest stored date) are ignored; ids are deduped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta, tzinfo
from typing import Any

from ..model import Hit
from ..params import TriggerParams
from ..state import push_bounded
from ..timeutil import local_date
from ._reading import integer, number, text, value_of


def baseline(days: Mapping[str, list[float]], day: date, params: TriggerParams) -> tuple[float, int, int] | None:
    """(baseline, readings, dates) over ``day`` and the ``bp_baseline_days`` before it, or None when
    there is not enough history."""
    first = (day - timedelta(days=params.bp_baseline_days)).isoformat()
    last = day.isoformat()
    window = [(s, n) for key, (s, n) in days.items() if first <= key <= last and n > 0]
    readings = int(sum(n for _, n in window))
    if readings < params.bp_min_readings or len(window) < params.bp_min_days:
        return None
    return sum(s / n for s, n in window) / len(window), readings, len(window)


def observe(
    section: dict[str, Any], reading: Mapping[str, Any], tz: tzinfo, params: TriggerParams, ttl_ms: int
) -> Hit | None:
    systolic = number(value_of(reading), "systolic")
    measured_at = integer(reading, "measured_at")
    if systolic is None or measured_at is None:
        return None
    reading_id = text(reading, "reading_id")
    if reading_id is not None:
        if reading_id in section["seen"]:
            return None
        push_bounded(section["seen"], reading_id, params.bp_seen_ids_max)
    days: dict[str, list[float]] = section["days"]
    day = local_date(measured_at, tz)
    newest = max((date.fromisoformat(k) for k in days), default=day)
    if day < newest - timedelta(days=params.bp_baseline_days):
        return None  # older than any baseline we still keep

    hit = None
    base = baseline(days, day, params)
    if base is not None:
        mean, readings, n_days = base
        # Rounded: the mean of daily means is binary floating point, so a reading exactly 10 mmHg from the
        # baseline could otherwise come out as 9.99999999999999 (110 vs 119.99999999999999) and not fire.
        delta = round(systolic - mean, 6)
        if abs(delta) >= params.bp_delta_mmhg:
            # Whole mmHg in the text, the difference being that of the two numbers shown, so the sentence
            # adds up: 131 against a 120.5 baseline reads "131 … 11 mmHg higher … 120", not "10 … 120".
            shown_systolic, shown_base = round(systolic), round(mean)
            hit = Hit(
                trigger="bp_change",
                window_key=day.isoformat(),
                expires_at_ms=measured_at + ttl_ms,
                source_event_id=reading_id,
                source_ingested_at=integer(reading, "ingested_at"),
                facts={
                    "systolic": shown_systolic,
                    "baseline": shown_base,
                    "delta": abs(shown_systolic - shown_base),
                    "direction": "higher" if delta > 0 else "lower",
                    "readings": readings,
                    "days": n_days,
                },
            )

    bucket = days.setdefault(day.isoformat(), [0, 0])
    bucket[0] += systolic
    bucket[1] += 1
    horizon = (max(newest, day) - timedelta(days=params.bp_baseline_days)).isoformat()
    for key in [k for k in days if k < horizon]:
        del days[key]
    return hit
