"""services.common.contracts: dead-letter naming, topics.yaml loading and one schema per Topic."""

from __future__ import annotations

import pytest

from services.common.contracts import (
    DEAD_LETTER_SCHEMA_FILE,
    Topic,
    TopicSpec,
    dlq_topic,
    load_schema,
    load_topics,
    parsed_schema,
    topic_spec,
)


def test_dlq_topic_appends_the_suffix():
    assert dlq_topic("readings.v1") == "readings.v1.dlq"
    assert dlq_topic(Topic.NUDGES) == "nudges.v1.dlq"
    assert Topic.READINGS.dlq == "readings.v1.dlq"


def test_dlq_of_a_dlq_is_refused():
    with pytest.raises(ValueError, match="already a dead-letter topic"):
        dlq_topic("readings.v1.dlq")


def test_every_topic_enum_value_has_a_spec_a_dlq_and_a_schema():
    specs = load_topics()
    for topic in Topic:
        spec = specs[topic.value]
        assert isinstance(spec, TopicSpec)
        assert spec.name == topic.value
        assert not spec.is_dlq
        assert spec.partitions >= 1
        assert spec.value_subject == f"{topic.value}-value"

        schema = load_schema(topic)
        assert schema["type"] == "record"
        assert schema["fields"]
        assert parsed_schema(topic) is parsed_schema(topic.value)  # one cached parse per topic

        assert spec.has_dlq
        dlq = specs[topic.dlq]
        assert dlq.is_dlq
        assert not dlq.has_dlq
        assert dlq.schema_file == DEAD_LETTER_SCHEMA_FILE
        assert dlq.partitions == spec.partitions  # same key, same partition number as the source topic


def test_load_topics_holds_exactly_the_domain_topics_and_their_dlqs():
    expected = {t.value for t in Topic} | {dlq_topic(t) for t in Topic}
    assert set(load_topics()) == expected


def test_all_topics_are_co_partitioned():
    assert len({spec.partitions for spec in load_topics().values()}) == 1


def test_preferences_is_compacted_and_the_rest_delete():
    specs = load_topics()
    assert specs[Topic.PREFERENCES].config["cleanup.policy"] == "compact"
    assert specs[Topic.FLAGS].config["cleanup.policy"] == "compact"  # latest definition per flag
    for topic in Topic:
        if topic not in (Topic.PREFERENCES, Topic.FLAGS):
            assert specs[topic].config["cleanup.policy"] == "delete", topic
    assert specs[Topic.PREFERENCES.dlq].config["cleanup.policy"] == "delete"


def test_config_values_are_kafka_strings():
    for spec in load_topics().values():
        assert all(isinstance(v, str) for v in spec.config.values()), spec.name


def test_dead_letter_schema_has_the_documented_fields():
    names = {f["name"] for f in load_schema(Topic.READINGS.dlq)["fields"]}
    assert names == {"topic", "partition", "offset", "key", "value", "error", "consumer", "failed_at"}


def test_load_schema_returns_a_private_copy():
    schema = load_schema(Topic.READINGS)
    schema["fields"].clear()
    assert load_schema(Topic.READINGS)["fields"]


def test_unknown_topic_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match=r"readings\.v2"):
        topic_spec("readings.v2")
