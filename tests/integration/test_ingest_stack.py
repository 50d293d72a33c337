"""Ingest on the real stack: HTTP and raw-topic doors -> readings.v1 -> the sink -> Cassandra.

The gateway, the validator and the sink run as real processes (`python -m ...`), with their own consumer
groups; every test uses a fresh user id, so tests sharing the topics and tables never see each other's data.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from confluent_kafka import Consumer, TopicPartition

from services.common.auth import SCOPE_READINGS_WRITE, mint_dev_token
from services.common.cassandra import connect
from services.common.config import get_platform_settings
from services.common.contracts import Topic
from services.common.kafka import AvroCodec, EventProducer
from services.ingest.adapters.kafka import IngestCodec, WireEncoder

pytestmark = pytest.mark.usefixtures("stack")

DEVICE = "cuff-7"
# A low per-user limit for this module's gateway, so the 429 test needs few requests; every other test
# sends a handful of requests for its own fresh user.
THROTTLE_PER_S = 20
UTC_MINUS_5 = timezone(timedelta(hours=-5))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_group_at_the_end(group: str, topic: str) -> None:
    """Commit the topic's current end for `group`, so a worker started in it skips the shared topic's history
    (other test sessions and benchmarks leave hundreds of thousands of records on it) and sees everything
    produced from now on: unlike auto.offset.reset=latest, there is no race with the first fetch."""
    settings = get_platform_settings()
    consumer = Consumer({"bootstrap.servers": settings.kafka_bootstrap, "group.id": group,
                         "enable.auto.commit": False})
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        ends = [TopicPartition(topic, p, consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1])
                for p in partitions]
        consumer.commit(offsets=ends, asynchronous=False)
    finally:
        consumer.close()


@pytest.fixture(scope="module")
def ingest(services) -> dict[str, Any]:
    start_group_at_the_end(f"ingest-sink.{services.session}", Topic.READINGS)
    start_group_at_the_end(f"ingest-validator.{services.session}", Topic.READINGS_RAW)
    gateway, base_url = services.start(
        "ingest", "services.ingest.main", port_env="HEARTWISE_INGEST_PORT",
        env={"HEARTWISE_INGEST_USER_REQUESTS_PER_S": str(THROTTLE_PER_S),
             "HEARTWISE_INGEST_USER_BURST": str(THROTTLE_PER_S),
             "HEARTWISE_INGEST_MAX_BODY_BYTES": str(256 * 1024)})
    sink, sink_health = services.start("ingest-sink", "services.ingest.sink",
                                       port_env="HEARTWISE_INGEST_SINK_HEALTH_PORT")
    validator, validator_health = services.start("ingest-validator", "services.ingest.validator",
                                                 port_env="HEARTWISE_INGEST_VALIDATOR_HEALTH_PORT")
    return {"gateway": gateway, "url": base_url, "sink": sink, "validator": validator, "sink_health": sink_health,
            "validator_health": validator_health}


@pytest.fixture(scope="module")
def cassandra() -> Iterator[Any]:
    cluster, session = connect(get_platform_settings())
    yield session
    cluster.shutdown()


def recent(minutes_ago: float = 5) -> str:
    """An ISO time `minutes_ago` ago, written in UTC-05:00 like the DESIGN.md example."""
    return (datetime.now(UTC) - timedelta(minutes=minutes_ago)).astimezone(UTC_MINUS_5).isoformat()


def reading(user_id: str, reading_id: str | None = None, minutes_ago: float = 5, **overrides: Any) -> dict[str, Any]:
    raw = {"reading_id": reading_id or f"r-{uuid.uuid4().hex[:10]}", "user_id": user_id, "device_id": DEVICE,
           "metric": "blood_pressure", "measured_at": recent(minutes_ago),
           "value": {"systolic": 128, "diastolic": 82, "pulse": 70}, "source": "sensed"}
    raw.update(overrides)
    return raw


def headers(user_id: str, device_id: str | None = DEVICE, content_type: str = "application/json") -> dict[str, str]:
    token = mint_dev_token(user_id, [SCOPE_READINGS_WRITE], device_id=device_id)
    return {"Authorization": f"Bearer {token}", "Content-Type": content_type}


def post(ingest: dict[str, Any], user_id: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"{ingest['url']}/v1/readings", content=json.dumps(body), headers=headers(user_id, **kwargs),
                      timeout=30)


def rows(session: Any, user_id: str, metric: str = "blood_pressure") -> list[Any]:
    month = datetime.now(UTC).strftime("%Y-%m")
    months = {month, (datetime.now(UTC) - timedelta(days=8)).strftime("%Y-%m")}
    found = []
    for bucket in sorted(months):
        found.extend(session.execute(
            "SELECT * FROM readings_by_user WHERE user_id = %s AND metric = %s AND month = %s",
            (user_id, metric, bucket)))
    return found


def wait_for_rows(session: Any, user_id: str, count: int, metric: str = "blood_pressure",
                  timeout_s: float = 30) -> list[Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        found = rows(session, user_id, metric)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


class OffsetTail:
    """Like the `tail` fixture, but keeps (partition, offset) of every record of one key."""

    def __init__(self, topic: str, key: str) -> None:
        settings = get_platform_settings()
        self.topic, self.key = topic, key
        self.codec = AvroCodec(settings)
        self.consumer = Consumer({"bootstrap.servers": settings.kafka_bootstrap,
                                  "group.id": f"test-offsets-{uuid.uuid4().hex}", "enable.auto.commit": False})
        partitions = self.consumer.list_topics(topic, timeout=10).topics[topic].partitions
        self.consumer.assign([TopicPartition(topic, p, self.consumer.get_watermark_offsets(
            TopicPartition(topic, p), timeout=10)[1]) for p in partitions])
        self.seen: list[tuple[int, int, dict[str, Any]]] = []

    def wait(self, count: int, timeout_s: float = 30) -> list[tuple[int, int, dict[str, Any]]]:
        deadline = time.monotonic() + timeout_s
        while len(self.seen) < count and time.monotonic() < deadline:
            for message in self.consumer.consume(500, 0.5):
                if not message.error() and message.key() == self.key.encode():
                    self.seen.append((message.partition(), message.offset(),
                                      self.codec.decode(self.topic, message.value())))
        return self.seen

    def close(self) -> None:
        self.consumer.close()


# --- HTTP -> readings.v1 -> Cassandra ----------------------------------------------------------------------


def test_http_reading_reaches_the_topic_and_cassandra(ingest, cassandra, tail, user_id):
    readings = tail(Topic.READINGS)
    sent = reading(user_id, "r-http-1")
    before_ms = int(time.time() * 1000)
    response = post(ingest, user_id, {"readings": [sent]})
    assert response.status_code == 202, response.text
    assert response.json() == {"accepted": ["r-http-1"], "rejected": [], "warnings": []}

    [(_partition, key, value)] = readings.wait_for(lambda k, v: k == user_id, 1)
    assert key == user_id
    assert value["reading_id"] == "r-http-1" and value["device_id"] == DEVICE and value["channel"] == "http"
    assert value["value"]["systolic"] == 128 and value["value"]["bpm"] is None
    assert value["utc_offset_min"] == -300
    assert before_ms <= value["ingested_at"] <= int(time.time() * 1000)

    [row] = wait_for_rows(cassandra, user_id, 1)
    assert (row.reading_id, row.systolic, row.diastolic, row.pulse) == ("r-http-1", 128, 82, 70)
    assert row.device_id == DEVICE and row.channel == "http" and row.source == "sensed"
    assert row.bpm is None and row.flags is None
    assert int(row.measured_at.replace(tzinfo=UTC).timestamp() * 1000) == value["measured_at"]
    [id_row] = cassandra.execute("SELECT * FROM reading_ids WHERE user_id = %s", (user_id,))
    assert id_row.reading_id == "r-http-1" and id_row.metric == "blood_pressure"


def test_the_same_batch_twice_is_stored_and_published_once(ingest, cassandra, tail, user_id):
    readings = tail(Topic.READINGS)
    body = {"readings": [reading(user_id, f"r-twice-{i}") for i in range(5)]}
    first = post(ingest, user_id, body)
    assert first.status_code == 202 and first.json()["warnings"] == []
    second = post(ingest, user_id, body)
    assert second.status_code == 202
    ids = [f"r-twice-{i}" for i in range(5)]
    assert second.json()["accepted"] == ids
    assert second.json()["warnings"] == [{"reading_id": rid, "code": "duplicate"} for rid in ids]

    assert len(wait_for_rows(cassandra, user_id, 5)) == 5
    time.sleep(1.5)  # a second copy, if there were one, would be on the topic and in the table by now
    published = [value["reading_id"] for _p, key, value in readings.wait_for(lambda k, v: k == user_id, 6, 3)]
    assert sorted(published) == ids
    assert sorted(row.reading_id for row in rows(cassandra, user_id)) == ids


def test_a_resend_to_a_fresh_process_is_still_a_duplicate(ingest, cassandra, user_id):
    """The store, not the process memory, answers: reading_ids is written before the 202."""
    body = {"readings": [reading(user_id, "r-store-1")]}
    assert post(ingest, user_id, body).status_code == 202
    wait_for_rows(cassandra, user_id, 1)
    ingest["gateway"].stop()
    ingest["gateway"].start()  # a fresh process: empty recent-ids cache
    again = post(ingest, user_id, body)
    assert again.json()["warnings"] == [{"reading_id": "r-store-1", "code": "duplicate"}]
    assert len(rows(cassandra, user_id)) == 1


def test_a_users_order_is_kept_across_a_batch(ingest, user_id):
    tail = OffsetTail(Topic.READINGS, user_id)
    try:
        ids = [f"r-order-{i:03d}" for i in range(100)]
        body = {"readings": [reading(user_id, rid, minutes_ago=100 - i) for i, rid in enumerate(ids)]}
        assert post(ingest, user_id, body).status_code == 202
        seen = tail.wait(100)
    finally:
        tail.close()
    assert [value["reading_id"] for _p, _o, value in seen] == ids
    assert len({partition for partition, _o, _v in seen}) == 1
    offsets = [offset for _p, offset, _v in seen]
    assert offsets == sorted(offsets) and len(set(offsets)) == 100


def test_rejected_readings_go_to_the_rejected_topic_with_reasons(ingest, tail, user_id):
    rejected = tail(Topic.READINGS_REJECTED)
    future = reading(user_id, "r-future", minutes_ago=-60)
    broken = reading(user_id, "r-zero", value={"systolic": 0, "diastolic": 0})
    response = post(ingest, user_id, {"readings": [future, broken, reading(user_id, "r-ok")]})
    assert response.status_code == 202
    assert response.json()["rejected"] == [{"reading_id": "r-future", "reasons": ["future_timestamp"]},
                                           {"reading_id": "r-zero", "reasons": ["implausible_value"]}]
    found = rejected.wait_for(lambda k, v: k == user_id, 2)
    by_id = {value["reading_id"]: value for _p, _k, value in found}
    assert by_id["r-future"]["reasons"] == ["future_timestamp"] and by_id["r-future"]["channel"] == "http"
    assert json.loads(by_id["r-zero"]["payload"])["value"] == {"systolic": 0, "diastolic": 0}
    assert by_id["r-zero"]["device_id"] == DEVICE


def test_fhir_bundle_is_accepted_and_stored(ingest, cassandra, tail, user_id):
    readings = tail(Topic.READINGS)
    when = recent()
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Observation", "id": "fhir-bp-1", "status": "final",
                      "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
                      "subject": {"reference": f"Patient/{user_id}"}, "effectiveDateTime": when,
                      "component": [
                          {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                           "valueQuantity": {"value": 141, "code": "mm[Hg]", "system": "http://unitsofmeasure.org"}},
                          {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                           "valueQuantity": {"value": 91, "code": "mm[Hg]", "system": "http://unitsofmeasure.org"}}]}},
        {"resource": {"resourceType": "Observation", "id": "fhir-wt-1", "status": "final",
                      "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
                      "subject": {"reference": f"Patient/{user_id}"}, "effectiveDateTime": when,
                      "valueQuantity": {"value": 180, "code": "[lb_av]"}}}]}
    response = post(ingest, user_id, bundle, content_type="application/fhir+json")
    assert response.status_code == 202, response.text
    assert response.json()["accepted"] == ["fhir-bp-1", "fhir-wt-1"]
    found = {value["reading_id"]: value for _p, _k, value in readings.wait_for(lambda k, v: k == user_id, 2)}
    assert found["fhir-bp-1"]["channel"] == "fhir" and found["fhir-bp-1"]["device_id"] == DEVICE
    assert found["fhir-wt-1"]["value"]["kg"] == pytest.approx(81.647, abs=0.001)
    [bp_row] = wait_for_rows(cassandra, user_id, 1)
    assert (bp_row.systolic, bp_row.diastolic) == (141, 91)
    [weight_row] = wait_for_rows(cassandra, user_id, 1, metric="weight")
    assert weight_row.kg == pytest.approx(81.647, abs=0.001)


# --- whole-request refusals on the real process ------------------------------------------------------------


def test_refusals_401_403_413(ingest, user_id):
    url = f"{ingest['url']}/v1/readings"
    body = json.dumps({"readings": [reading(user_id)]})
    assert httpx.post(url, content=body, headers={"Content-Type": "application/json"}).status_code == 401
    other_user = post(ingest, user_id, {"readings": [reading("someone-else")]})
    assert other_user.status_code == 403 and "subject" in other_user.json()["detail"]
    other_device = post(ingest, user_id, {"readings": [reading(user_id)]}, device_id="watch-9")
    assert other_device.status_code == 403 and "device_id" in other_device.json()["detail"]
    too_many = post(ingest, user_id, {"readings": [reading(user_id) for _ in range(501)]})
    assert too_many.status_code == 413
    too_big = httpx.post(url, content=b'{"readings": [' + b" " * (300 * 1024) + b"]}", headers=headers(user_id))
    assert too_big.status_code == 413


def test_per_user_throttle_429(ingest, user_id):
    statuses = []
    with httpx.Client(timeout=10) as client:
        for _ in range(THROTTLE_PER_S + 10):
            statuses.append(client.post(f"{ingest['url']}/v1/readings", content=b'{"readings": []}',
                                        headers=headers(user_id)).status_code)
        other = client.post(f"{ingest['url']}/v1/readings", content=b'{"readings": []}',
                            headers=headers(f"{user_id}-b"))
    assert statuses.count(429) >= 5
    assert set(statuses) == {202, 429}
    assert other.status_code == 202  # per user


# --- raw topic -> validator -> readings.v1 -> Cassandra ----------------------------------------------------


def raw_record(payload: str, content_type: str = "application/json") -> dict[str, Any]:
    return {"payload": payload, "content_type": content_type, "bridge_id": "bridge-it",
            "received_at": int(time.time() * 1000)}


def test_raw_topic_reading_takes_the_same_path(ingest, cassandra, tail, user_id):
    readings = tail(Topic.READINGS)
    producer = EventProducer(get_platform_settings())
    body = {"readings": [reading(user_id, "r-raw-1"), reading(user_id, "r-raw-2", metric="heart_rate",
                                                              value={"bpm": 210})]}
    producer.send(Topic.READINGS_RAW, user_id, raw_record(json.dumps(body)))
    assert producer.flush(10) == 0
    found = {value["reading_id"]: value for _p, _k, value in readings.wait_for(lambda k, v: k == user_id, 2)}
    assert set(found) == {"r-raw-1", "r-raw-2"}
    assert found["r-raw-2"]["channel"] == "raw_topic" and found["r-raw-2"]["value"]["bpm"] == 210
    assert len(wait_for_rows(cassandra, user_id, 1)) == 1
    assert len(wait_for_rows(cassandra, user_id, 1, metric="heart_rate")) == 1

    # The same reading over HTTP afterwards: one idempotency domain for both doors.
    response = post(ingest, user_id, {"readings": [reading(user_id, "r-raw-1")]})
    assert response.json()["warnings"] == [{"reading_id": "r-raw-1", "code": "duplicate"}]


def test_raw_topic_garbage_is_rejected_or_dead_lettered(ingest, services, tail, user_id):
    rejected = tail(Topic.READINGS_REJECTED)
    dead = tail(Topic.READINGS_RAW.dlq)
    producer = EventProducer(get_platform_settings())
    producer.send(Topic.READINGS_RAW, user_id, raw_record("{this is not json"))
    producer.send_raw(Topic.READINGS_RAW, user_id, b"\x00\x00\x00\x00\x07not avro")
    assert producer.flush(10) == 0
    # Any other validator on the shared raw topic (a running `make demo`, another session) rejects and
    # dead-letters the same records in its own consumer group: every rejection must say the same, and the
    # dead letter to check is our validator's.
    found = rejected.wait_for(lambda k, v: k == user_id, 1)
    assert found
    for _p, _k, value in found:
        assert value["reasons"] == ["invalid_value"] and value["channel"] == "raw_topic"
        assert value["payload"] == "{this is not json"
    ours = f"ingest-validator.{services.session}"
    [(_p, _k, letter)] = dead.wait_for(lambda k, v: k == user_id and v["consumer"] == ours, 1)
    assert letter["error"].startswith("undecodable")


def test_the_sink_loses_nothing_when_killed(ingest, cassandra, user_id):
    ingest["sink"].kill()
    try:
        ids = [f"r-crash-{i}" for i in range(50)]
        body = {"readings": [reading(user_id, rid, minutes_ago=60 - i) for i, rid in enumerate(ids)]}
        assert post(ingest, user_id, body).status_code == 202
    finally:
        ingest["sink"].start()
    found = wait_for_rows(cassandra, user_id, 50, timeout_s=60)  # the dead member leaves the group first
    assert sorted(row.reading_id for row in found) == sorted(ids)


def test_ingest_codec_reads_and_writes_what_the_platform_codec_does(stack):
    settings = get_platform_settings()
    value = {"reading_id": "r-1", "user_id": "u-1", "device_id": "cuff-7", "metric": "heart_rate",
             "measured_at": 1_764_075_300_000, "utc_offset_min": 60, "source": "sensed",
             "value": {"systolic": None, "diastolic": None, "pulse": None, "bpm": 64, "count": None,
                       "interval_s": None, "duration_min": None, "efficiency": None, "kg": None},
             "flags": ["late_data"], "channel": "raw_topic", "ingested_at": 1_764_075_301_000}
    codec = AvroCodec(settings)
    encoded = WireEncoder(settings, Topic.READINGS).encode(value)
    assert encoded == codec.encode(Topic.READINGS, value)
    assert codec.decode(Topic.READINGS, encoded) == value
    assert IngestCodec(settings).decode(Topic.READINGS, encoded) == value
    with pytest.raises(ValueError, match="wire format"):
        IngestCodec(settings).decode(Topic.READINGS, b"\x01" + encoded[1:])


def test_metrics_count_readings_latency_and_lag(ingest, services, user_id):
    body = {"readings": [reading(user_id, "r-metrics-1"), reading(user_id, "r-metrics-2", metric="unknown")]}
    assert post(ingest, user_id, body).status_code == 202
    text = httpx.get(f"{ingest['url']}/metrics", timeout=10).text
    assert 'heartwise_ingest_readings_accepted_total{channel="http"}' in text
    assert 'heartwise_ingest_readings_rejected_total{channel="http",reason="unknown_metric"}' in text
    assert 'heartwise_ingest_request_latency_seconds_bucket{le="0.1",status="202"}' in text
    assert "heartwise_produce_failures_total" in text or "heartwise_ingest_dependency_errors_total" in text
    sink_metrics = httpx.get(ingest["sink_health"] + "/metrics", timeout=10).text
    assert 'heartwise_ingest_consumer_lag{consumer="sink"}' in sink_metrics
    assert "heartwise_ingest_sink_rows_written_total" in sink_metrics
    validator_metrics = httpx.get(ingest["validator_health"] + "/metrics", timeout=10).text
    assert 'heartwise_ingest_consumer_lag{consumer="validator"}' in validator_metrics


def test_broker_unreachable_is_503_with_a_reason(services, user_id):
    """A gateway whose Kafka is gone: the request waits for the broker (bounded) and gets 503, never 500."""
    dead_broker = f"127.0.0.1:{free_port()}"
    process, base_url = services.start(
        "ingest-no-kafka", "services.ingest.main", port_env="HEARTWISE_INGEST_PORT", health_path="/healthz",
        env={"HEARTWISE_KAFKA_BOOTSTRAP": dead_broker, "HEARTWISE_INGEST_PRODUCE_TIMEOUT_S": "2"})
    try:
        ready = httpx.get(f"{base_url}/readyz", timeout=10)
        assert ready.status_code == 503 and ready.json()["checks"]["kafka"] is False
        response = httpx.post(f"{base_url}/v1/readings", content=json.dumps({"readings": [reading(user_id)]}),
                              headers=headers(user_id), timeout=30)
        assert response.status_code == 503
        assert "broker" in response.json()["detail"]
        assert response.headers["Retry-After"] == "1"
    finally:
        process.stop()
