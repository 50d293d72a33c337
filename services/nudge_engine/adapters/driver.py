"""The stream driver of the nudge engine: one input record in, the nudges to publish out.

It owns what the pure domain (`domain/engine.py`) leaves to it: which user a record belongs to, what time
it is, which silent users are due, and the stamp a nudge gets as it leaves. Storage is behind two small
interfaces (`Users`, `DueIndex`; Quix Streams stores in `quix_state.py`, dicts in the unit tests).

Time — stream time, never the wall clock, drives every decision
---------------------------------------------------------------
Each partition has a stream time: the highest event time seen on it, which only moves forward.
- a reading: `measured_at` (so a test or a replay can simulate time), capped at `ingested_at` +
  `max_future_skew_ms` (a device clock running ahead must not move everyone's clock);
- an anomaly about a reading: that reading's event time, as above (its `detected_at` is never earlier
  than the reading's ingestion, so a replayed history would otherwise pull the clock to the present);
  an anomaly about no reading (stale data): `detected_at`, the anomaly service's stream time;
- a preferences snapshot: `updated_at` (a platform clock);
- a heartbeat record: its wall-clock tick minus `heartbeat_lag_ms` (allowed lateness).
A record is handled at its partition's stream time (never earlier than its own event time), so a late
reading is judged when it arrives (its nudge may already be expired) and a replay sees the same clock.

Timers — inactivity (48 h) and held nudges (quiet hours, min gap) fire while the user sends nothing
---------------------------------------------------------------------------------------------------
A durable due-time index per partition holds `(next_due_ms, user)` (`engine.next_due_ms`). After every
record, the driver sweeps the entries whose due time the partition's stream time has passed: for each,
one state read, `engine.on_tick` at the stream time, one state write. Nothing ever scans the users.
Stream time moves with every user's traffic on the partition; a partition with no traffic at all still
moves because the worker writes a heartbeat record to each partition of a co-partitioned internal topic
every few seconds (`heartbeat.py`), which is read with the inputs (time-aligned) like any other record:
processed in order, committed with the state it changed, replayed after a crash.

Filing is lazy, to keep the per-reading cost at one state read and one write: a user is (re)filed only
when their due time moves EARLIER than where they are filed (or they are not filed). A due time that moves
later (every step reading pushes inactivity out by up to 48 h) leaves the early entry; when the sweep
reaches it, it finds nothing due yet and re-files the user at the real due time. The value stores where
the user is filed (`"d"`), so entries that no longer match are skipped.

Why not a Quix Streams session window for the 48 h: with `closing_strategy="partition"` (3.28) a silent
key's session closes when the partition watermark passes last event + 2 × gap + grace, so the gap would
have to be 24 h and every close re-checked against the user's real activity (steps with count 0, other
metrics) with a second store read; it would add a windowed store write per reading, it cannot express the
other timer (releasing a nudge held over quiet hours at their local end), and a partition without traffic
needs the heartbeat anyway. The index does both timers at their exact due time.

The nudge's `created_at` is the wall clock when it leaves (what the reading→nudge latency budget
measures, `created_at − source_ingested_at`); a nudge that is already past its `expires_at` by then
(replaying old input after downtime) is dropped and counted as suppressed{reason="expired"}.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from services.common.contracts import Topic
from services.common.heartbeat import HEARTBEAT_FIELD
from services.nudge_engine.domain import engine
from services.nudge_engine.domain.model import EngineResult, Nudge, Suppression, TriggerGate, all_on
from services.nudge_engine.domain.params import PolicyParams, TriggerParams
from services.nudge_engine.domain.personalise import Experiment

NEVER: Final = 2**63 - 1
# Stream time is written to the store when it moved this much since the last write (≤ 1 write/s/partition).
WATERMARK_PERSIST_STEP_MS: Final = 1_000

UserValue = dict[str, Any]  # {"e": engine state, "d": due ms the user is filed under, or None}
Outcome = tuple[EngineResult, frozenset[str]]  # a result and the ids of the nudges held before it


class Users(Protocol):
    def get(self, user_id: str) -> UserValue | None: ...
    def set(self, user_id: str, value: UserValue) -> None: ...
    def delete(self, user_id: str) -> None: ...


class DueIndex(Protocol):
    def add(self, due_ms: int, user_id: str) -> None: ...
    def remove(self, due_ms: int, user_id: str) -> None: ...
    def due(self, upto_ms: int, limit: int) -> list[tuple[int, str]]: ...
    def earliest(self) -> int | None: ...
    def load_watermark(self) -> int | None: ...
    def save_watermark(self, ms: int) -> None: ...


class Stores(Protocol):
    def users(self, partition: int) -> Users: ...
    def index(self, partition: int) -> DueIndex: ...
    def generation(self, partition: int) -> object: ...


class Observer(Protocol):
    """Where the driver reports what happened (Prometheus in the worker, a recorder in tests)."""

    def record(self, topic: str) -> None: ...
    def delivered(self, nudge: Nudge, released: bool) -> None: ...  # released: it had been held
    def suppressed(self, suppression: Suppression) -> None: ...
    def stream_time(self, partition: int, ms: int) -> None: ...
    def swept(self, count: int) -> None: ...


# (topic, partition, key, value, error) of a record that cannot be processed: it goes to the DLQ.
PoisonHandler = Callable[[str, int, Any, Any, Exception], None]


class PoisonRecordError(ValueError):
    """A decoded record the engine cannot process (e.g. its key is not its user id)."""


@dataclass(frozen=True, slots=True)
class DriverConfig:
    triggers: TriggerParams
    policy: PolicyParams
    experiment: Experiment | None = None
    max_future_skew_ms: int = 300_000
    heartbeat_lag_ms: int = 60_000
    due_batch_max: int = 200
    # (user_id, trigger) -> whether the trigger's rollout flag is on for the user (FlagStore, no I/O);
    # None: every trigger on. Asked only when a nudge is decided.
    trigger_enabled: Callable[[str, str], bool] | None = None


@dataclass(slots=True)
class _PartitionClock:
    generation: object
    now: int | None  # stream time; None until the partition saw a timed record
    persisted: int | None
    next_due: int = 0  # lower bound of the earliest index entry; 0 = unknown, look


@dataclass
class NudgeDriver:
    config: DriverConfig
    stores: Stores
    observer: Observer
    on_poison: PoisonHandler
    wall_clock_ms: Callable[[], int] = field(default=lambda: time.time_ns() // 1_000_000)
    _clocks: dict[int, _PartitionClock] = field(default_factory=dict)

    # ------------------------------------------------------------------ the step

    def process(self, topic: str, partition: int, key: Any, value: Any) -> list[Nudge]:
        """One record of `topic` (a contract topic or the heartbeat topic); returns the nudges to publish."""
        self.observer.record(topic)
        index = self.stores.index(partition)
        clock = self._clock(partition, index)
        now = self._advance(partition, clock, index, self._event_time(topic, value))

        results: list[Outcome] = []
        if topic != Topic.READINGS and topic != Topic.ANOMALIES and topic != Topic.PREFERENCES:
            pass  # a heartbeat: it only moves the clock
        else:
            try:
                result = self._handle(topic, key, value, now, partition, clock, index)
            except Exception as error:  # noqa: BLE001 - poison: dead-letter it and go on with the partition
                self.on_poison(topic, partition, key, value, error)
            else:
                if result is not None:
                    results.append(result)
        if now is not None and now >= clock.next_due:
            results.extend(self._sweep(partition, clock, index, now))
        return self._publish(results)

    def stream_time(self, partition: int) -> int | None:
        clock = self._clocks.get(partition)
        return None if clock is None else clock.now

    # ------------------------------------------------------------------ time

    def _event_time(self, topic: str, value: Any) -> int | None:
        if not isinstance(value, Mapping):
            return None
        if topic == Topic.READINGS or (topic == Topic.ANOMALIES and value.get("reading_id") is not None):
            measured, ingested = _int(value.get("measured_at")), _int(value.get("ingested_at"))
            if measured is not None and ingested is not None:
                return min(measured, ingested + self.config.max_future_skew_ms)
            if measured is not None or topic == Topic.READINGS:
                return measured
        if topic == Topic.ANOMALIES:
            return _int(value.get("detected_at"))
        if topic == Topic.PREFERENCES:
            return _int(value.get("updated_at"))
        tick = _int(value.get(HEARTBEAT_FIELD))
        return None if tick is None else tick - self.config.heartbeat_lag_ms

    def _clock(self, partition: int, index: DueIndex) -> _PartitionClock:
        generation = self.stores.generation(partition)
        clock = self._clocks.get(partition)
        if clock is None or clock.generation is not generation:
            # (Re)assigned to this process: another owner may have moved the clock and the index.
            persisted = index.load_watermark()
            clock = self._clocks[partition] = _PartitionClock(generation, persisted, persisted)
        return clock

    def _advance(self, partition: int, clock: _PartitionClock, index: DueIndex, event_ms: int | None) -> int | None:
        if event_ms is not None and (clock.now is None or event_ms > clock.now):
            clock.now = event_ms
            if clock.persisted is None or event_ms - clock.persisted >= WATERMARK_PERSIST_STEP_MS:
                index.save_watermark(event_ms)
                clock.persisted = event_ms
                self.observer.stream_time(partition, event_ms)
        return clock.now

    # ------------------------------------------------------------------ one user's record

    def _handle(self, topic: str, key: Any, value: Any, now: int | None, partition: int,
                clock: _PartitionClock, index: DueIndex) -> Outcome | None:
        if not isinstance(key, str) or not key:
            raise PoisonRecordError("record without a user id key")
        users = self.stores.users(partition)
        if topic == Topic.PREFERENCES and value is None:
            users.delete(key)  # a tombstone: the user was deleted; their index entry goes stale and is skipped
            return None
        if not isinstance(value, Mapping) or value.get("user_id") != key:
            raise PoisonRecordError("record's user_id is not its key (co-partitioning is by user id)")
        stored = users.get(key)
        state = stored["e"] if stored else None
        filed = stored["d"] if stored else None
        cfg = self.config
        if topic == Topic.PREFERENCES:
            new_state = engine.on_preferences(state, value)
            result = None
        else:
            assert now is not None  # readings and anomalies always carry their event time (schema)
            handler = engine.on_reading if topic == Topic.READINGS else engine.on_anomaly
            result = handler(state, value, None, now, triggers=cfg.triggers, policy_params=cfg.policy,
                             experiment=cfg.experiment, trigger_on=self._gate(key))
            new_state = result.state
        users.set(key, {"e": new_state, "d": self._file(key, new_state, filed, clock, index)})
        return None if result is None else (result, _held_ids(state))

    def _file(self, user_id: str, state: Mapping[str, Any], filed: int | None, clock: _PartitionClock,
              index: DueIndex, not_before: int = 0) -> int | None:
        """Make sure the user is filed no later than their next due time; returns where they are filed."""
        due = engine.next_due_ms(state, self.config.triggers)
        if due is not None and due < not_before:
            due = not_before  # never file into the past of a sweep that just ran (it would spin)
        if due is None or (filed is not None and filed <= due):
            return filed  # nothing due, or an earlier entry stands (the sweep re-files lazily)
        if filed is not None:
            index.remove(filed, user_id)
        index.add(due, user_id)
        clock.next_due = min(clock.next_due, due)
        return due

    def _gate(self, user_id: str) -> TriggerGate:
        enabled = self.config.trigger_enabled
        if enabled is None:
            return all_on
        return lambda trigger: enabled(user_id, trigger)

    # ------------------------------------------------------------------ silent users

    def _sweep(self, partition: int, clock: _PartitionClock, index: DueIndex, now: int) -> list[Outcome]:
        entries = index.due(now, self.config.due_batch_max)
        results: list[Outcome] = []
        if entries:
            users = self.stores.users(partition)
            cfg = self.config
            for due, user_id in entries:
                index.remove(due, user_id)
                stored = users.get(user_id)
                if stored is None or stored.get("d") != due:
                    continue  # the user was re-filed earlier, or deleted: a stale entry
                state = stored["e"]
                next_due = engine.next_due_ms(state, cfg.triggers)
                if next_due is not None and next_due <= now:
                    result = engine.on_tick(state, None, now, triggers=cfg.triggers, policy_params=cfg.policy,
                                            experiment=cfg.experiment, trigger_on=self._gate(user_id))
                    results.append((result, _held_ids(state)))
                    state = result.state
                filed = self._file(user_id, state, None, clock, index, not_before=now + 1)
                users.set(user_id, {"e": state, "d": filed})
            self.observer.swept(len(entries))
        if len(entries) < self.config.due_batch_max:
            earliest = index.earliest()
            clock.next_due = NEVER if earliest is None else earliest
        else:
            clock.next_due = now  # more are due: carry on with the next record
        return results

    # ------------------------------------------------------------------ out

    def _publish(self, results: list[Outcome]) -> list[Nudge]:
        out: list[Nudge] = []
        if not results:
            return out
        created_at = self.wall_clock_ms()
        for result, held_before in results:
            for suppression in result.suppressed:
                self.observer.suppressed(suppression)
            for nudge in result.nudges:
                if nudge["expires_at"] <= created_at:
                    self.observer.suppressed(Suppression(nudge["trigger"], "expired", nudge["nudge_id"]))
                    continue
                stamped: Nudge = {**nudge, "created_at": created_at}
                self.observer.delivered(stamped, released=nudge["nudge_id"] in held_before)
                out.append(stamped)
        return out


def _held_ids(state: Mapping[str, Any] | None) -> frozenset[str]:
    held = (state or {}).get("held") or ()
    return frozenset(entry["nudge"]["nudge_id"] for entry in held)


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)
