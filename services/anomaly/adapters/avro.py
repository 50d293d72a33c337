"""Registry Avro serde for the worker's hot path: Confluent wire format, schemas by id from the registry.

Why hand-written instead of `services.common.streams.avro_deserializer` (Quix's AvroDeserializer, which
delegates to confluent-kafka's): with confluent-kafka 2.12 that deserializer re-derives the data-contract
tags of the whole reader schema for EVERY record (`get_inline_tags`, ~40 recursive calls), runs the (empty)
rule pipeline, hashes `Schema` objects for its caches and lets fastavro deep-compare writer and reader
schema. Measured with `loadtest/anomaly_bench.py --only p,c` on this machine: a plain consume→decode loop
does ~37,000 records per CPU-second with it and ~106,000 with this one, i.e. ~17 µs more per record —
about a quarter of the worker's whole per-reading cost. This serde keeps what matters: the writer schema
is fetched from the registry by the id in each record's header (cached), decoding is fastavro, with
schema resolution only when the writer schema differs from ours; the serializer writes our schema's
registered id (looked up once per topic, never registered: bootstrap owns the registry, as with
`auto_register_schemas=False`). Not supported, because Heartwise registers none: data-contract rules
(CEL, field encryption) and schema references.
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
_HEADER = struct.Struct(">bI")  # magic byte, schema id: the Confluent wire format


class RegistryUnavailable(Exception):
    """The registry could not be asked: transient, so the record is NOT poison (the worker retries)."""


def _canonical(schema: Any) -> str:
    return json.dumps(fastavro.schema.to_parsing_canonical_form(fastavro.parse_schema(schema)))


class RegistryAvroDeserializer(Deserializer):
    """Value deserializer: any registered writer schema, resolved to the contract's reader schema."""

    def __init__(self, reader_schema: dict[str, Any], registry: SchemaRegistryClient) -> None:
        super().__init__()
        self._reader_json = reader_schema
        self._reader = fastavro.parse_schema(reader_schema)
        self._reader_canonical = _canonical(reader_schema)
        self._registry = registry
        self._decoders: dict[int, Callable[[BytesIO], Any]] = {}

    def __call__(self, value: bytes, ctx: SerializationContext) -> Any:
        if len(value) < 6 or value[0] != MAGIC:
            raise SerializationError("not in the Confluent wire format (magic byte 0 + schema id)")
        schema_id = int.from_bytes(value[1:5], "big")
        decode = self._decoders.get(schema_id)
        if decode is None:
            decode = self._decoder(schema_id)
        stream = BytesIO(value)  # shares the bytes: no copy of the payload
        stream.seek(5)
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

        def decode(stream: BytesIO) -> Any:
            return fastavro.schemaless_reader(stream, writer, reader)

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
