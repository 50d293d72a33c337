"""The stream workers' lean Avro input deserializer (services.common.registry_avro): Confluent framing,
writer schemas by id, resolution to ours."""

from __future__ import annotations

import io
import json
from typing import Any

import fastavro
import pytest
from confluent_kafka.schema_registry import Schema
from confluent_kafka.schema_registry.error import SchemaRegistryError
from quixstreams.models.serializers import SerializationContext
from quixstreams.models.serializers.exceptions import SerializationError

from services.common import registry_avro
from services.common.config import PlatformSettings
from services.common.contracts import Topic, load_schema
from services.common.registry_avro import RegistryUnavailable, registry_deserializer

CTX = SerializationContext(topic=Topic.READINGS.value, field="value")


class FakeRegistry:
    """The schema registry as seen by the deserializer: schema ids → schema text (a neighbour, faked)."""

    def __init__(self, schemas: dict[int, dict[str, Any]], status: int = 404) -> None:
        self.schemas = schemas
        self.status = status
        self.calls = 0

    def get_schema(self, schema_id: int) -> Schema:
        self.calls += 1
        if schema_id not in self.schemas:
            raise SchemaRegistryError(self.status, 40403, "Schema not found")
        return Schema(json.dumps(self.schemas[schema_id]), "AVRO")


def framed(schema_id: int, schema: dict[str, Any], record: dict[str, Any]) -> bytes:
    body = io.BytesIO()
    fastavro.schemaless_writer(body, fastavro.parse_schema(schema), record)
    return b"\x00" + schema_id.to_bytes(4, "big") + body.getvalue()


def a_reading() -> dict[str, Any]:
    fields = ("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min", "efficiency", "kg")
    return {"reading_id": "r-1", "user_id": "u-1", "device_id": "d-1", "metric": "steps", "measured_at": 1_000,
            "utc_offset_min": 60, "source": "sensed", "value": {f: (500 if f == "count" else None) for f in fields},
            "flags": ["late_data"], "channel": "http", "ingested_at": 2_000}


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(schemas: dict[int, dict[str, Any]], status: int = 404) -> FakeRegistry:
        fake = FakeRegistry(schemas, status)
        monkeypatch.setattr(registry_avro, "schema_registry_client", lambda _url: fake)
        return fake

    return install


def test_a_record_round_trips_and_the_writer_schema_is_fetched_once(registry):
    fake = registry({7: load_schema(Topic.READINGS)})
    deserialize = registry_deserializer(Topic.READINGS, PlatformSettings())
    record = a_reading()
    assert deserialize(framed(7, load_schema(Topic.READINGS), record), CTX) == record
    assert deserialize(framed(7, load_schema(Topic.READINGS), record), CTX) == record
    assert fake.calls == 1


def test_an_older_writer_schema_resolves_to_the_contract_shape(registry):
    older = load_schema(Topic.READINGS)
    older["fields"] = [f for f in older["fields"] if f["name"] != "flags"]  # flags has a default: compatible
    registry({3: older})
    record = a_reading()
    del record["flags"]
    decoded = registry_deserializer(Topic.READINGS, PlatformSettings())(framed(3, older, record), CTX)
    assert decoded["flags"] == []
    assert decoded["value"]["count"] == 500


@pytest.mark.parametrize("payload", [
    b"definitely not avro",
    b"\x00\x00\x00",  # framing cut short
    b"\x00\x00\x00\x00\x07\x02",  # known id, truncated body
    b"\x00\x00\x00\x7f\xffgarbage with a made-up schema id",
])
def test_poison_raises_a_serialization_error(registry, payload):
    registry({7: load_schema(Topic.READINGS)})
    with pytest.raises(SerializationError):
        registry_deserializer(Topic.READINGS, PlatformSettings())(payload, CTX)


def test_a_registry_outage_is_not_poison(registry):
    registry({}, status=503)
    with pytest.raises(RegistryUnavailable):
        registry_deserializer(Topic.READINGS, PlatformSettings())(b"\x00\x00\x00\x00\x07rest", CTX)
