"""Scenario users: their readings really contain what trips their trigger, checked twice — on the data
itself (the rule's numbers) and by replaying the data through the real anomaly and nudge-engine domains."""

from __future__ import annotations

import statistics
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repo root, for `loadtest.fleet`

from loadtest.fleet import SCENARIOS, fleet, history, iter_history, measured_at_ms, scenario_users
from loadtest.fleet.scenarios import MALFUNCTION_VALUE
from services.anomaly.domain.evaluate import evaluate_reading
from services.anomaly.domain.staleness import evaluate_staleness
from services.ingest.domain import validate_reading
from services.nudge_engine.domain import engine

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
NOW = datetime(2026, 6, 17, 14, 20, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)
# a few "now"s across local times of day (and the EU DST switch) for the replay through the real domains
REPLAY_ANCHORS = (
    NOW,
    datetime(2026, 6, 18, 3, 50, tzinfo=UTC),
    datetime(2026, 3, 29, 9, 10, tzinfo=UTC),
    datetime(2026, 12, 1, 20, 35, tzinfo=UTC),
)


@pytest.fixture(scope="module")
def population():
    return fleet(12, seed=42) + scenario_users(seed=42)


@pytest.fixture(scope="module")
def by_user(population):
    readings = defaultdict(list)
    for r in history(population, 10, NOW):
        readings[r["user_id"]].append(r)
    return readings


def of(readings, metric, device_prefix=None):
    return [
        r
        for r in readings
        if r["metric"] == metric and (device_prefix is None or r["device_id"].startswith(device_prefix))
    ]


def test_one_user_per_scenario_with_a_clear_id():
    users = scenario_users(seed=1, prefix="demo")
    assert [u.user_id for u in users] == [f"demo-{s.key}-0001" for s in SCENARIOS]
    assert {s.key for s in SCENARIOS} == {
        "crisis", "tachy", "outlier", "conflict", "stale", "steps", "bprise", "sleep", "inactive", "malfunction",
    }  # fmt: skip
    trips = {t for s in SCENARIOS for t in s.trips}
    for kind in ("threshold", "outlier", "conflict", "stale_data"):
        assert any(t.startswith(f"anomaly:{kind}") for t in trips)
    for trigger in ("step_goal", "bp_change", "sleep_pattern", "inactivity", "stale_data"):
        assert f"nudge:{trigger}" in trips
    assert "rejected:implausible_value" in trips


def test_crisis_reading_is_recent_alarming_and_still_accepted(by_user):
    crisis = [r for r in of(by_user["demo-crisis-0001"], "blood_pressure") if r["value"]["systolic"] > 180]
    assert [(r["value"]["systolic"], r["value"]["diastolic"]) for r in crisis] == [(250, 120), (246, 118)]
    for r in crisis:
        assert 0 < NOW_MS - measured_at_ms(r) < 2 * HOUR_MS
        assert validate_reading(r, now_ms=NOW_MS, channel="http").accepted


def test_tachycardia_over_200(by_user):
    high = [r for r in of(by_user["demo-tachy-0001"], "heart_rate") if r["value"]["bpm"] > 200]
    assert [r["value"]["bpm"] for r in high] == [210]
    assert 0 < NOW_MS - measured_at_ms(high[0]) < HOUR_MS


def test_outlier_follows_a_stable_baseline_of_at_least_12(by_user):
    weights = [r["value"]["kg"] for r in of(by_user["demo-outlier-0001"], "weight")]
    *baseline, last = weights
    assert len(baseline) >= 12
    mean, sd = statistics.mean(baseline), statistics.pstdev(baseline)
    assert max(baseline) - min(baseline) < 1.5
    assert last - mean >= 2.0 and (last - mean) / max(sd, 0.3) >= 3.5


def test_conflict_two_cuffs_disagree_within_minutes(by_user):
    bp = of(by_user["demo-conflict-0001"], "blood_pressure")
    pairs = [
        (a, b)
        for a in bp
        for b in bp
        if a["device_id"] != b["device_id"] and 0 <= measured_at_ms(b) - measured_at_ms(a) <= 10 * 60_000
    ]
    assert any(
        abs(a["value"]["systolic"] - b["value"]["systolic"]) > 15
        and abs(a["value"]["diastolic"] - b["value"]["diastolic"]) > 10
        for a, b in pairs
    )


def test_stale_user_went_silent_8_days_ago_while_others_continue(by_user):
    stale = by_user["demo-stale-0001"]
    assert len(stale) > 100  # a real past, then silence
    assert max(measured_at_ms(r) for r in stale) <= NOW_MS - 8 * DAY_MS
    # everyone else keeps sending (the watch samples heart rate at least every ~2 h, even at night)
    others = [uid for uid in by_user if uid not in ("demo-stale-0001", "demo-inactive-0001")]
    assert all(max(measured_at_ms(r) for r in by_user[uid]) > NOW_MS - 3 * HOUR_MS for uid in others)


def daily_steps(readings, zone):
    days = Counter()
    for r in of(readings, "steps"):
        # an interval ending at 00:00 counts for the day before (the nudge engine's rule)
        days[datetime.fromtimestamp((measured_at_ms(r) - 1) / 1000, zone).date()] += r["value"]["count"]
    return days


@pytest.mark.parametrize("now", REPLAY_ANCHORS, ids=lambda d: d.isoformat())
def test_step_goal_crossed_on_exactly_one_day_before_now(now):
    user = next(u for u in scenario_users(seed=42) if u.scenario == "steps")
    readings = history([user], 10, now)
    days = daily_steps(readings, ZoneInfo(user.timezone))
    over = {day: total for day, total in days.items() if total * 100 >= user.step_goal * 80}
    assert len(over) == 1, days
    (day,) = over
    assert day >= now.astimezone(ZoneInfo(user.timezone)).date() - timedelta(days=1)
    assert all(total < user.step_goal * 0.7 for d, total in days.items() if d != day)


