"""Idempotency by `reading_id`: a resent reading is accepted again, with a `duplicate` warning, and is not
published a second time.

Three layers, checked in this order for the (user_id, reading_id) keys of a request:
1. in flight: another request in this process is publishing the same key right now: wait for its outcome
   (published -> duplicate; failed -> ours is new). Without this, two concurrent resends on one replica
   would both miss the layers below and both publish.
2. `RecentIds`: a bounded LRU of keys this process published (or found in the store) recently. It covers
   the window between the broker's ack and the reading_ids row becoming visible, and saves the lookup for
   the common retry-after-timeout resend, which comes back to the same replica within seconds.
3. `ReadingIdStore`: Cassandra `reading_ids` ((user_id), reading_id), one query per user per request
   (`reading_id IN ?`), read and written at LOCAL_QUORUM so every replica sees what any other wrote.

When reading_ids is written, and why there: by the door (gateway, validator) AFTER the broker acked the
records and BEFORE replying 202 (one UNLOGGED batch per user and request); the sink does not write it.
- Not before producing (a reservation): a produce that fails after the reservation would turn the client's
  resend into a "duplicate" that was never published: a lost reading.
- Not in the sink: that leaves a window as long as the sink's lag (seconds; minutes during a Cassandra
  outage) in which a resend to another replica publishes a second copy; and it would double the sink's
  statements for traffic of one reading per user per poll, the common case at 100,000 users.
- The race that remains: the door crashes (or the write fails) between the broker's ack and its write.
  Then the key is only in that process's memory (gone with a crash), and a later resend to a process
  that never saw it publishes a second copy on readings.v1, which still becomes no second row (below).

What is guaranteed, across any number of replicas:
- nothing accepted is lost: a 202 means the broker acked; any failure is a 503 and the key is not cached;
- once a client holds a 202 for a reading, every replica (and the raw-topic validator) answers a resend of
  it with `duplicate` and publishes nothing: the reading_ids write (LOCAL_QUORUM) happened before the 202
  (unless that write failed, which is logged and counted: heartwise_ingest_dependency_errors_total);
- one row per reading in Cassandra: a second copy of a reading on the topic has the same primary key in
  readings_by_user (user, metric, month, measured_at, reading_id), so the sink overwrites the row with
  itself; no read-before-write in the sink (it would halve its throughput).
The residual case: two requests with the same reading_id in flight at the same moment on two different
replicas (or on a replica and the raw-topic validator) can both publish; readings.v1 is at-least-once by
contract and its consumers dedup by reading_id. Routing by user at the balancer removes even that.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from cassandra.cluster import Session
from cassandra.query import BatchStatement, BatchType

from services.ingest.adapters.cassandra import FastBinder, as_asyncio

Key = tuple[str, str]  # (user_id, reading_id)

# Ids per `reading_id IN ?` query: a multi-key read of one partition; 100 keeps each query small.
_IDS_PER_QUERY = 100
# reading_ids rows per UNLOGGED batch (one partition: the user).
_ROWS_PER_BATCH = 100


class StoreUnavailable(Exception):
    """Cassandra did not answer: the caller answers 503 (gateway) or retries the batch (validator)."""


class RecentIds:
    """A bounded LRU of recently published keys (this process only)."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self.capacity = capacity
        self._keys: OrderedDict[Key, None] = OrderedDict()

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def add_many(self, keys: Iterable[Key]) -> None:
        for key in keys:
            self._keys[key] = None
            self._keys.move_to_end(key)
        while len(self._keys) > self.capacity:
            self._keys.popitem(last=False)


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class ReadingIdStore:
    """The Cassandra `reading_ids` table (deploy/migrations/cassandra/001_readings.cql)."""

    SELECT = "SELECT reading_id FROM reading_ids WHERE user_id = ? AND reading_id IN ?"
    INSERT = "INSERT INTO reading_ids (user_id, reading_id, metric, measured_at) VALUES (?, ?, ?, ?)"

    def __init__(self, session: Session, *, timeout_s: float) -> None:
        self.session = session
        self.timeout_s = timeout_s
        self._select = session.prepare(self.SELECT)
        self._insert = FastBinder(session.prepare(self.INSERT))

    async def seen(self, keys: Iterable[Key]) -> set[Key]:
        """The keys among `keys` that reading_ids already holds."""
        by_user: dict[str, list[str]] = defaultdict(list)
        for user_id, reading_id in keys:
            by_user[user_id].append(reading_id)
        if not by_user:
            return set()
        loop = asyncio.get_running_loop()
        queries = [(user_id, list(chunk)) for user_id, ids in by_user.items() for chunk in _chunks(ids, _IDS_PER_QUERY)]
        try:
            results = await asyncio.gather(*(
                as_asyncio(self.session.execute_async(self._select, (user_id, ids), timeout=self.timeout_s), loop)
                for user_id, ids in queries))
        except Exception as error:
            raise StoreUnavailable(f"reading_ids lookup failed: {type(error).__name__}") from error
        found: set[Key] = set()
        for (user_id, _ids), rows in zip(queries, results, strict=True):
            found.update((user_id, row.reading_id) for row in rows)
        return found

    async def record(self, readings: Iterable[dict[str, Any]]) -> None:
        """Write the keys of published readings (one UNLOGGED batch per user and 100 rows)."""
        loop = asyncio.get_running_loop()
        try:
            await asyncio.gather(*(
                as_asyncio(self.session.execute_async(statement, timeout=self.timeout_s), loop)
                for statement in self.statements(readings)))
        except Exception as error:
            raise StoreUnavailable(f"reading_ids write failed: {type(error).__name__}") from error

    def statements(self, readings: Iterable[dict[str, Any]]) -> list[BatchStatement]:
        by_user: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for reading in readings:
            by_user[reading["user_id"]].append(reading)
        insert = self._insert
        metrics: dict[str, bytes] = {}
        statements = []
        for user_id, user_readings in by_user.items():
            user = insert.serialize(0, user_id)  # the same bytes in every row of the user's batch
            for chunk in _chunks(user_readings, _ROWS_PER_BATCH):
                batch = BatchStatement(batch_type=BatchType.UNLOGGED)
                for reading in chunk:
                    metric = reading["metric"]
                    if metric not in metrics:
                        metrics[metric] = insert.serialize(2, metric)
                    batch.add(insert.bind_serialized([user, insert.serialize(1, reading["reading_id"]),
                                                      metrics[metric], insert.serialize(3, reading["measured_at"])]))
                statements.append(batch)
        return statements


