"""The stream driver over in-memory stores: stream time, the due-time index, poison, publishing."""

from __future__ import annotations

import bisect
import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from services.common.contracts import Topic
from services.nudge_engine.adapters.driver import DriverConfig, NudgeDriver, PoisonRecordError
from services.nudge_engine.domain.model import Nudge, Suppression
from services.nudge_engine.domain.params import DEFAULT_POLICY_PARAMS, DEFAULT_TRIGGER_PARAMS
from services.nudge_engine.domain.personalise import Experiment

HOUR = 3_600_000
HEARTBEATS = "heartwise.nudge-engine.heartbeat"
T0 = int(datetime(2026, 6, 15, 12, 0, tzinfo=UTC).timestamp() * 1000)  # 12:00 UTC, outside quiet hours


class MemoryUsers:
    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = {}
        self.gets: list[str] = []

    def get(self, user_id: str) -> dict[str, Any] | None:
        self.gets.append(user_id)
        return self.values.get(user_id)

    def set(self, user_id: str, value: dict[str, Any]) -> None:
        self.values[user_id] = value

    def delete(self, user_id: str) -> None:
        self.values.pop(user_id, None)


class MemoryIndex:
    def __init__(self) -> None:
        self.entries: list[tuple[int, str]] = []
        self.adds = 0
        self.watermark: int | None = None

    def add(self, due_ms: int, user_id: str) -> None:
        if (due_ms, user_id) not in self.entries:
            bisect.insort(self.entries, (due_ms, user_id))
        self.adds += 1

    def remove(self, due_ms: int, user_id: str) -> None:
        if (due_ms, user_id) in self.entries:
            self.entries.remove((due_ms, user_id))

    def due(self, upto_ms: int, limit: int) -> list[tuple[int, str]]:
        return [e for e in self.entries if e[0] <= upto_ms][:limit]

    def earliest(self) -> int | None:
        return self.entries[0][0] if self.entries else None

    def load_watermark(self) -> int | None:
        return self.watermark

    def save_watermark(self, ms: int) -> None:
        self.watermark = ms


class MemoryStores:
    def __init__(self) -> None:
        self.users_by_partition: dict[int, MemoryUsers] = {}
        self.index_by_partition: dict[int, MemoryIndex] = {}
        self.generations: dict[int, object] = {}

    def users(self, partition: int) -> MemoryUsers:
        return self.users_by_partition.setdefault(partition, MemoryUsers())

    def index(self, partition: int) -> MemoryIndex:
        return self.index_by_partition.setdefault(partition, MemoryIndex())

    def generation(self, partition: int) -> object:
        return self.generations.setdefault(partition, object())


class Observer:
    def __init__(self) -> None:
        self.records: list[str] = []
        self.nudges: list[Nudge] = []
        self.released: list[str] = []
        self.suppressions: list[Suppression] = []
        self.swept_total = 0

    def record(self, topic: str) -> None:
        self.records.append(topic)

    def delivered(self, nudge: Nudge, released: bool) -> None:
        self.nudges.append(nudge)
        if released:
            self.released.append(nudge["nudge_id"])

    def suppressed(self, suppression: Suppression) -> None:
        self.suppressions.append(suppression)

    def stream_time(self, partition: int, ms: int) -> None:
        pass

    def swept(self, count: int) -> None:
        self.swept_total += count


@dataclasses.dataclass
class Harness:
    driver: NudgeDriver
    stores: MemoryStores
    observer: Observer
    poison: list[tuple[str, Any, Exception]]
    wall: list[int]

    def send(self, topic: str, value: Any, key: Any = None, partition: int = 0) -> list[Nudge]:
        if key is None and isinstance(value, dict):
            key = value.get("user_id")
        return self.driver.process(topic, partition, key, value)

    def beat(self, tick_at: int, partition: int = 0) -> list[Nudge]:
        return self.driver.process(HEARTBEATS, partition, None, {"tick_at": tick_at})


def make(**config: Any) -> Harness:
    stores, observer, poison, wall = MemoryStores(), Observer(), [], [T0]
    defaults: dict[str, Any] = {"triggers": DEFAULT_TRIGGER_PARAMS, "policy": DEFAULT_POLICY_PARAMS,
                                "heartbeat_lag_ms": 0}
    driver = NudgeDriver(DriverConfig(**{**defaults, **config}), stores, observer,
                         on_poison=lambda topic, _p, key, _v, error: poison.append((topic, key, error)),
                         wall_clock_ms=lambda: wall[0])
    return Harness(driver, stores, observer, poison, wall)


