import pytest

from services.nudge_engine.domain import engine


def night(reading, day, duration_min, efficiency=None, **kw):
    return reading("sleep", f"2026-06-{day:02d}T07:00:00+00:00", duration_min=duration_min, efficiency=efficiency, **kw)


def feed(state, readings, prefs):
    nudges = []
    for r in readings:
        state, out, _ = engine.on_reading(state, r, prefs, r["measured_at"] + 60_000)
        nudges.extend(out)
    return state, nudges


def test_two_poor_nights_do_not_fire_three_do(reading, prefs):
    p = prefs()
    state, nudges = feed(None, [night(reading, 10, 300), night(reading, 11, 300)], p)
    assert nudges == []
    _, nudges = feed(state, [night(reading, 12, 300)], p)
    assert [n["trigger"] for n in nudges] == ["sleep_pattern"]
    assert "last 3 nights" in nudges[0]["body"]
    assert "5 h 00 min" in nudges[0]["body"]


@pytest.mark.parametrize(
    ("duration_min", "efficiency", "poor"),
    [(359, None, True), (360, None, False), (480, 0.79, True), (480, 0.80, False), (420, None, False)],
)
def test_poor_night_boundaries(reading, prefs, duration_min, efficiency, poor):
    p = prefs()
    state, _ = feed(None, [night(reading, 10, 300), night(reading, 11, 300)], p)
    _, nudges = feed(state, [night(reading, 12, duration_min, efficiency)], p)
    assert len(nudges) == int(poor)


def test_a_good_night_resets_the_run(reading, prefs):
    p = prefs()
    nights = [night(reading, 10, 300), night(reading, 11, 300), night(reading, 12, 480, 0.9)]
    nights += [night(reading, 13, 300), night(reading, 14, 300)]
    state, nudges = feed(None, nights, p)
    assert nudges == []
    _, nudges = feed(state, [night(reading, 15, 300)], p)
    assert len(nudges) == 1


def test_a_night_without_data_breaks_the_run(reading, prefs):
    p = prefs()
    _, nudges = feed(None, [night(reading, 10, 300), night(reading, 11, 300), night(reading, 13, 300)], p)
    assert nudges == []


def test_one_nudge_per_episode_and_a_new_episode_fires_again(reading, prefs):
    p = prefs()
    state, first = feed(None, [night(reading, d, 300) for d in (10, 11, 12, 13, 14)], p)
    assert len(first) == 1
    assert state["sleep"]["fired_ep"] == "2026-06-10"
    state, _ = feed(state, [night(reading, 15, 500)], p)
    assert state["sleep"]["fired_ep"] is None
    state, second = feed(state, [night(reading, d, 300) for d in (16, 17, 18)], p)
    assert len(second) == 1
    assert second[0]["nudge_id"] != first[0]["nudge_id"]


def test_two_records_for_one_night_keep_the_longest(reading, prefs):
    p = prefs()
    nights = [night(reading, 10, 300), night(reading, 11, 300)]
    # Night 12: a short record from one device, the full night from another.
    nights += [night(reading, 12, 200), night(reading, 12, 470, 0.9)]
    state, nudges = feed(None, nights, p)
    assert state["sleep"]["nights"]["2026-06-12"][0] == 470
    # The first (short) record completed a run of three: a nudge is sent on that evidence.
    assert len(nudges) == 1


def test_nights_kept_are_bounded(reading, prefs):
    state, _ = feed(None, [night(reading, d, 480) for d in range(1, 31)], prefs())
    assert len(state["sleep"]["nights"]) == 14
    assert min(state["sleep"]["nights"]) == "2026-06-17"
