"""The audit worker's batch handler: consumed records → hash-chained entries → de-identified analytics.

Per batch (the platform consumer commits offsets only after ``handle`` returns):

1. ``preferences.v1`` snapshots update the birth-year table (for age bands); they are not audited here
   (a preference change is audited through the ``audit.v1`` event its writer publishes).
2. Every other record is mapped to entry fields (``domain.events``); a record that can't be mapped is
   returned for the DLQ.
3. Idempotency: records whose ``event_key`` is in ``audit_event_keys`` (or repeats within the batch) are
   skipped, so a redelivered or re-produced event is appended once.
4. New entries are appended per chain in consumption order (so per Kafka partition in offset order),
   linked to the in-memory head of the chain (``ChainWriter``).
5. Index rows, then the analytics events (flushed to the broker), then the event keys, then the anchored
   heads are written, in that order. A crash between the append and the anchor leaves entries past the
   anchored head, perhaps without keys; on reload those tails are repaired (keys with
   ``analytics_done = false``, index rows) and their redelivered records publish the analytics event that
   may be missing. Analytics is therefore at-least-once with a stable ``event_id``; the audit log is
   exactly-once.

Any failure drops the in-memory chain state, so the retried batch starts from what Cassandra holds.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from services.audit.adapters.kafka import PublishError
from services.audit.adapters.store import StoreUnavailable
from services.audit.domain.chain import AuditEntry, ChainError, ChainHead, chain_id, make_entry, parse_chain_id
from services.audit.domain.deidentify import deidentify
from services.audit.domain.events import entry_fields
from services.audit.domain.vocab import UnmappableRecord, UnsupportedTopic
from services.audit.metrics import (
    ANALYTICS_PUBLISHED,
    ANALYTICS_SKIPPED,
    CHAIN_CONFLICTS,
    DUPLICATES_SKIPPED,
    EVENTS_AUDITED,
    REPAIRED_ENTRIES,
)
from services.audit.timeutil import recent_days
from services.common.contracts import Topic
from services.common.kafka import Record, TransientError
from services.common.logging import get_logger

log = get_logger(__name__)


class AuditLogStore(Protocol):
    """What the pipeline needs from storage (``adapters.store.CassandraAuditStore``)."""

    def load_anchor(self, cid: str) -> ChainHead | None: ...
    def read_chain(self, cid: str, after_seq: int = 0, *, through_seq: int | None = None) -> Iterator[AuditEntry]: ...
    def append(self, entries: list[AuditEntry]) -> bool: ...
    def anchor(self, head: ChainHead, previous_seq: int | None, anchored_at: int) -> bool: ...
    def lookup_event_keys(self, keys: Iterable[str]) -> dict[str, bool]: ...
    def put_event_keys(self, entries: list[AuditEntry]) -> None: ...
    def repair_event_keys(self, entries: list[AuditEntry]) -> None: ...
    def mark_analytics_done(self, keys: list[str]) -> None: ...
    def put_indexes(self, entries: list[AuditEntry]) -> None: ...
    def get_birth_years(self, user_ids: list[str]) -> dict[str, int | None]: ...
    def put_birth_years(self, snapshots: list[tuple[str, int | None, int]]) -> None: ...


class Publisher(Protocol):
    def publish(self, events: list[dict[str, Any]]) -> None: ...


class ChainConflict(Exception):
    """Another writer appended to a chain this worker holds a head for."""


@dataclass
class _ChainState:
    head: ChainHead | None  # the last entry in the log: what the next entry links to
    anchored_seq: int | None  # what audit_chain_heads holds (None: no row yet)


class ChainWriter:
    """Keeps each chain's head in memory, loads it from Cassandra on first use, appends and anchors."""

    def __init__(self, store: AuditLogStore, *, reload_days: int) -> None:
        self.store = store
        self.reload_days = reload_days
        self._chains: dict[str, _ChainState] = {}
        self._loaded_partitions: set[int] = set()

    def forget_all(self) -> None:
        self._chains.clear()
        self._loaded_partitions.clear()

    def forget_partitions(self, partitions: Iterable[int]) -> None:
        gone = set(partitions)
        self._loaded_partitions -= gone
        for cid in [cid for cid in self._chains if parse_chain_id(cid)[0] in gone]:
            del self._chains[cid]

    def head(self, cid: str) -> ChainHead | None:
        state = self._chains.get(cid)
        return state.head if state else None

    def ensure_partition(self, partition: int, now_ms: int) -> None:
        """Load (and repair) the chains of a Kafka partition for the recent days, once per assignment."""
        if partition in self._loaded_partitions:
            return
        for day in recent_days(now_ms, self.reload_days):
            cid = chain_id(partition, day)
            if cid not in self._chains:
                self._load(cid, now_ms)
        self._loaded_partitions.add(partition)

    def _load(self, cid: str, now_ms: int) -> _ChainState:
        anchored = self.store.load_anchor(cid)
        tail = list(self.store.read_chain(cid, anchored.seq if anchored else 0))
        state = _ChainState(head=tail[-1].head if tail else anchored,
                            anchored_seq=anchored.seq if anchored else None)
        self._chains[cid] = state
        if tail:
            # Entries past the anchored head: a crash hit between appending and anchoring. Their keys and
            # index rows may be missing; write them (never overwriting a finished key), then anchor.
            self.store.put_indexes(tail)
            self.store.repair_event_keys(tail)
            REPAIRED_ENTRIES.inc(len(tail))
            log.warning("chain_tail_repaired", chain_id=cid, entries=len(tail), from_seq=tail[0].seq)
            self._anchor(cid, state, now_ms)
        return state

    def append(self, items: list[dict[str, Any]], now_ms: int) -> list[AuditEntry]:
        """Append entries for ``items`` (``chain.INPUT_FIELDS`` each), per chain in the given order."""
        by_chain: dict[str, list[dict[str, Any]]] = {}
        for fields in items:
            by_chain.setdefault(fields["chain_id"], []).append(fields)
        appended: list[AuditEntry] = []
        for cid, chain_items in by_chain.items():
            state = self._chains.get(cid) or self._load(cid, now_ms)
            head = state.head
            entries = []
            for fields in chain_items:
                entry = make_entry(head, fields)
                entries.append(entry)
                head = entry.head
            if not self.store.append(entries):
                self._chains.pop(cid, None)
                CHAIN_CONFLICTS.inc()
                raise ChainConflict(f"chain {cid} was appended to by another writer")
            state.head = head
            appended.extend(entries)
        return appended

    def anchor(self, cids: Iterable[str], now_ms: int) -> None:
        for cid in cids:
            state = self._chains.get(cid)
            if state is not None:
                self._anchor(cid, state, now_ms)

    def _anchor(self, cid: str, state: _ChainState, now_ms: int) -> None:
        if state.head is None or state.head.seq == state.anchored_seq:
            return
        if self.store.anchor(state.head, state.anchored_seq, now_ms):
            state.anchored_seq = state.head.seq
        else:
            # Someone else moved the anchor: our view is stale. Reload on next use; a stale append fails.
            self._chains.pop(cid, None)
            CHAIN_CONFLICTS.inc()


