"""The worker's dataframe (readings + heartbeats → stateful step → anomalies) through Quix's `sdf.test()`.

No broker: topics are declared offline and state lives in real RocksDB stores under tmp_path (no changelog
topics), assigned and checkpointed the way the Application does it on a partition assignment. JSON serde
stands in for the registry's Avro (the unit under test is the pipeline, not the codec).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY
from quixstreams import Application
from quixstreams.models import MessageContext, TopicConfig
from quixstreams.models.topics import Topic as QuixTopic
from quixstreams.models.topics import TopicManager
from quixstreams.models.topics.admin import TopicAdmin

from services.anomaly import processor as processor_module
from services.anomaly.adapters.stale_index import NEVER, STORE_NAME
from services.anomaly.domain import DEFAULT_RULES, DISCLAIMER
from services.anomaly.processor import STATE_KEY, AnomalyProcessor
from services.anomaly.worker import anomaly_key, build_pipeline

MakeReading = Callable[..., dict[str, Any]]
T0 = 1_795_611_300_000
MINUTE = 60_000
HOUR = 3_600_000
DAY = 86_400_000
WEEK = 7 * DAY
LAG = HOUR  # heartbeat lag used below
SLOT = 60_000  # the due index slot (default)
SETTLE = DEFAULT_RULES.stale_backlog_settle_ms


class OfflineTopicManager(TopicManager):
    """Topics exactly as declared, without asking a broker (unit tests never reach Kafka)."""

    def _get_or_create_broker_topic(self, topic: QuixTopic) -> QuixTopic:
        broker_topic = QuixTopic(name=topic.name)
        broker_topic.broker_config = topic.create_config or TopicConfig(num_partitions=1, replication_factor=1)
        return broker_topic


class RecordingDeadLetters:
    def __init__(self) -> None:
        self.sent: list[tuple[str, int, int, Any, str]] = []

    def send_decoded(self, topic: str, partition: int, offset: int, key: Any, value: Any, error: str) -> None:
        self.sent.append((topic, partition, offset, key, error))


class Pipeline:
    """One partition (0) of the worker's pipeline; `send`/`beat` return what goes to anomalies.v1."""

    def __init__(self, state_dir: Path, cache_users: int = 0) -> None:
        admin = TopicAdmin(broker_address="127.0.0.1:9")
        self.app = Application(
            broker_address="127.0.0.1:9", consumer_group="unit-anomaly", state_dir=state_dir,
            use_changelog_topics=False, loglevel=None,
            topic_manager=OfflineTopicManager(topic_admin=admin, consumer_group="unit-anomaly"),
        )
        config = TopicConfig(num_partitions=6, replication_factor=1, extra_config={"retention.ms": str(WEEK)})
        self.readings = self.app.topic("readings.v1", key_deserializer="str", config=config)
        self.heartbeats = self.app.topic("heartbeat", config=config)
        anomalies = self.app.topic("anomalies.v1", key_serializer="str", config=config)
        self.dead_letters = RecordingDeadLetters()
        self.processor = AnomalyProcessor(dead_letters=self.dead_letters,  # type: ignore[arg-type]
                                          slot_ms=SLOT, heartbeat_lag_ms=LAG, cache_users=cache_users)
        self.sdf = build_pipeline(self.app, self.readings, self.heartbeats, anomalies, self.processor)
        # What the Application does when partition 0 is assigned: open its stores, start a checkpoint.
        # (Private attributes: Quix has no public hook to run a stateful dataframe without a consumer.)
        self.app._state_manager.on_partition_assign(stream_id=self.sdf.stream_id, partition=0, committed_offsets={})
        self.app._processing_context.init_checkpoint()
        self._offset = 0

    def _run(self, topic: QuixTopic, value: dict[str, Any], key: Any) -> list[dict[str, Any]]:
        self._offset += 1
        context = MessageContext(topic=topic.name, partition=0, offset=self._offset, size=0)
        return [out[0] for out in self.sdf.test(value, key=key, timestamp=0, ctx=context, topic=topic)]

    def send(self, reading: dict[str, Any]) -> list[dict[str, Any]]:
        return self._run(self.readings, reading, reading["user_id"])

    def beat(self, tick_at: int) -> list[dict[str, Any]]:
        return self._run(self.heartbeats, {"tick_at": tick_at}, None)

    def state(self, user_id: str) -> Any:
        transaction = self.app._processing_context.checkpoint.get_store_transaction(self.sdf.stream_id, 0)
        return transaction.as_state(prefix=user_id).get(STATE_KEY)

    def index_entries(self) -> list[list[Any]]:
        transaction = self.app._processing_context.checkpoint.get_store_transaction(
            self.sdf.stream_id, 0, STORE_NAME)
        return transaction.get_interval(start=0, end=NEVER, prefix=b"due")

    def close(self) -> None:
        self.app._state_manager.on_partition_revoke(stream_id=self.sdf.stream_id, partition=0)

    def reassign(self) -> None:
        """Partition 0 revoked and assigned again (after a commit), as in a rebalance."""
        self.app._processing_context.commit_checkpoint(force=True)
        self.close()
        self.app._state_manager.on_partition_assign(stream_id=self.sdf.stream_id, partition=0, committed_offsets={})
        self.app._processing_context.init_checkpoint()


