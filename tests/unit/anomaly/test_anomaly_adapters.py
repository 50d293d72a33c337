"""The worker's adapters without servers: registry Avro serde (a fake registry), heartbeats, dead-letter
triage, and the librdkafka statistics behind /readyz and the lag gauge."""

from __future__ import annotations

import copy
import io
import json
import struct
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import fastavro
import pytest
from confluent_kafka.schema_registry import SchemaRegistryError
from prometheus_client import REGISTRY
from quixstreams.models.serializers import SerializationContext
from quixstreams.models.serializers.exceptions import SerializationError

from services.anomaly.metrics import CONSUMER_LAG
from services.common.config import get_platform_settings
from services.common.contracts import Topic, load_schema
from services.common.dead_letters import DeadLetters
from services.common.heartbeat import HeartbeatDeserializer, heartbeat_value
from services.common.metrics import WorkerStatus
from services.common.registry_avro import RegistryAvroDeserializer, RegistryAvroSerializer, RegistryUnavailable

MakeReading = Callable[..., dict[str, Any]]
READINGS_ID, OLD_READINGS_ID, ANOMALIES_ID = 7, 3, 11
CTX = SerializationContext(topic="readings.v1", field="value")


def older_readings_schema() -> dict[str, Any]:
    """readings.v1 as it might have been before `flags` existed (a compatible, older writer)."""
    schema = copy.deepcopy(load_schema(Topic.READINGS))
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "flags"]
    return schema


class FakeRegistry:
    def __init__(self, down: bool = False) -> None:
        self.down = down
        self.schemas = {READINGS_ID: load_schema(Topic.READINGS), OLD_READINGS_ID: older_readings_schema()}
        self.lookups: list[str] = []

    def get_schema(self, schema_id: int) -> Any:
        if self.down:
            raise ConnectionError("registry unreachable")
        if schema_id not in self.schemas:
            raise SchemaRegistryError(404, 40403, "Schema not found")
        return SimpleNamespace(schema_str=json.dumps(self.schemas[schema_id]))

    def lookup_schema(self, subject: str, schema: Any) -> Any:
        self.lookups.append(subject)
        if subject != "anomalies.v1-value":
            raise SchemaRegistryError(404, 40401, "Subject not found")
        return SimpleNamespace(schema_id=ANOMALIES_ID)


