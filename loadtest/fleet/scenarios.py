"""Scripted scenario users: each trips one anomaly rule, one nudge trigger, or the ingest validator.

A scenario user is an ordinary user (`model.make_user`) with adjusted habits (steadier baselines where a
trigger needs them) and a `ScenarioScript` that edits their days relative to an anchor instant, "now":
`history(users, days, now)` and `live(users, now)` anchor them at the history's end, so the triggering
readings are always the latest ones before "now", whatever time of day the demo runs.

Ids are `<prefix>-<key>-0001` (e.g. `demo-crisis-0001`); the numbers that make each trigger fire are the
platform's (DESIGN.md / the plan: crisis > 180/120, HR > 200, outlier after >= 10 readings, conflict within
10 min beyond 15/10 mmHg, stale after 7 days, step goal 80 %, BP change >= 10 mmHg vs the 7-day baseline,
3 poor nights (< 6 h or efficiency < 0.80), 48 h without steps); the scripts clear them with margin.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from loadtest.fleet.model import (
    BLOOD_PRESSURE,
    HEART_RATE,
    MAX_STEPS_PER_HOUR,
    SLEEP,
    STEPS,
    WEIGHT,
    Timed,
    User,
    base_day,
    epoch_ms,
    local_instant,
    make_reading,
    make_user,
    night_ending,
)

# --- Scenario numbers (each clears the platform's rule with margin; the rule's number in the comment) ------
CRISIS_BP: Final = ((250, 120, 104), (246, 118, 101))  # > 180 systolic: hypertensive crisis (AHA 2017)
TACHY_HR_SERIES: Final = (171, 210, 193)  # 210 > 200 bpm: the plan's HR alarm
OUTLIER_WEIGHT_JUMP_KG: Final = 4.6  # >= 2 kg and >= 3.5 robust SDs from a steady baseline
OUTLIER_BASELINE_DAYS: Final = 16  # >= 12 steady daily weigh-ins before the jump (the rule needs 10)
CONFLICT_PAIR: Final = ((129, 84, 71), (113, 72, 74))  # 16/12 mmHg apart > 15/10 tolerance, 3 min apart
CONFLICT_GAP: Final = timedelta(minutes=3, seconds=13)  # within the 10-minute conflict window
STALE_SILENCE: Final = timedelta(days=8, hours=3)  # > 7 days without data: stale_data
STEP_GOAL: Final = 10_000  # equals the engine's default goal, so the nudge fires with or without preferences
STEP_ORDINARY_CAP_PCT: Final = 70  # every other day stays below the 80 % trigger
STEP_TARGET_PCT: Final = (86, 90)  # the goal day reaches 86-90 % of the goal before "now"
STEP_GOAL_DAY_MIN_HOUR: Final = 15  # before 15:00 local the goal day is yesterday (enough awake hours today)
BP_RISE: Final = ((16, 8), (17, 9))  # the two latest readings: +16/+17 systolic (>= 10 vs 7-day baseline)
POOR_NIGHTS: Final = ((318, 0.84), (334, 0.86), (372, 0.74))  # < 360 min, < 360 min, efficiency < 0.80
INACTIVE_FOR: Final = timedelta(hours=60)  # > 48 h without steps
MALFUNCTION_SINCE: Final = timedelta(hours=48)  # the cuff reads 0/0 from then on
MALFUNCTION_VALUE: Final = {"systolic": 0, "diastolic": 0, "pulse": 0}  # rejected: implausible_value


@dataclass(frozen=True, slots=True)
class Scenario:
    """One scripted user: what it does and which platform reaction it must cause."""

    key: str
    trips: tuple[str, ...]  # "anomaly:<kind>[/<category>]", "nudge:<trigger>", "rejected:<code>"
    story: str
    timezone: str
    min_history_days: int = 7
    step_goal: int | None = None
    habits: dict[str, Any] = field(default_factory=dict)
    extra_devices: tuple[str, ...] = ()  # device kinds; ids become `<kind>-<user_id>`

    def user_id(self, prefix: str = "demo") -> str:
        return f"{prefix}-{self.key}-0001"


SCENARIOS: Final[tuple[Scenario, ...]] = (
    Scenario(
        "crisis",
        ("anomaly:threshold/hypertensive_crisis",),
        "BP 250/120 (then 246/118) about an hour before now, after a week of stage-2 mornings",
        "America/New_York",
        habits={"systolic": 156.0, "diastolic": 96.0, "p_morning_bp": 1.0},
    ),
    Scenario(
        "tachy",
        ("anomaly:threshold/tachycardia",),
        "watch heart rate 171 -> 210 -> 193 bpm about 45 min before now (an SVT episode)",
        "Europe/Berlin",
    ),
    Scenario(
        "outlier",
        ("anomaly:outlier/weight_above_baseline",),
        "15 daily weigh-ins within ~0.5 kg, then the latest one 4.6 kg heavier",
        "America/Chicago",
        min_history_days=OUTLIER_BASELINE_DAYS,
        habits={"p_weight": 1.0, "weight_sd": 0.12},
    ),
    Scenario(
        "conflict",
        ("anomaly:conflict/readings_disagree",),
        "two cuffs 3 min apart, 3 h before now: 129/84 (arm) vs 113/72 (wrist)",
        "Asia/Kolkata",
        habits={"systolic": 121.0, "diastolic": 78.0, "bp_sd": 2.0, "bp_drift_mmhg": 0.0},
        extra_devices=("cuff2",),
    ),
    Scenario(
        "stale",
        ("anomaly:stale_data/no_recent_data", "nudge:stale_data"),
        "every device silent for the last 8 days 3 h (last readings measured 8+ days ago)",
        "America/Los_Angeles",
        min_history_days=15,
    ),
    Scenario(
        "steps",
        ("nudge:step_goal",),
        "goal 10,000; ordinary days < 70 %; the goal day passes 80 % before now (yesterday if before 15:00)",
        "Europe/London",
        step_goal=STEP_GOAL,
        habits={"daily_steps": 5500.0, "steps_cap_pct": STEP_ORDINARY_CAP_PCT},
    ),
    Scenario(
        "bprise",
        ("nudge:bp_change",),
        "a steady 118/76 twice a day, then the two latest readings +16/+8 and +17/+9 mmHg (about 134/84, 135/85)",
        "Australia/Sydney",
        min_history_days=9,
        habits={
            "systolic": 118.0,
            "diastolic": 76.0,
            "bp_sd": 2.0,
            "bp_drift_mmhg": 0.0,
            "p_morning_bp": 1.0,
            "p_evening_bp": 1.0,
        },
    ),
    Scenario(
        "sleep",
        ("nudge:sleep_pattern",),
        "good nights, then the 3 latest nights poor: 5h18, 5h34, 6h12 at 74 % efficiency",
        "Asia/Tokyo",
        habits={"good_sleep_only": True},
    ),
    Scenario(
        "inactive",
        ("nudge:inactivity",),
        "watch left unworn for the last 60 h (no steps, no heart rate); cuff, scale and ring carry on",
        "America/Denver",
    ),
    Scenario(
        "malfunction",
        ("rejected:implausible_value",),
        "the cuff sends 0/0 (pulse 0) for the last 48 h, plus two 0/0 retries 40 min before now",
        "Africa/Lagos",
        habits={"p_morning_bp": 1.0, "p_evening_bp": 1.0},
    ),
)
SCENARIO_BY_KEY: Final = {s.key: s for s in SCENARIOS}


@dataclass(frozen=True, slots=True)
class ScenarioScript:
    """The `model.Script` of a scenario user (hashable, comparable)."""

    key: str
    min_history_days: int

    def apply(self, user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
        return _APPLY[self.key](user, day, readings, anchor.astimezone(UTC))


def scenario_user(scenario: Scenario, seed: int = 42, prefix: str = "demo") -> User:
    uid = scenario.user_id(prefix)
    base = make_user(uid, seed, timezone=scenario.timezone)
    devices = replace(base.devices, extra=tuple(f"{kind}-{uid}" for kind in scenario.extra_devices))
    return replace(
        base,
        habits=replace(base.habits, **scenario.habits),
        devices=devices,
        step_goal=scenario.step_goal or base.step_goal,
        scenario=scenario.key,
        script=ScenarioScript(scenario.key, scenario.min_history_days),
    )


def scenario_users(seed: int = 42, prefix: str = "demo") -> list[User]:
    """One user per scenario, in `SCENARIOS` order."""
    return [scenario_user(s, seed, prefix) for s in SCENARIOS]


# --- Script helpers --------------------------------------------------------------------------------------


def _on_day(user: User, day: date, extra: list[Timed]) -> list[Timed]:
    """The extra readings whose local date is `day` (each day adds only its own)."""
    tz = user.tz
    return [tr for tr in extra if datetime.fromtimestamp(tr[0] / 1000, tz).date() == day]


def _latest_ids(user: User, metric: str, anchor: datetime, k: int) -> list[str]:
    """Reading ids of the user's `k` latest ordinary readings of `metric` at or before `anchor`, oldest first."""
    anchor_ms = epoch_ms(anchor)
    day = anchor.astimezone(user.tz).date()
    found: list[tuple[int, str]] = []
    for back in range(8):
        found.extend(
            (ts, r["reading_id"])
            for ts, r in base_day(user, day - timedelta(days=back))
            if r["metric"] == metric and ts <= anchor_ms
        )
        if len(found) >= k:
            break
    found.sort()
    return [rid for _, rid in found[-k:]]


