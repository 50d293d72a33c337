"""The anomaly worker's one stateful step: a reading in, its anomalies out; stale-data timers on stream time.

Per reading (the hot path): ONE read of the user's state, the pure domain (`evaluate_reading`), at most ONE
write of the user's state (none for a replayed duplicate: the domain hands back the same object). The due
index is written on this path only for a user who has no entry in it: the user's very first reading, and
the first reading after a stale episode fired. A reading that moves the partition's stream time past the
earliest due slot also runs a sweep (about once per slot of stream time per partition).

Stale data — which mechanism and why
------------------------------------
"No reading for 7 days" must fire for a user who sends nothing, so it cannot hang off that user's records.
Chosen: a durable due-time index per partition (`adapters/stale_index.py`) swept on the partition's
STREAM TIME, which every user's readings on the partition advance (event time = `measured_at`, capped at
`ingested_at`) and which a periodic heartbeat record per partition (`adapters/heartbeat.py`, read with
readings.v1 through `concat`, time-aligned) advances when the partition is quiet. A sweep is one range read
of the entries due, one state read per due user: never a scan of the partition's users.

Considered and not taken: Quix Streams session windows with `closing_strategy="partition"` (3.28,
`dataframe/windows/session.py`). They do close a silent key's session when other keys move the partition's
watermark, at `last event + 2 × gap + grace`, but:
- the 7 days would have to be `2 × gap + grace`, so a pause longer than `gap` (e.g. 4 days) already splits the
  user's session and closes the earlier one at its own `last + 7 days`, although the user sent 3 days later:
  every closed session would need a check against the user's real state (a second store read anyway);
- `expire_by_partition` sweeps by iterating every key prefix in the partition's window store once the
  partition checkpoint (the earliest closing time) is reached — with users closing continually, that is a
  scan of all the partition's users again and again;
- each reading would update a second, windowed store (neighbour seeks, a window write and delete, the
  partition watermark) on top of the per-user state: two reads and two or three writes per reading;
- a partition without traffic has no watermark movement at all: the heartbeat is needed either way.
The due index reads only what is due, and costs one entry write per user per episode: a sweep that finds
a user who sent since (not due yet) moves the entry to the user's current due slot, so an active user's
entry moves about once a week, not once per reading.

Heartbeats, not the wall clock, move a quiet partition: a heartbeat is a Kafka record (time `tick_at` minus
`heartbeat_lag_ms`), so it is processed in order with the partition's readings (time-aligned consumption
handles a backlog's old readings before a fresh heartbeat), its offset is committed with the state it
changed, and a crash replays it. A stale anomaly and the state write that marks the episode fired are
therefore committed together, like any reading's (at-least-once; the anomaly id is stable per episode).

preferences.v1 is not read: no anomaly rule depends on a preference (thresholds are clinical, the stale
rule is 7 days for everyone); opt-outs, quiet hours and snoozes are the nudge engine's, downstream.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Final, cast

from quixstreams import message_context

from services.anomaly.adapters.stale_index import NEVER, StaleDueIndex
from services.anomaly.domain import (
    DEFAULT_RULES,
    AnomalyRules,
    evaluate_reading,
    evaluate_staleness,
    next_stale_due_at,
    stale_due_at,
)
from services.anomaly.metrics import ANOMALIES, PROCESSING_LATENCY, STALE_SWEPT, STREAM_TIME
from services.common.heartbeat import HEARTBEAT_FIELD
from services.common.logging import get_logger

if TYPE_CHECKING:
    from prometheus_client import Counter
    from quixstreams.dataframe import StreamingDataFrame
    from quixstreams.state import State
    from quixstreams.state.base import Store

    from services.common.dead_letters import DeadLetters

log = get_logger(__name__)

STATE_KEY: Final = b"u"  # the one state value per user (bytes: the store does not re-serialise the key)
_UNREAD: Final = object()  # not in the cache (None is a real state: a user never seen)
Anomaly = dict[str, Any]


class AnomalyProcessor:
    """`sdf.apply(processor, stateful=True, metadata=True, expand=True)` over readings + heartbeats."""

    def __init__(self, *, dead_letters: DeadLetters, slot_ms: int, heartbeat_lag_ms: int,
                 rules: AnomalyRules = DEFAULT_RULES, cache_users: int = 0) -> None:
        """`slot_ms`, `heartbeat_lag_ms` and `cache_users`: see `AnomalySettings` (their one place)."""
        self._rules = rules
        self._slot_ms = slot_ms
        self._heartbeat_lag_ms = heartbeat_lag_ms
        self._dead_letters = dead_letters
        self._index: StaleDueIndex | None = None
        self._sdf: StreamingDataFrame | None = None
        self._stream_ms: dict[int, int] = {}  # partition → stream time (max event time, heartbeats)
        self._sweep_at: dict[int, int] = {}  # partition → earliest due slot (absent: unknown, sweep)
        self._counters: dict[tuple[str, str], Counter] = {}
        self._cache_users = cache_users
        self._store: Store | None = None
        # partition → (the store partition it mirrors, user id → state as last written or read)
        self._cache: dict[int, tuple[object, dict[str, Any]]] = {}

    def bind(self, sdf: StreamingDataFrame) -> None:
        """Register the due index on the dataframe the processor will run on (before `apply`)."""
        self._sdf = sdf
        self._index = StaleDueIndex(sdf, self._slot_ms)

    def stream_time(self, partition: int) -> int | None:
        return self._stream_ms.get(partition)

    def _cached_users(self, partition: int) -> dict[str, Any]:
        """Read-through copy of the partition's user states, as this process last read or wrote them.

        Valid while this process owns the partition: Quix opens a new store partition object on every
        (re)assignment, and a changed object empties the copy (another owner may have written since).
        Saves the RocksDB read and JSON decode of a user seen lately (~a quarter of the step). States are
        never mutated after they are written (`evaluate_reading` returns new objects), so sharing is safe.
        """
        store = self._store
        if store is None:
            sdf = self._sdf
            assert sdf is not None, "bind() the processor to its dataframe first"
            store = self._store = sdf.processing_context.state_manager.get_store(stream_id=sdf.stream_id)
        generation = store.partitions.get(partition)
        entry = self._cache.get(partition)
        if entry is None or entry[0] is not generation:
            entry = self._cache[partition] = (generation, {})
        users = entry[1]
        if len(users) >= self._cache_users:
            users.clear()  # full: start over (misses read RocksDB); cheaper than keeping an LRU order per read
        return users

    # ------------------------------------------------------------------ the step

    def __call__(self, value: dict[str, Any], key: Any, _timestamp: int, _headers: Any,
                 state: State) -> list[Anomaly]:
        partition: int = message_context().partition
        if HEARTBEAT_FIELD in value:
            return self._on_heartbeat(partition, value[HEARTBEAT_FIELD])

        measured_at: int = value["measured_at"]
        ingested_at: int = value["ingested_at"]
        # Event time is measured_at, never later than ingestion: a device clock running ahead must not pull
        # the partition's stream time into the future and fire other users' stale timers early.
        event_ms = measured_at if measured_at < ingested_at else ingested_at
        now = self._stream_ms.get(partition, 0)
        if event_ms > now:
            self._stream_ms[partition] = now = event_ms

        users = self._cached_users(partition) if self._cache_users > 0 else None
        cached = users.get(key, _UNREAD) if users is not None else _UNREAD
        old: dict[str, Any] | None = state.get(STATE_KEY) if cached is _UNREAD else cast("dict[str, Any]", cached)
        try:
            new, anomalies = evaluate_reading(old, value, now_ms=now, settings=self._rules)
        except Exception as error:  # noqa: BLE001 - pure and deterministic: a replay fails again, so poison
            self._dead_letter(partition, key, value, error)
            return []
        if users is not None:
            users[key] = new
        if new is not old:  # the same object back means a replayed duplicate: nothing to write
            state.set(STATE_KEY, new)
            last_at = new["last_at"]
            if old is None or last_at != old["last_at"]:
                self._index_episode(partition, key, old, last_at, now)

        if now >= self._sweep_at.get(partition, 0):
            anomalies.extend(self._sweep(partition, now))

        PROCESSING_LATENCY.observe(time.time() - ingested_at / 1000)
        if anomalies:
            self._count(anomalies)
        return anomalies

    # ------------------------------------------------------------------ stale data

    def _index_episode(self, partition: int, user_id: str, old: dict[str, Any] | None, last_at: int,
                       now: int) -> None:
        """Give the user's new episode an index entry, unless the user has one already.

        A user has one live entry from the first reading on; sweeps move it forward (lazily, once per
        week per active user) while the user keeps sending. Only a user without a live entry gets one
        here: a new user, or one whose last episode fired (firing consumed the entry).

        A reading that arrives already more than 7 days old (a device syncing a backlog, an import of
        history) is looked at `stale_backlog_settle_ms` after its arrival in stream time, not at once: the
        rest of the upload lands on the same live entry meanwhile, so the sweep judges the newest reading
        once (stale if even that is more than 7 days old) instead of one anomaly per synced reading.
        """
        if old is not None and old["last_at"] is not None and old.get("stale_fired_for") != old["last_at"]:
            return
        index = self._index
        assert index is not None, "bind() the processor to its dataframe first"
        due = stale_due_at(last_at, self._rules)
        slot = index.slot(due if due > now else now + self._rules.stale_backlog_settle_ms)
        index.add(partition, slot, user_id)
        if slot < self._sweep_at.get(partition, NEVER):
            self._sweep_at[partition] = slot

    def _on_heartbeat(self, partition: int, tick_at: int) -> list[Anomaly]:
        clock = tick_at - self._heartbeat_lag_ms
        now = self._stream_ms.get(partition, 0)
        if clock > now:
            self._stream_ms[partition] = now = clock
        # Unconditional sweep: it also re-reads the next due slot, which repairs this process's hint
        # after the partition was owned by another instance for a while.
        stale = self._sweep(partition, now)
        if stale:
            self._count(stale)
        return stale

    def _sweep(self, partition: int, now: int) -> list[Anomaly]:
        """Fire every due episode of the partition; move the entries of users who sent since."""
        index, sdf = self._index, self._sdf
        assert index is not None and sdf is not None, "bind() the processor to its dataframe first"
        users, next_slot = index.take_due(partition, now)
        STREAM_TIME.labels(str(partition)).set(now)
        out: list[Anomaly] = []
        if users:
            STALE_SWEPT.inc(len(users))
            transaction = sdf.processing_context.checkpoint.get_store_transaction(
                stream_id=sdf.stream_id, partition=partition)
            for user_id in dict.fromkeys(users):  # a user may sit in two due slots: look once
                user_state = transaction.as_state(prefix=user_id)
                current = user_state.get(STATE_KEY)
                fired, anomalies = evaluate_staleness(user_id, current, now, self._rules)
                if fired is not None:
                    user_state.set(STATE_KEY, fired)
                    if self._cache_users > 0:
                        self._cached_users(partition).pop(user_id, None)
                    out.extend(anomalies)
                    continue
                due = next_stale_due_at(current, self._rules)
                if due is not None:  # the user sent since the entry was made: look again when due (> now)
                    slot = index.slot(due)
                    index.add(partition, slot, user_id)
                    if slot < next_slot:
                        next_slot = slot
        self._sweep_at[partition] = next_slot
        return out

    # ------------------------------------------------------------------ bookkeeping

    def _dead_letter(self, partition: int, key: Any, value: dict[str, Any], error: Exception) -> None:
        context = message_context()
        self._dead_letters.send_decoded(context.topic, partition, context.offset, key, value,
                                        f"unprocessable: {type(error).__name__} in evaluate_reading")

    def _count(self, anomalies: list[Anomaly]) -> None:
        for anomaly in anomalies:
            labels = (anomaly["kind"], anomaly["severity"])
            counter = self._counters.get(labels)
            if counter is None:
                counter = self._counters[labels] = ANOMALIES.labels(*labels)
            counter.inc()