def test_bp_rises_at_least_10_over_the_7_day_baseline(by_user):
    bp = of(by_user["demo-bprise-0001"], "blood_pressure")
    zone = ZoneInfo("Australia/Sydney")
    *before, latest = bp
    cutoff = measured_at_ms(latest) - 7 * DAY_MS
    per_day = defaultdict(list)
    for r in before:
        if measured_at_ms(r) >= cutoff:
            per_day[datetime.fromisoformat(r["measured_at"]).astimezone(zone).date()].append(r["value"]["systolic"])
    baseline = statistics.mean(statistics.mean(v) for v in per_day.values())
    assert latest["value"]["systolic"] - baseline >= 10
    assert latest["value"]["systolic"] < 140  # a rise, not a crisis or an outlier of 20+


def test_three_consecutive_poor_nights(by_user):
    nights = of(by_user["demo-sleep-0001"], "sleep")
    zone = ZoneInfo("Asia/Tokyo")

    def poor(r):
        return r["value"]["duration_min"] < 360 or r["value"]["efficiency"] < 0.8

    *earlier, a, b, c = nights
    dates = [datetime.fromisoformat(r["measured_at"]).astimezone(zone).date() for r in (a, b, c)]
    assert dates[1] - dates[0] == dates[2] - dates[1] == timedelta(days=1)
    assert all(poor(r) for r in (a, b, c))
    assert not any(poor(r) for r in earlier)


def test_inactive_no_steps_for_48h_while_others_have_data(by_user):
    readings = by_user["demo-inactive-0001"]
    last_step = max(measured_at_ms(r) for r in of(readings, "steps") if r["value"]["count"] > 0)
    assert NOW_MS - last_step >= 48 * HOUR_MS
    assert any(measured_at_ms(r) > NOW_MS - 24 * HOUR_MS for r in readings)  # not stale: other devices sync
    for uid in ("demo-u-0001", "demo-u-0002", "demo-steps-0001"):
        assert any(
            measured_at_ms(r) > NOW_MS - 24 * HOUR_MS and r["value"]["count"] > 0 for r in of(by_user[uid], "steps")
        )


def test_exactly_one_malfunctioning_cuff_sending_zero_over_zero(by_user):
    broken = [(uid, r) for uid, rs in by_user.items() for r in rs if r["value"] == MALFUNCTION_VALUE]
    assert len(broken) >= 2
    assert {uid for uid, _ in broken} == {"demo-malfunction-0001"}
    assert {r["device_id"] for _, r in broken} == {"cuff-demo-malfunction-0001"}
    for _, r in broken:
        assert validate_reading(r, now_ms=NOW_MS, channel="http").reasons == ("implausible_value",)


# --- replay through the real domains -------------------------------------------------------------------


def replay(users, days, now):
    """Ingest validation -> anomaly rules -> nudge triggers, as if each reading arrived as it was measured;
    at the end stream time is `now` (the stale and inactivity timers run on it)."""
    now_ms = int(now.timestamp() * 1000)
    prefs = {u.user_id: u.preferences(now_ms) for u in users}
    anomaly_state, nudge_state = {}, {}
    seen = defaultdict(set)

    def nudged(uid, result):
        nudge_state[uid] = result.state
        seen[uid].update(f"nudge:{n['trigger']}" for n in result.nudges)
        seen[uid].update(f"nudge:{s.trigger}" for s in result.suppressed)  # fired; the policy held or capped it

    for raw in iter_history(users, days, now):
        uid = raw["user_id"]
        outcome = validate_reading(raw, now_ms=now_ms, channel="http")
        if not outcome.accepted:
            seen[uid].update(f"rejected:{code}" for code in outcome.reasons)
            continue
        reading = outcome.reading
        anomaly_state[uid], anomalies = evaluate_reading(anomaly_state.get(uid), reading, now_ms=reading["measured_at"])
        seen[uid].update(f"anomaly:{a['kind']}/{a['category']}" for a in anomalies)
        nudged(uid, engine.on_reading(nudge_state.get(uid), reading, prefs[uid], reading["measured_at"] + 1000))
    for uid, state in anomaly_state.items():
        _, anomalies = evaluate_staleness(uid, state, now_ms)
        for a in anomalies:
            seen[uid].add(f"anomaly:{a['kind']}/{a['category']}")
            nudged(uid, engine.on_anomaly(nudge_state.get(uid), a, prefs[uid], now_ms))
        nudged(uid, engine.on_tick(nudge_state.get(uid), prefs[uid], now_ms))
    return seen


@pytest.mark.parametrize("now", REPLAY_ANCHORS, ids=lambda d: d.isoformat())
def test_each_scenario_trips_its_rule_in_the_real_domains(now):
    users = fleet(6, seed=42) + scenario_users(seed=42)
    seen = replay(users, 10, now)
    for user in users:
        if user.scenario is None:
            continue
        expected = next(s.trips for s in SCENARIOS if s.key == user.scenario)
        assert set(expected) <= seen[user.user_id], (user.user_id, sorted(seen[user.user_id]))
    # ordinary users never trip what only a script should: crisis, HR > 200, conflicts, silence, rejections
    scripted_only = (
        "anomaly:threshold/hypertensive_crisis",
        "anomaly:threshold/tachycardia",
        "anomaly:conflict/readings_disagree",
        "anomaly:stale_data/no_recent_data",
        "nudge:inactivity",
        "nudge:stale_data",
        "rejected:implausible_value",
    )
    for user in users:
        if user.scenario is None:
            assert not set(scripted_only) & seen[user.user_id], user.user_id
