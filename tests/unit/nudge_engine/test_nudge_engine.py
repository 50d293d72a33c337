import copy
import json
from datetime import UTC, datetime, timedelta

from services.nudge_engine.domain import engine
from services.nudge_engine.domain.params import TriggerParams
from services.nudge_engine.domain.personalise import Experiment

NUDGE_FIELDS = {
    "nudge_id",
    "user_id",
    "trigger",
    "title",
    "body",
    "variant",
    "experiment",
    "source_event_id",
    "source_ingested_at",
    "created_at",
    "expires_at",
}


def test_nudge_has_the_exact_nudges_v1_shape(reading, prefs):
    r = reading("steps", "2026-06-15T12:00:00+00:00", count=9_000)
    now = r["ingested_at"] + 150
    _, nudges, suppressed = engine.on_reading(None, r, prefs(), now, experiment=Experiment("tone", ("brief",), 100))
    assert suppressed == []
    (n,) = nudges
    assert set(n) == NUDGE_FIELDS
    assert n["user_id"] == "u-1"
    assert n["source_event_id"] == r["reading_id"]
    assert n["source_ingested_at"] == r["ingested_at"]
    assert n["created_at"] == now
    assert n["expires_at"] == int(datetime(2026, 6, 16, tzinfo=UTC).timestamp() * 1000)
    assert (n["variant"], n["experiment"]) == ("brief", "tone")
    assert json.loads(json.dumps(n)) == n


def test_no_experiment_means_the_default_variant(reading, prefs):
    r = reading("steps", "2026-06-15T12:00:00+00:00", count=9_000)
    _, (n,), _ = engine.on_reading(None, r, prefs(), r["measured_at"])
    assert (n["variant"], n["experiment"]) == ("default", None)
    # Outside a running experiment's rollout: "control", with the default wording.
    _, (c,), _ = engine.on_reading(None, r, prefs(), r["measured_at"], experiment=Experiment("tone", ("brief",), 0))
    assert (c["variant"], c["experiment"]) == ("control", "tone")
    assert (c["title"], c["body"]) == (n["title"], n["body"])


def test_input_state_is_never_mutated_and_state_is_json(reading, prefs):
    r = reading("steps", "2026-06-15T12:00:00+00:00", count=9_000)
    state, _, _ = engine.on_reading(None, reading("steps", "2026-06-15T08:00:00+00:00", count=10), prefs(), 0)
    frozen = copy.deepcopy(state)
    new, _, _ = engine.on_reading(state, r, prefs(), r["measured_at"])
    assert state == frozen
    assert new != state
    assert json.loads(json.dumps(new)) == new


def test_replay_gives_identical_output(reading, prefs):
    stream = [
        reading("steps", "2026-06-15T12:00:00+00:00", count=9_000),
        reading("blood_pressure", "2026-06-15T13:00:00+00:00", systolic=120, diastolic=80),
        reading("sleep", "2026-06-16T07:00:00+00:00", duration_min=300),
    ]

    def run():
        state, out = None, []
        for r in stream:
            state, nudges, suppressed = engine.on_reading(state, r, prefs(), r["measured_at"])
            out.append((nudges, suppressed))
        return state, out

    assert run() == run()


def test_stored_preferences_are_used_when_none_are_passed(reading, prefs):
    state = engine.on_preferences(None, prefs(nudge_opt_outs=["step_goal"], display_name="Bo"))
    assert state["prefs"]["nudge_opt_outs"] == ["step_goal"]
    assert "birth_year" not in state["prefs"]
    r = reading("steps", "2026-06-15T12:00:00+00:00", count=9_000)
    _, nudges, suppressed = engine.on_reading(state, r, None, r["measured_at"])
    assert nudges == []
    assert [s.reason for s in suppressed] == ["opted_out"]
    # Preferences passed in win over the stored snapshot; a tombstone clears it.
    _, nudges, _ = engine.on_reading(state, r, prefs(), r["measured_at"])
    assert len(nudges) == 1
    assert engine.on_preferences(state, None)["prefs"] is None