# Every pipeline test runs with the in-memory user-state cache off (each reading reads the store) and on.
@pytest.fixture(params=[0, 1_000], ids=["store", "cached"])
def pipeline(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Pipeline]:
    made = Pipeline(tmp_path, cache_users=request.param)
    yield made
    made.close()


def bp(make_reading: MakeReading, user: str, at: int, systolic: int = 122, diastolic: int = 78,
       **extra: Any) -> dict[str, Any]:
    return make_reading("blood_pressure", at=at, user_id=user, systolic=systolic, diastolic=diastolic, **extra)


def kinds(anomalies: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(a["user_id"], a["kind"], a["severity"]) for a in anomalies]


def test_crisis_reading_gives_one_critical_anomaly_with_disclaimer(pipeline: Pipeline,
                                                                    make_reading: MakeReading) -> None:
    [anomaly] = pipeline.send(bp(make_reading, "u-1", T0, systolic=250, diastolic=120))
    assert (anomaly["kind"], anomaly["severity"], anomaly["category"]) == ("threshold", "critical",
                                                                          "hypertensive_crisis")
    assert anomaly["disclaimer"] == DISCLAIMER
    assert anomaly_key(anomaly) == "u-1"
    # stream time (the partition's newest event time), but not before the reading arrived
    assert anomaly["detected_at"] == max(T0, anomaly["ingested_at"])


def test_normal_readings_give_nothing_and_an_outlier_after_enough_history(pipeline: Pipeline,
                                                                          make_reading: MakeReading) -> None:
    for i in range(12):
        assert pipeline.send(bp(make_reading, "u-2", T0 + i * HOUR, systolic=118 + i % 3, diastolic=76)) == []
    out = pipeline.send(bp(make_reading, "u-2", T0 + 12 * HOUR, systolic=165, diastolic=76))
    assert ("u-2", "outlier", "review") in kinds(out) or ("u-2", "outlier", "info") in kinds(out)
    assert pipeline.state("u-2")["base"]["systolic"][0] == 13


def test_a_replayed_reading_yields_the_same_ids_and_leaves_the_state_alone(pipeline: Pipeline,
                                                                           make_reading: MakeReading) -> None:
    reading = bp(make_reading, "u-3", T0, systolic=190, diastolic=100)
    first = pipeline.send(reading)
    state = pipeline.state("u-3")
    again = pipeline.send(dict(reading))
    assert [a["anomaly_id"] for a in again] == [a["anomaly_id"] for a in first]
    assert pipeline.state("u-3") == state


def test_two_devices_disagreeing_give_a_conflict(pipeline: Pipeline, make_reading: MakeReading) -> None:
    assert pipeline.send(bp(make_reading, "u-4", T0, systolic=120, diastolic=80, device_id="cuff-1")) == []
    out = pipeline.send(bp(make_reading, "u-4", T0 + MINUTE, systolic=150, diastolic=80, device_id="cuff-2"))
    assert ("u-4", "conflict", "review") in kinds(out)


