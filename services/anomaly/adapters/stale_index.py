"""The durable due-time index of stale-data episodes: which users may turn stale at which stream time.

One index per partition, in a Quix Streams timestamped store (RocksDB + its own changelog topic, recovered
with the partition like the per-user state). An entry is `(slot_ms, user_id)`, where `slot_ms` is the
user's due time (`stale_due_at(last_at)`) rounded UP to a slot of `slot_ms` width; the store keeps entries
sorted by that time, so the due ones are one range read, never a scan of the partition's users.

Lazy timer wheel: each user with an open episode has one entry, made by the user's first reading (or the
first reading after an episode fired) — the readings in between do not touch the index. A sweep takes
every entry up to the partition's stream time and, per user (one state read), either fires the episode
(`evaluate_staleness`) or, when the user has sent since, puts the user back at the current due slot. Due
times only grow (they follow the newest `measured_at`), so an entry is early, never late (the one exception
is deliberate: a reading that arrives already stale is indexed 7 days after its arrival, see
`AnomalyProcessor._index_episode`); an active user is moved about once a week. Entries are never deleted
one by one: the sweep deletes its whole range.

Why a timestamped store: it is the store Quix Streams itself keeps due-time queues in (the lookup-join
buffer's pending queue), with range reads that merge the open transaction's writes (read-your-writes).
`grace_ms` is set so large that the store's age-based expiry never removes an entry: only sweeps do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from quixstreams.dataframe import StreamingDataFrame
    from quixstreams.state.rocksdb.timestamped import TimestampedPartitionTransaction

STORE_NAME = "stale-due"
NEVER = 2**63 - 1  # no entry: no stream time reaches it
_PREFIX = b"due"  # one queue per store partition
_NO_AGE_EXPIRY_MS = 2**62  # the timestamped store's grace: entries leave only through `take_due`


class StaleDueIndex:
    """The per-partition due-time index; use inside the dataframe's processing (it joins the checkpoint)."""

    def __init__(self, sdf: StreamingDataFrame, slot_ms: int) -> None:
        if slot_ms <= 0:
            raise ValueError("slot_ms must be positive")
        self._slot_ms = slot_ms
        self._context = sdf.processing_context
        self._stream_id = sdf.stream_id
        from quixstreams.models.topics import TopicManager

        self._context.state_manager.register_timestamped_store(
            stream_id=sdf.stream_id,
            store_name=STORE_NAME,
            grace_ms=_NO_AGE_EXPIRY_MS,
            keep_duplicates=True,  # many users share a slot: each entry gets its own counter suffix
            changelog_config=TopicManager.derive_topic_config(sdf.topics),
        )

    def slot(self, due_ms: int) -> int:
        """`due_ms` rounded up to the index slot: the stream time at which the entry is swept."""
        return -(-due_ms // self._slot_ms) * self._slot_ms

    def _transaction(self, partition: int) -> TimestampedPartitionTransaction:
        return cast(
            "TimestampedPartitionTransaction",
            self._context.checkpoint.get_store_transaction(
                stream_id=self._stream_id, partition=partition, store_name=STORE_NAME
            ),
        )

    def add(self, partition: int, slot_ms: int, user_id: str) -> None:
        # The value repeats the slot, so the next due slot is known from one bounded read (`_next`).
        self._transaction(partition).set_for_timestamp(slot_ms, [slot_ms, user_id], prefix=_PREFIX)

    def take_due(self, partition: int, now_ms: int) -> tuple[list[str], int]:
        """Remove every entry with slot ≤ `now_ms`; return their users and the next slot (or NEVER)."""
        transaction = self._transaction(partition)
        due: list[list[Any]] = transaction.get_interval(start=0, end=now_ms + 1, prefix=_PREFIX)
        if due:
            transaction.delete_interval(start=0, end=now_ms + 1, prefix=_PREFIX)
        return [entry[1] for entry in due], self._next(transaction, now_ms + 1)

    def next_slot(self, partition: int) -> int:
        """The earliest slot that holds an entry, or NEVER."""
        return self._next(self._transaction(partition), 0)

    @staticmethod
    def _next(transaction: TimestampedPartitionTransaction, from_ms: int) -> int:
        first = transaction.get_interval(start=from_ms, end=NEVER, prefix=_PREFIX, limit=1)
        return int(first[0][0]) if first else NEVER
