from services.nudge_engine.domain import engine
from services.nudge_engine.domain.params import DEFAULT_TRIGGER_PARAMS
from services.nudge_engine.domain.triggers.inactivity import inactivity_due

HOUR = 3_600_000


def test_due_at_48_hours_not_before(reading, prefs):
    r = reading("steps", "2026-06-15T10:00:00+00:00", count=500)
    state, _, _ = engine.on_reading(None, r, prefs(), r["measured_at"])
    last = r["measured_at"]
    assert not inactivity_due(state, last + 48 * HOUR - 1)
    assert inactivity_due(state, last + 48 * HOUR)
    assert engine.next_due_ms(state) == last + 48 * HOUR

    state, nudges, _ = engine.on_tick(state, prefs(), last + 48 * HOUR - 1)
    assert nudges == []
    state, nudges, _ = engine.on_tick(state, prefs(), last + 48 * HOUR)
    assert [n["trigger"] for n in nudges] == ["inactivity"]
    assert nudges[0]["user_id"] == "u-1"
    assert nudges[0]["source_event_id"] is None
    assert "48 hours" in nudges[0]["body"]


def test_once_per_episode_and_new_activity_opens_the_next(reading, prefs):
    p = prefs()
    r = reading("steps", "2026-06-15T10:00:00+00:00", count=500)
    state, _, _ = engine.on_reading(None, r, p, r["measured_at"])
    state, first, _ = engine.on_tick(state, p, r["measured_at"] + 49 * HOUR)
    state, again, _ = engine.on_tick(state, p, r["measured_at"] + 120 * HOUR)
    assert len(first) == 1
    assert again == []
    assert engine.next_due_ms(state) is None

    r2 = reading("steps", "2026-06-21T10:00:00+00:00", count=50)
    state, _, _ = engine.on_reading(state, r2, p, r2["measured_at"])
    assert not inactivity_due(state, r2["measured_at"] + 47 * HOUR)
    state, second, _ = engine.on_tick(state, p, r2["measured_at"] + 48 * HOUR)
    assert len(second) == 1
    assert second[0]["nudge_id"] != first[0]["nudge_id"]


def test_only_steps_above_zero_count_as_activity(reading, prefs):
    p = prefs()
    r = reading("steps", "2026-06-15T10:00:00+00:00", count=500)
    state, _, _ = engine.on_reading(None, r, p, r["measured_at"])
    for other in (
        reading("steps", "2026-06-16T10:00:00+00:00", count=0),
        reading("blood_pressure", "2026-06-16T11:00:00+00:00", systolic=120, diastolic=80),
        reading("heart_rate", "2026-06-16T12:00:00+00:00", bpm=70),
        reading("sleep", "2026-06-17T07:00:00+00:00", duration_min=480),
    ):
        state, _, _ = engine.on_reading(state, other, p, other["measured_at"])
    assert state["act"]["last"] == r["measured_at"]
    # A weight reading 48 h after the last steps is processed at the due time: inactivity fires then.
    late = reading("weight", "2026-06-17T10:00:00+00:00", kg=70)
    _, nudges, _ = engine.on_reading(state, late, p, late["measured_at"])
    assert [n["trigger"] for n in nudges] == ["inactivity"]


def test_no_step_device_never_due(reading, prefs):
    r = reading("blood_pressure", "2026-06-15T10:00:00+00:00", systolic=120, diastolic=80)
    state, _, _ = engine.on_reading(None, r, prefs(), r["measured_at"])
    assert not inactivity_due(state, r["measured_at"] + 1_000 * HOUR)
    assert engine.next_due_ms(state) is None
    assert engine.next_due_ms(None) is None


def test_activity_arriving_with_the_due_tick_wins(reading, prefs):
    # Steps 50 h after the last ones: the new activity is seen first, no "we haven't seen steps".
    p = prefs()
    r = reading("steps", "2026-06-15T10:00:00+00:00", count=500)
    state, _, _ = engine.on_reading(None, r, p, r["measured_at"])
    r2 = reading("steps", "2026-06-17T12:00:00+00:00", count=500)
    _, nudges, _ = engine.on_reading(state, r2, p, r2["measured_at"] + 1_000)
    assert nudges == []


def test_due_in_quiet_hours_is_held_and_released(reading, prefs):
    p = prefs(timezone="Europe/Paris", quiet_start_min=22 * 60, quiet_end_min=7 * 60)
    r = reading("steps", "2026-06-15T03:00:00+02:00", count=500)
    state, _, _ = engine.on_reading(None, r, p, r["measured_at"])
    state, nudges, suppressed = engine.on_tick(state, p, r["measured_at"] + 48 * HOUR)
    assert nudges == []
    assert [(s.trigger, s.reason) for s in suppressed] == [("inactivity", "quiet_hours_held")]
    release = r["measured_at"] + 52 * HOUR  # 07:00 Paris two days later
    assert engine.next_due_ms(state) == release
    state, nudges, _ = engine.on_tick(state, p, release)
    assert [n["trigger"] for n in nudges] == ["inactivity"]
    assert nudges[0]["created_at"] == release
    assert state["held"] == []


def test_a_device_uploading_a_backlog_is_not_called_idle(reading, prefs):
    """Three days of steps uploaded at once: stream time (heartbeats) is already "now" while the backlog
    arrives; the user is judged only after their uploads settle, and only on the newest activity."""
    p = prefs()
    now = to_ms_utc("2026-06-18T12:00:00")
    state = None
    for day in (15, 16, 17, 18):
        r = reading("steps", f"2026-06-{day}T09:00:00+00:00", count=800)
        # the whole backlog is processed within milliseconds of stream time "now"
        state, _, _ = engine.on_reading(state, r, p, now + day)
        # a heartbeat between two uploads: the first days are > 48 h old, but the device is mid-sync
        state, nudges, _ = engine.on_tick(state, p, now + 1_000)
        assert nudges == []
    # newest activity 27 h ago: not due until 48 h after it
    assert engine.next_due_ms(state) == to_ms_utc("2026-06-18T09:00:00") + 48 * HOUR


def test_a_backlog_of_a_really_silent_user_fires_once_the_upload_settles(reading, prefs):
    p = prefs()
    now = to_ms_utc("2026-06-18T12:00:00")
    r = reading("steps", "2026-06-15T09:00:00+00:00", count=800)  # 75 h before now, uploaded now
    state, _, _ = engine.on_reading(None, r, p, now)
    settle = DEFAULT_TRIGGER_PARAMS.inactivity_sync_settle_ms
    assert engine.next_due_ms(state) == now + settle
    state, nudges, _ = engine.on_tick(state, p, now + settle - 1)
    assert nudges == []
    state, nudges, _ = engine.on_tick(state, p, now + settle)
    assert [n["trigger"] for n in nudges] == ["inactivity"]
    assert nudges[0]["expires_at"] > now + settle, "a nudge due now must not be born expired"


def to_ms_utc(at: str) -> int:
    from datetime import UTC, datetime

    return int(datetime.fromisoformat(at).replace(tzinfo=UTC).timestamp() * 1000)
