"""Scenarios as a user of the platform lives them: one person's readings over days, judged only through the
`anomalies.v1` records they produce (kind, severity, category, message, disclaimer, ids, times)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from services.anomaly.domain import DISCLAIMER, evaluate_reading, evaluate_staleness
from services.common.clinical import bp_category

MakeReading = Callable[..., dict[str, Any]]
# Monday 2026-03-02 07:30 UTC: Dana's first morning with the new cuff.
MON = 1_772_436_600_000
MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR

KINDS = {"threshold", "outlier", "conflict", "stale_data"}
SEVERITIES = {"info", "review", "critical"}
FIELDS = {
    "anomaly_id",
    "user_id",
    "reading_id",
    "metric",
    "kind",
    "severity",
    "category",
    "message",
    "disclaimer",
    "observed_value",
    "baseline_value",
    "measured_at",
    "detected_at",
    "ingested_at",
}


def run(state: Any, readings: Iterable[dict[str, Any]]) -> tuple[Any, list[dict[str, Any]]]:
    """Feed readings in order, each judged at its own ingestion time; all anomalies, in order."""
    found: list[dict[str, Any]] = []
    for reading in readings:
        state, anomalies = evaluate_reading(state, reading, now_ms=reading["ingested_at"] + 40)
        found.extend(anomalies)
    return state, found


def check_record(a: dict[str, Any]) -> None:
    assert set(a) == FIELDS
    assert a["kind"] in KINDS
    assert a["severity"] in SEVERITIES
    assert a["disclaimer"] == DISCLAIMER
    assert a["message"]
    assert a["category"] and a["category"] == a["category"].lower()
    assert isinstance(a["detected_at"], int)


# ---------------------------------------------------------------- blood-pressure categories (2017 ACC/AHA)


@pytest.mark.parametrize(
    ("systolic", "diastolic", "category"),
    [
        (118, 78, "normal"),
        (119, 79, "normal"),
        (120, 79, "elevated"),  # systolic 120 starts "elevated"
        (129, 79, "elevated"),
        (120, 80, "stage_1_hypertension"),  # diastolic 80 alone is stage 1 ("or")
        (129, 80, "stage_1_hypertension"),
        (130, 80, "stage_1_hypertension"),
        (130, 60, "stage_1_hypertension"),
        (139, 89, "stage_1_hypertension"),
        (139, 90, "stage_2_hypertension"),  # diastolic decides the higher category
        (140, 89, "stage_2_hypertension"),  # systolic decides the higher category
        (140, 90, "stage_2_hypertension"),
        (180, 120, "stage_2_hypertension"),  # crisis is strictly ABOVE 180 and/or 120
        (181, 90, "hypertensive_crisis"),
        (181, 120, "hypertensive_crisis"),
        (150, 121, "hypertensive_crisis"),
        (250, 120, "hypertensive_crisis"),
    ],
)
def test_every_acc_aha_boundary_uses_the_schema_vocabulary(systolic: int, diastolic: int, category: str) -> None:
    assert bp_category(systolic, diastolic) == category


@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [
        (116, 74, None),
        (126, 78, None),
        (134, 86, None),
        (139, 89, None),
        (140, 72, ("info", "stage_2_hypertension")),
        (126, 90, ("info", "stage_2_hypertension")),
        (180, 120, ("info", "stage_2_hypertension")),
        (181, 98, ("critical", "hypertensive_crisis")),
        (168, 121, ("critical", "hypertensive_crisis")),
        (250, 120, ("critical", "hypertensive_crisis")),
    ],
)
def test_a_morning_cuff_reading_gets_the_flag_its_category_deserves(
    make_reading: MakeReading, systolic: int, diastolic: int, expected: tuple[str, str] | None
) -> None:
    reading = make_reading("blood_pressure", at=MON, systolic=systolic, diastolic=diastolic, pulse=68)
    _state, anomalies = run(None, [reading])
    flags = [(a["severity"], a["category"]) for a in anomalies if a["kind"] == "threshold"]
    assert flags == ([] if expected is None else [expected])
    for a in anomalies:
        check_record(a)
        assert a["reading_id"] == reading["reading_id"]
        assert a["observed_value"] == float(systolic)


def test_the_plans_250_over_120_is_flagged_critical_with_urgent_care_advice_and_the_disclaimer(
    make_reading: MakeReading,
) -> None:
    reading = make_reading("blood_pressure", at=MON, systolic=250, diastolic=120, user_id="u-dana")
    _state, [a] = run(None, [reading])
    check_record(a)
    assert (a["kind"], a["severity"], a["category"], a["metric"]) == (
        "threshold",
        "critical",
        "hypertensive_crisis",
        "blood_pressure",
    )
    assert "250/120 mmHg" in a["message"]
    assert "911" in a["message"] and "emergency" in a["message"]
    assert "not a diagnosis" in a["disclaimer"]
    assert (a["user_id"], a["reading_id"]) == ("u-dana", reading["reading_id"])
    assert (a["measured_at"], a["ingested_at"]) == (reading["measured_at"], reading["ingested_at"])
    assert a["detected_at"] >= a["ingested_at"]


# ---------------------------------------------------------------- heart rate


@pytest.mark.parametrize(
    ("bpm", "category"),
    [(58, None), (200, None), (201, "tachycardia"), (214, "tachycardia"), (40, None), (39, "bradycardia")],
)
def test_a_watch_heart_rate_above_200_or_very_low_is_flagged_for_review(
    make_reading: MakeReading, bpm: int, category: str | None
) -> None:
    _state, anomalies = run(None, [make_reading("heart_rate", at=MON, device_id="watch-3", bpm=bpm)])
    got = [(a["kind"], a["severity"], a["category"]) for a in anomalies]
    assert got == ([] if category is None else [("threshold", "review", category)])
    for a in anomalies:
        check_record(a)


# ---------------------------------------------------------------- personal baseline


def test_a_heart_rate_spike_is_an_outlier_only_once_a_baseline_exists_and_does_not_poison_it(
    make_reading: MakeReading,
) -> None:
    resting = [62, 64, 61, 63, 65, 60, 62, 64, 63, 61, 62, 66]
    morning = [
        make_reading("heart_rate", at=MON + i * DAY, device_id="watch-3", bpm=bpm) for i, bpm in enumerate(resting)
    ]
    # A spike among the first few readings is no outlier: there is no baseline yet.
    _s, early = run(None, [*morning[:4], make_reading("heart_rate", at=MON + 4 * DAY + HOUR, bpm=118)])
    assert [a for a in early if a["kind"] == "outlier"] == []

    state, quiet = run(None, morning)
    assert quiet == []
    spike = make_reading("heart_rate", at=MON + 12 * DAY, device_id="watch-3", bpm=118)
    state, found = run(state, [spike])
    [outlier] = [a for a in found if a["kind"] == "outlier"]
    check_record(outlier)
    assert (outlier["category"], outlier["reading_id"]) == ("heart_rate_above_baseline", spike["reading_id"])
    assert outlier["baseline_value"] == pytest.approx(62.75, abs=1.5)
    assert "118" in outlier["message"]

    # The spike did not move her usual level: a normal morning is quiet, a second spike is still flagged.
    state, after = run(state, [make_reading("heart_rate", at=MON + 13 * DAY, device_id="watch-3", bpm=63)])
    assert after == []
    _s, again = run(state, [make_reading("heart_rate", at=MON + 14 * DAY, device_id="watch-3", bpm=112)])
    assert [a["category"] for a in again if a["kind"] == "outlier"] == ["heart_rate_above_baseline"]


def test_a_sudden_weight_gain_is_flagged_against_the_users_own_scale_history(make_reading: MakeReading) -> None:
    weights = [91.2, 91.0, 91.4, 90.8, 91.1, 91.3, 90.9, 91.2, 91.0, 91.1, 91.3]
    state, quiet = run(
        None, [make_reading("weight", at=MON + i * DAY, device_id="scale-1", kg=kg) for i, kg in enumerate(weights)]
    )
    assert quiet == []
    _s, found = run(state, [make_reading("weight", at=MON + 11 * DAY, device_id="scale-1", kg=94.0)])
    assert [(a["kind"], a["category"], a["metric"]) for a in found] == [("outlier", "weight_above_baseline", "weight")]
    assert found[0]["observed_value"] == 94.0


# ---------------------------------------------------------------- conflicts


def test_a_typed_in_value_that_disagrees_with_the_cuff_minutes_earlier_asks_which_is_right(
    make_reading: MakeReading,
) -> None:
    cuff = make_reading("blood_pressure", at=MON, device_id="cuff-7", systolic=132, diastolic=84)
    typed = make_reading(
        "blood_pressure", at=MON + 4 * MINUTE, device_id="phone-1", source="self_reported", systolic=152, diastolic=86
    )
    _s, found = run(None, [cuff, typed])
    [conflict] = [a for a in found if a["kind"] == "conflict"]
    check_record(conflict)
    assert (conflict["severity"], conflict["reading_id"]) == ("review", typed["reading_id"])
    assert "152/86" in conflict["message"] and "132/84" in conflict["message"]
    assert "confirm" in conflict["message"]


def test_two_heart_rate_devices_agreeing_or_far_apart_in_time_raise_no_conflict(make_reading: MakeReading) -> None:
    watch = make_reading("heart_rate", at=MON, device_id="watch-3", bpm=72)
    strap_agrees = make_reading("heart_rate", at=MON + MINUTE, device_id="strap-1", bpm=84)
    strap_later = make_reading("heart_rate", at=MON + 30 * MINUTE, device_id="strap-1", bpm=125)
    strap_disagrees = make_reading("heart_rate", at=MON + 30 * MINUTE + 40_000, device_id="watch-3", bpm=78)
    _s, found = run(None, [watch, strap_agrees, strap_later])
    assert [a for a in found if a["kind"] == "conflict"] == []
    _s, found = run(None, [watch, strap_agrees, strap_later, strap_disagrees])
    assert [a["reading_id"] for a in found if a["kind"] == "conflict"] == [strap_disagrees["reading_id"]]


# ---------------------------------------------------------------- stale data


def test_a_user_who_stops_syncing_is_told_once_per_silence(make_reading: MakeReading) -> None:
    state, _ = run(None, [make_reading("weight", at=MON, device_id="scale-1", kg=80.0, user_id="u-eve")])
    assert evaluate_staleness("u-eve", state, MON + 7 * DAY - 1) == (None, [])
    state, [stale] = evaluate_staleness("u-eve", state, MON + 7 * DAY + 5 * HOUR)
    check_record(stale)
    assert (stale["kind"], stale["category"], stale["reading_id"], stale["ingested_at"]) == (
        "stale_data",
        "no_recent_data",
        None,
        None,
    )
    assert "7 days" in stale["message"]
    # Stream time moves on: the same episode never fires again.
    for later in (MON + 8 * DAY, MON + 30 * DAY):
        assert evaluate_staleness("u-eve", state, later) == (None, [])
    # She syncs again, then goes silent again: a new episode, a new id.
    state, _ = run(state, [make_reading("weight", at=MON + 31 * DAY, device_id="scale-1", kg=80.2, user_id="u-eve")])
    _s, [again] = evaluate_staleness("u-eve", state, MON + 38 * DAY)
    assert again["anomaly_id"] != stale["anomaly_id"]


# ---------------------------------------------------------------- ids


def test_reprocessing_the_same_morning_after_a_restart_gives_the_same_anomaly_ids(make_reading: MakeReading) -> None:
    week = [
        make_reading("blood_pressure", at=MON + i * DAY, systolic=s, diastolic=d, pulse=p)
        for i, (s, d, p) in enumerate([(124, 78, 70), (183, 100, 72), (128, 80, 205), (90, 50, 38)])
    ]
    _s, first = run(None, week)
    _s, replay = run(None, week)
    assert first and [a["anomaly_id"] for a in first] == [a["anomaly_id"] for a in replay]
    assert len({a["anomaly_id"] for a in first}) == len(first)
    other_user = [{**r, "user_id": "u-zoe"} for r in week]
    _s, theirs = run(None, other_user)
    assert not {a["anomaly_id"] for a in first} & {a["anomaly_id"] for a in theirs}