def test_silent_user_goes_stale_once_when_other_users_move_stream_time(pipeline: Pipeline,
                                                                       make_reading: MakeReading) -> None:
    assert pipeline.send(bp(make_reading, "silent", T0)) == []
    stale: list[dict[str, Any]] = []
    # Another user on the partition keeps sending, one reading every 6 hours for 10 days.
    for i in range(1, 41):
        at = T0 + i * 6 * HOUR
        out = pipeline.send(bp(make_reading, "busy", at))
        assert all(a["user_id"] == "silent" for a in out), out
        if out:
            assert at >= T0 + WEEK, "not before the 7 days"
            assert at < T0 + WEEK + SLOT + 6 * HOUR, "within a slot after the due time"
        stale.extend(out)
    [anomaly] = stale
    assert (anomaly["kind"], anomaly["severity"], anomaly["reading_id"]) == ("stale_data", "info", None)
    assert anomaly["measured_at"] == T0
    assert anomaly["detected_at"] >= T0 + WEEK
    assert anomaly["disclaimer"] == DISCLAIMER
    assert anomaly_key(anomaly) == "silent"
    assert pipeline.state("silent")["stale_fired_for"] == T0


def test_a_heartbeat_moves_a_quiet_partition(pipeline: Pipeline, make_reading: MakeReading) -> None:
    pipeline.send(bp(make_reading, "quiet", T0))
    assert pipeline.beat(T0 + WEEK) == []  # minus the lag: stream time is still short of the 7 days
    [anomaly] = pipeline.beat(T0 + WEEK + LAG + SLOT)
    assert (anomaly["user_id"], anomaly["kind"]) == ("quiet", "stale_data")
    assert anomaly["detected_at"] == T0 + WEEK + SLOT
    assert pipeline.beat(T0 + 30 * DAY) == []  # one anomaly per episode
    assert pipeline.index_entries() == []


def test_a_new_reading_ends_the_episode_and_rearms_it(pipeline: Pipeline, make_reading: MakeReading) -> None:
    pipeline.send(bp(make_reading, "back", T0))
    [first] = pipeline.beat(T0 + WEEK + LAG + SLOT)
    back = T0 + 10 * DAY
    assert pipeline.send(bp(make_reading, "back", back)) == []
    assert pipeline.beat(back + WEEK + LAG - SLOT) == []
    [second] = pipeline.beat(back + WEEK + LAG + SLOT)
    assert second["anomaly_id"] != first["anomaly_id"]
    assert second["measured_at"] == back


def test_a_late_reading_neither_ends_nor_starts_an_episode(pipeline: Pipeline, make_reading: MakeReading) -> None:
    pipeline.send(bp(make_reading, "late", T0))
    pipeline.send(bp(make_reading, "late", T0 - 3 * DAY))  # arrives late, measured before the newest one
    [anomaly] = pipeline.beat(T0 + WEEK + LAG + SLOT)
    assert anomaly["measured_at"] == T0


def test_readings_do_not_touch_the_index_sweeps_move_an_active_users_entry(
        pipeline: Pipeline, make_reading: MakeReading) -> None:
    for i in range(48):  # two days of readings every hour: one index entry, made by the first
        pipeline.send(bp(make_reading, "active", T0 + i * HOUR))
    assert [user for _slot, user in pipeline.index_entries()] == ["active"]
    [[slot, _user]] = pipeline.index_entries()
    assert slot == T0 + WEEK  # T0 is on a slot boundary
    # A week on, the entry is due but the user has sent since: it moves to the current due time, no anomaly.
    assert pipeline.beat(T0 + WEEK + LAG) == []
    assert pipeline.index_entries() == [[T0 + 47 * HOUR + WEEK, "active"]]
    # With no reading since, the moved entry fires once.
    [anomaly] = pipeline.beat(T0 + 47 * HOUR + WEEK + LAG)
    assert anomaly["measured_at"] == T0 + 47 * HOUR
    assert pipeline.index_entries() == []


def test_a_reading_that_arrives_older_than_7_days_is_judged_once_its_upload_settles(
        pipeline: Pipeline, make_reading: MakeReading) -> None:
    pipeline.send(bp(make_reading, "other", T0 + 10 * DAY))  # stream time: day 10
    assert pipeline.send(bp(make_reading, "imported", T0)) == []  # its only reading, 10 days old: not at once
    assert pipeline.beat(T0 + 10 * DAY + LAG + SETTLE - SLOT) == []
    [anomaly] = pipeline.beat(T0 + 10 * DAY + LAG + SETTLE)  # the upload settled: the newest is 10 days old
    assert (anomaly["user_id"], anomaly["kind"], anomaly["measured_at"]) == ("imported", "stale_data", T0)
    assert [a for a in pipeline.beat(T0 + 20 * DAY + LAG) if a["user_id"] == "imported"] == []  # once


