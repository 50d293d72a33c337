"""A lean Avro value deserializer for the nudge engine's input topics (Confluent wire format, registry ids).

Same contract as `services.common.streams.avro_deserializer`: magic byte 0, the 4-byte schema id the
registry assigned to the writer's schema, the Avro body; the record is resolved to OUR copy of the contract
schema (`schemas/*.avsc`), so a record written with an older compatible schema reads as the current shape.

Why not that one: confluent-kafka 2.12's `AvroDeserializer` walks the whole reader schema for data-contract
"inline tags" on every message, rules or not (`get_inline_tags` in `_sync/avro.py`), which profiled at
~40 % of the nudge engine's CPU per reading. Here each writer schema is fetched once per schema id and
parsed by fastavro; a message is one `schemaless_reader` call. Candidate for `services/common` (the anomaly
worker reads the same topic the same way).

Failures: a payload without the framing, an unknown schema id (404) or a body that does not resolve to the
reader schema raise `SerializationError` → the worker's dead-letter handler. A registry that cannot be
reached (connection error, 5xx) is raised as is: not poison, the worker stops and restarts instead.
"""

from __future__ import annotations

import io
import json
from typing import Any

import fastavro
from confluent_kafka.schema_registry.error import SchemaRegistryError
from quixstreams.models.serializers import Deserializer, SerializationContext
from quixstreams.models.serializers.exceptions import SerializationError

from services.common.config import PlatformSettings
from services.common.contracts import parsed_schema
from services.common.kafka import schema_registry_client

MAGIC_BYTE = 0
HEADER_BYTES = 5


class ContractAvroDeserializer(Deserializer):
    def __init__(self, topic: str, settings: PlatformSettings) -> None:
        super().__init__()
        self._reader = parsed_schema(topic)
        self._registry = schema_registry_client(settings.schema_registry_url)
        self._writers: dict[int, Any] = {}

    def _writer(self, schema_id: int) -> Any:
        writer = self._writers.get(schema_id)
        if writer is None:
            try:
                schema = self._registry.get_schema(schema_id)
            except SchemaRegistryError as error:
                if error.http_status_code is not None and error.http_status_code >= 500:
                    raise  # the registry is in trouble, the record is not
                raise SerializationError(f"unknown schema id {schema_id}") from error
            writer = self._writers[schema_id] = fastavro.parse_schema(json.loads(schema.schema_str))
        return writer

    def __call__(self, value: bytes, ctx: SerializationContext) -> Any:
        if len(value) <= HEADER_BYTES or value[0] != MAGIC_BYTE:
            raise SerializationError("not Avro in the Confluent wire format (magic byte + schema id + body)")
        writer = self._writer(int.from_bytes(value[1:HEADER_BYTES], "big"))
        try:
            return fastavro.schemaless_reader(io.BytesIO(value[HEADER_BYTES:]), writer, self._reader)
        except Exception as error:  # truncated body, bad union index, a schema that does not resolve...
            raise SerializationError(f"Avro body does not decode: {type(error).__name__}") from error