def steps(user: str, at: int, count: int, reading_id: str | None = None, ingested_delay: int = 200) -> dict:
    return {
        "reading_id": reading_id or f"r-{user}-{at}-{count}", "user_id": user, "device_id": "w", "metric": "steps",
        "measured_at": at, "utc_offset_min": 0, "source": "sensed",
        "value": {"systolic": None, "diastolic": None, "pulse": None, "bpm": None, "count": count, "interval_s": 600,
                  "duration_min": None, "efficiency": None, "kg": None},
        "flags": [], "channel": "http", "ingested_at": at + ingested_delay,
    }


def prefs(user: str, updated_at: int, **overrides: Any) -> dict:
    record = {"user_id": user, "step_goal": 10_000, "timezone": "UTC", "quiet_start_min": 0, "quiet_end_min": 0,
              "nudge_opt_outs": [], "snoozed_until": None, "language": "en", "birth_year": None,
              "display_name": "Ann", "nudges_enabled": True, "updated_at": updated_at}
    record.update(overrides)
    return record


def test_a_reading_that_crosses_the_goal_is_published_with_the_wall_clock_as_created_at():
    h = make()
    h.wall[0] = T0 + 345
    (nudge,) = h.send(Topic.READINGS, steps("ann", T0, 9_000))
    assert nudge["trigger"] == "step_goal"
    assert nudge["user_id"] == "ann"
    assert nudge["source_ingested_at"] == T0 + 200
    assert nudge["created_at"] == T0 + 345  # what the latency budget measures: created_at − source_ingested_at
    assert nudge["expires_at"] > nudge["created_at"]
    assert h.observer.nudges == [nudge]
    assert h.observer.released == []
    assert h.observer.records == [Topic.READINGS]


def test_stream_time_only_moves_forward_and_a_device_clock_ahead_is_capped():
    h = make(max_future_skew_ms=60_000)
    h.send(Topic.READINGS, steps("ann", T0, 10))
    h.send(Topic.READINGS, steps("bob", T0 - 5 * HOUR, 10))  # late data
    assert h.driver.stream_time(0) == T0
    ahead = steps("cid", T0 + 10 * HOUR, 10)
    ahead["ingested_at"] = T0 + 1_000  # measured "in ten hours", ingested now
    h.send(Topic.READINGS, ahead)
    assert h.driver.stream_time(0) == T0 + 1_000 + 60_000
    assert h.stores.index(0).watermark == T0 + 1_000 + 60_000  # persisted, so a restart resumes the clock


def test_an_anomaly_about_an_old_reading_moves_the_clock_like_the_reading_not_to_its_detection():
    h = make(max_future_skew_ms=60_000)
    h.send(Topic.READINGS, steps("ann", T0, 10))
    history = {"anomaly_id": "a-2", "user_id": "bob", "reading_id": "r-old", "metric": "heart_rate",
               "kind": "threshold", "severity": "review", "category": "tachycardia", "message": "m",
               "disclaimer": "d", "observed_value": 212.0, "baseline_value": None, "measured_at": T0 - 3 * HOUR,
               "detected_at": T0 + 30 * HOUR, "ingested_at": T0 + 30 * HOUR}  # a history upload, judged on arrival
    h.send(Topic.ANOMALIES, history)
    assert h.driver.stream_time(0) == T0  # the reading's time (older), not the day-later detection


def test_inactivity_fires_for_a_silent_user_when_other_users_move_the_partition_clock():
    h = make()
    h.send(Topic.READINGS, steps("silent", T0, 500))
    for hours in (1, 24, 47):
        assert h.send(Topic.READINGS, steps("busy", T0 + hours * HOUR, 10)) == []
    out = h.send(Topic.READINGS, steps("busy", T0 + 48 * HOUR + 1, 10))
    assert [(n["user_id"], n["trigger"]) for n in out] == [("silent", "inactivity")]
    assert out[0]["source_ingested_at"] is None
    # Once per episode: more traffic does not fire it again.
    assert h.send(Topic.READINGS, steps("busy", T0 + 60 * HOUR, 10)) == []


def test_a_heartbeat_moves_a_partition_without_traffic_and_its_lag_is_allowed_lateness():
    h = make(heartbeat_lag_ms=60_000)
    h.send(Topic.READINGS, steps("silent", T0, 500))
    assert h.beat(T0 + 48 * HOUR + 30_000) == []  # 30 s past due on the wall clock: within the 60 s lateness
    (nudge,) = h.beat(T0 + 48 * HOUR + 61_000)
    assert (nudge["user_id"], nudge["trigger"]) == ("silent", "inactivity")
    assert h.observer.records == [Topic.READINGS, HEARTBEATS, HEARTBEATS]


