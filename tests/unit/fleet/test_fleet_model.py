"""The simulated fleet: determinism, the exact HTTP reading shape (checked by the real ingest validator),
realistic days, time order, history/live continuity."""

from __future__ import annotations

import random
import statistics
import sys
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repo root, for `loadtest.fleet`

from loadtest.fleet import (
    METRICS,
    day_of_readings,
    fleet,
    history,
    iter_history,
    live,
    measured_at_ms,
    scenario_users,
)
from loadtest.fleet.model import user_ids
from loadtest.fleet.scenarios import MALFUNCTION_VALUE
from services.ingest.domain import rules, validate_reading

DAY_MS = 86_400_000
# "now" instants: an ordinary afternoon, the night of the US DST switch, the EU one, and a late evening.
ANCHORS = (
    datetime(2026, 6, 17, 14, 20, tzinfo=UTC),
    datetime(2026, 3, 8, 7, 45, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    datetime(2026, 11, 30, 23, 5, tzinfo=UTC),
)
VALUE_KEYS = {
    "blood_pressure": ({"systolic", "diastolic"}, {"pulse"}),
    "heart_rate": ({"bpm"}, set()),
    "steps": ({"count", "interval_s"}, set()),
    "sleep": ({"duration_min"}, {"efficiency"}),
    "weight": ({"kg"}, set()),
}


def ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


@pytest.fixture(scope="module")
def users():
    return fleet(30, seed=11) + scenario_users(seed=11)


def test_same_seed_same_fleet_and_readings_other_seed_differs():
    now = ANCHORS[0]
    a = fleet(25, seed=7) + scenario_users(seed=7)
    b = fleet(25, seed=7) + scenario_users(seed=7)
    c = fleet(25, seed=8) + scenario_users(seed=8)
    assert a == b
    assert [u.user_id for u in a] == [u.user_id for u in c]  # ids come from the index, not the seed
    assert a != c
    assert history(a, 5, now) == history(b, 5, now)
    assert history(a, 5, now) != history(c, 5, now)


def test_a_day_does_not_depend_on_generation_order_or_global_random():
    user = fleet(3, seed=5)[2]
    day = date(2026, 6, 10)
    alone = day_of_readings(user, day)
    random.seed(1234)
    expected_next = random.random()
    random.seed(1234)
    _ = [day_of_readings(u, day - timedelta(days=k)) for u in fleet(3, seed=5) for k in range(5)]
    assert random.random() == expected_next  # the generator never touches the global RNG
    assert day_of_readings(user, day) == alone


def test_ids_and_profiles(users):
    ordinary = [u for u in users if u.scenario is None]
    assert [u.user_id for u in ordinary[:2]] == ["demo-u-0001", "demo-u-0002"]
    assert {u.scenario for u in users if u.scenario} >= {"crisis", "stale", "malfunction"}
    for u in users:
        d = u.devices
        assert (d.cuff, d.watch, d.scale, d.ring) == tuple(
            f"{k}-{u.user_id}" for k in ("cuff", "watch", "scale", "ring")
        )
        ZoneInfo(u.timezone)  # a real IANA zone
        assert u.step_goal in (6000, 7500, 8000, 10000, 12000)
        assert u.display_name.count(" ") == 1
        assert 102 <= u.habits.systolic <= 160 and u.habits.diastolic < u.habits.systolic - 20
    assert len({u.timezone for u in ordinary}) >= 5
    assert user_ids(10_000, prefix="bench")[-1] == "bench-u-10000"


@pytest.mark.parametrize("now", ANCHORS, ids=lambda d: d.isoformat())
def test_every_reading_passes_the_real_ingest_validator(users, now):
    """The key contract test: our shapes are exactly what POST /v1/readings accepts. Only the broken cuff's
    0/0 is rejected (implausible_value); readings older than 7 days are accepted with late_data."""
    now_ms = ms(now)
    readings = history(users, 10, now)
    assert readings
    malfunction_cuff = next(u.devices.cuff for u in users if u.scenario == "malfunction")
    seen_ids = set()
    verdicts: Counter[str] = Counter()
    for raw in readings:
        assert set(raw) == {"reading_id", "user_id", "device_id", "metric", "measured_at", "value", "source"}
        assert raw["reading_id"] not in seen_ids
        seen_ids.add(raw["reading_id"])
        outcome = validate_reading(raw, now_ms=now_ms, channel="http")
        if raw["device_id"] == malfunction_cuff and raw["value"] == MALFUNCTION_VALUE:
            assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE,)
            verdicts["rejected"] += 1
            continue
        assert outcome.reasons == (), (raw, outcome.detail)
        late = now_ms - outcome.reading["measured_at"] > rules.LATE_DATA_AFTER_MS
        assert outcome.warnings == ((rules.LATE_DATA,) if late else ())
        verdicts["late" if late else "fresh"] += 1
        # nothing was rounded or dropped on the way in: the validated value is ours
        assert {k: v for k, v in outcome.reading["value"].items() if v is not None} == raw["value"]
    assert verdicts["rejected"] >= 2 and verdicts["late"] > 0 and verdicts["fresh"] > verdicts["late"]


def test_measured_at_carries_the_users_offset_and_history_is_time_ordered(users):
    now = ANCHORS[1]  # around the US DST switch (2026-03-08)
    zones = {u.user_id: ZoneInfo(u.timezone) for u in users}
    readings = history(users, 10, now)
    stamps = [measured_at_ms(r) for r in readings]
    assert stamps == sorted(stamps)
    assert max(stamps) <= ms(now)
    assert min(stamps) > ms(now - timedelta(days=16))  # 10 days, longer only for scenario users' scripts
    offsets = defaultdict(set)
    for r in readings:
        at = datetime.fromisoformat(r["measured_at"])
        assert at.utcoffset() == at.astimezone(zones[r["user_id"]]).utcoffset()
        offsets[r["user_id"]].add(at.utcoffset())
    new_york = [u.user_id for u in users if u.timezone == "America/New_York"]
    assert any(len(offsets[uid]) == 2 for uid in new_york)  # both EST and EDT seen across the switch


