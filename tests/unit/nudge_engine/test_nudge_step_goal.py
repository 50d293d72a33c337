from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from services.nudge_engine.domain import engine
from services.nudge_engine.domain.params import TriggerParams


def feed(state, readings, prefs, now_offset_ms=2_000):
    nudges = []
    for r in readings:
        state, out, _ = engine.on_reading(state, r, prefs, r["measured_at"] + now_offset_ms)
        nudges.extend(out)
    return state, nudges


def test_fires_at_exactly_80_percent_not_at_79_9(reading, prefs):
    p = prefs(step_goal=10_000)
    state, nudges = feed(None, [reading("steps", "2026-06-15T09:00:00+00:00", count=7_990)], p)
    assert nudges == []
    assert state["steps"]["total"] == 7_990  # 79.9 %
    state, nudges = feed(state, [reading("steps", "2026-06-15T10:00:00+00:00", count=10)], p)
    assert [n["trigger"] for n in nudges] == ["step_goal"]
    assert "8,000 of your 10,000 steps" in nudges[0]["body"]


def test_percent_is_not_rounded_up(reading, prefs):
    # 8,000 of 10,001 is 79.992 %: no nudge until 8,001 (80.002 %).
    p = prefs(step_goal=10_001)
    state, nudges = feed(None, [reading("steps", "2026-06-15T09:00:00+00:00", count=8_000)], p)
    assert nudges == []
    _, nudges = feed(state, [reading("steps", "2026-06-15T09:10:00+00:00", count=1)], p)
    assert len(nudges) == 1


def test_fires_once_per_local_day_and_again_the_next_day(reading, prefs):
    p = prefs()
    state, day1 = feed(
        None,
        [
            reading("steps", "2026-06-15T09:00:00+00:00", count=8_500),
            reading("steps", "2026-06-15T12:00:00+00:00", count=5_000),
        ],
        p,
    )
    assert len(day1) == 1
    state, day2 = feed(state, [reading("steps", "2026-06-16T12:00:00+00:00", count=9_000)], p)
    assert len(day2) == 1
    assert day2[0]["nudge_id"] != day1[0]["nudge_id"]


def test_redelivered_reading_is_not_counted_twice(reading, prefs):
    p = prefs()
    r = reading("steps", "2026-06-15T09:00:00+00:00", count=5_000)
    state, _ = feed(None, [r, r], p)
    assert state["steps"]["total"] == 5_000
    _, nudges = feed(state, [dict(r)], p)
    assert nudges == []


def test_reading_for_an_earlier_day_is_ignored(reading, prefs):
    p = prefs()
    state, _ = feed(None, [reading("steps", "2026-06-16T08:00:00+00:00", count=7_000)], p)
    late = reading("steps", "2026-06-15T20:00:00+00:00", count=5_000)
    state, nudges = feed(state, [late], p, now_offset_ms=13 * 3_600_000)
    assert nudges == []
    assert state["steps"] == {"day": "2026-06-16", "total": 7_000, "seen": state["steps"]["seen"], "fired": False}


def test_interval_ending_at_local_midnight_counts_for_the_day_before(reading, prefs):
    p = prefs(timezone="Europe/Berlin")
    state, _ = feed(None, [reading("steps", "2026-06-15T23:00:00+02:00", count=7_000)], p)
    r = reading("steps", "2026-06-16T00:00:00+02:00", count=1_000)
    state, nudges, suppressed = engine.on_reading(state, r, p, r["measured_at"] + 2_000)
    assert state["steps"]["day"] == "2026-06-15"
    assert state["steps"]["fired"] is True
    # Its nudge was for the 15th, which is over by the time it is processed.
    assert nudges == []
    assert [(s.trigger, s.reason) for s in suppressed] == [("step_goal", "expired")]
    state, _ = feed(state, [reading("steps", "2026-06-16T00:00:01+02:00", count=100)], p)
    assert state["steps"] == {"day": "2026-06-16", "total": 100, "seen": state["steps"]["seen"], "fired": False}


def test_same_instant_is_a_different_local_day_at_utc_plus_14_and_minus_11(reading):
    # 2026-06-15T10:30Z is 2026-06-16 00:30 at UTC+14 (Kiritimati) and 2026-06-14 23:30 at UTC-11 (Pago Pago).
    plus14 = reading("steps", "2026-06-16T00:30:00+14:00", count=100)
    minus11 = reading("steps", "2026-06-14T23:30:00-11:00", count=100)
    assert plus14["measured_at"] == minus11["measured_at"]
    state_plus, _, _ = engine.on_reading(None, plus14, None, plus14["measured_at"])
    state_minus, _, _ = engine.on_reading(None, minus11, None, minus11["measured_at"])
    assert state_plus["steps"]["day"] == "2026-06-16"
    assert state_minus["steps"]["day"] == "2026-06-14"


