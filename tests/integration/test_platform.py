"""The foundation on the real stack: registry serde, partition agreement, DLQ, Cassandra TTLs, Mongo, compat."""

from __future__ import annotations

import json
import time
import uuid

import httpx
import pytest
from avro_examples import example_data
from confluent_kafka import Consumer, TopicPartition

from services.common.config import get_platform_settings
from services.common.contracts import Topic, dlq_topic, load_schema, load_topics
from services.common.kafka import AtLeastOnceConsumer, EventProducer, Record

pytestmark = pytest.mark.usefixtures("stack")


def _reading(user_id: str, reading_id: str | None = None) -> dict:
    now = int(time.time() * 1000)
    return {
        "reading_id": reading_id or f"r-{uuid.uuid4().hex}", "user_id": user_id, "device_id": "cuff-7",
        "metric": "blood_pressure", "measured_at": now - 60_000, "utc_offset_min": -300, "source": "sensed",
        "value": {"systolic": 128, "diastolic": 82, "pulse": 70, "bpm": None, "count": None, "interval_s": None,
                  "duration_min": None, "efficiency": None, "kg": None},
        "flags": [], "channel": "http", "ingested_at": now,
    }


def java_murmur2_partition(key: bytes, partitions: int) -> int:
    """Kafka's Java `Utils.murmur2(key) & 0x7fffffff % n`, written out as the reference to agree with."""
    seed, m, r = 0x9747B28C, 0x5BD1E995, 24
    length = len(key)
    h = (seed ^ length) & 0xFFFFFFFF
    for i in range(0, length - length % 4, 4):
        k = int.from_bytes(key[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = (h * m) & 0xFFFFFFFF
        h ^= k
    rest = length % 4
    tail = key[length - rest:]
    if rest == 3:
        h ^= tail[2] << 16
    if rest >= 2:
        h ^= tail[1] << 8
    if rest >= 1:
        h ^= tail[0]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return (h & 0x7FFFFFFF) % partitions


def test_avro_round_trip_through_the_registry(tail, user_id):
    readings = tail(Topic.READINGS)
    sent = _reading(user_id)
    producer = EventProducer()
    producer.send(Topic.READINGS, user_id, sent)
    assert producer.flush(10) == 0
    [(_, _, received)] = readings.wait_for(lambda k, _v: k == user_id)
    assert received == sent

    # The bytes on the topic are the Confluent wire format with the id the registry gave the subject.
    raw = tail(Topic.READINGS, decode=False)
    producer.send(Topic.READINGS, user_id, _reading(user_id))
    producer.flush(10)
    [(_, _, value)] = raw.wait_for(lambda k, _v: k == user_id)
    registry = get_platform_settings().schema_registry_url
    latest = httpx.get(f"{registry}/subjects/{Topic.READINGS}-value/versions/latest", timeout=5).json()
    assert value[0] == 0 and int.from_bytes(value[1:5], "big") == latest["id"]


def test_a_user_lands_on_the_same_partition_from_platform_producer_and_quix_for_every_topic(stack):
    from services.common.streams import build_application, contract_topic

    app = build_application(f"partition-check-{uuid.uuid4().hex[:6]}", "/tmp/heartwise-test-state")
    quix_producer = app.get_producer()
    platform_producer = EventProducer()
    keys = [f"pt-{uuid.uuid4().hex[:10]}" for _ in range(24)] + ["u-123", "user-éü", "x"]
    checked = 0
    for topic in load_topics():
        if topic.endswith(".dlq") or topic == Topic.FLAGS:  # flags are keyed by flag name, not user id
            continue
        record = example_data(load_schema(topic))[0]
        quix_topic = contract_topic(app, topic, output=True)  # the same serde `sdf.to_topic` uses

        platform_partitions: dict[str, int] = {}
        quix_partitions: dict[str, int] = {}

        def remember(into: dict[str, int]):
            def callback(error, message) -> None:
                assert error is None, error
                into[message.key().decode()] = message.partition()
            return callback

        for key in keys:
            platform_producer.send(topic, key, record, on_delivery=remember(platform_partitions))
            serialized = quix_topic.serialize(key=key, value=record)
            quix_producer.produce(topic, value=serialized.value, key=serialized.key,
                                  on_delivery=remember(quix_partitions))
        platform_producer.flush(15)
        quix_producer.flush(15)
        partitions = load_topics()[topic].partitions
        for key in keys:
            expected = java_murmur2_partition(key.encode(), partitions)
            assert platform_partitions[key] == quix_partitions[key] == expected, (topic, key)
        checked += 1
    assert checked == 10


def test_a_poison_record_goes_to_the_dlq_and_the_consumer_goes_on(tail, user_id):
    topic = Topic.READINGS_RAW
    dead_letters = tail(dlq_topic(topic))
    producer = EventProducer()
    producer.send_raw(topic, user_id, b"\x00\x00\x00\x00\x07 definitely not avro")
    good = {"payload": json.dumps({"reading_id": "r1"}), "content_type": "application/json",
            "bridge_id": "bridge-1", "received_at": int(time.time() * 1000)}
    producer.send(topic, user_id, good)
    producer.flush(10)

    handled: list[Record] = []

    def handler(batch: list[Record]):
        handled.extend(record for record in batch if record.key == user_id)
        return None

    group = f"dlq-test-{uuid.uuid4().hex[:8]}"
    consumer = AtLeastOnceConsumer([topic], group, handler, extra_config={"auto.offset.reset": "earliest"})
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and not handled:
            consumer.poll_once()
    finally:
        consumer.close()
    assert [record.value["bridge_id"] for record in handled] == ["bridge-1"]
    # Other consumers of the topic (e.g. the ingest validator, when it runs) dead-letter the same record too.
    [(_, _, letter)] = dead_letters.wait_for(lambda k, v: k == user_id and v["consumer"] == group)
    assert letter["topic"] == topic and letter["error"].startswith("undecodable")
    assert letter["value"] == b"\x00\x00\x00\x00\x07 definitely not avro"


def test_consumer_commits_only_after_the_batch_is_handled(user_id):
    topic = Topic.READINGS
    group = f"commit-test-{uuid.uuid4().hex[:8]}"
    producer = EventProducer()
    producer.send(topic, user_id, _reading(user_id))
    producer.flush(10)

    def failing(_batch: list[Record]):
        raise RuntimeError("handler crashed")

    consumer = AtLeastOnceConsumer([topic], group, failing)
    with pytest.raises(RuntimeError):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            consumer.poll_once()
    consumer.close()
    probe = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap, "group.id": group})
    committed = probe.committed([TopicPartition(topic, p) for p in range(6)], timeout=10)
    probe.close()
    assert all(tp.offset < 0 for tp in committed), "nothing may be committed when handling failed"


