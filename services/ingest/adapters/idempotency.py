"""Idempotency by `reading_id`: a resent reading is accepted again, with a `duplicate` warning, and is not
published a second time.

Three layers, checked in this order for the (user_id, reading_id) keys of a request:
1. in flight: another request in this process is publishing the same key right now: wait for its outcome
   (published -> duplicate; failed -> ours is new). Without this, two concurrent resends on one replica
   would both miss the layers below and both publish.
2. `RecentIds`: a bounded LRU of keys this process published (or found in the store) recently. It covers
   the window between the broker's ack and the sink storing the key (the sink's lag: well under a second
   while it keeps up), and saves the lookup for the common retry-after-timeout resend, which comes back to
   the same replica within seconds.
3. `ReadingIdStore`: Cassandra `reading_ids` ((user_id), reading_id), one query per user per request
   (`reading_id IN ?`), read at LOCAL_QUORUM, the level the sink writes at.

Who writes reading_ids, and why the sink: the sink stores a polled batch's keys just before its readings
(`services/ingest/sink.py`), so a reading that is in the medical record is also known to every door. Until
2026-11-25 the doors wrote the keys themselves, after the broker's ack and before the 202; measured with
loadtest/ingest_bench.py (one gateway, batches of 100) that write cost ~8 of the gateway's ~51 CPU-us per
reading, and its wait added to every request's latency, for a guarantee only a resend to another replica
within the sink's lag needs. The rows and Cassandra's work are the same either way; the sink scales out
by partitions, the request path does not get cheaper by waiting.

What is guaranteed, across any number of replicas:
- nothing accepted is lost: a 202 means the broker acked; any failure is a 503 and the key is not cached;
- one row per reading in Cassandra: a second copy of a reading on the topic has the same primary key in
  readings_by_user (user, metric, month, measured_at, reading_id), so the sink overwrites the row with
  itself; no read-before-write in the sink (it would halve its throughput);
- a resend to the replica that accepted the reading is a `duplicate` (memory, then the store); a resend to
  any replica once the sink has stored the reading (keys first, then rows) is a `duplicate` (the store).
What is not: a resend to ANOTHER replica (or via the raw-topic validator) inside the sink's lag, or two
copies in flight at once on two replicas, can publish a second copy on readings.v1; readings.v1 is
at-least-once by contract, its consumers drop repeats by reading_id, and the record stores it once.
Routing by user at the balancer removes even that.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from cassandra.cluster import Session

from services.ingest.adapters.cassandra import as_asyncio

Key = tuple[str, str]  # (user_id, reading_id)

# Ids per `reading_id IN ?` query: a multi-key read of one partition; 100 keeps each query small.
_IDS_PER_QUERY = 100


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
    """Lookups in the Cassandra `reading_ids` table (deploy/migrations/cassandra/001_readings.cql)."""

    SELECT = "SELECT reading_id FROM reading_ids WHERE user_id = ? AND reading_id IN ?"

    def __init__(self, session: Session, *, timeout_s: float) -> None:
        self.session = session
        self.timeout_s = timeout_s
        self._select = session.prepare(self.SELECT)

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