def test_day_edges_at_utc_plus_14_and_minus_11_with_preference_zones(reading, prefs):
    for zone, offset in (("Pacific/Kiritimati", "+14:00"), ("Pacific/Pago_Pago", "-11:00")):
        p = prefs(timezone=zone)
        state, _ = feed(None, [reading("steps", f"2026-06-15T23:59:00{offset}", count=7_999)], p)
        state, nudges = feed(state, [reading("steps", f"2026-06-16T00:01:00{offset}", count=1)], p)
        assert nudges == [], zone  # 7,999 yesterday + 1 today never make 8,000
        assert state["steps"]["day"] == "2026-06-16"
        state, nudges = feed(state, [reading("steps", f"2026-06-16T23:59:00{offset}", count=7_999)], p)
        assert len(nudges) == 1, zone
        # The nudge expires at the end of the user's local day.
        end = datetime.fromisoformat(f"2026-06-17T00:00:00{offset}")
        assert nudges[0]["expires_at"] == int(end.timestamp() * 1000)


def test_preference_zone_wins_over_the_reading_offset(reading, prefs):
    # A device left on UTC: 11:00Z is already 01:00 the next day in Kiritimati (the user's zone).
    r = reading("steps", "2026-06-15T11:00:00+00:00", count=10)
    state, _, _ = engine.on_reading(None, r, prefs(timezone="Pacific/Kiritimati"), r["measured_at"])
    assert state["steps"]["day"] == "2026-06-16"
    state, _, _ = engine.on_reading(None, r, prefs(timezone=None), r["measured_at"])
    assert state["steps"]["day"] == "2026-06-15"
    # "UTC" is the schema default (never chosen): the device offset wins over it.
    r_ny = reading("steps", "2026-06-15T22:00:00-04:00", count=10)
    state, _, _ = engine.on_reading(None, r_ny, prefs(timezone="UTC"), r_ny["measured_at"])
    assert state["steps"]["day"] == "2026-06-15"
    state, _, _ = engine.on_reading(None, r_ny, prefs(timezone="Europe/London"), r_ny["measured_at"])
    assert state["steps"]["day"] == "2026-06-16"
    # An unknown zone name falls back to the reading's offset instead of failing.
    state, _, _ = engine.on_reading(None, r, prefs(timezone="Mars/Olympus_Mons"), r["measured_at"])
    assert state["steps"]["day"] == "2026-06-15"


def test_dst_days_in_new_york_are_one_local_day_each(reading, prefs):
    ny = ZoneInfo("America/New_York")
    p = prefs(timezone="America/New_York")
    # Spring forward 2026-03-08 (23 h) and fall back 2026-11-01 (25 h).
    for day, hours in (("2026-03-08", 23), ("2026-11-01", 25)):
        start = datetime.fromisoformat(day).replace(tzinfo=ny).astimezone(UTC)  # absolute-time arithmetic
        first = (start + timedelta(minutes=30)).astimezone(ny)  # 00:30 local, before the change
        last = (start + timedelta(hours=hours, minutes=-30)).astimezone(ny)  # 23:30 local, after it
        assert (first.hour, first.minute, last.hour, last.minute) == (0, 30, 23, 30)
        r1 = reading("steps", first.isoformat(), count=4_000)
        r2 = reading("steps", last.isoformat(), count=4_000)
        # The reading offsets differ across the change, the local day does not.
        assert r1["utc_offset_min"] != r2["utc_offset_min"]
        state, nudges = feed(None, [r1, r2], p)
        assert state["steps"]["day"] == day
        assert len(nudges) == 1
        assert nudges[0]["expires_at"] - int(start.timestamp() * 1000) == hours * 3_600_000
        # 00:30 the next day is a new day.
        nxt = reading("steps", (start + timedelta(hours=hours, minutes=30)).astimezone(ny).isoformat(), count=1)
        state, _ = feed(state, [nxt], p)
        assert state["steps"]["day"] == (datetime.fromisoformat(day) + timedelta(days=1)).date().isoformat()


def test_dst_days_from_reading_offsets_alone(reading, prefs):
    # No preference zone: each reading's own offset places it; 23:30 EDT on 2026-03-08 is still that day.
    r1 = reading("steps", "2026-03-08T00:30:00-05:00", count=4_000)
    r2 = reading("steps", "2026-03-08T23:30:00-04:00", count=4_000)
    state, nudges = feed(None, [r1, r2], prefs(timezone=None))
    assert state["steps"]["day"] == "2026-03-08"
    assert len(nudges) == 1


def test_missing_goal_uses_the_default_and_zero_counts_do_nothing(reading, prefs):
    p = prefs(step_goal=None)
    state, nudges = feed(None, [reading("steps", "2026-06-15T09:00:00+00:00", count=0)], p)
    assert state["steps"]["day"] is None
    _, nudges = feed(state, [reading("steps", "2026-06-15T09:00:00+00:00", count=TriggerParams().default_step_goal)], p)
    assert len(nudges) == 1


def test_dedup_ids_stay_bounded_within_a_day(reading, prefs):
    params = TriggerParams()
    p = prefs(step_goal=1_000_000)
    state = None
    for i in range(params.step_seen_ids_max + 200):
        r = reading("steps", "2026-06-15T12:00:00+00:00", count=1, reading_id=f"s-{i}")
        state, _, _ = engine.on_reading(state, r, p, r["measured_at"])
    assert len(state["steps"]["seen"]) == params.step_seen_ids_max
    assert state["steps"]["total"] == params.step_seen_ids_max + 200
