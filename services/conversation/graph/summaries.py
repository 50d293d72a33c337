"""Pure summaries of one user's readings, shared by the context block and the tools (no I/O, no clock reads).

Field names follow one convention so the grounding guard knows each number's unit (see facts.kind_for_key):
`*_bpm`, `systolic`/`diastolic` (mmHg), `*steps*`, `*_min`, `*_h`, `*kg`, `*percent*`, `*days*`/`*nights*`,
`*count*`. Values are rounded to what a person would say (integers, or one decimal for averages).
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from statistics import fmean
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.conversation.graph.reference import SLEEP_REFERENCE_HOURS, bp_category
from services.conversation.orchestration import AnomalyNote, Metric, ReadingPoint

METRICS: tuple[Metric, ...] = ("blood_pressure", "heart_rate", "steps", "sleep", "weight")
DAY_MS = 86_400_000


def local_dt(measured_at_ms: int, utc_offset_min: int) -> datetime:
    return datetime.fromtimestamp(measured_at_ms / 1000, tz=UTC) + timedelta(minutes=utc_offset_min)


def local_time(point: ReadingPoint) -> str:
    return local_dt(point.measured_at, point.utc_offset_min).strftime("%Y-%m-%d %H:%M")


def user_zone(timezone: object) -> ZoneInfo:
    try:
        return ZoneInfo(str(timezone)) if timezone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def clean_display_name(name: object) -> str | None:
    """The user's display name as data: letters, digits, spaces and .'- only, 40 characters at most."""
    if not isinstance(name, str):
        return None
    cleaned = re.sub(r"[^\w .'-]", "", name)[:40].strip()
    return cleaned or None


def valid_timezone(timezone: object) -> str | None:
    if not isinstance(timezone, str) or not timezone:
        return None
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return timezone


def today_local(now_ms: int, timezone: object) -> datetime:
    return datetime.fromtimestamp(now_ms / 1000, tz=user_zone(timezone))


def _percent(part: float, whole: float) -> int:
    """Percent rounded half up, as people round (112.5 % → 113 %)."""
    return math.floor(100 * part / whole + 0.5)


def _r1(value: float) -> float:
    return round(value, 1)


def _num(point: ReadingPoint, key: str) -> float | None:
    value = point.value.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _days_since(point: ReadingPoint, now_ms: int) -> int:
    return max(0, (now_ms - point.measured_at) // DAY_MS)


def reading_view(point: ReadingPoint) -> dict[str, Any]:
    """One reading as the model sees it (no ids: the model never needs them)."""
    view: dict[str, Any] = {"local_time": local_time(point)}
    if point.metric == "blood_pressure":
        view["systolic"] = _num(point, "systolic")
        view["diastolic"] = _num(point, "diastolic")
        if (pulse := _num(point, "pulse")) is not None:
            view["pulse_bpm"] = pulse
    elif point.metric == "heart_rate":
        view["bpm"] = _num(point, "bpm")
    elif point.metric == "steps":
        view["steps"] = _num(point, "count")
        if (interval := _num(point, "interval_s")) is not None:
            view["interval_min"] = round(interval / 60)
    elif point.metric == "sleep":
        if (minutes := _num(point, "duration_min")) is not None:
            view["duration_min"] = minutes
            view["duration_h"] = _r1(minutes / 60)
        if (eff := _num(point, "efficiency")) is not None:
            view["efficiency_percent"] = round(eff * 100)
    elif point.metric == "weight":
        view["kg"] = _num(point, "kg")
    if point.flags:
        view["flags"] = list(point.flags)
    return {k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in view.items()}


def _halves(values: Sequence[float]) -> tuple[float, float] | None:
    """Mean of the earlier and the later half (values oldest first); None below 4 values."""
    if len(values) < 4:
        return None
    mid = len(values) // 2
    return fmean(values[:mid]), fmean(values[mid:])


def summarise(
    metric: Metric,
    points: Sequence[ReadingPoint],
    days: int,
    now_ms: int,
    step_goal: int | None = None,
    timezone: object = None,
) -> dict[str, Any]:
    """Summary of one metric over `days` (points in any order; UserData returns them newest first)."""
    points = sorted(points, key=lambda p: p.measured_at, reverse=True)
    out: dict[str, Any] = {"metric": metric, "days": days}
    if metric == "steps":
        out.update(step_progress(points, now_ms, step_goal, timezone))
        return out
    out["readings_count"] = len(points)
    if not points:
        return out
    latest = points[0]
    out["latest"] = reading_view(latest)
    out["days_since_last_reading"] = _days_since(latest, now_ms)
    oldest_first = list(reversed(points))
    if metric == "blood_pressure":
        pairs = [
            (s, d)
            for p in oldest_first
            if (s := _num(p, "systolic")) is not None and (d := _num(p, "diastolic")) is not None
        ]
        if pairs:
            sys_values = [s for s, _ in pairs]
            dia_values = [d for _, d in pairs]
            avg = {"systolic": _r1(fmean(sys_values)), "diastolic": _r1(fmean(dia_values))}
            out["average"] = avg
            low = min(pairs)
            high = max(pairs)
            out["lowest_systolic_reading"] = {"systolic": low[0], "diastolic": low[1]}
            out["highest_systolic_reading"] = {"systolic": high[0], "diastolic": high[1]}
            last_s, last_d = pairs[-1]
            categories = {"normal": 0, "elevated": 0, "stage_1": 0, "stage_2": 0, "crisis_range": 0}
            for s, d in pairs:
                categories[bp_category(s, d)] += 1
            out["readings_count_by_aha_category"] = categories
            out["latest_minus_average"] = {
                "systolic": _r1(last_s - avg["systolic"]),
                "diastolic": _r1(last_d - avg["diastolic"]),
            }
            if (hs := _halves(sys_values)) and (hd := _halves(dia_values)):
                out["trend"] = {
                    "earlier_half_average": {"systolic": _r1(hs[0]), "diastolic": _r1(hd[0])},
                    "later_half_average": {"systolic": _r1(hs[1]), "diastolic": _r1(hd[1])},
                    "change": {"systolic": _r1(hs[1] - hs[0]), "diastolic": _r1(hd[1] - hd[0])},
                }
        return _ints(out)
    key, unit = {"heart_rate": ("bpm", "bpm"), "sleep": ("duration_min", "min"), "weight": ("kg", "kg")}[metric]
    values = [v for p in oldest_first if (v := _num(p, key)) is not None]
    if not values:
        return out
    suffix = f"_{unit}"
    out[f"average{suffix}"] = _r1(fmean(values))
    out[f"lowest{suffix}"] = min(values)
    out[f"highest{suffix}"] = max(values)
    if metric == "sleep":
        out["average_h"] = _r1(fmean(values) / 60)
        out["nights_count"] = len(values)
        out[f"nights_under_{SLEEP_REFERENCE_HOURS[0]}_hours"] = sum(
            1 for v in values if v < SLEEP_REFERENCE_HOURS[0] * 60
        )
    if metric == "weight":
        out["change_kg"] = _r1(values[-1] - values[0])
    else:
        out[f"latest_minus_average{suffix}"] = _r1(values[-1] - fmean(values))
    if halves := _halves(values):
        out["trend"] = {
            f"earlier_half_average{suffix}": _r1(halves[0]),
            f"later_half_average{suffix}": _r1(halves[1]),
            f"change{suffix}": _r1(halves[1] - halves[0]),
        }
    return _ints(out)


def step_progress(
    points: Sequence[ReadingPoint], now_ms: int, step_goal: int | None, timezone: object
) -> dict[str, Any]:
    """Daily step totals (by the device's local date) against the user's goal."""
    by_day: OrderedDict[int, float] = OrderedDict()  # local day number (days since the epoch) → total
    for p in sorted(points, key=lambda p: p.measured_at):
        count = _num(p, "count")
        if count is None:
            continue
        day_number = (p.measured_at + p.utc_offset_min * 60_000) // DAY_MS
        by_day[day_number] = by_day.get(day_number, 0.0) + count
    totals: OrderedDict[str, float] = OrderedDict(
        ((datetime(1970, 1, 1) + timedelta(days=n)).strftime("%Y-%m-%d"), total) for n, total in by_day.items()
    )
    out: dict[str, Any] = {"goal_steps": step_goal, "days_with_data": len(totals)}
    if not totals:
        return out
    daily = []
    for day, total in reversed(totals.items()):  # newest first
        entry: dict[str, Any] = {"date": day, "steps": int(total)}
        if step_goal:
            entry["percent_of_goal"] = _percent(total, step_goal)
        daily.append(entry)
    out["daily"] = daily
    values = list(totals.values())
    out["average_daily_steps"] = round(fmean(values))
    best = max(daily, key=lambda e: e["steps"])
    out["best_day"] = {"date": best["date"], "steps": best["steps"]}
    today = today_local(now_ms, timezone).strftime("%Y-%m-%d")
    if today in totals:
        out["today_steps"] = int(totals[today])
        if step_goal:
            out["today_percent_of_goal"] = _percent(totals[today], step_goal)
    if step_goal:
        out["days_goal_met"] = sum(1 for v in values if v >= step_goal)
        out["average_percent_of_goal"] = _percent(fmean(values), step_goal)
    return out


def anomaly_view(note: AnomalyNote) -> dict[str, Any]:
    return {
        "metric": note.metric,
        "kind": note.kind,
        "severity": note.severity,
        "category": note.category,
        "message": note.message,
        "date": datetime.fromtimestamp(note.detected_at / 1000, tz=UTC).strftime("%Y-%m-%d"),
    }


def _ints(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _ints(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_ints(v) for v in obj]
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj
