"""Scenarios as users live them, judged through the `nudges.v1` records (and the suppressions counted):
people in UTC-8, UTC+10 and UTC+5:45, DST weeks, a week of blood pressure, a week of nights, a silent
weekend, quiet hours that wrap midnight, caps, snooze, opt-out, kill switch, replays."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import pytest

from services.nudge_engine.domain import engine
from services.nudge_engine.domain.ids import nudge_id
from services.nudge_engine.domain.params import DEFAULT_POLICY_PARAMS
from services.nudge_engine.domain.personalise import Experiment

Builder = Callable[..., dict[str, Any]]
HOUR = 3_600_000
MINUTE = 60_000
DAY = 24 * HOUR


def engine_ms(iso: str) -> int:
    """UTC epoch ms of an ISO-8601 instant with offset."""
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def feed(
    state: Any, readings: Iterable[dict[str, Any]], prefs: dict[str, Any] | None, lag_ms: int = 250, **kw: Any
) -> tuple[Any, list[dict[str, Any]], list[Any]]:
    """Readings in order, each processed `lag_ms` after its ingestion; every nudge and suppression."""
    nudges: list[dict[str, Any]] = []
    suppressed: list[Any] = []
    for r in readings:
        state, out, sup = engine.on_reading(state, r, prefs, r["ingested_at"] + lag_ms, **kw)
        nudges.extend(out)
        suppressed.extend(sup)
    return state, nudges, suppressed


def check_nudge(n: dict[str, Any]) -> None:
    assert n["trigger"] in {"step_goal", "bp_change", "sleep_pattern", "inactivity", "stale_data"}
    assert 0 < len(n["title"]) <= 80 and 0 < len(n["body"]) <= 500
    assert n["expires_at"] > n["created_at"]
    assert n["variant"]


# ---------------------------------------------------------------- step goal, local days


def test_los_angeles_user_gets_one_step_nudge_per_her_own_day(reading: Builder, prefs: Builder) -> None:
    # She never picked a zone (schema default "UTC"): her phone's offset, UTC-8, decides her day.
    p = prefs(user_id="u-maria", display_name="Maria", step_goal=8_000, timezone="UTC")

    def steps(at: str, count: int) -> dict[str, Any]:
        return reading("steps", at, user_id="u-maria", count=count, interval_s=900)

    # 23:30 on the 24th is 07:30 UTC on the 25th: it must not count for her 25th.
    evening_before = steps("2026-11-24T23:30:00-08:00", 5_000)
    state, nudges, _ = feed(None, [evening_before, steps("2026-11-25T09:00:00-08:00", 3_000)], p)
    assert nudges == []
    state, nudges, _ = feed(state, [steps("2026-11-25T12:00:00-08:00", 3_000)], p)  # 6,000 = 75 %
    assert nudges == []
    crossing = steps("2026-11-25T13:00:00-08:00", 400)  # 6,400 = exactly 80 %
    state, [n], _ = feed(state, [crossing], p)
    check_nudge(n)
    assert (n["trigger"], n["user_id"], n["source_event_id"]) == ("step_goal", "u-maria", crossing["reading_id"])
    assert n["source_ingested_at"] == crossing["ingested_at"]
    assert n["created_at"] == crossing["ingested_at"] + 250
    assert "Maria" in n["title"] + n["body"]
    assert "6,400" in n["body"] and "8,000" in n["body"]
    assert n["expires_at"] == engine_ms("2026-11-26T00:00:00-08:00")  # end of HER day
    assert n["nudge_id"] == nudge_id("u-maria", "step_goal", "2026-11-25")
    # Walking on to 100 % the same day: no second nudge.
    state, nudges, _ = feed(state, [steps("2026-11-25T17:00:00-08:00", 3_000)], p)
    assert nudges == []
    # Next day she reaches 80 % earlier than yesterday (21 h later): that day's nudge still comes.
    state, nudges, sup = feed(state, [steps("2026-11-26T10:00:00-08:00", 6_500)], p)
    assert [n["nudge_id"] for n in nudges] == [nudge_id("u-maria", "step_goal", "2026-11-26")], sup


def test_brisbane_midnight_starts_a_new_count(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-liam", timezone="Australia/Brisbane", step_goal=10_000)
    late = reading("steps", "2026-11-25T23:50:00+10:00", user_id="u-liam", count=7_900, interval_s=600)
    after_midnight = reading("steps", "2026-11-26T00:20:00+10:00", user_id="u-liam", count=600, interval_s=1_200)
    _s, nudges, _ = feed(None, [late, after_midnight], p)
    assert nudges == []  # 7,900 on the 25th, 600 on the 26th: neither day reached 8,000


def test_kathmandu_interval_ending_at_midnight_counts_for_the_day_before(reading: Builder, prefs: Builder) -> None:
    # UTC+5:45 from the device offset only; goal 8,000 → 6,400 steps for the nudge.
    p = prefs(user_id="u-asha", timezone="UTC", step_goal=8_000)

    def steps(at: str, count: int, interval_s: int = 900) -> dict[str, Any]:
        return reading("steps", at, user_id="u-asha", count=count, interval_s=interval_s)

    state, nudges, _ = feed(None, [steps("2026-11-25T20:00:00+05:45", 6_300)], p)
    assert nudges == []
    # 23:45–00:00 belongs to the 25th: it completes the 25th's 80 % (too late to be shown: the day is over).
    state, nudges, sup = feed(state, [steps("2026-11-26T00:00:00+05:45", 100)], p)
    assert nudges == []
    assert [(s.trigger, s.reason, s.nudge_id) for s in sup] == [
        ("step_goal", "expired", nudge_id("u-asha", "step_goal", "2026-11-25"))
    ]
    # The 26th starts from zero: 6,350 is below 6,400.
    state, nudges, _ = feed(state, [steps("2026-11-26T09:00:00+05:45", 6_350)], p)
    assert nudges == []
    state, nudges, _ = feed(state, [steps("2026-11-26T09:15:00+05:45", 50)], p)
    assert [n["nudge_id"] for n in nudges] == [nudge_id("u-asha", "step_goal", "2026-11-26")]


def test_spring_forward_and_fall_back_days_are_one_local_day_each(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-ken", timezone="UTC", step_goal=8_000)

    def steps(at: str, count: int) -> dict[str, Any]:
        return reading("steps", at, user_id="u-ken", count=count, interval_s=900)

    # 2026-03-08, US spring forward: 01:30 PST and 12:00 PDT are the same local day.
    _s, nudges, _ = feed(
        None, [steps("2026-03-08T01:30:00-08:00", 3_000), steps("2026-03-08T12:00:00-07:00", 3_400)], p
    )
    assert [n["nudge_id"] for n in nudges] == [nudge_id("u-ken", "step_goal", "2026-03-08")]
    # 2026-11-01, fall back: 01:30 PDT and 01:30 PST (an hour later) are both the 1st.
    _s, nudges, _ = feed(
        None, [steps("2026-11-01T01:30:00-07:00", 3_200), steps("2026-11-01T01:30:00-08:00", 3_200)], p
    )
    assert [n["nudge_id"] for n in nudges] == [nudge_id("u-ken", "step_goal", "2026-11-01")]
    # The night after spring forward: 23:30 PDT on the 8th and 00:30 PDT on the 9th are two days.
    _s, nudges, _ = feed(
        None, [steps("2026-03-08T23:30:00-07:00", 4_000), steps("2026-03-09T00:30:00-07:00", 4_000)], p
    )
    assert nudges == []


# ---------------------------------------------------------------- blood-pressure change


def _bp(reading: Builder, at: str, systolic: int) -> dict[str, Any]:
    return reading("blood_pressure", at, user_id="u-carlos", systolic=systolic, diastolic=80, pulse=70)


def test_a_reading_exactly_10_mmhg_off_a_week_of_readings_fires_in_both_directions(
    reading: Builder, prefs: Builder
) -> None:
    # Eight local days (the reading's day and the 7 before it) whose daily means average exactly 121,
    # though adding them up in binary floating point gives 120.99999999999999.
    week = {
        "2026-11-17": (120, 120, 121),
        "2026-11-18": (120, 120),
        "2026-11-19": (121, 122),
        "2026-11-20": (118,),
        "2026-11-21": (112, 113),
        "2026-11-22": (124, 125, 125),
        "2026-11-23": (128,),
        "2026-11-24": (123,),
    }
    p = prefs(user_id="u-carlos", display_name="Carlos")
    history = [
        _bp(reading, f"{day}T{7 + i:02d}:30:00-06:00", s) for day, values in week.items() for i, s in enumerate(values)
    ]
    state, nudges, _ = feed(None, history, p)
    # (the 112/113 day is 8.5 mmHg under its baseline then: no nudge either)
    assert nudges == []
    for systolic, direction in ((111, "lower"), (131, "higher")):
        r = _bp(reading, "2026-11-24T19:00:00-06:00", systolic)
        _s, [n], _ = feed(state, [r], p)
        check_nudge(n)
        assert n["trigger"] == "bp_change"
        assert f"{systolic} mmHg" in n["body"] and "10 mmHg " + direction in n["body"] and "121 mmHg" in n["body"]
        assert "Carlos" in n["body"]
        assert n["source_event_id"] == r["reading_id"]
    for systolic in (112, 130):
        _s, nudges, _ = feed(state, [_bp(reading, "2026-11-24T19:00:00-06:00", systolic)], p)
        assert nudges == []


def test_9_9_mmhg_off_the_baseline_is_not_a_change(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-carlos")
    history = [_bp(reading, "2026-11-20T08:00:00+00:00", 121), _bp(reading, "2026-11-20T20:00:00+00:00", 121)]
    history += [
        _bp(reading, f"2026-11-21T{h:02d}:00:00+00:00", s)
        for h, s in zip((7, 9, 11, 13, 15), (120, 121, 121, 121, 121), strict=True)
    ]
    state, nudges, _ = feed(None, history, p)  # daily means 121 and 120.8: baseline 120.9
    assert nudges == []
    for systolic, fires in ((111, False), (110, True), (130, False), (131, True)):
        _s, nudges, _ = feed(state, [_bp(reading, "2026-11-22T08:00:00+00:00", systolic)], p)
        assert len(nudges) == int(fires), systolic


# ---------------------------------------------------------------- sleep


def test_three_poor_nights_in_a_row_and_a_good_night_resets_the_count(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-noa", display_name="Noa", timezone="UTC")

    def night(date: str, minutes: float, efficiency: float | None) -> dict[str, Any]:
        # Sydney summer time, UTC+11 from the tracker: the night ends at 06:40 local.
        return reading("sleep", f"{date}T06:40:00+11:00", user_id="u-noa", duration_min=minutes, efficiency=efficiency)

    nights = [
        night("2026-11-16", 350, 0.90),  # poor: under 6 h
        night("2026-11-17", 420, 0.76),  # poor: efficiency under 0.80
        night("2026-11-18", 450, 0.91),  # good: the run ends
        night("2026-11-19", 300, None),  # poor
        night("2026-11-20", 360, 0.80),  # good: exactly 6 h and exactly 0.80 are not poor
        night("2026-11-21", 330, 0.88),  # poor
        night("2026-11-22", 240, 0.70),  # poor
    ]
    state, nudges, _ = feed(None, nights, p)
    assert nudges == []
    third = night("2026-11-23", 345, 0.85)
    state, [n], _ = feed(state, [third], p)
    check_nudge(n)
    assert (n["trigger"], n["source_event_id"]) == ("sleep_pattern", third["reading_id"])
    assert n["nudge_id"] == nudge_id("u-noa", "sleep_pattern", "2026-11-21")
    assert "Noa" in n["body"] and "3 nights" in n["body"] and "5 h 05 min" in n["body"]
    # A fourth poor night is the same episode: no repeat.
    state, nudges, _ = feed(state, [night("2026-11-24", 300, 0.9)], p)
    assert nudges == []


# ---------------------------------------------------------------- inactivity and stale data


def test_a_silent_weekend_gets_one_inactivity_nudge_at_48_hours(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-tom")
    walk = reading("steps", "2026-11-20T18:00:00+01:00", user_id="u-tom", count=1_200, interval_s=900)
    state, _, _ = feed(None, [walk], p)
    # A cuff reading on Saturday is no movement: the clock keeps running.
    cuff = reading("blood_pressure", "2026-11-21T09:00:00+01:00", user_id="u-tom", systolic=122, diastolic=78)
    still = reading("steps", "2026-11-21T12:00:00+01:00", user_id="u-tom", count=0, interval_s=900)
    state, nudges, _ = feed(state, [cuff, still], p)
    assert nudges == []
    due = walk["measured_at"] + 48 * HOUR
    assert engine.next_due_ms(state) == due
    state, nudges, _ = engine.on_tick(state, p, due - 1)
    assert nudges == []
    state, [n], _ = engine.on_tick(state, p, due)
    check_nudge(n)
    assert (n["trigger"], n["source_event_id"], n["source_ingested_at"], n["created_at"]) == (
        "inactivity",
        None,
        None,
        due,
    )
    state, nudges, _ = engine.on_tick(state, p, due + 30 * HOUR)
    assert nudges == []


def test_a_stale_data_anomaly_becomes_one_sync_nudge(prefs: Builder) -> None:
    p = prefs(user_id="u-eve", display_name="Eve")
    anomaly = {
        "anomaly_id": "6f1c0c56-0f3e-5b8e-9d55-3f4a1f0c2b11",
        "user_id": "u-eve",
        "reading_id": None,
        "metric": "weight",
        "kind": "stale_data",
        "severity": "info",
        "category": "no_recent_data",
        "message": "We have not received any readings from you for 7 days.",
        "disclaimer": "This is not a diagnosis.",
        "observed_value": None,
        "baseline_value": None,
        "measured_at": engine_ms("2026-11-18T10:00:00+00:00"),
        "detected_at": engine_ms("2026-11-25T10:00:05+00:00"),
        "ingested_at": None,
    }
    now = anomaly["detected_at"] + 120
    state, [n], _ = engine.on_anomaly(None, anomaly, p, now)
    check_nudge(n)
    assert (n["trigger"], n["source_event_id"], n["created_at"]) == ("stale_data", anomaly["anomaly_id"], now)
    assert "sync" in (n["title"] + n["body"]).lower() and "Eve" in n["body"]
    _s, again, _ = engine.on_anomaly(state, anomaly, p, now + DAY + HOUR)  # redelivered a day later
    assert again == []
    threshold = {**anomaly, "anomaly_id": "a-2", "kind": "threshold", "category": "hypertensive_crisis"}
    _s, none, _ = engine.on_anomaly(None, threshold, p, now)
    assert none == []


# ---------------------------------------------------------------- delivery policy


@pytest.mark.parametrize(
    ("offset", "evening", "morning_before", "morning"),
    [
        ("-08:00", "2026-11-24T23:15:00-08:00", "2026-11-25T06:59:00-08:00", "2026-11-25T07:00:00-08:00"),
        ("+05:45", "2026-11-24T23:15:00+05:45", "2026-11-25T06:59:00+05:45", "2026-11-25T07:00:00+05:45"),
    ],
)
def test_quiet_hours_22_to_07_in_the_users_own_zone_hold_a_late_nudge_until_morning(
    reading: Builder, prefs: Builder, offset: str, evening: str, morning_before: str, morning: str
) -> None:
    p = prefs(user_id="u-q", timezone="UTC", quiet_start_min=22 * 60, quiet_end_min=7 * 60)
    base = [
        reading("blood_pressure", f"2026-11-22T08:00:00{offset}", user_id="u-q", systolic=120, diastolic=78),
        reading("blood_pressure", f"2026-11-23T08:00:00{offset}", user_id="u-q", systolic=120, diastolic=78),
        reading("blood_pressure", f"2026-11-23T20:00:00{offset}", user_id="u-q", systolic=120, diastolic=78),
    ]
    state, nudges, _ = feed(None, base, p)
    assert nudges == []
    late = reading("blood_pressure", evening, user_id="u-q", systolic=138, diastolic=84)
    state, nudges, sup = feed(state, [late], p)
    assert nudges == []
    assert [(s.trigger, s.reason) for s in sup] == [("bp_change", "quiet_hours_held")]
    assert engine.next_due_ms(state) == engine_ms(morning)
    state, nudges, _ = engine.on_tick(state, p, engine_ms(morning_before))
    assert nudges == []
    state, [n], _ = engine.on_tick(state, p, engine_ms(morning))
    assert (n["trigger"], n["nudge_id"], n["created_at"]) == ("bp_change", sup[0].nudge_id, engine_ms(morning))
    assert n["source_ingested_at"] == late["ingested_at"]
    check_nudge(n)
    # The same kind of reading at 21:59 local is delivered at once.
    early = reading("blood_pressure", evening.replace("23:15", "21:59"), user_id="u-q", systolic=138, diastolic=84)
    _s, nudges, _ = feed(feed(None, base, p)[0], [early], p)
    assert [n["trigger"] for n in nudges] == ["bp_change"]


def _busy_day(reading: Builder) -> list[dict[str, Any]]:
    """One user whose day fires four triggers, each more than an hour after the previous one."""
    u = "u-busy"
    return [
        reading("blood_pressure", "2026-11-23T08:00:00+00:00", user_id=u, systolic=120, diastolic=78),
        reading("blood_pressure", "2026-11-24T08:00:00+00:00", user_id=u, systolic=120, diastolic=78),
        reading("blood_pressure", "2026-11-24T09:00:00+00:00", user_id=u, systolic=120, diastolic=78),
        reading("sleep", "2026-11-23T07:00:00+00:00", user_id=u, duration_min=300, efficiency=0.9),
        reading("sleep", "2026-11-24T07:00:00+00:00", user_id=u, duration_min=300, efficiency=0.9),
        # the day: sleep at 07:00, BP at 09:00, steps at 15:00, a second steps-free trigger at 18:00
        reading("sleep", "2026-11-25T07:00:00+00:00", user_id=u, duration_min=310, efficiency=0.9),
        reading("blood_pressure", "2026-11-25T09:00:00+00:00", user_id=u, systolic=140, diastolic=85),
        reading("steps", "2026-11-25T15:00:00+00:00", user_id=u, count=8_500, interval_s=3_600),
    ]


def test_daily_cap_snooze_opt_out_and_kill_switch(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-busy", step_goal=10_000)
    day = _busy_day(reading)
    state, nudges, _ = feed(None, day, p)
    assert [n["trigger"] for n in nudges] == ["sleep_pattern", "bp_change", "step_goal"]
    # A fourth nudge within 24 h of the first is over the daily cap of 3.
    stale = {
        "anomaly_id": "st-1",
        "user_id": "u-busy",
        "kind": "stale_data",
        "metric": "weight",
        "detected_at": engine_ms("2026-11-25T18:00:00+00:00"),
        "ingested_at": None,
    }
    _s, nudges, sup = engine.on_anomaly(state, stale, p, stale["detected_at"])
    assert nudges == [] and [(s.trigger, s.reason) for s in sup] == [("stale_data", "daily_cap")]
    # ... and a day after the first delivery there is room again.
    _s, nudges, _ = engine.on_anomaly(state, stale, p, stale["detected_at"] + 14 * HOUR)
    assert [n["trigger"] for n in nudges] == ["stale_data"]

    # Step goal opted out: the others still come.
    _s, nudges, sup = feed(None, day, prefs(user_id="u-busy", nudge_opt_outs=["step_goal"]))
    assert [n["trigger"] for n in nudges] == ["sleep_pattern", "bp_change"]
    assert [(s.trigger, s.reason) for s in sup] == [("step_goal", "opted_out")]
    # Snoozed until noon: the morning nudges are dropped (not queued), the afternoon one comes.
    snooze = prefs(user_id="u-busy", snoozed_until=engine_ms("2026-11-25T12:00:00+00:00"))
    _s, nudges, sup = feed(None, day, snooze)
    assert [n["trigger"] for n in nudges] == ["step_goal"]
    assert sorted((s.trigger, s.reason) for s in sup) == [("bp_change", "snoozed"), ("sleep_pattern", "snoozed")]
    # Nudges turned off by the user, or by the operator's kill switch: nothing at all.
    _s, nudges, sup = feed(None, day, prefs(user_id="u-busy", nudges_enabled=False))
    assert nudges == [] and {s.reason for s in sup} == {"disabled"}
    killed = dataclasses.replace(DEFAULT_POLICY_PARAMS, kill_switch=True)
    _s, nudges, sup = feed(None, day, p, policy_params=killed)
    assert nudges == [] and {s.reason for s in sup} == {"kill_switch"} and len(sup) == 3


def test_two_triggers_within_the_hour_are_spaced_by_an_hour(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-busy", step_goal=10_000)
    day = _busy_day(reading)
    # The BP change comes 20 minutes after the sleep nudge instead of two hours.
    day[6] = reading("blood_pressure", "2026-11-25T07:20:00+00:00", user_id="u-busy", systolic=140, diastolic=85)
    state, nudges, sup = feed(None, day[:7], p)
    assert [n["trigger"] for n in nudges] == ["sleep_pattern"]
    assert [(s.trigger, s.reason) for s in sup] == [("bp_change", "min_gap")]
    sleep_at = nudges[0]["created_at"]
    assert engine.next_due_ms(state) == sleep_at + HOUR
    _s, [n], _ = engine.on_tick(state, p, sleep_at + HOUR)
    assert (n["trigger"], n["created_at"]) == ("bp_change", sleep_at + HOUR)


# ---------------------------------------------------------------- determinism


def test_a_replayed_day_gives_the_same_nudges_ids_and_variants(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-busy")
    exp = Experiment("copy-2026-11", ("brief",), 50.0)
    day = _busy_day(reading)
    _s, first, _ = feed(None, day, p, experiment=exp)
    _s, again, _ = feed(None, day, p, experiment=exp)
    assert first == again and len({n["nudge_id"] for n in first}) == 3
    assert {(n["variant"], n["experiment"]) for n in first} <= {("brief", "copy-2026-11"), ("control", "copy-2026-11")}
    assert len({n["variant"] for n in first}) == 1  # one user, one arm
    arms = {exp.variant_for(f"u-{i}") for i in range(200)}
    assert arms == {"brief", "control"}


def test_the_bp_text_adds_up_when_the_baseline_is_a_half(reading: Builder, prefs: Builder) -> None:
    p = prefs(user_id="u-carlos", display_name=None)
    history = [
        _bp(reading, "2026-11-20T08:00:00+00:00", 120),
        _bp(reading, "2026-11-20T20:00:00+00:00", 121),
        _bp(reading, "2026-11-21T08:00:00+00:00", 120),
        _bp(reading, "2026-11-21T20:00:00+00:00", 121),
    ]
    state, nudges, _ = feed(None, history, p)  # daily means 120.5 and 120.5
    assert nudges == []
    _s, [n], _ = feed(state, [_bp(reading, "2026-11-22T08:00:00+00:00", 131)], p)
    numbers = [int(x) for x in re.findall(r"\d+(?= mmHg)", n["body"])]
    systolic, delta, base = numbers[:3]
    assert systolic == 131 and systolic - delta == base
    assert n["body"].startswith("Hi there,") and ", there" not in n["title"]