def wire(schema_id: int, schema: dict[str, Any], record: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    out.write(struct.pack(">bI", 0, schema_id))
    fastavro.schemaless_writer(out, fastavro.parse_schema(schema), record)
    return out.getvalue()


def deserializer(registry: FakeRegistry | None = None) -> RegistryAvroDeserializer:
    return RegistryAvroDeserializer(load_schema(Topic.READINGS), registry or FakeRegistry())  # type: ignore[arg-type]


def test_a_reading_round_trips_through_the_wire_format(make_reading: MakeReading) -> None:
    record = make_reading("blood_pressure", systolic=128, diastolic=82, pulse=70)
    assert deserializer()(wire(READINGS_ID, load_schema(Topic.READINGS), record), CTX) == record


def test_an_older_compatible_writer_schema_resolves_to_ours(make_reading: MakeReading) -> None:
    record = make_reading("heart_rate", bpm=64)
    old = {k: v for k, v in record.items() if k != "flags"}
    decoded = deserializer()(wire(OLD_READINGS_ID, older_readings_schema(), old), CTX)
    assert decoded == {**old, "flags": []}  # the reader's default fills the field the writer did not have


@pytest.mark.parametrize("garbage", [b"", b"\x00\x00", b"plain text", b"\x01\x00\x00\x00\x07abc",
                                     b"\x00\x00\x00\x00\x07 definitely not avro"])
def test_garbage_is_a_serialization_error(garbage: bytes) -> None:
    registry = FakeRegistry()
    registry.schemas[READINGS_ID] = load_schema(Topic.READINGS)
    with pytest.raises(SerializationError):
        deserializer(registry)(garbage, CTX)


def test_an_unknown_schema_id_is_poison_but_an_unreachable_registry_is_not(make_reading: MakeReading) -> None:
    record = make_reading("weight", kg=70.0)
    with pytest.raises(SerializationError):
        deserializer()(wire(99, load_schema(Topic.READINGS), record), CTX)
    with pytest.raises(RegistryUnavailable):
        deserializer(FakeRegistry(down=True))(wire(READINGS_ID, load_schema(Topic.READINGS), record), CTX)


def test_the_serializer_writes_the_registered_id_and_looks_it_up_once(make_reading: MakeReading) -> None:
    from services.anomaly.domain import evaluate_reading

    _state, [anomaly] = evaluate_reading(None, make_reading(systolic=250, diastolic=120), now_ms=1)
    registry = FakeRegistry()
    serializer = RegistryAvroSerializer(load_schema(Topic.ANOMALIES), registry)  # type: ignore[arg-type]
    ctx = SerializationContext(topic="anomalies.v1", field="value")
    first, second = serializer(anomaly, ctx), serializer(anomaly, ctx)
    assert first == second and first[:5] == struct.pack(">bI", 0, ANOMALIES_ID)
    assert fastavro.schemaless_reader(io.BytesIO(first[5:]), fastavro.parse_schema(load_schema(Topic.ANOMALIES))) \
        == anomaly
    assert registry.lookups == ["anomalies.v1-value"]
    with pytest.raises(SerializationError):  # bootstrap did not register the subject: a deployment error
        serializer(anomaly, SerializationContext(topic="unregistered", field="value"))


def test_heartbeats_decode_and_anything_else_is_rejected() -> None:
    decode = HeartbeatDeserializer()
    assert decode(heartbeat_value(1_795_611_300_000), CTX) == {"tick_at": 1_795_611_300_000}
    for junk in (b"", b"[]", b"{}", b'{"tick_at": "soon"}', b'{"tick_at": 1.5}', b"\xff"):
        with pytest.raises(SerializationError):
            decode(junk, CTX)


class Message:
    def __init__(self, error: Any = None) -> None:
        self._error = error

    def error(self) -> Any:
        return self._error


def test_only_records_are_dead_lettered_not_kafka_or_registry_trouble() -> None:
    letters = DeadLetters("anomaly", get_platform_settings())
    sent: list[tuple[Any, ...]] = []
    letters.send = lambda *args: sent.append(args)  # type: ignore[method-assign]
    assert letters.on_consumer_error(RuntimeError("broker"), None, None) is False  # type: ignore[arg-type]
    assert letters.on_consumer_error(RuntimeError("fetch"), Message(error="x"), None) is False  # type: ignore[arg-type]
    assert letters.on_consumer_error(RegistryUnavailable("down"), Message(), None) is False  # type: ignore[arg-type]
    assert sent == []

    poison = SimpleNamespace(error=lambda: None, topic=lambda: "readings.v1", partition=lambda: 2,
                             offset=lambda: 41, key=lambda: b"u-1", value=lambda: b"junk")
    assert letters.on_consumer_error(SerializationError("bad"), poison, None) is True  # type: ignore[arg-type]
    assert sent == [("readings.v1", 2, 41, b"u-1", b"junk", "undecodable: SerializationError")]


def stats(*, broker: str = "UP", group: str = "up", lag: int = 7, fetch_state: str = "active") -> str:
    return json.dumps({
        "brokers": {"127.0.0.1:9092/1": {"nodeid": 1, "state": broker}, "GroupCoordinator": {"nodeid": -1}},
        "cgrp": {"state": group},
        "topics": {
            "readings.v1": {"partitions": {"3": {"consumer_lag": lag, "fetch_state": fetch_state},
                                           "-1": {"consumer_lag": -1, "fetch_state": "none"}}},
            "changelog__anomaly--x--default": {"partitions": {"3": {"consumer_lag": 5, "fetch_state": "active"}}},
        },
    })


def test_statistics_feed_readiness_and_the_lag_gauge() -> None:
    status = WorkerStatus(stale_after_s=30, lag_gauge=CONSUMER_LAG)
    assert not status.kafka_reachable() and not status.group_joined()  # nothing heard yet: not ready
    status.on_stats(stats())
    assert status.kafka_reachable() and status.group_joined()
    assert REGISTRY.get_sample_value("heartwise_anomaly_consumer_lag",
                                     {"topic": "readings.v1", "partition": "3"}) == 7
    assert REGISTRY.get_sample_value("heartwise_anomaly_consumer_lag",
                                     {"topic": "changelog__anomaly--x--default", "partition": "3"}) is None
    status.on_stats(stats(broker="DOWN", group="wait-coord", fetch_state="none"))
    assert not status.kafka_reachable() and not status.group_joined()
    assert REGISTRY.get_sample_value("heartwise_anomaly_consumer_lag",
                                     {"topic": "readings.v1", "partition": "3"}) is None  # revoked


def test_statistics_that_stop_coming_mean_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    import services.common.metrics as metrics

    status = WorkerStatus(stale_after_s=30, lag_gauge=CONSUMER_LAG)
    status.on_stats(stats())
    later = metrics.time.monotonic() + 31
    monkeypatch.setattr(metrics.time, "monotonic", lambda: later)
    assert not status.kafka_reachable()
