"""Personal-baseline outliers: enough history first, robust to one wild value, follows a lasting change."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import pytest

from services.anomaly.domain import DEFAULT_RULES, DISCLAIMER, evaluate_reading
from services.anomaly.domain.baseline import update_baseline

MakeReading = Callable[..., dict[str, Any]]
T0 = 1_795_611_300_000
HOUR = 3_600_000
# a realistic, deterministic wobble around a level (SD ≈ 2.4)
WOBBLE = (0, 3, -2, 1, -4, 2, 4, -1, -3, 0)


def feed(
    make_reading: MakeReading,
    metric: str,
    field: str,
    values: Iterable[float],
    state: Any = None,
    start: int = 0,
) -> tuple[Any, list[list[dict]]]:
    """Feed one reading per value (12 h apart, one device); return the state and the outliers per reading."""
    per_reading = []
    for i, v in enumerate(values, start=start):
        extra: dict[str, Any] = {field: v}
        if metric == "blood_pressure":
            extra = {"systolic": v, "diastolic": 78}
        if metric == "steps":
            extra["interval_s"] = 86_400
        reading = make_reading(metric, at=T0 + i * 12 * HOUR, **extra)
        state, anomalies = evaluate_reading(state, reading, now_ms=reading["ingested_at"] + 5)
        per_reading.append([a for a in anomalies if a["kind"] == "outlier"])
    return state, per_reading


def systolics(n: int, level: float = 120) -> list[float]:
    return [level + WOBBLE[i % len(WOBBLE)] for i in range(n)]


def test_no_outlier_verdict_before_ten_readings(make_reading: MakeReading) -> None:
    _state, outliers = feed(make_reading, "weight", "kg", [80.0] * 9 + [90.0])
    assert outliers == [[]] * 10  # the 10th value is far off, but only 9 readings came before it
    _state, outliers = feed(make_reading, "weight", "kg", [80.0] * 10 + [90.0])
    assert outliers[-1] and outliers[-1][0]["category"] == "weight_above_baseline"


def test_outlier_record_carries_baseline_value_and_disclaimer(make_reading: MakeReading) -> None:
    _state, outliers = feed(
        make_reading, "weight", "kg", [80.0, 80.4, 79.8, 80.2, 80.0, 79.6, 80.4, 80.0, 80.2, 79.8, 84.0]
    )
    [anomaly] = outliers[-1]
    assert anomaly["kind"] == "outlier"
    assert anomaly["metric"] == "weight"
    assert anomaly["observed_value"] == 84.0
    assert anomaly["baseline_value"] == pytest.approx(80.04, abs=0.05)
    assert anomaly["severity"] in {"info", "review"}
    assert anomaly["disclaimer"] == DISCLAIMER
    assert "usual level" in anomaly["message"]


def test_small_deviation_of_a_very_steady_user_is_not_flagged(make_reading: MakeReading) -> None:
    # SD is 0, floored at 4 mmHg: 135 vs 120 is z = 3.75, but 15 mmHg is below the 20 mmHg floor.
    _state, outliers = feed(make_reading, "blood_pressure", "systolic", [120.0] * 20 + [135.0, 141.0])
    assert outliers[-2] == []
    assert [a["category"] for a in outliers[-1]] == ["systolic_above_baseline"]


def test_one_wild_value_does_not_poison_the_baseline(make_reading: MakeReading) -> None:
    state, _ = feed(make_reading, "blood_pressure", "systolic", systolics(30))
    _n, mean_before, var_before = state["base"]["systolic"]

    state, outliers = feed(make_reading, "blood_pressure", "systolic", [250.0], state=state, start=30)
    assert [a["category"] for a in outliers[0]] == ["systolic_above_baseline"]
    assert outliers[0][0]["severity"] == "review"  # z far beyond twice the cut-off
    _, mean_after, var_after = state["base"]["systolic"]
    assert abs(mean_after - mean_before) < 1.0  # unclipped it would move by 0.1 × 130 = 13 mmHg
    min_sd = DEFAULT_RULES.baselines["systolic"].min_sd
    # the spread the verdict uses (SD floored at min_sd) grows by less than a third
    assert max(var_after**0.5, min_sd) < 1.3 * max(var_before**0.5, min_sd)

    state, outliers = feed(make_reading, "blood_pressure", "systolic", [124.0], state=state, start=31)
    assert outliers == [[]]


def test_a_lasting_change_is_learned_within_twenty_readings(make_reading: MakeReading) -> None:
    state, _ = feed(make_reading, "weight", "kg", [80.0 + w / 10 for w in WOBBLE] * 3)
    state, outliers = feed(make_reading, "weight", "kg", [86.0] * 20, state=state, start=30)
    assert outliers[0]  # the first reading at the new level is news
    assert outliers[-5:] == [[]] * 5  # before twenty readings have passed it is the user's new normal
    assert state["base"]["kg"][1] > 83.0  # the baseline has moved more than halfway and keeps following


def test_drop_below_baseline_is_flagged_as_below(make_reading: MakeReading) -> None:
    _state, outliers = feed(make_reading, "sleep", "duration_min", [420.0 + 5 * w for w in WOBBLE] * 2 + [240.0])
    assert [a["category"] for a in outliers[-1]] == ["sleep_duration_below_baseline"]


def test_steps_baseline_uses_only_daily_totals(make_reading: MakeReading) -> None:
    state = None
    for i in range(20):  # 15-minute chunks never enter the daily baseline
        reading = make_reading("steps", at=T0 + i * 900_000, count=300, interval_s=900)
        state, anomalies = evaluate_reading(state, reading, now_ms=T0)
        assert anomalies == []
    assert state is not None and "steps_daily" not in state["base"]
    state, outliers = feed(make_reading, "steps", "count", [8000 + 300 * w for w in WOBBLE] + [500], state=state)
    assert [a["category"] for a in outliers[-1]] == ["daily_steps_below_baseline"]


def test_first_updates_are_the_exact_running_mean_and_variance() -> None:
    spec = DEFAULT_RULES.baselines["kg"]
    rules = replace(DEFAULT_RULES, baseline_clip_from_n=1000)  # no clipping: compare with plain statistics
    values = [80.0, 81.0, 79.5, 80.5, 82.0]
    entry = None
    for v in values:
        entry = update_baseline(entry, v, spec, rules)
    assert entry is not None
    assert entry[0] == 5
    assert entry[1] == pytest.approx(statistics.fmean(values))
    assert entry[2] == pytest.approx(statistics.pvariance(values))


def test_update_does_not_modify_the_given_entry() -> None:
    spec = DEFAULT_RULES.baselines["systolic"]
    entry = [20, 120.0, 25.0]
    new = update_baseline(entry, 130.0, spec, DEFAULT_RULES)
    assert entry == [20, 120.0, 25.0]
    assert new[0] == 21 and new[1] > 120.0
