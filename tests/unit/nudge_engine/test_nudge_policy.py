import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nudge_engine.domain import engine, policy
from services.nudge_engine.domain.params import PolicyParams
from services.nudge_engine.domain.state import new_state

HOUR = 3_600_000
DAY = 24 * HOUR


def at(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def candidate(trigger="bp_change", now=0, ttl=DAY, nid=None):
    return {
        "nudge_id": nid or f"n-{trigger}-{now}",
        "user_id": "u-1",
        "trigger": trigger,
        "title": "t",
        "body": "b",
        "variant": "control",
        "experiment": None,
        "source_event_id": None,
        "source_ingested_at": None,
        "created_at": now,
        "expires_at": now + ttl,
    }


DEFAULTS = PolicyParams()


def deliver(state, trigger, now, prefs, params=DEFAULTS):
    """Run one candidate through decide + apply, as the engine does."""
    nudge = candidate(trigger, now)
    decision = policy.decide(state, nudge, prefs, now, params)
    policy.apply(state, nudge, decision, now, params)
    return decision


NOON = at("2026-06-15T12:00:00+00:00")


def test_delivers_when_nothing_stands_in_the_way(prefs):
    d = policy.decide(new_state(), candidate(now=NOON), prefs(), NOON)
    assert d.deliver
    assert d.reason is None
    assert d.deliver_at_ms == NOON


@pytest.mark.parametrize(
    ("params", "pref_overrides", "reason"),
    [
        (PolicyParams(kill_switch=True), {}, "kill_switch"),
        (PolicyParams(killed_triggers=frozenset({"bp_change"})), {}, "kill_switch"),
        (PolicyParams(), {"nudges_enabled": False}, "disabled"),
        (PolicyParams(), {"nudge_opt_outs": ["bp_change"]}, "opted_out"),
        (PolicyParams(), {"snoozed_until": NOON + 1}, "snoozed"),
    ],
)
def test_user_and_operator_switches_drop(prefs, params, pref_overrides, reason):
    d = policy.decide(new_state(), candidate(now=NOON), prefs(**pref_overrides), NOON, params)
    assert (d.deliver, d.reason, d.deliver_at_ms) == (False, reason, None)


def test_other_triggers_unaffected_by_per_trigger_switches(prefs):
    params = PolicyParams(killed_triggers=frozenset({"bp_change"}))
    p = prefs(nudge_opt_outs=["bp_change"])
    assert policy.decide(new_state(), candidate("step_goal", NOON), p, NOON, params).deliver


def test_snooze_ends(prefs):
    p = prefs(snoozed_until=NOON)
    assert policy.decide(new_state(), candidate(now=NOON - 1), p, NOON - 1).reason == "snoozed"
    assert policy.decide(new_state(), candidate(now=NOON), p, NOON).deliver


def test_expired_candidate_is_dropped(prefs):
    nudge = candidate(now=NOON - DAY)
    assert policy.decide(new_state(), nudge, prefs(), NOON).reason == "expired"


def test_daily_cap_is_a_rolling_24_hours(prefs):
    p = prefs()
    state = new_state()
    triggers = ["step_goal", "bp_change", "sleep_pattern"]
    for i, trigger in enumerate(triggers):
        assert deliver(state, trigger, NOON + i * 2 * HOUR, p).deliver
    fourth = NOON + 6 * HOUR
    assert policy.decide(state, candidate("stale_data", fourth), p, fourth).reason == "daily_cap"
    # 24 h after the first delivery one slot frees up.
    assert policy.decide(state, candidate("stale_data", NOON + DAY), p, NOON + DAY).deliver
    assert len(state["sent"]) == 3


def test_cooldown_per_trigger(prefs):
    p = prefs()
    state = new_state()
    deliver(state, "bp_change", NOON, p)
    later = NOON + DAY - 1
    assert policy.decide(state, candidate("bp_change", later), p, later).reason == "cooldown"
    assert policy.decide(state, candidate("step_goal", later), p, later).deliver
    assert policy.decide(state, candidate("bp_change", NOON + DAY), p, NOON + DAY).deliver


def test_min_gap_holds_until_the_gap_ends_or_drops_when_expiring(prefs):
    p = prefs()
    state = new_state()
    deliver(state, "bp_change", NOON, p)
    soon = NOON + 30 * 60_000
    d = policy.decide(state, candidate("stale_data", soon), p, soon)
    assert (d.deliver, d.reason, d.deliver_at_ms) == (False, "min_gap", NOON + HOUR)
    short = candidate("step_goal", soon, ttl=30 * 60_000)  # expires exactly when the gap ends
    d = policy.decide(state, short, p, soon)
    assert (d.deliver, d.reason, d.deliver_at_ms) == (False, "min_gap", None)
    assert policy.decide(state, candidate("stale_data", NOON + HOUR), p, NOON + HOUR).deliver


def test_decide_does_not_touch_state(prefs):
    state = new_state()
    deliver(state, "bp_change", NOON, prefs())
    before = copy.deepcopy(state)
    policy.decide(state, candidate("stale_data", NOON + 1), prefs(), NOON + 1)
    assert state == before


# Quiet hours 22:00–07:00 in the user's zone, wrapping midnight.
QUIET = {"quiet_start_min": 22 * 60, "quiet_end_min": 7 * 60}


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        ("2026-06-15T21:59:59", False),
        ("2026-06-15T22:00:00", True),
        ("2026-06-15T23:59:00", True),
        ("2026-06-16T00:00:00", True),
        ("2026-06-16T06:59:59", True),
        ("2026-06-16T07:00:00", False),
    ],
)
def test_quiet_hours_wrap_midnight_in_the_users_zone(prefs, local, quiet):
    tz = ZoneInfo("Asia/Tokyo")
    now = int(datetime.fromisoformat(local).replace(tzinfo=tz).timestamp() * 1000)
    d = policy.decide(new_state(), candidate(now=now), prefs(timezone="Asia/Tokyo", **QUIET), now)
    assert d.deliver is not quiet
    if quiet:
        assert d.reason == "quiet_hours_held"
        end = datetime.fromisoformat("2026-06-16T07:00:00").replace(tzinfo=tz)
        assert d.deliver_at_ms == int(end.timestamp() * 1000)


