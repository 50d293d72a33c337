"""The nudge engine's state in Quix Streams stores: the one value per user, and the due-time index.

Both stores belong to the concatenated input stream (readings + anomalies + preferences + heartbeats, all
co-partitioned), so partition N of each store holds exactly the users of partition N of every input topic,
and both are RocksDB with a changelog topic, recovered with the partition after a crash or a rebalance.
Writes join the current checkpoint's transaction: they become durable together with the committed offsets.

- Users (the default store of the stream): key = the user id (the message key), one value
  `{"e": <engine state, domain/state.py>, "d": <due ms the user is filed under in the index, or None>}`.
- Due index (a timestamped store named `nudge-due`): entries `(due_ms, user_id)` kept sorted by due time,
  so "who is due at stream time T" is one range read that stops at T, never a scan of the users. It is the
  store Quix Streams keeps its own due-time queue in (the lookup-join buffer), with range reads that see the
  open transaction's writes. Keys are `due (8 bytes, big-endian) | user id`: one entry per (due, user), so a
  replayed record files nothing twice, and a single entry can be deleted. The store's age-based expiry
  (`grace_ms`) is set out of reach: entries leave only when a sweep takes them.
- The partition's stream time is kept in the due store too (prefix `wm`), so a restart resumes the clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

from quixstreams.models.topics import TopicManager
from quixstreams.state.metadata import SEPARATOR
from quixstreams.state.serialization import int_to_bytes

if TYPE_CHECKING:
    from quixstreams.dataframe import StreamingDataFrame
    from quixstreams.state import State
    from quixstreams.state.base import PartitionTransaction
    from quixstreams.state.rocksdb.timestamped import TimestampedPartitionTransaction

DUE_STORE: Final = "nudge-due"
USER_KEY: Final = b"u"  # the one state value per user (bytes: the store does not re-serialise the key)
_DUE_PREFIX: Final = b"due"
_WATERMARK_PREFIX: Final = b"wm"
_WATERMARK_KEY: Final = b"w"
NEVER: Final = 2**63 - 1  # later than any stream time
_UNREAD: Final = object()  # not in the cache (None is a value: no state stored)
_NO_AGE_EXPIRY_MS: Final = 2**62  # the timestamped store's grace: entries leave only through sweeps


def due_key(due_ms: int, user_id: str) -> bytes:
    return int_to_bytes(due_ms) + SEPARATOR + user_id.encode()


class QuixUsers:
    """Per-user values of one partition, in the current checkpoint's transaction, read through `cache`.

    `cache` holds the values this process last read or wrote for the partition (None: no value), so a user
    seen lately costs no RocksDB read and JSON decode. It is valid while this process owns the partition
    (`QuixPartitionStores` empties it on every reassignment) and safe to share: the driver never mutates a
    stored value, and the engine copies the state it works on.
    """

    def __init__(self, transaction: PartitionTransaction, cache: dict[str, Any] | None = None) -> None:
        self._tx = transaction
        self._cache = cache
        self._last: tuple[str, State] | None = None  # a record reads and then writes the same user

    def _state(self, user_id: str) -> State:
        if self._last is None or self._last[0] != user_id:
            self._last = (user_id, self._tx.as_state(prefix=user_id))
        return self._last[1]

    def get(self, user_id: str) -> dict[str, Any] | None:
        cache = self._cache
        if cache is not None:
            value = cache.get(user_id, _UNREAD)
            if value is not _UNREAD:
                return cast("dict[str, Any] | None", value)
        value = self._state(user_id).get(USER_KEY)
        if cache is not None:
            cache[user_id] = value
        return cast("dict[str, Any] | None", value)

    def set(self, user_id: str, value: dict[str, Any]) -> None:
        self._state(user_id).set(USER_KEY, value)
        if self._cache is not None:
            self._cache[user_id] = value

    def delete(self, user_id: str) -> None:
        self._state(user_id).delete(USER_KEY)
        if self._cache is not None:
            self._cache[user_id] = None


class QuixDueIndex:
    """The due-time index and stream time of one partition, in the current checkpoint's transaction."""

    def __init__(self, transaction: TimestampedPartitionTransaction) -> None:
        self._tx = transaction

    def add(self, due_ms: int, user_id: str) -> None:
        self._tx.set(due_key(due_ms, user_id), [due_ms, user_id], prefix=_DUE_PREFIX)

    def remove(self, due_ms: int, user_id: str) -> None:
        self._tx.delete(due_key(due_ms, user_id), prefix=_DUE_PREFIX)

    def due(self, upto_ms: int, limit: int) -> list[tuple[int, str]]:
        """Entries with due ≤ `upto_ms`, earliest first, at most `limit`."""
        entries = self._tx.get_interval(start=0, end=upto_ms + 1, prefix=_DUE_PREFIX, limit=limit)
        return [(int(due), str(user)) for due, user in entries]

    def earliest(self) -> int | None:
        first = self._tx.get_interval(start=0, end=NEVER, prefix=_DUE_PREFIX, limit=1)
        return int(first[0][0]) if first else None

    def load_watermark(self) -> int | None:
        value = self._tx.get(_WATERMARK_KEY, prefix=_WATERMARK_PREFIX)
        return None if value is None else int(value)

    def save_watermark(self, ms: int) -> None:
        self._tx.set(_WATERMARK_KEY, ms, prefix=_WATERMARK_PREFIX)


class QuixPartitionStores:
    """`stores(partition)` for the driver: both stores of a partition in the running checkpoint."""

    def __init__(self, sdf: StreamingDataFrame, cache_users: int = 0) -> None:
        """`cache_users`: users per partition whose values are kept in memory (0: none; `NudgeSettings`)."""
        self._context = sdf.processing_context
        self._stream_id = sdf.stream_id
        self._cache_users = cache_users
        self._caches: dict[int, tuple[object, dict[str, Any]]] = {}  # partition → (store partition, values)
        sdf.register_store()  # the default store: one value per user
        self._context.state_manager.register_timestamped_store(
            stream_id=sdf.stream_id,
            store_name=DUE_STORE,
            grace_ms=_NO_AGE_EXPIRY_MS,
            keep_duplicates=False,  # our keys are unique per (due, user) already
            changelog_config=TopicManager.derive_topic_config(sdf.topics),
        )

    def users(self, partition: int) -> QuixUsers:
        return QuixUsers(self._context.checkpoint.get_store_transaction(
            stream_id=self._stream_id, partition=partition), self._cache(partition))

    def _cache(self, partition: int) -> dict[str, Any] | None:
        if self._cache_users <= 0:
            return None
        generation = self._context.state_manager.get_store(stream_id=self._stream_id).partitions.get(partition)
        entry = self._caches.get(partition)
        if entry is None or entry[0] is not generation:  # (re)assigned: another owner may have written since
            entry = self._caches[partition] = (generation, {})
        if len(entry[1]) >= self._cache_users:
            entry[1].clear()  # full: start over (misses read RocksDB); cheaper than an LRU order per read
        return entry[1]

    def index(self, partition: int) -> QuixDueIndex:
        return QuixDueIndex(cast("TimestampedPartitionTransaction", self._context.checkpoint.get_store_transaction(
            stream_id=self._stream_id, partition=partition, store_name=DUE_STORE)))

    def generation(self, partition: int) -> object:
        """Changes whenever the partition is (re)assigned to this process: in-memory hints are then stale."""
        store = self._context.state_manager.get_store(stream_id=self._stream_id, store_name=DUE_STORE)
        return store.partitions.get(partition)