class Deduplicator:
    """Splits a request's keys into new ones (now claimed by the caller) and duplicates.

    Runs on one event loop (the gateway's, or the validator's private one); not thread-safe by design.
    Every key `claim` returns as new MUST later be passed to `release`.
    """

    def __init__(self, store: ReadingIdStore | None, recent: RecentIds) -> None:
        self.store = store
        self.recent = recent
        self._in_flight: dict[Key, asyncio.Future[bool]] = {}

    async def claim(self, keys: Sequence[Key]) -> tuple[list[Key], set[Key]]:
        """(new keys, in `keys` order; duplicate keys). Raises StoreUnavailable (nothing claimed then)."""
        while True:
            waiting = {self._in_flight[key] for key in keys if key in self._in_flight}
            if not waiting:
                break
            await asyncio.wait(waiting)  # loop: a third request may have claimed meanwhile
        duplicates = {key for key in keys if key in self.recent}
        candidates = [key for key in keys if key not in duplicates]
        if not candidates:
            return [], duplicates
        loop = asyncio.get_running_loop()
        for key in candidates:  # no await since the checks above: claiming is atomic on the loop
            self._in_flight[key] = loop.create_future()
        try:
            known = await self.store.seen(candidates) if self.store is not None else set()
        except BaseException:
            self.release(candidates, published=False)
            raise
        if known:
            self.release(known, published=True)  # in the store already: settle waiters, cache them
            duplicates |= known
        return [key for key in candidates if key not in known], duplicates

    def release(self, keys: Iterable[Key], *, published: bool) -> None:
        keys = list(keys)
        if published:
            self.recent.add_many(keys)
        for key in keys:
            future = self._in_flight.pop(key, None)
            if future is not None and not future.done():
                future.set_result(published)

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)