def test_quiet_hours_are_local_to_the_user(prefs):
    now = at("2026-06-15T23:00:00+09:00")  # 23:00 in Tokyo, 07:00 in Los Angeles
    assert policy.decide(new_state(), candidate(now=now), prefs(timezone="Asia/Tokyo", **QUIET), now).held
    assert policy.decide(new_state(), candidate(now=now), prefs(timezone="America/Los_Angeles", **QUIET), now).deliver


def test_non_wrapping_and_empty_windows(prefs):
    afternoon = {"quiet_start_min": 13 * 60, "quiet_end_min": 15 * 60}
    at_14 = at("2026-06-15T14:00:00+00:00")
    at_16 = at("2026-06-15T16:00:00+00:00")
    assert policy.decide(new_state(), candidate(now=at_14), prefs(**afternoon), at_14).deliver_at_ms == at(
        "2026-06-15T15:00:00+00:00"
    )
    assert policy.decide(new_state(), candidate(now=at_16), prefs(**afternoon), at_16).deliver
    off = {"quiet_start_min": 0, "quiet_end_min": 0}
    assert policy.decide(new_state(), candidate(now=at_14), prefs(**off), at_14).deliver


def test_missing_preferences_mean_default_quiet_hours(prefs):
    late = at("2026-06-15T23:00:00+00:00")
    assert policy.decide(new_state(), candidate(now=late), None, late).reason == "quiet_hours_held"
    nulls = prefs(quiet_start_min=None, quiet_end_min=None)
    assert policy.decide(new_state(), candidate(now=late), nulls, late).reason == "quiet_hours_held"


def test_quiet_end_across_spring_forward(prefs):
    # New York, quiet 01:00–03:00 on 2026-03-08 when 02:00 EST jumps to 03:00 EDT.
    p = prefs(timezone="America/New_York", quiet_start_min=60, quiet_end_min=180)
    now = at("2026-03-08T01:30:00-05:00")
    d = policy.decide(new_state(), candidate(now=now), p, now)
    assert d.deliver_at_ms == at("2026-03-08T03:00:00-04:00")
    assert d.deliver_at_ms - now == 30 * 60_000


def test_step_nudge_at_23_is_dropped_not_held(reading, prefs):
    # A step nudge expires at local midnight: at 23:00 it cannot live to 07:00.
    p = prefs(timezone="Europe/London", **QUIET)
    r = reading("steps", "2026-06-15T23:00:00+01:00", count=9_000)
    state, nudges, suppressed = engine.on_reading(None, r, p, r["measured_at"] + 1_000)
    assert nudges == []
    assert [(s.trigger, s.reason) for s in suppressed] == [("step_goal", "quiet_hours_expired")]
    assert state["held"] == []


def test_hold_then_release_at_quiet_end(reading, prefs):
    p = prefs(timezone="Europe/London", **QUIET)
    history = [
        reading("blood_pressure", "2026-06-13T08:00:00+01:00", systolic=120, diastolic=80),
        reading("blood_pressure", "2026-06-14T08:00:00+01:00", systolic=120, diastolic=80),
        reading("blood_pressure", "2026-06-14T09:00:00+01:00", systolic=120, diastolic=80),
    ]
    state = None
    for h in history:
        state, _, _ = engine.on_reading(state, h, p, h["measured_at"])
    r = reading("blood_pressure", "2026-06-15T23:30:00+01:00", systolic=140, diastolic=85)
    state, nudges, suppressed = engine.on_reading(state, r, p, r["measured_at"] + 1_000)
    assert nudges == []
    assert [s.reason for s in suppressed] == ["quiet_hours_held"]
    quiet_end = at("2026-06-16T07:00:00+01:00")
    assert engine.next_due_ms(state) == quiet_end

    state, nudges, _ = engine.on_tick(state, p, quiet_end - 1)
    assert nudges == []
    state, nudges, suppressed = engine.on_tick(state, p, quiet_end)
    assert [n["trigger"] for n in nudges] == ["bp_change"]
    assert nudges[0]["created_at"] == quiet_end
    assert nudges[0]["source_event_id"] == r["reading_id"]
    assert suppressed == []
    assert state["held"] == []
    assert state["last"] == {"bp_change": quiet_end}


