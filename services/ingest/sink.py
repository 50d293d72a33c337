"""Cassandra sink: `python -m services.ingest.sink` (health on HEARTWISE_INGEST_SINK_HEALTH_PORT, default 6062).

Consumes readings.v1 into `readings_by_user`, the medical record, and each reading's idempotency key into
`reading_ids` (where the doors look a resend up, adapters/idempotency.py): a polled batch's keys are
written first, then its rows, so any reading in the record is also known to every door as published.

Throughput (measured here: the Python driver, not Cassandra, is the bottleneck): each polled batch is
grouped by partition key (user_id, metric, month), and each group is written as UNLOGGED batches of up to
`sink_rows_per_statement` rows. A single-partition unlogged batch is one mutation on one replica set: no
batchlog, no coordinator fan-out; it saves the driver the per-request overhead of one statement per row.
Rows are serialized with `FastBinder` (the driver's serializers without bind()'s bookkeeping). At most
`sink_concurrency` statements are in flight (the driver's execute_concurrent).

At-least-once and idempotent: offsets are committed (by the platform consumer) only after every statement
succeeded; on a Cassandra error the handler raises TransientError and the same batch is retried with
backoff. Rewriting a reading is an upsert of the same primary key, so a retry or a second copy on the topic
never becomes a second row. Scale out by running more sink processes in the same consumer group: readings.v1
has 6 partitions, so up to 6 sinks share the work, each user staying on one of them.
"""

from __future__ import annotations

import time

from cassandra.cluster import Session
from cassandra.concurrent import execute_concurrent
from cassandra.query import BatchStatement, BatchType

from services.common.contracts import Topic
from services.common.health import serve_health_in_thread
from services.common.kafka import AtLeastOnceConsumer, Record, TransientError
from services.common.logging import configure_logging, get_logger
from services.ingest.adapters.cassandra import FastBinder, connect_cassandra
from services.ingest.adapters.kafka import IngestCodec
from services.ingest.adapters.rows import (
    INSERT_READING,
    INSERT_READING_ID,
    Row,
    chunks,
    group_by_partition,
    id_values_of,
    row_of,
)
from services.ingest.adapters.worker import dependency_checks, run_until_stopped
from services.ingest.config import IngestSettings, get_settings
from services.ingest.gc_tuning import tune_gc
from services.ingest.metrics import SINK_BATCH_SECONDS, SINK_ROWS

log = get_logger(__name__)


class ReadingsSink:
    def __init__(self, session: Session, *, rows_per_statement: int, concurrency: int) -> None:
        self.session = session
        self.rows_per_statement = rows_per_statement
        self.concurrency = concurrency
        self._insert = FastBinder(session.prepare(INSERT_READING))
        self._insert_id = FastBinder(session.prepare(INSERT_READING_ID))

    def id_statements(self, rows: list[Row]) -> list[BatchStatement]:
        """reading_ids rows of `rows`: UNLOGGED batches per user (the table's partition)."""
        by_user: dict[str, list[Row]] = {}
        for row in rows:
            by_user.setdefault(id_values_of(row)[0], []).append(row)
        insert = self._insert_id
        metrics: dict[str, bytes] = {}
        statements = []
        for user_id, user_rows in by_user.items():
            user = insert.serialize(0, user_id)  # the same bytes in every row of the user's batch
            for chunk in chunks(user_rows, self.rows_per_statement):
                batch = BatchStatement(batch_type=BatchType.UNLOGGED)
                for row in chunk:
                    _user_id, reading_id, metric, measured_at = id_values_of(row)
                    if metric not in metrics:
                        metrics[metric] = insert.serialize(2, metric)
                    batch.add(insert.bind_serialized(
                        [user, insert.serialize(1, reading_id), metrics[metric], insert.serialize(3, measured_at)]))
                statements.append(batch)
        return statements

    def statements(self, rows: list[Row]) -> list[BatchStatement]:
        statements = []
        for partition_rows in group_by_partition(rows).values():
            for chunk in chunks(partition_rows, self.rows_per_statement):
                batch = BatchStatement(batch_type=BatchType.UNLOGGED)
                for row in chunk:
                    batch.add(self._insert.bind(row))
                statements.append(batch)
        return statements

    def write(self, rows: list[Row]) -> None:
        """Every row written, or an exception (nothing is committed then; the batch is retried)."""
        if not rows:
            return
        for statements in (self.id_statements(rows), self.statements(rows)):  # keys first: see the docstring
            execute_concurrent(self.session, [(statement, None) for statement in statements],
                               concurrency=self.concurrency, raise_on_first_error=True, results_generator=False)

    def handle(self, records: list[Record]) -> list[tuple[Record, str]]:
        started = time.perf_counter()
        rows: list[Row] = []
        poison: list[tuple[Record, str]] = []
        for record in records:
            try:
                rows.append(row_of(record.value))
            except (KeyError, TypeError, ValueError) as error:  # not a Reading: the DLQ, never a stall
                poison.append((record, f"not a storable Reading: {type(error).__name__}: {error}"))
        try:
            self.write(rows)
        except Exception as error:
            log.warning("sink_write_failed", rows=len(rows), error=type(error).__name__)
            raise TransientError(f"Cassandra write failed: {type(error).__name__}") from error
        SINK_ROWS.inc(len(rows))
        SINK_BATCH_SECONDS.observe(time.perf_counter() - started)
        return poison


def build_consumer(sink: ReadingsSink, settings: IngestSettings) -> AtLeastOnceConsumer:
    platform = settings.platform
    return AtLeastOnceConsumer([Topic.READINGS + settings.topic_suffix], platform.consumer_group("ingest-sink"),
                               sink.handle, settings=platform, batch_size=settings.sink_batch_size,
                               codec=IngestCodec(platform, settings.topic_suffix),
                               extra_config={"session.timeout.ms": settings.consumer_session_timeout_ms})


def main() -> None:
    settings = get_settings()
    platform = settings.platform
    configure_logging(platform.log_level, platform.log_json)
    cluster, session = connect_cassandra(platform)
    sink = ReadingsSink(session, rows_per_statement=settings.sink_rows_per_statement,
                        concurrency=settings.sink_concurrency)
    consumer = build_consumer(sink, settings)
    health = serve_health_in_thread(settings.sink_health_port, dependency_checks(platform, session))
    tune_gc()
    log.info("sink_started", health_port=settings.sink_health_port)
    try:
        run_until_stopped(consumer, "sink")
    finally:
        consumer.close()
        health.shutdown()
        cluster.shutdown()


if __name__ == "__main__":
    main()