def test_partitions_keep_their_own_clocks():
    h = make()
    h.send(Topic.READINGS, steps("silent", T0, 500), partition=1)
    assert h.send(Topic.READINGS, steps("other", T0 + 50 * HOUR, 10), partition=2) == []
    (nudge,) = h.send(Topic.READINGS, steps("other2", T0 + 50 * HOUR, 10), partition=1)
    assert nudge["user_id"] == "silent"


def test_quiet_hours_hold_a_nudge_and_stream_time_releases_it_at_their_local_end():
    h = make()
    # 12:00 UTC is 21:00 in Tokyo; the user's quiet hours are 20:30–21:30 Tokyo time.
    h.send(Topic.PREFERENCES, prefs("ann", T0 - HOUR, timezone="Asia/Tokyo", quiet_start_min=20 * 60 + 30,
                                    quiet_end_min=21 * 60 + 30))
    assert h.send(Topic.READINGS, steps("ann", T0, 9_000)) == []
    assert [(s.trigger, s.reason) for s in h.observer.suppressions] == [("step_goal", "quiet_hours_held")]
    assert h.beat(T0 + 29 * 60_000) == []
    h.wall[0] = T0 + 30 * 60_000 + 800
    (nudge,) = h.beat(T0 + 30 * 60_000)
    assert (nudge["user_id"], nudge["trigger"]) == ("ann", "step_goal")
    assert "Ann" in nudge["title"]
    assert nudge["created_at"] == T0 + 30 * 60_000 + 800
    assert h.observer.released == [nudge["nudge_id"]]  # kept out of the reading→nudge latency histogram


def test_filing_is_lazy_and_a_user_is_never_nudged_before_the_real_due_time():
    h = make()
    index = h.stores.index(0)
    h.send(Topic.READINGS, steps("ann", T0, 500))
    for minutes in range(1, 60):  # steady activity pushes the due time out with every reading
        h.send(Topic.READINGS, steps("ann", T0 + minutes * 60_000, 100))
    assert index.adds == 1  # filed once, at the first due time; later readings write no index entry
    assert index.entries == [(T0 + 48 * HOUR, "ann")]
    # At the early entry the sweep finds nothing due yet and re-files at the real due time.
    assert h.send(Topic.READINGS, steps("bob", T0 + 48 * HOUR + 1_000, 10)) == []
    assert (T0 + 59 * 60_000 + 48 * HOUR, "ann") in index.entries
    (nudge,) = h.send(Topic.READINGS, steps("bob", T0 + 59 * 60_000 + 48 * HOUR, 10))
    assert nudge["user_id"] == "ann"


def test_a_sweep_reads_only_the_due_users_never_the_whole_partition():
    h = make()
    for i in range(50):
        h.send(Topic.READINGS, steps(f"u{i}", T0 + i * 60_000, 500))  # due at T0 + 48 h + i min
    users = h.stores.users(0)
    users.gets.clear()
    out = h.beat(T0 + 48 * HOUR + 150_000)
    assert sorted(n["user_id"] for n in out) == ["u0", "u1", "u2"]
    assert sorted(users.gets) == ["u0", "u1", "u2"]


def test_due_users_are_taken_in_bounded_batches():
    h = make(due_batch_max=2)
    for i in range(5):
        h.send(Topic.READINGS, steps(f"u{i}", T0, 500))
    counts = [len(h.beat(T0 + 49 * HOUR + k)) for k in range(4)]
    assert counts == [2, 2, 1, 0]


def test_kill_switch_drops_every_nudge_and_counts_it():
    h = make(policy=dataclasses.replace(DEFAULT_POLICY_PARAMS, kill_switch=True))
    assert h.send(Topic.READINGS, steps("ann", T0, 9_000)) == []
    assert [(s.trigger, s.reason) for s in h.observer.suppressions] == [("step_goal", "kill_switch")]


def test_the_experiment_variant_is_recorded_on_the_nudge():
    h = make(experiment=Experiment("copy-test", ("brief",), 100))
    (nudge,) = h.send(Topic.READINGS, steps("ann", T0, 9_000))
    assert (nudge["experiment"], nudge["variant"]) == ("copy-test", "brief")


def test_a_nudge_already_expired_on_the_wall_clock_is_not_published():
    h = make()
    h.wall[0] = T0 + 30 * 24 * HOUR  # replaying month-old input
    assert h.send(Topic.READINGS, steps("ann", T0, 9_000)) == []
    assert [(s.trigger, s.reason) for s in h.observer.suppressions] == [("step_goal", "expired")]


