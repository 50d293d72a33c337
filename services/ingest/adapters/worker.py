"""What the two ingest workers (validator, sink) share: stop on SIGTERM/SIGINT, poll, export the lag."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Any

from confluent_kafka.admin import AdminClient

from services.common.config import PlatformSettings
from services.common.contracts import Topic
from services.common.health import SyncCheck
from services.common.kafka import AtLeastOnceConsumer
from services.common.logging import get_logger
from services.ingest.metrics import CONSUMER_LAG

log = get_logger(__name__)

LAG_EVERY_S = 1.0


def dependency_checks(platform: PlatformSettings, session: Any) -> dict[str, SyncCheck]:
    admin = AdminClient({"bootstrap.servers": platform.kafka_bootstrap})

    def kafka() -> bool:
        topic = admin.list_topics(topic=Topic.READINGS, timeout=1.5).topics.get(Topic.READINGS)
        return topic is not None and topic.error is None

    def cassandra() -> bool:
        session.execute("SELECT release_version FROM system.local", timeout=1.5)
        return True

    return {"kafka": kafka, "cassandra": cassandra}


def run_until_stopped(consumer: AtLeastOnceConsumer, name: str) -> None:
    """Poll-handle-commit until SIGTERM/SIGINT; the batch in hand is finished (and committed) first."""

    stopping = threading.Event()

    def stop(signum: int, _frame: object) -> None:
        log.info("worker_stopping", worker=name, signal=signum)
        stopping.set()
        consumer.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    lag = CONSUMER_LAG.labels(name)
    next_lag = 0.0
    while not stopping.is_set():
        consumer.poll_once()
        now = time.monotonic()
        if now >= next_lag:
            with contextlib.suppress(Exception):  # no assignment yet, or a broker hiccup: next time
                lag.set(consumer.lag())
            next_lag = now + LAG_EVERY_S
