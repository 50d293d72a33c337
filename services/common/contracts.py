"""The event contracts: topic names, topic settings and Avro schemas from the repository's `schemas/` folder.

Pure loader helpers: nothing is read at import time; every loader reads its file once on first use and
caches the result (the files are part of the deployed code and do not change while a process runs).

    from services.common.contracts import Topic, load_topics, parsed_schema, dlq_topic

    spec = load_topics()[Topic.READINGS]            # partitions, config, schema file, has_dlq
    schema = parsed_schema(Topic.READINGS)          # fastavro-parsed, ready for schemaless_writer/reader
    dlq_topic(Topic.READINGS)                       # "readings.v1.dlq"
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import fastavro
import yaml

DLQ_SUFFIX = ".dlq"
TOPICS_FILE = "topics.yaml"
DEAD_LETTER_SCHEMA_FILE = "dead_letter.avsc"


class Topic(StrEnum):
    """Every domain topic name, spelled once. Members are `str`, so they go straight into Kafka clients."""

    READINGS_RAW = "readings.raw.v1"
    READINGS = "readings.v1"
    READINGS_REJECTED = "readings.rejected.v1"
    ANOMALIES = "anomalies.v1"
    NUDGES = "nudges.v1"
    PREFERENCES = "preferences.v1"
    CHAT_TURNS = "chat.turns.v1"
    EMERGENCIES = "emergencies.v1"
    AUDIT = "audit.v1"
    ANALYTICS = "analytics.v1"
    FLAGS = "flags.v1"  # platform-internal: feature flags of the phased rollout (key = flag name, compacted)

    @property
    def dlq(self) -> str:
        """The dead-letter topic of this topic, e.g. `readings.v1.dlq`."""
        return dlq_topic(self.value)


@dataclass(frozen=True)
class TopicSpec:
    """One Kafka topic as declared in `schemas/topics.yaml` (dead-letter topics get their own spec)."""

    name: str
    partitions: int
    replication_factor: int
    config: dict[str, str] = field(hash=False)
    schema_file: str
    has_dlq: bool

    @property
    def is_dlq(self) -> bool:
        return self.name.endswith(DLQ_SUFFIX)

    @property
    def value_subject(self) -> str:
        """Schema-registry subject of the value (TopicNameStrategy)."""
        return f"{self.name}-value"


def schemas_dir() -> Path:
    """The repository's `schemas/` folder, found relative to this file (services/common/contracts.py)."""
    return Path(__file__).resolve().parents[2] / "schemas"


def dlq_topic(topic: str) -> str:
    """`<topic>.dlq`; refuses to stack dead-letter topics (`x.dlq.dlq` would hide a broken DLQ consumer)."""
    name = str(topic)
    if name.endswith(DLQ_SUFFIX):
        raise ValueError(f"{name!r} is already a dead-letter topic")
    return name + DLQ_SUFFIX


def _spec(name: str, entry: dict[str, Any], *, schema_file: str, has_dlq: bool, where: str) -> TopicSpec:
    try:
        partitions = int(entry["partitions"])
        replication_factor = int(entry["replication_factor"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{TOPICS_FILE}: {where} needs integer partitions and replication_factor") from exc
    if partitions < 1 or replication_factor < 1:
        raise ValueError(f"{TOPICS_FILE}: {where} partitions and replication_factor must be >= 1")
    config = {str(k): _config_value(v) for k, v in (entry.get("config") or {}).items()}
    if not (schemas_dir() / schema_file).is_file():
        raise ValueError(f"{TOPICS_FILE}: {where} refers to missing schema file {schema_file!r}")
    return TopicSpec(
        name=name,
        partitions=partitions,
        replication_factor=replication_factor,
        config=config,
        schema_file=schema_file,
        has_dlq=has_dlq,
    )


def _config_value(value: Any) -> str:
    # Kafka topic configs are strings; YAML might hand over ints/bools if someone forgets the quotes.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@cache
def load_topics() -> dict[str, TopicSpec]:
    """Every topic of `schemas/topics.yaml` by name, including each `<topic>.dlq` as its own spec.

    The returned dict is shared (cached); treat it as read-only.
    """
    raw = yaml.safe_load((schemas_dir() / TOPICS_FILE).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("topics"), dict):
        raise ValueError(f"{TOPICS_FILE}: expected a mapping with a 'topics' mapping")
    dead_letter = raw.get("dead_letter") or {}
    specs: dict[str, TopicSpec] = {}
    for name, entry in raw["topics"].items():
        if not isinstance(entry, dict) or "schema" not in entry:
            raise ValueError(f"{TOPICS_FILE}: topic {name!r} needs a 'schema'")
        if entry.get("key", "string") != "string":
            raise ValueError(f"{TOPICS_FILE}: topic {name!r}: keys are UTF-8 strings (user id) everywhere")
        has_dlq = bool(entry.get("dlq", False))
        specs[name] = _spec(name, entry, schema_file=str(entry["schema"]), has_dlq=has_dlq, where=name)
        if has_dlq:
            if not dead_letter:
                raise ValueError(f"{TOPICS_FILE}: topic {name!r} has dlq: true but there is no 'dead_letter'")
            dlq = dlq_topic(name)
            specs[dlq] = _spec(
                dlq,
                dead_letter,
                schema_file=str(dead_letter.get("schema", DEAD_LETTER_SCHEMA_FILE)),
                has_dlq=False,
                where=f"dead_letter (for {dlq})",
            )
    return specs


def topic_spec(topic: str) -> TopicSpec:
    """The spec of one topic (domain or `.dlq`); KeyError names the topic if it is not declared."""
    try:
        return load_topics()[str(topic)]
    except KeyError:
        raise KeyError(f"topic {str(topic)!r} is not declared in {TOPICS_FILE}") from None


@cache
def _schema_json(schema_file: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((schemas_dir() / schema_file).read_text(encoding="utf-8"))
    return result


def load_schema(topic: str) -> dict[str, Any]:
    """The value schema of `topic` (domain or `.dlq`) as parsed JSON.

    The file is read once; each call returns a fresh deep copy, so callers may modify it freely.
    """
    return copy.deepcopy(_schema_json(topic_spec(topic).schema_file))


def parsed_schema(topic: str) -> Any:
    """`fastavro.parse_schema` of the topic's value schema (cached and shared: do not modify)."""
    return _parsed_schema(str(topic))  # one cache entry whether called with a Topic member or a plain str


@cache
def _parsed_schema(topic: str) -> Any:
    return fastavro.parse_schema(load_schema(topic))
