"""Registry Avro serde for the stream workers' hot path: Confluent wire format, schemas by id, fastavro.

Wire format: magic byte 0, the 4-byte id the registry gave the writer's schema, the Avro body. Records are
resolved to OUR copy of the contract schema (`schemas/*.avsc`), so a record written with an older
compatible schema reads as the current shape.

Why hand-written instead of Quix's AvroDeserializer (which delegates to confluent-kafka's): with
confluent-kafka 2.12 that deserializer re-derives the data-contract tags of the whole reader schema for
EVERY record (`get_inline_tags`, ~40 recursive calls), runs the (empty) rule pipeline, hashes `Schema`
objects for its caches and lets fastavro deep-compare writer and reader schema: ~17 µs more per record
(`loadtest/anomaly_bench.py --only p,c`), a quarter of the anomaly worker's per-reading cost and ~40 % of
the nudge engine's. Here the writer schema is fetched once per schema id (cached) and parsed by fastavro;
a record is one `schemaless_reader` call, with schema resolution only when the writer schema differs from
ours. The serializer writes our schema's registered id, looked up once per topic and never registered
(bootstrap owns the registry, as with `auto_register_schemas=False`). Not supported, because Heartwise
registers none: data-contract rules (CEL, field encryption) and schema references.

Failures: no framing, an unknown schema id (404) or a body that does not decode raise `SerializationError`
(poison: the dead-letter handler takes the record). A registry that cannot be asked (connection error,
5xx, any other registry error) raises `RegistryUnavailable`: not poison, the worker stops and restarts.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from io import BytesIO
from typing import Any

import fastavro
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient, SchemaRegistryError
from quixstreams.models.serializers import Deserializer, SerializationContext, Serializer
from quixstreams.models.serializers.exceptions import SerializationError

from services.common.config import PlatformSettings
from services.common.contracts import load_schema
from services.common.kafka import schema_registry_client

MAGIC = 0
HEADER_BYTES = 5
_HEADER = struct.Struct(">bI")  # magic byte, schema id: the Confluent wire format


class RegistryUnavailable(Exception):
    """The registry could not be asked: transient, so the record is NOT poison (the worker retries)."""


def _canonical(schema: Any) -> str:
    return json.dumps(fastavro.schema.to_parsing_canonical_form(fastavro.parse_schema(schema)))


class RegistryAvroDeserializer(Deserializer):
    """Value deserializer: any registered writer schema, resolved to the contract's reader schema."""

    def __init__(self, reader_schema: dict[str, Any], registry: SchemaRegistryClient) -> None:
        super().__init__()
        self._reader = fastavro.parse_schema(reader_schema)
        self._reader_canonical = _canonical(reader_schema)
        self._registry = registry
        self._decoders: dict[int, Callable[[BytesIO], Any]] = {}

    def __call__(self, value: bytes, ctx: SerializationContext) -> Any:
        if len(value) <= HEADER_BYTES or value[0] != MAGIC:
            raise SerializationError("not Avro in the Confluent wire format (magic byte 0 + schema id + body)")
        schema_id = int.from_bytes(value[1:HEADER_BYTES], "big")
        decode = self._decoders.get(schema_id)
        if decode is None:
            decode = self._decoder(schema_id)
        stream = BytesIO(value)  # shares the bytes: no copy of the payload
        stream.seek(HEADER_BYTES)
        try:
            return decode(stream)
        except Exception as error:  # a known schema that cannot read these bytes: poison, always
            raise SerializationError(f"undecodable Avro body: {type(error).__name__}") from error

    def _decoder(self, schema_id: int) -> Callable[[BytesIO], Any]:
        try:
            writer_json = json.loads(self._registry.get_schema(schema_id).schema_str)
        except SchemaRegistryError as error:
            if error.http_status_code == 404:  # no such schema: the record can never be decoded
                raise SerializationError(f"schema id {schema_id} is unknown to the registry") from error
            raise RegistryUnavailable(f"registry error for schema id {schema_id}") from error
        except Exception as error:
            raise RegistryUnavailable(f"registry unreachable for schema id {schema_id}") from error
        writer = fastavro.parse_schema(writer_json)
        reader = None if _canonical(writer_json) == self._reader_canonical else self._reader
        reader_fn = fastavro.schemaless_reader

        def decode(stream: BytesIO) -> Any:
            return reader_fn(stream, writer, reader)

        self._decoders[schema_id] = decode
        return decode


class RegistryAvroSerializer(Serializer):
    """Value serializer: the contract schema under the id the registry gave `<topic>-value`."""

    def __init__(self, schema: dict[str, Any], registry: SchemaRegistryClient) -> None:
        self._schema_str = json.dumps(schema)
        self._parsed = fastavro.parse_schema(schema)
        self._registry = registry
        self._headers: dict[str, bytes] = {}  # topic → 5-byte header

    def __call__(self, value: Any, ctx: SerializationContext) -> bytes:
        header = self._headers.get(ctx.topic)
        if header is None:
            header = self._header(ctx.topic)
        stream = BytesIO()
        stream.write(header)
        try:
            fastavro.schemaless_writer(stream, self._parsed, value)
        except (ValueError, TypeError, KeyError) as error:
            raise SerializationError(f"value does not fit the schema: {type(error).__name__}") from error
        return stream.getvalue()

    def _header(self, topic: str) -> bytes:
        try:
            registered = self._registry.lookup_schema(f"{topic}-value", Schema(self._schema_str, "AVRO"))
        except Exception as error:
            raise SerializationError(f"schema of {topic}-value is not registered (run bootstrap)") from error
        header = _HEADER.pack(MAGIC, registered.schema_id)
        self._headers[topic] = header
        return header


def registry_deserializer(contract: str, settings: PlatformSettings) -> RegistryAvroDeserializer:
    return RegistryAvroDeserializer(load_schema(contract), schema_registry_client(settings.schema_registry_url))


def registry_serializer(contract: str, settings: PlatformSettings) -> RegistryAvroSerializer:
    return RegistryAvroSerializer(load_schema(contract), schema_registry_client(settings.schema_registry_url))