class BirthYears:
    """Birth year per user: write-through to Cassandra, a bounded LRU in memory (negative entries too).

    A user's preferences and events share a partition number and the audit worker assigns partitions by
    range (same numbers across topics), so the worker that sees an event saw that user's preferences.
    Events consumed before the user's preferences arrive (or without a birth year) get ``age_band`` null.
    """

    def __init__(self, store: AuditLogStore, *, max_size: int) -> None:
        self.store = store
        self.max_size = max_size
        self._cache: OrderedDict[str, int | None] = OrderedDict()

    def update(self, snapshots: list[tuple[str, int | None, int]]) -> None:
        self.store.put_birth_years(snapshots)
        for user_id, _year, _updated_at in snapshots:
            # The table keeps the snapshot with the newest updated_at (a replayed older one loses), so the
            # cache drops the user and reads the winner back instead of guessing.
            self._cache.pop(user_id, None)

    def get_many(self, user_ids: Iterable[str]) -> dict[str, int | None]:
        wanted = set(user_ids)
        found = {u: self._cache[u] for u in wanted if u in self._cache}
        for user_id in found:
            self._cache.move_to_end(user_id)
        missing = sorted(wanted - found.keys())
        if missing:
            loaded = self.store.get_birth_years(missing)
            for user_id in missing:
                self._remember(user_id, loaded.get(user_id))
            found.update(loaded)
        return found

    def _remember(self, user_id: str, year: int | None) -> None:
        self._cache[user_id] = year
        self._cache.move_to_end(user_id)
        while len(self._cache) > self.max_size:
            self._cache.popitem(last=False)


@dataclass(frozen=True)
class _Item:
    record: Record
    fields: dict[str, Any]

    @property
    def key(self) -> str:
        return str(self.fields["event_key"])


