"""`evaluate_reading`: one reading in, the user's new state and anomalies out. Pure: no I/O, no clock.

Called from a Quix Streams stateful function with ONE state read and at most ONE state write per reading.
The per-user state is one small JSON-serialisable dict (bounded: a fixed set of keys, ≤ 6 baselines of 3
numbers, ≤ 4 metrics × `conflict_max_devices` remembered readings):

    {
      "v": 1,                       # layout version
      "last_at": 1764075300000,     # newest measured_at seen (ms) — staleness
      "last_id": "r-123",           # its reading_id
      "last_metric": "blood_pressure",
      "stale_fired_for": None,      # last_at of the stale episode already flagged, else None
      "base": {"systolic": [n, mean, var], "diastolic": [...], "bpm": [...], "kg": [...],
               "duration_min": [...], "steps_daily": [...]},
      "recent": {"blood_pressure": {"cuff-7": [measured_at, reading_id, systolic, diastolic]},
                 "heart_rate": {"watch-2": [measured_at, reading_id, bpm]}, "weight": {...}, "sleep": {...}},
    }

The input state is never modified: the result is a shallow copy whose untouched parts are shared with the
input and whose touched parts (one baseline list, one per-metric dict) are new — cheap, and safe if the
caller keeps the old object. Hot path: no dataclasses, no deep copies, a handful of small allocations.

A reading whose reading_id is already the remembered latest of its source (a replayed duplicate) leaves the
state as it was — the same object is returned, so the caller may skip the write — and yields the same
threshold anomalies with the same ids (consumers dedup by id).
"""

from __future__ import annotations

from typing import Any

from services.anomaly.domain.baseline import (
    METRIC_FEATURES,
    build_outlier_anomaly,
    outlier_score,
    update_baseline,
)
from services.anomaly.domain.bp import check_blood_pressure
from services.anomaly.domain.conflict import build_conflict_anomaly, find_conflict, remember, source_key
from services.anomaly.domain.heart_rate import check_heart_rate
from services.anomaly.domain.records import Anomaly
from services.anomaly.domain.rules import DEFAULT_RULES, AnomalyRules

STATE_VERSION = 1
_EMPTY: dict[str, Any] = {}


def new_state() -> dict[str, Any]:
    """The state of a user never seen before."""
    return {
        "v": STATE_VERSION,
        "last_at": None,
        "last_id": None,
        "last_metric": None,
        "stale_fired_for": None,
        "base": {},
        "recent": {},
    }


def _thresholds(
    metric: str, value: dict[str, Any], reading: dict[str, Any], now_ms: int, rules: AnomalyRules
) -> list[Anomaly]:
    out: list[Anomaly] = []
    if metric == "blood_pressure":
        systolic = value.get("systolic")
        diastolic = value.get("diastolic")
        if systolic is not None and diastolic is not None:
            a = check_blood_pressure(reading, systolic, diastolic, now_ms, rules)
            if a is not None:
                out.append(a)
        pulse = value.get("pulse")
        if pulse is not None:
            a = check_heart_rate(reading, pulse, now_ms, rules)
            if a is not None:
                out.append(a)
    elif metric == "heart_rate":
        bpm = value.get("bpm")
        if bpm is not None:
            a = check_heart_rate(reading, bpm, now_ms, rules)
            if a is not None:
                out.append(a)
    return out


def evaluate_reading(
    state: dict[str, Any] | None,
    reading: dict[str, Any],
    *,
    now_ms: int,
    settings: AnomalyRules = DEFAULT_RULES,
) -> tuple[dict[str, Any], list[Anomaly]]:
    """Apply every rule to one `readings.v1` Reading; return `(new_state, anomalies.v1 records)`."""
    rules = settings
    if state is None:
        state = new_state()
    metric: str = reading["metric"]
    value: dict[str, Any] = reading.get("value") or _EMPTY
    reading_id: str = reading["reading_id"]
    measured_at: int = reading["measured_at"]

    anomalies = _thresholds(metric, value, reading, now_ms, rules)
    new = dict(state)

    # --- cross-device conflict (and duplicate detection: the latest reading of each source is kept) ---
    cspec = rules.conflicts.get(metric)
    if cspec is not None:
        entry: list[Any] = [measured_at, reading_id]
        for field_name, _tol in cspec.tolerances:
            v = value.get(field_name)
            if v is None:
                break
            entry.append(v)
        else:
            recent: dict[str, Any] = state.get("recent") or _EMPTY
            entries = recent.get(metric)
            key = source_key(reading)
            if entries:
                previous = entries.get(key)
                if previous is not None and previous[1] == reading_id:
                    return state, anomalies  # replayed duplicate: state already holds it
            hit = find_conflict(entries, key, entry, cspec)
            if hit is not None:
                anomalies.append(build_conflict_anomaly(reading, key, entry, hit[0], hit[1], cspec, now_ms))
            new_recent = dict(recent)
            new_recent[metric] = remember(entries, key, entry, cspec.window_ms, rules.conflict_max_devices)
            new["recent"] = new_recent

    # --- personal baselines ---
    features = METRIC_FEATURES.get(metric)
    if features is not None:
        base: dict[str, Any] = state.get("base") or _EMPTY
        new_base: dict[str, Any] | None = None
        for feature, field_name in features:
            bspec = rules.baselines.get(feature)
            x = value.get(field_name)
            if bspec is None or x is None:
                continue
            if feature == "steps_daily":
                interval = value.get("interval_s")
                if interval is None or not (
                    rules.steps_daily_min_interval_s <= interval <= rules.steps_daily_max_interval_s
                ):
                    continue
            b_entry = base.get(feature)
            z = outlier_score(b_entry, x, bspec, rules)
            if z and b_entry is not None:
                anomalies.append(build_outlier_anomaly(reading, feature, x, z, b_entry[1], now_ms, rules))
            if new_base is None:
                new_base = dict(base)
            new_base[feature] = update_baseline(b_entry, x, bspec, rules)
        if new_base is not None:
            new["base"] = new_base

    # --- staleness bookkeeping: a newer reading ends any stale episode ---
    last_at = state.get("last_at")
    if last_at is None or measured_at > last_at:
        new["last_at"] = measured_at
        new["last_id"] = reading_id
        new["last_metric"] = metric
        new["stale_fired_for"] = None

    return new, anomalies
