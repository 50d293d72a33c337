"""schemas/topics.yaml, the Topic names and the loader helpers in services.common.contracts."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError

import fastavro
import pytest

from services.common import contracts
from services.common.contracts import (
    DEAD_LETTER_SCHEMA_FILE,
    Topic,
    TopicSpec,
    dlq_topic,
    load_schema,
    load_topics,
    parsed_schema,
    schemas_dir,
    topic_spec,
)

DESIGN = schemas_dir().parents[1] / "shared" / "DESIGN.md"
DAY_MS = 24 * 60 * 60 * 1000
# Declared in topics.yaml and the Topic enum but not in DESIGN.md's table: platform plumbing, not domain events.
PLATFORM_INTERNAL_TOPICS = {"flags.v1"}


def _design_topics() -> set[str]:
    text = DESIGN.read_text(encoding="utf-8")
    section = text[text.index("## Topics") :]
    section = section[: section.index("\n## ", 1)]
    return {t for t in re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE) if "<" not in t}


def test_every_design_topic_has_a_schema_and_a_topics_entry():
    if not DESIGN.is_file():
        pytest.skip(f"{DESIGN} not available")
    design = _design_topics()
    assert len(design) == 10
    assert {t.value for t in Topic} >= PLATFORM_INTERNAL_TOPICS
    assert design == {t.value for t in Topic} - PLATFORM_INTERNAL_TOPICS
    for topic in design:
        assert (schemas_dir() / load_topics()[topic].schema_file).is_file()


def test_topic_enum_and_topics_yaml_declare_the_same_domain_topics():
    declared = {name for name, spec in load_topics().items() if not spec.is_dlq}
    assert declared == {t.value for t in Topic}


def test_schema_file_is_named_after_its_topic():
    for topic in Topic:
        assert load_topics()[topic].schema_file == f"{topic.value}.avsc"


def test_every_topic_has_the_same_partition_count_for_co_partitioning():
    counts = {spec.partitions for spec in load_topics().values()}
    assert counts == {6}


def test_local_replication_factor_is_one():
    assert {spec.replication_factor for spec in load_topics().values()} == {1}


def test_every_domain_topic_has_a_dead_letter_topic_with_the_shared_schema():
    topics = load_topics()
    for topic in Topic:
        assert topics[topic].has_dlq
        dlq = topics[topic.dlq]
        assert dlq.name == f"{topic.value}.dlq"
        assert dlq.schema_file == DEAD_LETTER_SCHEMA_FILE
        assert dlq.is_dlq
        assert not dlq.has_dlq
        assert dlq.partitions == topics[topic].partitions
    assert len(topics) == 2 * len(Topic)


def test_preferences_and_flags_are_compacted_and_everything_else_expires():
    for name, spec in load_topics().items():
        if name in (Topic.PREFERENCES, Topic.FLAGS):
            assert spec.config["cleanup.policy"] == "compact"
            assert "retention.ms" not in spec.config
        else:
            assert spec.config["cleanup.policy"] == "delete", name
            assert int(spec.config["retention.ms"]) > 0, name


@pytest.mark.parametrize(
    ("topic", "days"),
    [
        (Topic.READINGS_RAW, 7),
        (Topic.READINGS, 7),
        (Topic.AUDIT, 30),
        (Topic.CHAT_TURNS, 30),
        (Topic.ANALYTICS, 90),
    ],
)
def test_retention_matches_the_platform_policy(topic, days):
    assert int(load_topics()[topic].config["retention.ms"]) == days * DAY_MS


def test_config_values_are_strings_as_kafka_takes_them():
    for spec in load_topics().values():
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in spec.config.items())


def test_topic_spec_is_immutable_and_names_its_registry_subject():
    spec = topic_spec(Topic.NUDGES)
    assert isinstance(spec, TopicSpec)
    assert spec.value_subject == "nudges.v1-value"
    with pytest.raises(FrozenInstanceError):
        spec.partitions = 3  # type: ignore[misc]


def test_unknown_topic_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match=r"nope\.v1"):
        topic_spec("nope.v1")


def test_dlq_topic_appends_the_suffix_once():
    assert dlq_topic(Topic.ANOMALIES) == "anomalies.v1.dlq"
    assert dlq_topic("anomalies.v1") == Topic.ANOMALIES.dlq
    with pytest.raises(ValueError, match="already"):
        dlq_topic("anomalies.v1.dlq")


def test_topic_members_are_plain_strings():
    assert Topic.READINGS == "readings.v1"
    assert f"{Topic.CHAT_TURNS}" == "chat.turns.v1"


def test_load_schema_returns_the_topics_schema_and_a_private_copy():
    schema = load_schema(Topic.READINGS)
    assert schema["name"] == "Reading"
    schema["fields"].clear()
    assert load_schema("readings.v1")["fields"], "callers cannot corrupt the cache"
    assert load_schema(Topic.READINGS.dlq)["name"] == "DeadLetter"


def test_parsed_schema_is_cached_and_usable_by_fastavro():
    parsed = parsed_schema(Topic.PREFERENCES)
    assert parsed is parsed_schema("preferences.v1")
    assert parsed["name"] == "io.heartwise.v1.Preferences"
    assert fastavro.validation.validate({"user_id": "u-1", "updated_at": 0, **_preference_defaults()}, parsed)


def _preference_defaults() -> dict:
    return {f["name"]: f["default"] for f in load_schema(Topic.PREFERENCES)["fields"] if "default" in f}


def test_loader_reads_the_yaml_under_the_schemas_dir(tmp_path, monkeypatch):
    (tmp_path / "a.v1.avsc").write_text('{"type": "record", "name": "A", "doc": "a", "fields": []}')
    (tmp_path / "dead_letter.avsc").write_text('{"type": "record", "name": "D", "doc": "d", "fields": []}')
    (tmp_path / "topics.yaml").write_text(
        "dead_letter: {schema: dead_letter.avsc, partitions: 2, replication_factor: 1,"
        " config: {retention.ms: 5}}\n"
        "topics:\n"
        "  a.v1: {schema: a.v1.avsc, key: string, partitions: 2, replication_factor: 1, dlq: true,"
        " config: {cleanup.policy: delete, retention.ms: 10, preallocate: true}}\n"
    )
    monkeypatch.setattr(contracts, "schemas_dir", lambda: tmp_path)
    contracts.load_topics.cache_clear()
    try:
        topics = contracts.load_topics()
        assert set(topics) == {"a.v1", "a.v1.dlq"}
        expected = {"cleanup.policy": "delete", "retention.ms": "10", "preallocate": "true"}
        assert topics["a.v1"].config == expected
        assert topics["a.v1.dlq"].config == {"retention.ms": "5"}
    finally:
        contracts.load_topics.cache_clear()


def test_loader_refuses_a_topic_whose_schema_file_is_missing(tmp_path, monkeypatch):
    (tmp_path / "topics.yaml").write_text(
        "topics:\n  a.v1: {schema: missing.avsc, partitions: 1, replication_factor: 1}\n"
    )
    monkeypatch.setattr(contracts, "schemas_dir", lambda: tmp_path)
    contracts.load_topics.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"missing\.avsc"):
            contracts.load_topics()
    finally:
        contracts.load_topics.cache_clear()