class AuditPipeline:
    """The ``AtLeastOnceConsumer`` batch handler of the audit worker."""

    def __init__(self, store: AuditLogStore, analytics: Publisher, *, pseudonym_key: bytes, reload_days: int,
                 birth_year_cache_size: int, raw_of: Callable[[Record], bytes],
                 forget_raw: Callable[[list[Record]], None] = lambda _records: None,
                 assignment: Callable[[], set[int]] | None = None,
                 clock_ms: Callable[[], int] = lambda: int(time.time() * 1000),
                 on_fresh: Callable[[list[Record]], None] | None = None) -> None:
        self.store = store
        self.analytics = analytics
        self.pseudonym_key = pseudonym_key
        self.chains = ChainWriter(store, reload_days=reload_days)
        self.birth_years = BirthYears(store, max_size=birth_year_cache_size)
        self._raw_of = raw_of
        self._forget_raw = forget_raw
        self._assignment = assignment
        self._clock_ms = clock_ms
        self._last_assignment: set[int] = set()
        # Told about each record appended for the first time (not redeliveries): the launch metrics.
        self._on_fresh = on_fresh

    def set_assignment(self, assignment: Callable[[], set[int]]) -> None:
        self._assignment = assignment

    def handle(self, records: list[Record]) -> list[tuple[Record, str]]:
        try:
            poison = self._handle(records)
        except (StoreUnavailable, PublishError, ChainConflict) as error:
            self.chains.forget_all()
            log.warning("audit_batch_retry", error=str(error)[:300], records=len(records))
            raise TransientError(str(error)) from error
        except Exception:
            self.chains.forget_all()
            raise
        self._forget_raw(records)
        return poison

    def _track_assignment(self) -> None:
        if self._assignment is None:
            return
        current = self._assignment()
        lost = self._last_assignment - current
        if lost:
            self.chains.forget_partitions(lost)
        self._last_assignment = current

    def _handle(self, records: list[Record]) -> list[tuple[Record, str]]:
        now_ms = self._clock_ms()
        self._track_assignment()
        poison: list[tuple[Record, str]] = []
        snapshots: list[tuple[str, int | None, int]] = []
        items: list[_Item] = []
        for record in records:
            if record.topic == Topic.PREFERENCES:
                snapshot = _birth_year_snapshot(record.value)
                if snapshot is None:
                    poison.append((record, "preferences: user_id and updated_at are required"))
                else:
                    snapshots.append(snapshot)
                continue
            try:
                fields = _entry_fields(record, self._raw_of(record), now_ms)
            except (UnmappableRecord, UnsupportedTopic, ChainError) as error:
                poison.append((record, f"unauditable: {type(error).__name__}: {error}"))
                continue
            items.append(_Item(record, fields))
        if snapshots:
            self.birth_years.update(snapshots)
        if not items:
            return poison

        for partition in sorted({item.record.partition for item in items}):
            self.chains.ensure_partition(partition, now_ms)
        known = self.store.lookup_event_keys({item.key for item in items})
        fresh: list[_Item] = []
        replay_analytics: list[_Item] = []
        seen: set[str] = set()
        for item in items:
            if item.key in seen or item.key in known:
                DUPLICATES_SKIPPED.labels(item.record.topic).inc()
                if item.key not in seen and known.get(item.key) is False:
                    replay_analytics.append(item)
                seen.add(item.key)
                continue
            seen.add(item.key)
            fresh.append(item)

        entries = self.chains.append([item.fields for item in fresh], now_ms)
        self.store.put_indexes(entries)
        events = self._analytics_events([*fresh, *replay_analytics], now_ms)
        self.analytics.publish(events)
        self.store.put_event_keys(entries)
        if replay_analytics:
            self.store.mark_analytics_done([item.key for item in replay_analytics])
        self.chains.anchor(dict.fromkeys(entry.chain_id for entry in entries), now_ms)

        if self._on_fresh is not None and fresh:
            self._on_fresh([item.record for item in fresh])
        for entry in entries:
            EVENTS_AUDITED.labels(entry.event_type).inc()
        for event in events:
            ANALYTICS_PUBLISHED.labels(event["event_type"]).inc()
        return poison

    def _analytics_events(self, items: list[_Item], now_ms: int) -> list[dict[str, Any]]:
        users = {item.record.value.get("user_id") for item in items}
        birth_years = self.birth_years.get_many(u for u in users if isinstance(u, str) and u)
        now_year = datetime.fromtimestamp(now_ms / 1000, tz=UTC).year
        events = []
        for item in items:
            value = item.record.value
            try:
                event = deidentify(item.record.topic, value, key=self.pseudonym_key,
                                   birth_year=birth_years.get(value.get("user_id") or ""), now_year=now_year,
                                   source_key=item.key)
            except (UnmappableRecord, UnsupportedTopic) as error:
                # Audited (the log holds it) but not fit for analysts; never worth a retry or a DLQ entry.
                ANALYTICS_SKIPPED.labels(item.record.topic, type(error).__name__).inc()
                continue
            if event is not None:
                events.append(event)
        return events


def _entry_fields(record: Record, raw: bytes, now_ms: int) -> dict[str, Any]:
    return entry_fields(topic=record.topic, partition=record.partition, offset=record.offset,
                        record=record.value, raw=raw, recorded_at=now_ms)


def _birth_year_snapshot(value: dict[str, Any]) -> tuple[str, int | None, int] | None:
    user_id, updated_at, year = value.get("user_id"), value.get("updated_at"), value.get("birth_year")
    if not isinstance(user_id, str) or not user_id:
        return None
    if isinstance(updated_at, bool) or not isinstance(updated_at, int) or updated_at < 0:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        year = None
    return user_id, year, updated_at
