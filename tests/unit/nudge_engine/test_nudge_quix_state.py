"""The Quix Streams-backed stores of the nudge engine on real RocksDB partitions (no broker needed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from quixstreams.state.rocksdb import RocksDBStore
from quixstreams.state.rocksdb.timestamped import TimestampedStore

from services.nudge_engine.adapters.quix_state import DUE_STORE, QuixDueIndex, QuixUsers

HOUR = 3_600_000


@pytest.fixture
def stores(tmp_path) -> Iterator[tuple[RocksDBStore, TimestampedStore]]:
    users = RocksDBStore(name="default", stream_id="nudge-test", base_dir=str(tmp_path))
    due = TimestampedStore(name=DUE_STORE, stream_id="nudge-test", base_dir=str(tmp_path), grace_ms=2**62,
                           keep_duplicates=False)
    users.assign_partition(0)
    due.assign_partition(0)
    yield users, due
    users.close()
    due.close()


def _commit(*transactions) -> None:  # type: ignore[no-untyped-def]
    for tx in transactions:
        tx.prepare()
        tx.flush()


def test_due_entries_come_back_in_due_order_up_to_the_stream_time(stores):
    _, due = stores
    tx = due.start_partition_transaction(0)
    index = QuixDueIndex(tx)
    index.add(5 * HOUR, "late")
    index.add(1 * HOUR, "early|with|separators")
    index.add(3 * HOUR, "middle")
    index.add(3 * HOUR, "also-middle")
    # Read-your-writes inside the open transaction...
    assert index.due(3 * HOUR, limit=10) == [(HOUR, "early|with|separators"), (3 * HOUR, "also-middle"),
                                             (3 * HOUR, "middle")]
    _commit(tx)
    # ...and the same from RocksDB after the flush, merged with new uncommitted writes and deletes.
    index = QuixDueIndex(due.start_partition_transaction(0))
    index.add(2 * HOUR, "new")
    index.remove(3 * HOUR, "middle")
    assert index.due(3 * HOUR, limit=10) == [(HOUR, "early|with|separators"), (2 * HOUR, "new"),
                                             (3 * HOUR, "also-middle")]
    assert index.due(3 * HOUR, limit=2) == [(HOUR, "early|with|separators"), (2 * HOUR, "new")]
    assert index.due(HOUR - 1, limit=10) == []
    assert index.earliest() == HOUR


def test_one_entry_per_due_time_and_user_so_a_replay_files_nothing_twice(stores):
    _, due = stores
    tx = due.start_partition_transaction(0)
    index = QuixDueIndex(tx)
    index.add(HOUR, "ann")
    index.add(HOUR, "ann")
    _commit(tx)
    index = QuixDueIndex(due.start_partition_transaction(0))
    index.add(HOUR, "ann")
    assert index.due(2 * HOUR, limit=10) == [(HOUR, "ann")]
    index.remove(HOUR, "ann")
    assert index.due(2 * HOUR, limit=10) == []
    assert index.earliest() is None


def test_stream_time_and_user_values_survive_a_commit(stores):
    users_store, due = stores
    users_tx, due_tx = users_store.start_partition_transaction(0), due.start_partition_transaction(0)
    QuixDueIndex(due_tx).save_watermark(123_456)
    QuixUsers(users_tx).set("ann", {"e": {"v": 1}, "d": HOUR})
    QuixUsers(users_tx).set("bob", {"e": {"v": 1}, "d": None})
    QuixUsers(users_tx).delete("bob")
    _commit(users_tx, due_tx)
    users = QuixUsers(users_store.start_partition_transaction(0))
    assert users.get("ann") == {"e": {"v": 1}, "d": HOUR}
    assert users.get("bob") is None
    assert QuixDueIndex(due.start_partition_transaction(0)).load_watermark() == 123_456
    assert QuixDueIndex(due.start_partition_transaction(0)).due(10 * HOUR, limit=10) == []  # not an entry


def test_user_values_are_read_through_the_cache_and_written_through_to_the_store(stores):
    users_store, _ = stores
    cache: dict = {}
    tx = users_store.start_partition_transaction(0)
    users = QuixUsers(tx, cache)
    assert users.get("ann") is None and cache == {"ann": None}  # "no value" is remembered too
    users.set("ann", {"e": {"v": 1}, "d": HOUR})
    users.set("bob", {"e": {"v": 1}, "d": None})
    users.delete("bob")
    assert cache == {"ann": {"e": {"v": 1}, "d": HOUR}, "bob": None}
    _commit(tx)
    cache["ann"] = {"e": {"v": 1}, "d": 2 * HOUR}  # a cached value answers without a store read...
    assert QuixUsers(users_store.start_partition_transaction(0), cache).get("ann")["d"] == 2 * HOUR
    fresh = QuixUsers(users_store.start_partition_transaction(0), {})  # ...and the store has every write
    assert fresh.get("ann") == {"e": {"v": 1}, "d": HOUR}
    assert fresh.get("bob") is None