def test_stale_data_anomaly_becomes_a_sync_nudge_once():
    h = make()
    anomaly = {"anomaly_id": "a-1", "user_id": "ann", "reading_id": None, "metric": "blood_pressure",
               "kind": "stale_data", "severity": "info", "category": "stale", "message": "m", "disclaimer": "d",
               "observed_value": None, "baseline_value": None, "measured_at": None, "detected_at": T0,
               "ingested_at": None}
    (nudge,) = h.send(Topic.ANOMALIES, anomaly)
    assert (nudge["trigger"], nudge["source_event_id"]) == ("stale_data", "a-1")
    assert h.send(Topic.ANOMALIES, anomaly) == []  # redelivered: same anomaly id, no second nudge


@pytest.mark.parametrize(("key", "value"), [
    (None, steps("ann", T0, 10)),
    ("bob", steps("ann", T0, 10)),  # the key is not the record's user: co-partitioning is broken for it
    ("ann", ["not", "a", "record"]),
])
def test_poison_goes_to_the_handler_and_the_partition_goes_on(key, value):
    h = make()
    h.send(Topic.READINGS, steps("silent", T0, 500))
    h.send(Topic.READINGS, steps("busy", T0 + 48 * HOUR - 10, 10))
    late = T0 + 48 * HOUR
    out = h.driver.process(Topic.READINGS, 0, key, {**value, "measured_at": late, "ingested_at": late} if isinstance(
        value, dict) else value)
    assert len(h.poison) == 1
    assert isinstance(h.poison[0][2], PoisonRecordError)
    if isinstance(value, dict):  # its event time still counted: the silent user's timer fired
        assert [n["user_id"] for n in out] == ["silent"]
    assert h.send(Topic.READINGS, steps("ann", T0 + 49 * HOUR, 9_000))[0]["trigger"] == "step_goal"


def test_a_preferences_tombstone_deletes_the_user_and_their_timer():
    h = make()
    h.send(Topic.READINGS, steps("gone", T0, 500))
    assert "gone" in h.stores.users(0).values
    h.send(Topic.PREFERENCES, None, key="gone")
    assert "gone" not in h.stores.users(0).values
    assert h.beat(T0 + 49 * HOUR) == []


def test_preferences_are_kept_and_used_for_later_readings():
    h = make()
    h.send(Topic.PREFERENCES, prefs("ann", T0, step_goal=5_000, display_name="Maya"))
    (nudge,) = h.send(Topic.READINGS, steps("ann", T0 + 1_000, 4_100))
    assert "Maya" in nudge["title"]
    assert "4,100" in nudge["body"] and "5,000" in nudge["body"]


def test_a_reassigned_partition_resumes_its_persisted_clock():
    h = make()
    h.send(Topic.READINGS, steps("ann", T0, 10))
    h.stores.index(0).watermark = T0 + 5 * HOUR  # another owner moved it meanwhile
    h.stores.generations[0] = object()  # the partition was revoked and assigned again
    h.send(Topic.READINGS, steps("bob", T0 + HOUR, 10))
    assert h.driver.stream_time(0) == T0 + 5 * HOUR


def test_replaying_a_record_does_not_publish_a_different_nudge():
    h = make()
    reading = steps("ann", T0, 9_000, reading_id="r-1")
    (first,) = h.send(Topic.READINGS, reading)
    assert h.send(Topic.READINGS, reading) == []  # state already has it (dedup by reading id)
    h2 = make()
    (again,) = h2.send(Topic.READINGS, reading)  # state lost before commit: replayed from the input
    assert again["nudge_id"] == first["nudge_id"]


def test_a_trigger_flag_off_for_the_user_suppresses_the_nudge_as_flag_off_and_asks_only_when_one_fires():
    asked: list[tuple[str, str]] = []

    def enabled(user_id: str, trigger: str) -> bool:
        asked.append((user_id, trigger))
        return user_id != "ann"

    h = make(trigger_enabled=enabled)
    assert h.send(Topic.READINGS, steps("ann", T0, 500)) == []  # nothing fires: the flag is not asked
    assert asked == []
    assert h.send(Topic.READINGS, steps("ann", T0 + 1, 9_000)) == []
    assert [(s.trigger, s.reason) for s in h.observer.suppressions] == [("step_goal", "flag_off")]
    (nudge,) = h.send(Topic.READINGS, steps("bob", T0 + 2, 9_000))
    assert nudge["user_id"] == "bob"
    assert asked == [("ann", "step_goal"), ("bob", "step_goal")]


def test_the_flag_store_gate_answers_per_user_from_the_flags():
    from services.common.flags import FlagDefinition, FlagStore, nudge_flag
    from services.nudge_engine.adapters.flags import trigger_gate

    store = FlagStore.with_definitions([FlagDefinition(nudge_flag("step_goal"), enabled=False, percent=100)])
    gate = trigger_gate(store)
    assert not gate("ann", "step_goal")
    assert gate("ann", "bp_change")  # no definition: the code default (on)
