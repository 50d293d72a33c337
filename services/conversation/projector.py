"""Projector of the conversation service: `python -m services.conversation.projector`.

Consumes (at least once, commit after the batch is written):
- nudges.v1       → nudges_inbox (keyed by nudge_id: a redelivered nudge overwrites itself, i.e. dedup by id)
- emergencies.v1  → escalations_by_day + escalations_by_id (the clinicians' queue)
- anomalies.v1    → anomalies_by_user (the assistant's context)
preferences.v1 is not consumed: the API reads preferences from the store through its TTL cache.

Cassandra down → TransientError: the batch is retried (nothing committed, nothing to the DLQ). A record
missing required fields is poison → `<topic>.dlq`. Health and metrics on HEARTWISE_CONVERSATION_PROJECTOR_HEALTH_PORT.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterable
from types import FrameType
from typing import Any

from cassandra.cluster import Cluster, Session
from cassandra.concurrent import execute_concurrent
from cassandra.query import PreparedStatement
from prometheus_client import Counter, Gauge

from services.common.cassandra import connect
from services.common.config import PlatformSettings
from services.common.contracts import Topic
from services.common.health import serve_health_in_thread
from services.common.kafka import AtLeastOnceConsumer, Record, TransientError
from services.common.logging import configure_logging, get_logger
from services.conversation.adapters.cql import STATEMENTS
from services.conversation.adapters.stores import utc_day
from services.conversation.config import ConversationSettings, get_settings

log = get_logger(__name__)

PROJECTED = Counter("heartwise_conversation_projected_total", "Records written by the projector", ["topic"])
CONSUMER_LAG = Gauge("heartwise_conversation_consumer_lag",
                     "Records behind the high watermarks of the consumer's assignment", ["consumer"])
LAG_INTERVAL_S = 5.0  # the lag is read from the client's cached watermarks, no broker round trip
CONSUMER_GROUP = "conversation-projector"
TOPICS = (Topic.NUDGES, Topic.EMERGENCIES, Topic.ANOMALIES)
_USED = ("insert_nudge", "insert_escalation", "insert_escalation_id", "insert_anomaly")


def rows_for(record: Record, now_ms: int) -> list[tuple[str, tuple[Any, ...]]]:
    """The (statement, parameters) that project one record; KeyError/ValueError/TypeError mean poison."""
    v = record.value
    if record.topic == Topic.NUDGES:
        return [("insert_nudge", (_text(v, "user_id"), _text(v, "nudge_id"), v["trigger"], v["title"], v["body"],
                                  v.get("variant") or "default", int(v["created_at"]), int(v["expires_at"]), now_ms))]
    if record.topic == Topic.EMERGENCIES:
        created_at = int(v["created_at"])
        day = utc_day(created_at)
        escalation_id = _text(v, "escalation_id")
        return [
            ("insert_escalation", (day, created_at, escalation_id, _text(v, "user_id"), v.get("conversation_id") or "",
                                   v.get("turn_id") or "", v.get("category") or "other", list(v.get("signals") or []),
                                   bytes(v["message_ciphertext"]), v["key_id"])),
            ("insert_escalation_id", (escalation_id, day, created_at)),
        ]
    if record.topic == Topic.ANOMALIES:
        return [("insert_anomaly", (_text(v, "user_id"), int(v["detected_at"]), _text(v, "anomaly_id"), v["metric"],
                                    v["kind"], v["severity"], v.get("category") or "", v.get("message") or "",
                                    v.get("reading_id"), v.get("observed_value"), v.get("measured_at")))]
    raise ValueError(f"unexpected topic {record.topic}")


def _text(value: dict[str, Any], name: str) -> str:
    text = value[name]
    if not isinstance(text, str) or not text:
        raise ValueError(f"{name} is empty")
    return text


class Projector:
    def __init__(self, session: Session, prepared: dict[str, PreparedStatement]) -> None:
        self.session = session
        self.prepared = prepared

    def handle(self, records: list[Record]) -> Iterable[tuple[Record, str]]:
        now_ms = time.time_ns() // 1_000_000
        statements: list[tuple[PreparedStatement, tuple[Any, ...]]] = []
        topics: list[str] = []
        poison: list[tuple[Record, str]] = []
        for record in records:
            try:
                rows = rows_for(record, now_ms)
            except (KeyError, ValueError, TypeError) as error:
                poison.append((record, f"unprojectable: {type(error).__name__}: {error}"))
                continue
            statements.extend((self.prepared[name], params) for name, params in rows)
            topics.append(record.topic)
        if statements:
            try:
                results = execute_concurrent(self.session, statements, concurrency=64, raise_on_first_error=True)
            except Exception as error:  # Cassandra unavailable: retry the batch, commit nothing
                raise TransientError(f"cassandra: {type(error).__name__}") from error
            if not all(result.success for result in results):
                raise TransientError("cassandra: a write failed")
        for topic in topics:
            PROJECTED.labels(topic).inc()
        return poison


def connect_and_prepare(settings: PlatformSettings) -> tuple[Cluster, Session, dict[str, PreparedStatement]]:
    cluster, session = connect(settings)
    return cluster, session, {name: session.prepare(STATEMENTS[name]) for name in _USED}


def run(settings: ConversationSettings) -> None:
    platform = settings.platform
    cluster = session = None
    while session is None:  # wait for Cassandra; health says "not ready" meanwhile
        try:
            cluster, session, prepared = connect_and_prepare(platform)
        except Exception as error:  # noqa: BLE001
            log.warning("cassandra_connect_failed", error_type=type(error).__name__)
            time.sleep(settings.cassandra_reconnect_s)
    projector = Projector(session, prepared)
    consumer = AtLeastOnceConsumer([str(t) for t in TOPICS], platform.consumer_group(CONSUMER_GROUP),
                                   projector.handle, settings=platform)

    def ready() -> bool:
        try:
            return bool(session.execute("SELECT release_version FROM system.local", timeout=1).one())
        except Exception:  # noqa: BLE001
            return False

    health = serve_health_in_thread(settings.projector_health_port, {"cassandra": ready})

    stopping = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()
        consumer.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("projector_started", topics=[str(t) for t in TOPICS])
    lag = CONSUMER_LAG.labels("projector")
    next_lag = 0.0
    try:
        while not stopping.is_set():
            consumer.poll_once()
            if time.monotonic() >= next_lag:
                lag.set(consumer.lag())
                next_lag = time.monotonic() + LAG_INTERVAL_S
    finally:
        consumer.close()
        health.shutdown()
        if cluster is not None:
            cluster.shutdown()
        log.info("projector_stopped")


def main() -> None:
    settings = get_settings()
    configure_logging(settings.platform.log_level, settings.platform.log_json)
    run(settings)


if __name__ == "__main__":
    main()
