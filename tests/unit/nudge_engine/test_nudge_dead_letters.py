"""Which consumer errors the nudge engine dead-letters (poison) and which it leaves to Quix (outages)."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from confluent_kafka.schema_registry.error import SchemaRegistryError
from quixstreams.models.serializers.exceptions import SerializationError

from services.common.config import PlatformSettings
from services.common.dead_letters import DeadLetters

LOG = logging.getLogger("test")


class FakeMessage:
    def __init__(self, error: Any = None) -> None:
        self._error = error

    def error(self) -> Any:
        return self._error

    def topic(self) -> str:
        return "readings.v1"

    def partition(self) -> int:
        return 2

    def offset(self) -> int:
        return 41

    def key(self) -> bytes:
        return b"u-1"

    def value(self) -> bytes:
        return b"garbage"


class FakeProducer:
    """The DLQ producer (a neighbour): records what would be sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []
        self.failed = 0

    def send(self, topic: str, key: str, value: dict[str, Any]) -> None:
        self.sent.append((topic, key, value))

    def flush(self, _timeout: float) -> int:
        return 0


@pytest.fixture
def letters(monkeypatch: pytest.MonkeyPatch) -> tuple[DeadLetters, FakeProducer]:
    dead_letters = DeadLetters("nudge-engine.t", PlatformSettings())
    producer = FakeProducer()
    monkeypatch.setattr(dead_letters, "_get_producer", lambda: producer)
    return dead_letters, producer


def _wrapped(cause: BaseException) -> SerializationError:
    try:
        raise SerializationError("could not deserialize") from cause
    except SerializationError as error:
        return error


def test_an_undecodable_record_goes_to_the_dlq_with_its_bytes(letters):
    dead_letters, producer = letters
    assert dead_letters.on_consumer_error(_wrapped(ValueError("bad magic")), FakeMessage(), LOG) is True
    [(topic, key, record)] = producer.sent
    assert (topic, key) == ("readings.v1.dlq", "u-1")
    assert record["value"] == b"garbage" and record["key"] == b"u-1"
    assert (record["partition"], record["offset"], record["consumer"]) == (2, 41, "nudge-engine.t")
    assert record["error"] == "undecodable: SerializationError"


@pytest.mark.parametrize("error", [
    _wrapped(SchemaRegistryError(503, 50301, "unavailable")),
    _wrapped(httpx.ConnectError("registry down")),
    ConnectionError("reset"),
])
def test_a_registry_outage_is_left_to_quix(letters, error):
    dead_letters, producer = letters
    assert dead_letters.on_consumer_error(error, FakeMessage(), LOG) is False
    assert producer.sent == []


def test_kafka_errors_are_left_to_quix(letters):
    dead_letters, producer = letters
    assert dead_letters.on_consumer_error(RuntimeError("broker"), None, LOG) is False
    assert dead_letters.on_consumer_error(RuntimeError("broker"), FakeMessage(error="_TRANSPORT"), LOG) is False
    assert producer.sent == []


def test_an_unknown_schema_id_is_poison(letters):
    dead_letters, producer = letters
    assert dead_letters.on_consumer_error(_wrapped(SchemaRegistryError(404, 40403, "not found")), FakeMessage(),
                                          LOG) is True
    assert len(producer.sent) == 1