def _with_value(tr: Timed, **value: Any) -> Timed:
    ts, reading = tr
    return ts, {**reading, "value": {**reading["value"], **value}}


# --- The scripts ----------------------------------------------------------------------------------------


def _crisis(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    first = anchor - timedelta(minutes=62, seconds=-17)
    extra = [
        make_reading(
            user,
            user.devices.cuff,
            BLOOD_PRESSURE,
            first + timedelta(minutes=4 * i),
            {
                "systolic": s,
                "diastolic": d,
                "pulse": p,
            },
        )
        for i, (s, d, p) in enumerate(CRISIS_BP)
    ]
    return readings + _on_day(user, day, extra)


def _tachy(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    first = anchor - timedelta(minutes=52, seconds=-23)
    extra = [
        make_reading(user, user.devices.watch, HEART_RATE, first + timedelta(minutes=4 * i), {"bpm": bpm})
        for i, bpm in enumerate(TACHY_HR_SERIES)
    ]
    return readings + _on_day(user, day, extra)


def _outlier(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    target = set(_latest_ids(user, WEIGHT, anchor, 1))
    return [
        _with_value(tr, kg=round(tr[1]["value"]["kg"] + OUTLIER_WEIGHT_JUMP_KG, 1))
        if tr[1]["reading_id"] in target
        else tr
        for tr in readings
    ]


def _conflict(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    at = anchor - timedelta(hours=3, seconds=-41)
    (s1, d1, p1), (s2, d2, p2) = CONFLICT_PAIR
    extra = [
        make_reading(user, user.devices.cuff, BLOOD_PRESSURE, at, {"systolic": s1, "diastolic": d1, "pulse": p1}),
        make_reading(
            user,
            user.devices.extra[0],
            BLOOD_PRESSURE,
            at + CONFLICT_GAP,
            {"systolic": s2, "diastolic": d2, "pulse": p2},
        ),
    ]
    return readings + _on_day(user, day, extra)


def _stale(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    last_ms = epoch_ms(anchor - STALE_SILENCE)
    return [tr for tr in readings if tr[0] <= last_ms]


def _steps(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    local_anchor = anchor.astimezone(user.tz)
    goal_day = local_anchor.date()
    if local_anchor.hour < STEP_GOAL_DAY_MIN_HOUR:
        goal_day -= timedelta(days=1)
    if day != goal_day:
        return readings
    rng = random.Random(f"{user.seed}|{user.user_id}|{day.isoformat()}|step-goal")
    target = user.step_goal * rng.randint(*STEP_TARGET_PCT) // 100
    cutoff_ms = min(epoch_ms(anchor), epoch_ms(local_instant(user, day, 18 * 60)))
    awake_from_ms = epoch_ms(night_ending(user, day).wake) + 30 * 60 * 1000
    eligible = [i for i, (ts, r) in enumerate(readings) if r["metric"] == STEPS and awake_from_ms < ts <= cutoff_ms]
    base_total = sum(readings[i][1]["value"]["count"] for i in eligible)
    out = list(readings)
    for i in eligible:
        count = readings[i][1]["value"]["count"]
        share = count / base_total if base_total else 1 / len(eligible)
        out[i] = _with_value(readings[i], count=min(int(target * share) + 1, MAX_STEPS_PER_HOUR))
    return out


def _bprise(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    rises = dict(zip(_latest_ids(user, BLOOD_PRESSURE, anchor, len(BP_RISE)), BP_RISE, strict=False))
    out = []
    for tr in readings:
        rise = rises.get(tr[1]["reading_id"])
        if rise is not None:
            value = tr[1]["value"]
            tr = _with_value(tr, systolic=value["systolic"] + rise[0], diastolic=value["diastolic"] + rise[1])
        out.append(tr)
    return out


def _sleep(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    nights = dict(zip(_latest_ids(user, SLEEP, anchor, len(POOR_NIGHTS)), POOR_NIGHTS, strict=False))
    return [
        _with_value(tr, duration_min=nights[tr[1]["reading_id"]][0], efficiency=nights[tr[1]["reading_id"]][1])
        if tr[1]["reading_id"] in nights
        else tr
        for tr in readings
    ]


def _inactive(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    last_ms = epoch_ms(anchor - INACTIVE_FOR)
    watch = user.devices.watch
    return [tr for tr in readings if tr[1]["device_id"] != watch or tr[0] <= last_ms]


def _malfunction(user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]:
    broken_ms = epoch_ms(anchor - MALFUNCTION_SINCE)
    cuff = user.devices.cuff
    out = [
        (ts, {**r, "value": dict(MALFUNCTION_VALUE)}) if r["device_id"] == cuff and ts > broken_ms else (ts, r)
        for ts, r in readings
    ]
    retries = [
        make_reading(user, cuff, BLOOD_PRESSURE, anchor - timedelta(minutes=41, seconds=m), dict(MALFUNCTION_VALUE))
        for m in (0, -95)
    ]
    return out + _on_day(user, day, retries)


_APPLY: Final[dict[str, Callable[[User, date, list[Timed], datetime], list[Timed]]]] = {
    "crisis": _crisis,
    "tachy": _tachy,
    "outlier": _outlier,
    "conflict": _conflict,
    "stale": _stale,
    "steps": _steps,
    "bprise": _bprise,
    "sleep": _sleep,
    "inactive": _inactive,
    "malfunction": _malfunction,
}
assert set(_APPLY) == set(SCENARIO_BY_KEY), "every scenario needs a script"
