import pytest

from services.nudge_engine.domain import engine
from services.nudge_engine.domain.params import TriggerParams


def feed(state, readings, prefs):
    nudges = []
    for r in readings:
        state, out, _ = engine.on_reading(state, r, prefs, r["measured_at"] + 2_000)
        nudges.extend(out)
    return state, nudges


@pytest.fixture
def baseline_120(reading, prefs):
    """Three readings of 120 over two days: a 120 mmHg baseline, enough history."""
    p = prefs()
    state, nudges = feed(
        None,
        [
            reading("blood_pressure", "2026-06-10T08:00:00+00:00", systolic=120, diastolic=80),
            reading("blood_pressure", "2026-06-10T20:00:00+00:00", systolic=120, diastolic=80),
            reading("blood_pressure", "2026-06-11T08:00:00+00:00", systolic=120, diastolic=80),
        ],
        p,
    )
    assert nudges == []
    return state


@pytest.mark.parametrize(
    ("systolic", "fires", "direction"),
    [(129, False, None), (130, True, "higher"), (111, False, None), (110, True, "lower")],
)
def test_fires_at_10_mmhg_not_9_in_both_directions(baseline_120, reading, prefs, systolic, fires, direction):
    r = reading("blood_pressure", "2026-06-12T08:00:00+00:00", systolic=systolic, diastolic=70)
    _, nudges = feed(baseline_120, [r], prefs())
    assert len(nudges) == int(fires)
    if fires:
        assert nudges[0]["trigger"] == "bp_change"
        assert f"{systolic} mmHg is 10 mmHg {direction} than your 7-day average of 120 mmHg" in nudges[0]["body"]
        assert nudges[0]["source_event_id"] == r["reading_id"]
        assert nudges[0]["source_ingested_at"] == r["ingested_at"]


@pytest.mark.parametrize(
    "history",
    [
        # two readings over two days: too few readings
        ["2026-06-10T08:00:00+00:00", "2026-06-11T08:00:00+00:00"],
        # three readings in one day: too few days
        ["2026-06-11T07:00:00+00:00", "2026-06-11T08:00:00+00:00", "2026-06-11T09:00:00+00:00"],
    ],
)
def test_needs_three_readings_over_two_days(reading, prefs, history):
    p = prefs()
    state, _ = feed(None, [reading("blood_pressure", at, systolic=120, diastolic=80) for at in history], p)
    _, nudges = feed(state, [reading("blood_pressure", "2026-06-11T12:00:00+00:00", systolic=160, diastolic=90)], p)
    assert nudges == []


def test_baseline_is_the_mean_of_daily_means(reading, prefs):
    # Day 1: four readings of 110; day 2: one of 130. Daily means → 120; pooled mean would be 114.
    p = prefs()
    history = [reading("blood_pressure", f"2026-06-10T0{h}:00:00+00:00", systolic=110, diastolic=70) for h in range(4)]
    history.append(reading("blood_pressure", "2026-06-11T08:00:00+00:00", systolic=130, diastolic=80))
    state, _ = feed(None, history, p)
    _, nudges = feed(state, [reading("blood_pressure", "2026-06-11T12:00:00+00:00", systolic=126, diastolic=80)], p)
    assert nudges == []  # 6 mmHg from 120 (it would be 12 from a pooled 114)


def test_readings_older_than_seven_days_leave_the_baseline(reading, prefs):
    p = prefs()
    old = [reading("blood_pressure", f"2026-06-0{d}T08:00:00+00:00", systolic=150, diastolic=90) for d in (1, 2, 3)]
    recent = [reading("blood_pressure", f"2026-06-1{d}T08:00:00+00:00", systolic=120, diastolic=80) for d in (0, 1)]
    state, _ = feed(None, old + recent, p)
    assert sorted(state["bp"]["days"]) == ["2026-06-10", "2026-06-11"]
    _, nudges = feed(state, [reading("blood_pressure", "2026-06-11T12:00:00+00:00", systolic=131, diastolic=80)], p)
    assert len(nudges) == 0  # only two readings left in the window: no baseline yet


def test_one_nudge_per_local_day_and_redelivery_is_ignored(baseline_120, reading, prefs):
    p = prefs()
    r = reading("blood_pressure", "2026-06-12T08:00:00+00:00", systolic=140, diastolic=80)
    state, first = feed(baseline_120, [r], p)
    assert len(first) == 1
    state2, again = feed(state, [dict(r)], p)
    assert again == []
    assert state2["bp"]["days"] == state["bp"]["days"]


def test_bucket_count_stays_bounded(reading, prefs):
    params = TriggerParams()
    state = None
    for day in range(1, 29):
        r = reading("blood_pressure", f"2026-02-{day:02d}T08:00:00+00:00", systolic=120, diastolic=80)
        state, _, _ = engine.on_reading(state, r, prefs(), r["measured_at"])
    assert len(state["bp"]["days"]) == params.bp_baseline_days + 1
    assert len(state["bp"]["seen"]) <= params.bp_seen_ids_max