def test_a_device_syncing_a_backlog_after_a_stale_episode_does_not_flood(
        pipeline: Pipeline, make_reading: MakeReading) -> None:
    pipeline.send(bp(make_reading, "offline", T0))
    [first] = pipeline.beat(T0 + WEEK + LAG)
    now = T0 + 12 * DAY
    pipeline.beat(now + LAG)
    # The cuff comes back online and uploads what it measured on days 1-4, oldest first: one live entry.
    for day in range(1, 5):
        assert pipeline.send(bp(make_reading, "offline", T0 + day * DAY)) == []
    assert pipeline.beat(now + LAG + SETTLE - SLOT) == []
    # Settled: the newest reading (day 4) is 8 days old, so the user is stale: flagged again, once.
    [second] = pipeline.beat(now + LAG + SETTLE)
    assert second["measured_at"] == T0 + 4 * DAY
    assert second["anomaly_id"] != first["anomaly_id"]
    assert pipeline.beat(now + WEEK + LAG) == []


def test_a_backlog_that_reaches_the_present_is_not_stale(pipeline: Pipeline, make_reading: MakeReading) -> None:
    now = T0 + 12 * DAY
    pipeline.beat(now + LAG)
    for day in range(2, 13):  # a phone syncing 10 days at once, up to today
        pipeline.send(bp(make_reading, "syncing", T0 + day * DAY - HOUR))
    assert pipeline.beat(now + LAG + SETTLE) == []


def test_a_heartbeat_never_moves_stream_time_back(pipeline: Pipeline, make_reading: MakeReading) -> None:
    pipeline.send(bp(make_reading, "u-5", T0))
    pipeline.beat(T0 - DAY)
    assert pipeline.processor.stream_time(0) == T0


def test_an_unprocessable_reading_goes_to_the_dead_letters_and_the_next_one_is_processed(
        pipeline: Pipeline, make_reading: MakeReading, monkeypatch: pytest.MonkeyPatch) -> None:
    real = processor_module.evaluate_reading

    def flaky(state: Any, reading: dict[str, Any], **kwargs: Any) -> Any:
        if reading["reading_id"] == "r-poison":
            raise ValueError("cannot evaluate")
        return real(state, reading, **kwargs)

    monkeypatch.setattr(processor_module, "evaluate_reading", flaky)
    assert pipeline.send(bp(make_reading, "u-6", T0, reading_id="r-poison")) == []
    [(topic, partition, _offset, key, error)] = pipeline.dead_letters.sent
    assert (topic, partition, key) == ("readings.v1", 0, "u-6")
    assert error == "unprocessable: ValueError in evaluate_reading"
    assert pipeline.state("u-6") is None
    [anomaly] = pipeline.send(bp(make_reading, "u-6", T0 + MINUTE, systolic=250, diastolic=120))
    assert anomaly["severity"] == "critical"


def test_anomalies_are_counted_by_kind_and_severity(pipeline: Pipeline, make_reading: MakeReading) -> None:
    def count() -> float:
        value = REGISTRY.get_sample_value("heartwise_anomaly_anomalies_total",
                                          {"kind": "threshold", "severity": "critical"})
        return value or 0.0

    before = count()
    pipeline.send(bp(make_reading, "u-7", T0, systolic=250, diastolic=120))
    assert count() == before + 1


def test_stale_rule_is_the_domain_number() -> None:
    assert DEFAULT_RULES.stale_after_ms == WEEK


def test_the_state_cache_is_dropped_when_the_partition_is_reassigned(tmp_path: Path,
                                                                    make_reading: MakeReading) -> None:
    """Another owner may have written the user's state in between: after a reassignment the store is read."""
    made = Pipeline(tmp_path, cache_users=1_000)
    try:
        for i in range(3):
            made.send(bp(make_reading, "u-9", T0 + i * HOUR))
        assert made.state("u-9")["base"]["systolic"][0] == 3
        made.reassign()
        transaction = made.app._processing_context.checkpoint.get_store_transaction(made.sdf.stream_id, 0)
        theirs = {**made.state("u-9"), "base": {}}  # what the other owner left (recovered from the changelog)
        transaction.as_state(prefix="u-9").set(STATE_KEY, theirs)
        made.send(bp(make_reading, "u-9", T0 + 3 * HOUR))
        assert made.state("u-9")["base"]["systolic"][0] == 1  # built on theirs, not on this process's copy
    finally:
        made.close()
