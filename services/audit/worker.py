"""`python -m services.audit.worker`: audits every domain topic into the hash-chained log, feeds analytics.v1.

One at-least-once consumer over audit.v1, the domain topics and preferences.v1 (birth years), with the
range assignor: it gives one worker the same partition numbers of every topic, so the chains of partition
p (which take p's records of all topics) have a single writer at a time. The conditional appends in the
store keep a chain linear even when that assumption breaks during a rebalance. Health, readiness and
metrics are served on HEARTWISE_AUDIT_WORKER_HEALTH_PORT.
"""

from __future__ import annotations

import signal
import time
from types import FrameType

from cassandra.cluster import Cluster
from tenacity import retry, retry_if_exception_type, stop_after_delay, wait_exponential

from services.audit.adapters.kafka import AnalyticsPublisher, RawKeepingCodec
from services.audit.adapters.store import CassandraAuditStore, StoreUnavailable
from services.audit.config import AuditSettings, get_settings
from services.audit.domain.launch import LaunchMetrics
from services.audit.domain.vocab import AUDITED_TOPICS
from services.audit.metrics import (
    BATCH_SECONDS,
    CONSUMER_LAG,
    DAILY_ACTIVE_USERS,
    DAILY_CHAT_COST,
    DAILY_CONVERSATIONS,
    DAILY_ENGAGED_USERS,
    DAILY_READING_USERS,
    NUDGES_ACTED_ON,
    NUDGES_SEEN,
)
from services.audit.pipeline import AuditPipeline
from services.common.cassandra import connect
from services.common.contracts import Topic
from services.common.health import serve_health_in_thread
from services.common.kafka import AtLeastOnceConsumer, EventProducer, Record
from services.common.logging import configure_logging, get_logger

log = get_logger(__name__)

# Every audited topic (domain/vocab.py), plus preferences.v1 for the birth years behind the age bands.
CONSUMED_TOPICS = (*sorted(AUDITED_TOPICS), str(Topic.PREFERENCES))
LAG_INTERVAL_S = 5.0
LAUNCH_INTERVAL_S = 30.0  # the daily launch gauges: one pass over a day of users per refresh
STALL_AFTER_S = 60.0  # not ready when the loop hasn't completed a poll for this long (stuck retrying)


@retry(retry=retry_if_exception_type(Exception), wait=wait_exponential(max=5), stop=stop_after_delay(120),
       reraise=True)
def _connect_store(settings: AuditSettings) -> tuple[Cluster, CassandraAuditStore]:
    """Wait for Cassandra at start (a pod may start before it), then build the store."""
    cluster, session = connect(settings.platform)
    return cluster, CassandraAuditStore(session, append_batch_max_bytes=settings.append_batch_max_bytes)


class Worker:
    def __init__(self, settings: AuditSettings) -> None:
        self.settings = settings
        platform = settings.platform
        self.cluster, self.store = _connect_store(settings)
        self.codec = RawKeepingCodec(platform)
        self.producer = EventProducer(platform, self.codec)
        self.launch = LaunchMetrics()
        self.pipeline = AuditPipeline(
            self.store, AnalyticsPublisher(self.producer),
            pseudonym_key=platform.pseudonym_key.get_secret_value().encode("utf-8"),
            reload_days=settings.reload_days, birth_year_cache_size=settings.birth_year_cache_size,
            raw_of=self.codec.raw_of, forget_raw=self.codec.forget, on_fresh=self._observe_launch,
        )
        self.consumer = AtLeastOnceConsumer(
            list(CONSUMED_TOPICS), platform.consumer_group(settings.consumer_group),
            self._handle, settings=platform, codec=self.codec, dlq_producer=self.producer,
            batch_size=settings.batch_size,
            # Range (not cooperative-sticky): the same partition numbers of every topic go to one worker.
            extra_config={"partition.assignment.strategy": "range"},
        )
        self.pipeline.set_assignment(lambda: {tp.partition for tp in self.consumer.assignment()})
        self.last_poll = time.monotonic()
        self.running = True

    def _handle(self, records: list[Record]) -> list[tuple[Record, str]]:
        started = time.perf_counter()
        try:
            return self.pipeline.handle(records)
        finally:
            BATCH_SECONDS.observe(time.perf_counter() - started)

    def _observe_launch(self, records: list[Record]) -> None:
        for record in records:
            self.launch.observe(record.topic, record.value)

    def publish_launch_metrics(self) -> None:
        snapshot = self.launch.snapshot(int(time.time() * 1000))
        DAILY_ACTIVE_USERS.set(snapshot.active_users)
        DAILY_READING_USERS.set(snapshot.reading_users)
        DAILY_ENGAGED_USERS.set(snapshot.engaged_users)
        DAILY_CONVERSATIONS.set(snapshot.conversations)
        DAILY_CHAT_COST.set(snapshot.chat_cost_usd)
        seen, acted = self.launch.take_counts()
        for trigger, count in seen.items():
            NUDGES_SEEN.labels(trigger).inc(count)
        for trigger, count in acted.items():
            NUDGES_ACTED_ON.labels(trigger).inc(count)

    def loop_alive(self) -> bool:
        return time.monotonic() - self.last_poll < STALL_AFTER_S

    def _store_ok(self) -> bool:
        try:
            return self.store.ping()
        except StoreUnavailable:
            return False

    def stop(self, _signum: int | None = None, _frame: FrameType | None = None) -> None:
        self.running = False
        self.consumer.stop()

    def run(self) -> None:
        next_lag = next_launch = 0.0
        try:
            while self.running:
                self.consumer.poll_once()
                self.last_poll = time.monotonic()
                if self.last_poll >= next_lag:
                    CONSUMER_LAG.set(self.consumer.lag())
                    next_lag = self.last_poll + LAG_INTERVAL_S
                if self.last_poll >= next_launch:
                    self.publish_launch_metrics()
                    next_launch = self.last_poll + LAUNCH_INTERVAL_S
        finally:
            self.consumer.close()
            self.producer.flush(10)
            self.cluster.shutdown()


def main() -> None:
    settings = get_settings()
    configure_logging(settings.platform.log_level, settings.platform.log_json)
    worker = Worker(settings)
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    health = serve_health_in_thread(settings.worker_health_port, {"cassandra": worker._store_ok,
                                                                 "consumer_loop": worker.loop_alive},
                                    host=settings.worker_health_host)
    log.info("audit_worker_started", group=worker.consumer.group_id, health_port=settings.worker_health_port)
    try:
        worker.run()
    finally:
        health.shutdown()
        log.info("audit_worker_stopped")


if __name__ == "__main__":
    main()