def test_cassandra_tables_carry_their_ttls(stack):
    from services.common.cassandra import connect

    seven_years_s = 220_898_482
    thirty_days_s = 30 * 86_400
    expected_min = {"readings_by_user": seven_years_s, "reading_ids": seven_years_s}
    cluster, session = connect()
    try:
        rows = session.execute(
            "SELECT table_name, default_time_to_live FROM system_schema.tables WHERE keyspace_name = %s",
            (get_platform_settings().cassandra_keyspace,))
        ttls = {row.table_name: row.default_time_to_live for row in rows}
        for table, ttl in expected_min.items():
            assert ttls[table] == ttl, table
        # Chat data (any table whose name starts with chat_ or conversation) expires after 30 days.
        for table, ttl in ttls.items():
            if table.startswith(("chat_turns", "conversations")):
                assert ttl == thirty_days_s, table
        # And a row written there really carries the TTL.
        reading_id = f"ttl-{uuid.uuid4().hex}"
        session.execute("INSERT INTO reading_ids (user_id, reading_id, metric) VALUES (%s, %s, %s)",
                        ("ttl-user", reading_id, "weight"))
        remaining = session.execute(
            "SELECT TTL(metric) AS ttl FROM reading_ids WHERE user_id = %s AND reading_id = %s",
            ("ttl-user", reading_id)).one().ttl
        assert seven_years_s - 60 < remaining <= seven_years_s
    finally:
        cluster.shutdown()


async def test_crud_and_unique_index_through_async_mongo_client_on_ferretdb(stack):
    from pymongo.errors import DuplicateKeyError

    from services.common.mongo import build_client, database

    client = build_client()
    try:
        collection = database(client)["preferences"]
        user = f"mongo-{uuid.uuid4().hex[:8]}"
        await collection.insert_one({"user_id": user, "step_goal": 8000})
        with pytest.raises(DuplicateKeyError):
            await collection.insert_one({"user_id": user, "step_goal": 9000})
        await collection.update_one({"user_id": user}, {"$set": {"step_goal": 10_000}})
        found = await collection.find_one({"user_id": user})
        assert found is not None and found["step_goal"] == 10_000
        await collection.delete_one({"user_id": user})
        assert await collection.find_one({"user_id": user}) is None
    finally:
        await client.close()


def test_the_registry_refuses_an_incompatible_schema_change(stack):
    registry = get_platform_settings().schema_registry_url
    subject = f"compat-check-{uuid.uuid4().hex[:8]}-value"
    v1 = {"type": "record", "name": "Probe", "namespace": "io.heartwise.test",
          "fields": [{"name": "id", "type": "string"}]}
    compatible = {**v1, "fields": [*v1["fields"], {"name": "note", "type": ["null", "string"], "default": None}]}
    incompatible = {**v1, "fields": [*v1["fields"], {"name": "required_new", "type": "int"}]}
    with httpx.Client(timeout=10) as http:
        http.put(f"{registry}/config/{subject}", json={"compatibility": "BACKWARD"})
        assert http.post(f"{registry}/subjects/{subject}/versions",
                         json={"schema": json.dumps(v1)}).status_code == 200
        assert http.post(f"{registry}/subjects/{subject}/versions",
                         json={"schema": json.dumps(compatible)}).status_code == 200
        refused = http.post(f"{registry}/subjects/{subject}/versions", json={"schema": json.dumps(incompatible)})
        assert refused.status_code == 409
