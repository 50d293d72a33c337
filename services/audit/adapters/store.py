"""Cassandra storage of the audit log (tables: deploy/migrations/cassandra/050_audit.cql).

- ``audit_log``: the entries, partitioned by ``(chain_id, bucket)`` with ``seq`` clustering. Appends are
  single-partition conditional batches (the first seq ``IF NOT EXISTS``): all or nothing, and never an
  overwrite, so a writer with a stale head (it lost its Kafka partition) fails instead of forking the chain.
- ``audit_chain_heads``: the anchored heads, apart from the log (why: the migration and chain.py).
- ``audit_event_keys``: idempotency; ``audit_by_subject``/``audit_by_actor``: query pointers;
  ``audit_user_birth_years``: birth year per user for analytics age bands.

Every driver error that means "Cassandra is unreachable or overloaded" surfaces as ``StoreUnavailable`` so
callers can retry (worker) or answer 503 (API) without knowing the driver.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, ParamSpec, TypeVar

from cassandra import ConsistencyLevel, OperationTimedOut, RequestExecutionException
from cassandra.cluster import Cluster, NoHostAvailable, Session
from cassandra.concurrent import execute_concurrent_with_args
from cassandra.connection import ConnectionException
from cassandra.query import BatchStatement, BatchType, BoundStatement, PreparedStatement

from services.audit.domain.chain import ENTRY_FIELDS, AuditEntry, ChainHead, parse_chain_id, utc_day
from services.common.config import PlatformSettings

# Entries per Cassandra partition of a chain: ~30 MB at ~600 bytes per entry, well under the ~100 MB
# partition size Cassandra is comfortable with, while a quiet day stays in one partition.
BUCKET_SIZE: Final = 50_000
# Columns of audit_log besides the partition key's bucket, in insert order.
LOG_COLUMNS: Final = ("chain_id", "bucket", *[name for name in ENTRY_FIELDS if name != "chain_id"], "entry_hash")
_CONCURRENCY: Final = 32  # in-flight requests for multi-key reads/writes
_PAGE: Final = 2_000  # rows per page when walking a chain
# Keys per `IN` lookup and rows per unlogged write batch. One request per hundred keys or fifty rows
# instead of one per row: the worker's cost is dominated by per-request overhead in the Python driver.
# Write batches group rows by replica (so a batch is applied by the node that owns its rows); the local
# stack sets unlogged_batch_across_partitions_warn_threshold to 100, production must allow 50 too.
IN_CHUNK: Final = 100
WRITE_BATCH_ROWS: Final = 50

# Driver errors that mean "unavailable right now" (retry later): no host, lost connection, coordinator
# timeouts/unavailable/overloaded, client timeout. Not a rejected statement (InvalidRequest): that is a bug.
_OUTAGE_ERRORS: Final = (NoHostAvailable, ConnectionException, RequestExecutionException, OperationTimedOut)


class StoreUnavailable(Exception):
    """Cassandra is down, unreachable or timing out."""


P = ParamSpec("P")
R = TypeVar("R")


def _translating(method: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except _OUTAGE_ERRORS as error:
            raise StoreUnavailable(f"{type(error).__name__}: {error}") from error

    return wrapper


def bucket_of(seq: int) -> int:
    return seq // BUCKET_SIZE


def entry_row(entry: AuditEntry) -> tuple[Any, ...]:
    """The values of an ``audit_log`` row in ``LOG_COLUMNS`` order."""
    data = entry.to_dict()
    return tuple(bucket_of(entry.seq) if name == "bucket" else data[name] for name in LOG_COLUMNS)


def row_entry(row: Any) -> AuditEntry:
    """An entry from an ``audit_log`` row (named tuple or mapping); the bucket is dropped."""
    data = row._asdict() if hasattr(row, "_asdict") else dict(row)
    return AuditEntry.from_dict(data)


def estimated_size(entry: AuditEntry) -> int:
    """Approximate serialized size of an entry in a batch (column values plus per-cell overhead)."""
    return sum(len(str(value)) + 8 for value in entry.to_dict().values()) + 64


def append_chunks(entries: list[AuditEntry], max_bytes: int) -> list[list[AuditEntry]]:
    """Split consecutive entries of one chain into conditional batches: one Cassandra partition each
    (a conditional batch may only touch one) and at most ``max_bytes`` (Cassandra fails big batches)."""
    chunks: list[list[AuditEntry]] = []
    current: list[AuditEntry] = []
    size = 0
    for entry in entries:
        entry_size = estimated_size(entry)
        if current and (bucket_of(entry.seq) != bucket_of(current[0].seq) or size + entry_size > max_bytes):
            chunks.append(current)
            current, size = [], 0
        current.append(entry)
        size += entry_size
    if current:
        chunks.append(current)
    return chunks


@dataclass(frozen=True, slots=True)
class Pointer:
    """An index row: where an entry is, and when it was recorded."""

    recorded_at: int
    chain_id: str
    seq: int


class CassandraAuditStore:
    """All audit reads and writes. Thread-safe (the driver session is); build once per process."""

    def __init__(self, session: Session, *, append_batch_max_bytes: int = 48 * 1024) -> None:
        self.session = session
        self.append_batch_max_bytes = append_batch_max_bytes
        # Statements are built from constant column names only; every value is a bind marker.
        columns = ", ".join(LOG_COLUMNS)
        placeholders = ", ".join("?" for _ in LOG_COLUMNS)
        prepare = session.prepare
        self._insert_first_entry = prepare(
            f"INSERT INTO audit_log ({columns}) VALUES ({placeholders}) IF NOT EXISTS")  # noqa: S608
        self._insert_next_entry = prepare(
            f"INSERT INTO audit_log ({columns}) VALUES ({placeholders})")  # noqa: S608
        self._select_bucket = prepare(
            f"SELECT {columns} FROM audit_log WHERE chain_id = ? AND bucket = ? AND seq > ?")  # noqa: S608
        self._select_entry = prepare(
            f"SELECT {columns} FROM audit_log WHERE chain_id = ? AND bucket = ? AND seq = ?")  # noqa: S608
        self._select_anchor = prepare(
            "SELECT chain_id, seq, entry_hash FROM audit_chain_heads WHERE day = ? AND kafka_partition = ?")
        self._select_anchors_of_day = prepare(
            "SELECT chain_id, seq, entry_hash FROM audit_chain_heads WHERE day = ?")
        self._insert_anchor = prepare(
            "INSERT INTO audit_chain_heads (day, kafka_partition, chain_id, seq, entry_hash, anchored_at) "
            "VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS")
        self._advance_anchor = prepare(
            "UPDATE audit_chain_heads SET seq = ?, entry_hash = ?, anchored_at = ? "
            "WHERE day = ? AND kafka_partition = ? IF seq = ?")
        self._select_keys = prepare(
            "SELECT event_key, analytics_done FROM audit_event_keys WHERE event_key IN ?")
        self._insert_key = prepare(
            "INSERT INTO audit_event_keys (event_key, chain_id, seq, analytics_done) VALUES (?, ?, ?, ?)")
        self._repair_key = prepare(
            "INSERT INTO audit_event_keys (event_key, chain_id, seq, analytics_done) VALUES (?, ?, ?, false) "
            "IF NOT EXISTS")
        self._mark_done = prepare("UPDATE audit_event_keys SET analytics_done = true WHERE event_key = ?")
        self._insert_by_subject = prepare(
            "INSERT INTO audit_by_subject (subject, day, recorded_at, chain_id, seq) VALUES (?, ?, ?, ?, ?)")
        self._insert_by_actor = prepare(
            "INSERT INTO audit_by_actor (actor, day, recorded_at, chain_id, seq) VALUES (?, ?, ?, ?, ?)")
        self._select_by: dict[str, PreparedStatement] = {
            column: prepare(
                f"SELECT recorded_at, chain_id, seq FROM audit_by_{column} WHERE {column} = ? AND day = ? "  # noqa: S608
                "AND recorded_at >= ? AND recorded_at < ?")
            for column in ("subject", "actor")
        }
        self._select_birth_years = prepare(
            "SELECT user_id, birth_year FROM audit_user_birth_years WHERE user_id IN ?")
        self._upsert_birth_year = prepare(
            "INSERT INTO audit_user_birth_years (user_id, birth_year, updated_at) VALUES (?, ?, ?) "
            "USING TIMESTAMP ?")
        for statement in (self._select_bucket, *self._select_by.values()):
            statement.fetch_size = _PAGE

    # -- operations -----------------------------------------------------------------------------------

    @_translating
    def ping(self) -> bool:
        return self.session.execute("SELECT release_version FROM system.local", timeout=2).one() is not None

    # -- the chain ------------------------------------------------------------------------------------

    @_translating
    def load_anchor(self, cid: str) -> ChainHead | None:
        partition, day = parse_chain_id(cid)
        row = self.session.execute(self._select_anchor, (day, partition)).one()
        return None if row is None else ChainHead(row.chain_id, row.seq, row.entry_hash)

    @_translating
    def anchors_of_day(self, day: str) -> dict[str, ChainHead]:
        return {row.chain_id: ChainHead(row.chain_id, row.seq, row.entry_hash)
                for row in self.session.execute(self._select_anchors_of_day, (day,))}

    def read_chain(self, cid: str, after_seq: int = 0, *, through_seq: int | None = None) -> Iterator[AuditEntry]:
        """Entries with seq > ``after_seq`` in seq order, page by page across buckets. Stops at the first
        empty bucket past ``through_seq`` (a whole missing bucket before it is still walked over)."""
        bucket = bucket_of(after_seq + 1)
        last_bucket_to_visit = bucket_of(through_seq) if through_seq is not None else bucket
        while True:
            found = False
            for row in self._rows(self._select_bucket, (cid, bucket, after_seq)):
                found = True
                yield row_entry(row)
            if not found and bucket >= last_bucket_to_visit:
                return
            bucket += 1

    def _rows(self, statement: PreparedStatement, params: tuple[Any, ...]) -> Iterator[Any]:
        try:
            yield from self.session.execute(statement, params)
        except _OUTAGE_ERRORS as error:
            raise StoreUnavailable(f"{type(error).__name__}: {error}") from error

    @_translating
    def append(self, entries: list[AuditEntry]) -> bool:
        """Insert consecutive entries of one chain, all new. False when another writer got there first:
        chunks before the refused one may be stored.

        Each chunk is one conditional batch on one partition, conditioned on its first seq being free
        (``IF NOT EXISTS``): writers always append right after the last existing entry, so whoever takes
        that seq owns the seqs after it, and Paxos serialises racing writers. Conditioning only the first
        row saves reading every row of the chunk inside the lightweight transaction.
        """
        for chunk in append_chunks(entries, self.append_batch_max_bytes):
            batch = BatchStatement(batch_type=BatchType.UNLOGGED,
                                   serial_consistency_level=ConsistencyLevel.LOCAL_SERIAL)
            for position, entry in enumerate(chunk):
                batch.add(self._insert_first_entry if position == 0 else self._insert_next_entry,
                          entry_row(entry))
            if not self.session.execute(batch).was_applied:
                return False
        return True

    @_translating
    def anchor(self, head: ChainHead, previous_seq: int | None, anchored_at: int) -> bool:
        """Move the anchored head of ``head.chain_id`` to ``head`` if it still is at ``previous_seq``
        (``None``: no head yet). Heads only ever move forward. False when someone else moved it."""
        partition, day = parse_chain_id(head.chain_id)
        if previous_seq is None:
            result = self.session.execute(
                self._insert_anchor, (day, partition, head.chain_id, head.seq, head.entry_hash, anchored_at))
        else:
            result = self.session.execute(
                self._advance_anchor, (head.seq, head.entry_hash, anchored_at, day, partition, previous_seq))
        return bool(result.was_applied)

    @_translating
    def get_entries(self, pointers: list[tuple[str, int]]) -> list[AuditEntry | None]:
        """The entries at ``(chain_id, seq)``, in order; ``None`` where there is none."""
        params = [(cid, bucket_of(seq), seq) for cid, seq in pointers]
        results = execute_concurrent_with_args(self.session, self._select_entry, params,
                                               concurrency=_CONCURRENCY, raise_on_first_error=True)
        found: list[AuditEntry | None] = []
        for _success, rows in results:
            row = rows.one()
            found.append(None if row is None else row_entry(row))
        return found

    # -- idempotency ----------------------------------------------------------------------------------

    @_translating
    def lookup_event_keys(self, keys: Iterable[str]) -> dict[str, bool]:
        """For each already audited key: whether its analytics event is known to be published."""
        return {row.event_key: bool(row.analytics_done) for row in self._select_in(self._select_keys, list(keys))}

    @_translating
    def put_event_keys(self, entries: list[AuditEntry]) -> None:
        """Mark events audited, after their entries, index rows and analytics events are written."""
        self._write(self._insert_key, [(e.event_key, e.chain_id, e.seq, True) for e in entries])

    @_translating
    def repair_event_keys(self, entries: list[AuditEntry]) -> None:
        """Keys for entries found past the anchored head after a crash; never overwrites a finished key."""
        self._concurrently(self._repair_key, [(e.event_key, e.chain_id, e.seq) for e in entries])

    @_translating
    def mark_analytics_done(self, keys: list[str]) -> None:
        self._write(self._mark_done, [(key,) for key in keys])

    # -- query indexes --------------------------------------------------------------------------------

    @_translating
    def put_indexes(self, entries: list[AuditEntry]) -> None:
        by_subject = [(e.subject, utc_day(e.recorded_at), e.recorded_at, e.chain_id, e.seq)
                      for e in entries if e.subject]
        by_actor = [(e.actor, utc_day(e.recorded_at), e.recorded_at, e.chain_id, e.seq) for e in entries]
        self._write(self._insert_by_subject, by_subject)
        self._write(self._insert_by_actor, by_actor)

    def pointers(self, column: str, value: str, day: str, since_ms: int, until_ms: int) -> Iterator[Pointer]:
        """Index rows of ``column`` (subject|actor) = value on ``day`` in [since, until), oldest first."""
        for row in self._rows(self._select_by[column], (value, day, since_ms, until_ms)):
            yield Pointer(row.recorded_at, row.chain_id, row.seq)

    # -- birth years ----------------------------------------------------------------------------------

    @_translating
    def get_birth_years(self, user_ids: list[str]) -> dict[str, int | None]:
        years: dict[str, int | None] = dict.fromkeys(user_ids)
        for row in self._select_in(self._select_birth_years, user_ids):
            years[row.user_id] = row.birth_year
        return years

    @_translating
    def put_birth_years(self, snapshots: list[tuple[str, int | None, int]]) -> None:
        """``(user_id, birth_year, updated_at ms)``; the write timestamp is updated_at, so the newest wins."""
        self._write(self._upsert_birth_year,
                    [(user, year, updated_at, updated_at * 1000) for user, year, updated_at in snapshots])

    def _concurrently(self, statement: PreparedStatement, params: list[tuple[Any, ...]]) -> None:
        if params:
            execute_concurrent_with_args(self.session, statement, params, concurrency=_CONCURRENCY,
                                         raise_on_first_error=True)

    def _select_in(self, statement: PreparedStatement, keys: list[str]) -> list[Any]:
        """Rows of ``... WHERE key IN ?`` for all ``keys``, a hundred keys per request, concurrently."""
        unique = sorted(set(keys))
        chunks = [(unique[i:i + IN_CHUNK],) for i in range(0, len(unique), IN_CHUNK)]
        if not chunks:
            return []
        results = execute_concurrent_with_args(self.session, statement, chunks, concurrency=_CONCURRENCY,
                                               raise_on_first_error=True)
        return [row for _success, rows in results for row in rows]

    def _write(self, statement: PreparedStatement, params: list[tuple[Any, ...]]) -> None:
        """Idempotent upserts, as unlogged batches of rows owned by the same replica (see WRITE_BATCH_ROWS)."""
        if not params:
            return
        by_replica: dict[Any, list[BoundStatement]] = {}
        metadata = self.session.cluster.metadata
        for values in params:
            bound = statement.bind(values)
            replicas = metadata.get_replicas(bound.keyspace, bound.routing_key) if bound.routing_key else []
            by_replica.setdefault(replicas[0] if replicas else None, []).append(bound)
        batches = []
        for bounds in by_replica.values():
            for start in range(0, len(bounds), WRITE_BATCH_ROWS):
                batch = BatchStatement(batch_type=BatchType.UNLOGGED)
                for bound in bounds[start:start + WRITE_BATCH_ROWS]:
                    batch.add(bound)
                batches.append(batch)
        futures = [self.session.execute_async(batch) for batch in batches]
        for future in futures:
            future.result()


class StoreConnection:
    """Connects lazily and keeps one cluster/session: the API starts (and answers 503) while Cassandra is
    down, and picks the store up as soon as it is reachable; the driver reconnects after that."""

    def __init__(self, settings: PlatformSettings, *, append_batch_max_bytes: int = 48 * 1024) -> None:
        self._settings = settings
        self._append_batch_max_bytes = append_batch_max_bytes
        self._lock = threading.Lock()
        self._cluster: Cluster | None = None
        self._store: CassandraAuditStore | None = None

    def store(self) -> CassandraAuditStore:
        if self._store is not None:
            return self._store
        with self._lock:
            if self._store is None:
                from services.common.cassandra import connect

                try:
                    cluster, session = connect(self._settings)
                except _OUTAGE_ERRORS as error:
                    raise StoreUnavailable(f"{type(error).__name__}: {error}") from error
                try:
                    self._store = CassandraAuditStore(
                        session, append_batch_max_bytes=self._append_batch_max_bytes)
                except _OUTAGE_ERRORS as error:
                    cluster.shutdown()
                    raise StoreUnavailable(f"{type(error).__name__}: {error}") from error
                self._cluster = cluster
            return self._store

    def ping(self) -> bool:
        try:
            return self.store().ping()
        except StoreUnavailable:
            return False

    def close(self) -> None:
        with self._lock:
            if self._cluster is not None:
                self._cluster.shutdown()
            self._cluster, self._store = None, None