def test_unknown_state_version_starts_fresh(reading, prefs):
    r = reading("steps", "2026-06-15T12:00:00+00:00", count=10)
    state, _, _ = engine.on_reading({"v": 99, "junk": True}, r, prefs(), r["measured_at"])
    assert state["v"] == 1
    assert "junk" not in state


def test_bad_values_are_ignored_not_raised(reading, prefs):
    odd = reading("blood_pressure", "2026-06-15T12:00:00+00:00")
    odd["value"] = None
    _, nudges, _ = engine.on_reading(None, odd, prefs(), odd["measured_at"])
    assert nudges == []
    no_user = reading("steps", "2026-06-15T12:00:00+00:00", count=9_000)
    no_user["user_id"] = None
    _, nudges, _ = engine.on_reading(None, no_user, prefs(), no_user["measured_at"])
    assert nudges == []


def test_state_stays_bounded_over_a_year(reading, prefs):
    p = prefs(timezone="America/New_York", quiet_start_min=22 * 60, quiet_end_min=7 * 60)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    state = None
    sizes = []
    delivered = 0
    params = TriggerParams()
    for day in range(365):
        base = start + timedelta(days=day)
        events = []
        if day % 9 != 8:  # some days without steps: inactivity episodes
            events += [
                reading("steps", (base + timedelta(hours=h)).isoformat(), count=600 + 10 * (day % 7))
                for h in range(8, 24)
            ]
        events += [
            reading(
                "blood_pressure",
                (base + timedelta(hours=h)).isoformat(),
                systolic=118 + (day * 7 + h) % 25,
                diastolic=78,
            )
            for h in (7, 19)
        ]
        events.append(
            reading(
                "sleep", (base + timedelta(hours=11)).isoformat(), duration_min=300 + (day % 5) * 40, efficiency=0.85
            )
        )
        for r in events:
            state, nudges, _ = engine.on_reading(state, r, p, r["measured_at"] + 500)
            delivered += len(nudges)
        if day % 30 == 0:
            anomaly = {
                "anomaly_id": f"a-{day}",
                "user_id": "u-1",
                "metric": "weight",
                "kind": "stale_data",
                "detected_at": int(base.timestamp() * 1000),
            }
            state, nudges, _ = engine.on_anomaly(state, anomaly, p, anomaly["detected_at"])
            delivered += len(nudges)
        for hour in range(0, 24, 6):
            state, nudges, _ = engine.on_tick(state, p, int((base + timedelta(hours=hour)).timestamp() * 1000))
            delivered += len(nudges)
        sizes.append(len(json.dumps(state)))

    assert delivered > 365  # the year produced plenty of nudges, within the caps
    assert delivered <= 365 * 3
    assert max(sizes) < 8_000
    assert max(sizes[182:]) <= max(sizes[:182]) * 1.25  # no growth with time
    assert len(state["bp"]["days"]) <= params.bp_baseline_days + 1
    assert len(state["sleep"]["nights"]) <= params.sleep_history_nights
    assert len(state["stale"]["seen"]) <= params.stale_seen_ids_max
    assert len(state["sent"]) <= 3
    assert len(state["held"]) <= 5
    assert len(state["last"]) <= 5


def test_malformed_preferences_fall_back_to_defaults(reading, prefs):
    r = reading("steps", "2026-06-15T12:00:00+00:00", count=9_000)
    bad = prefs(timezone=42, quiet_start_min=-5, quiet_end_min=5_000, step_goal="lots", language=None)
    state, nudges, _ = engine.on_reading(None, r, bad, r["measured_at"])
    assert state["steps"]["day"] == "2026-06-15"
    assert len(nudges) == 1  # default goal 10,000; default quiet hours 22:00–07:00 (12:00 is outside)