def test_ordinary_days_look_like_real_days():
    user_list = fleet(20, seed=3)
    days = [date(2026, 5, 1) + timedelta(days=k) for k in range(14)]
    per_metric_day = defaultdict(list)
    for user in user_list:
        tz = ZoneInfo(user.timezone)
        for day in days:
            readings = day_of_readings(user, day)
            counts = Counter(r["metric"] for r in readings)
            for metric in METRICS:
                per_metric_day[metric].append(counts[metric])
            assert counts["sleep"] == 1 and counts["steps"] == 24  # no DST change in May here
            steps = [r for r in readings if r["metric"] == "steps"]
            assert all(r["value"]["interval_s"] == 3600 for r in steps)
            total = sum(r["value"]["count"] for r in steps)
            assert 800 <= total <= 40_000
            by_hour = {datetime.fromisoformat(r["measured_at"]).astimezone(tz).hour: r["value"]["count"] for r in steps}
            assert sum(by_hour[h] for h in (1, 2, 3, 4)) < sum(by_hour[h] for h in (10, 12, 13, 18))  # rhythm
            sleep = next(r for r in readings if r["metric"] == "sleep")
            wake = datetime.fromisoformat(sleep["measured_at"]).astimezone(tz)
            assert wake.date() == day and 2 <= wake.hour <= 10
            assert 180 <= sleep["value"]["duration_min"] <= 600 and 0.6 <= sleep["value"]["efficiency"] <= 0.97
            for r in readings:
                v = r["value"]
                if r["metric"] == "blood_pressure":
                    assert 95 <= v["systolic"] <= 175 and 60 <= v["diastolic"] <= v["systolic"] - 20
                    assert datetime.fromisoformat(r["measured_at"]) > datetime.fromisoformat(sleep["measured_at"])
                elif r["metric"] == "heart_rate":
                    assert 45 <= v["bpm"] <= 185
    # habits: nearly every day a morning BP, HR sampled through the day, a weigh-in most days
    assert statistics.mean(per_metric_day["blood_pressure"]) >= 0.8
    assert 25 <= statistics.mean(per_metric_day["heart_rate"]) <= 50
    assert 0.5 <= statistics.mean(per_metric_day["weight"]) <= 1.0


def test_dst_days_have_23_and_25_hourly_step_intervals():
    user = next(u for u in fleet(200, seed=1) if u.timezone == "America/New_York")
    counts = {
        day: sum(1 for r in day_of_readings(user, day) if r["metric"] == "steps")
        for day in (date(2026, 3, 8), date(2026, 3, 9), date(2026, 11, 1))
    }
    assert counts == {date(2026, 3, 8): 23, date(2026, 3, 9): 24, date(2026, 11, 1): 25}


def test_live_continues_the_history_seamlessly():
    now = ANCHORS[0]
    stop = now + timedelta(days=2)
    ordinary = fleet(8, seed=2)
    later_history = [r for r in history(ordinary, 3, stop) if measured_at_ms(r) > ms(now)]
    assert list(live(ordinary, now, stop=stop)) == later_history

    scenario = scenario_users(seed=2)
    past_ids = {r["reading_id"] for r in history(scenario, 10, now)}
    upcoming = list(live(scenario, now, stop=stop))
    assert upcoming and not past_ids & {r["reading_id"] for r in upcoming}
    stamps = [measured_at_ms(r) for r in upcoming]
    assert stamps == sorted(stamps) and stamps[0] > ms(now)
    by_user = defaultdict(list)
    for r in upcoming:
        by_user[r["user_id"].split("-")[1]].append(r)
    assert "stale" not in by_user  # still silent
    cuff = [r for r in by_user["malfunction"] if r["metric"] == "blood_pressure"]
    assert cuff and all(r["value"] == MALFUNCTION_VALUE for r in cuff)  # still broken
    # sent in real time, each live reading is fresh: accepted without warnings (except the broken cuff)
    for r in upcoming:
        outcome = validate_reading(r, now_ms=measured_at_ms(r) + 1000, channel="http")
        assert outcome.accepted or r["value"] == MALFUNCTION_VALUE
        assert outcome.warnings == ()


def test_iter_history_is_lazy_and_accepts_a_date():
    stream = iter_history(fleet(5, seed=1), 2, date(2026, 6, 1))
    first = next(stream)
    assert measured_at_ms(first) > ms(datetime(2026, 5, 31, tzinfo=UTC))
    rest = list(stream)
    assert measured_at_ms(rest[-1]) <= ms(datetime(2026, 6, 2, tzinfo=UTC))
    with pytest.raises(ValueError, match="aware"):
        history(fleet(1), 1, datetime(2026, 6, 1))  # naive "now" is ambiguous


def test_scenario_history_reaches_back_as_far_as_its_script_needs(users):
    now = ANCHORS[0]
    first_seen = {}
    for r in history(users, 2, now):
        first_seen.setdefault(r["user_id"], measured_at_ms(r))
    assert (ms(now) - first_seen["demo-outlier-0001"]) > 15 * DAY_MS
    assert (ms(now) - first_seen["demo-stale-0001"]) > 14 * DAY_MS
    assert (ms(now) - first_seen["demo-u-0001"]) <= 2 * DAY_MS