def test_held_nudge_expires_when_stream_time_comes_too_late(prefs):
    p = prefs(timezone="UTC", **QUIET)
    state = new_state()
    now = at("2026-06-15T23:00:00+00:00")
    deliver(state, "bp_change", now, p)  # TTL 24 h: held until 07:00
    assert len(state["held"]) == 1
    result = policy.release_held(state, p, now + DAY)
    assert result.nudges == []
    assert [(s.trigger, s.reason) for s in result.suppressed] == [("bp_change", "expired")]
    assert result.state["held"] == []
    assert len(state["held"]) == 1  # release_held is pure


def test_held_nudge_respects_an_opt_out_made_overnight(prefs):
    p = prefs(timezone="UTC", **QUIET)
    state = new_state()
    now = at("2026-06-15T23:00:00+00:00")
    deliver(state, "sleep_pattern", now, p)
    morning = at("2026-06-16T07:00:00+00:00")
    result = policy.release_held(state, prefs(timezone="UTC", nudge_opt_outs=["sleep_pattern"], **QUIET), morning)
    assert [(s.trigger, s.reason) for s in result.suppressed] == [("sleep_pattern", "opted_out")]


def test_nudges_released_together_are_spaced_by_the_min_gap(prefs):
    p = prefs(timezone="UTC", **QUIET)
    state = new_state()
    deliver(state, "bp_change", at("2026-06-15T23:00:00+00:00"), p)
    deliver(state, "sleep_pattern", at("2026-06-16T05:00:00+00:00"), p)
    morning = at("2026-06-16T07:00:00+00:00")
    first = policy.release_held(state, p, morning)
    assert [n["trigger"] for n in first.nudges] == ["bp_change"]
    assert first.suppressed == []
    assert policy.next_release_ms(first.state) == morning + HOUR
    second = policy.release_held(first.state, p, morning + HOUR)
    assert [n["trigger"] for n in second.nudges] == ["sleep_pattern"]


def test_one_held_slot_per_trigger(prefs):
    p = prefs(timezone="UTC", **QUIET)
    state = new_state()
    deliver(state, "bp_change", at("2026-06-15T23:00:00+00:00"), p)
    deliver(state, "bp_change", at("2026-06-16T01:00:00+00:00"), p)
    assert len(state["held"]) == 1
    assert state["held"][0]["nudge"]["created_at"] == at("2026-06-16T01:00:00+00:00")


def test_drop_mode_drops_instead_of_holding(prefs):
    p = prefs(timezone="UTC", **QUIET)
    now = at("2026-06-15T23:00:00+00:00")
    d = policy.decide(new_state(), candidate(now=now), p, now, PolicyParams(hold_in_quiet_hours=False))
    assert (d.deliver, d.reason, d.deliver_at_ms) == (False, "quiet_hours_expired", None)


# -- rollout flags (nudge.<trigger>) ----------------------------------------------------------------------------


def test_a_trigger_whose_rollout_flag_is_off_for_the_user_is_dropped_as_flag_off(prefs):
    asked: list[str] = []

    def gate(trigger: str) -> bool:
        asked.append(trigger)
        return trigger != "bp_change"

    d = policy.decide(new_state(), candidate("bp_change", NOON), prefs(), NOON, DEFAULTS, gate)
    assert (d.deliver, d.reason, d.deliver_at_ms) == (False, "flag_off", None)
    assert policy.decide(new_state(), candidate("step_goal", NOON), prefs(), NOON, DEFAULTS, gate).deliver
    assert asked == ["bp_change", "step_goal"]


def test_the_operator_kill_switch_wins_over_the_flag_and_the_flag_over_user_switches(prefs):
    def off(_trigger: str) -> bool:
        return False

    killed = PolicyParams(kill_switch=True)
    assert policy.decide(new_state(), candidate(now=NOON), prefs(), NOON, killed, off).reason == "kill_switch"
    assert policy.decide(new_state(), candidate(now=NOON), prefs(nudges_enabled=False), NOON, DEFAULTS,
                         off).reason == "flag_off"


def test_a_held_nudge_is_dropped_on_release_when_its_flag_was_turned_off_meanwhile(prefs):
    p = prefs(**QUIET)
    night = at("2026-06-15T23:00:00+00:00")
    st = new_state()
    nudge = candidate("bp_change", night)
    policy.apply(st, nudge, policy.decide(st, nudge, p, night), night, DEFAULTS)
    assert st["held"]
    morning = at("2026-06-16T07:00:00+00:00")
    result = policy.release_held(st, p, morning, DEFAULTS, lambda _trigger: False)
    assert result.nudges == []
    assert [(s.trigger, s.reason) for s in result.suppressed] == [("bp_change", "flag_off")]
