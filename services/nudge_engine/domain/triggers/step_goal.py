"""Step goal: fire once per local day when the day's steps reach ``step_goal_pct`` % of the goal.

- The local day is that of the last instant of the step interval (``measured_at`` − 1 ms), in the zone
  from ``timeutil.resolve_zone`` (Preferences IANA zone, else the reading's ``utc_offset_min``): an
  interval ending at 00:00 counts for the day before; a zone's 23 h or 25 h DST day is one day.
  An interval spanning midnight is counted whole for the day it ends in (wearables report ≤ 15 min
  intervals, so the error is a few minutes of steps).
- Only the current day is tracked: a reading for a later day starts a new day; one for an earlier day
  (late data) is ignored, so nothing is counted twice or for the wrong day.
- Redelivered readings are dropped by ``reading_id`` (bounded set, current day only). Once the day's
  nudge fired, counting stops and the id set is emptied: nothing more can fire that day.
- The nudge expires at the end of that local day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

from ..model import Hit
from ..params import TriggerParams
from ..state import push_bounded
from ..timeutil import end_of_day_ms, interval_end_local_date
from ._reading import integer, text, value_of


def reached(total: int, goal: int, pct: int) -> bool:
    """``total`` is at least ``pct`` % of ``goal``, in integers (79.9 % is not 80 %)."""
    return total * 100 >= goal * pct


def observe(
    section: dict[str, Any], reading: Mapping[str, Any], tz: tzinfo, goal: int, params: TriggerParams
) -> Hit | None:
    count = integer(value_of(reading), "count")
    measured_at = integer(reading, "measured_at")
    if count is None or count <= 0 or measured_at is None:
        return None
    day_date = interval_end_local_date(measured_at, tz)
    day = day_date.isoformat()
    current = section.get("day")
    if current is not None and day < current:
        return None  # an earlier day: late data, never counted into today
    if day != current:
        section.update(day=day, total=0, seen=[], fired=False)
    if section.get("fired"):
        return None
    reading_id = text(reading, "reading_id")
    if reading_id is not None:
        if reading_id in section["seen"]:
            return None
        push_bounded(section["seen"], reading_id, params.step_seen_ids_max)
    section["total"] = int(section.get("total", 0)) + count
    total = section["total"]
    if not reached(total, goal, params.step_goal_pct):
        return None
    section.update(fired=True, seen=[])
    return Hit(
        trigger="step_goal",
        window_key=day,
        expires_at_ms=end_of_day_ms(day_date, tz),
        source_event_id=reading_id,
        source_ingested_at=integer(reading, "ingested_at"),
        facts={"steps": total, "goal": goal, "pct": total * 100 // goal},
    )
