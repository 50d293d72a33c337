"""The .avsc files are the contract: they parse, are documented, and match CONTRIBUTING.md's record shapes."""

from __future__ import annotations

import json
import re
from typing import Any

import fastavro
import pytest

from services.common.contracts import DEAD_LETTER_SCHEMA_FILE, load_topics, schemas_dir

NAMESPACE = "io.heartwise.v1"
SCHEMA_FILES = sorted(p.name for p in schemas_dir().glob("*.avsc"))
CONTRIBUTING = schemas_dir().parent / "CONTRIBUTING.md"
# Platform-internal schemas, not among CONTRIBUTING.md's record shapes (tests/unit/common/test_common_flags.py
# pins the flags.v1 fields instead).
PLATFORM_INTERNAL_SCHEMAS = {"flags.v1.avsc"}

# CONTRIBUTING.md vocabulary line -> the Avro enum that must carry exactly those symbols.
VOCABULARY_ENUMS = {
    "metric": "Metric",
    "reading source": "ReadingSource",
    "rejection codes": "RejectionReason",
    "anomaly kind": "AnomalyKind",
    "severity": "Severity",
    "nudge trigger": "NudgeTrigger",
    "chat kind": "ChatKind",
}
# Vocabulary carried as strings (open for growth); the field doc must list every known code.
VOCABULARY_STRINGS = {"warnings": ("readings.v1.avsc", "flags")}


def _raw(file: str) -> dict[str, Any]:
    return json.loads((schemas_dir() / file).read_text(encoding="utf-8"))


def _walk(schema: Any, path: str):
    """Yield (path, node) for every record, enum, fixed and field definition in a schema."""
    if isinstance(schema, list):
        for branch in schema:
            yield from _walk(branch, path)
    elif isinstance(schema, dict):
        kind = schema.get("type")
        if kind in ("record", "enum", "fixed"):
            yield f"{path}<{schema['name']}>", schema
        if kind == "record":
            for f in schema["fields"]:
                yield f"{path}.{f['name']}", f
                yield from _walk(f["type"], f"{path}.{f['name']}")
        elif kind == "array":
            yield from _walk(schema["items"], path + "[]")
        elif kind == "map":
            yield from _walk(schema["values"], path + "{}")


def _named_types(schema: Any) -> dict[str, Any]:
    found = {}
    for _, node in _walk(schema, ""):
        if node.get("type") in ("record", "enum", "fixed") and "name" in node:
            found[node["name"]] = node
    return found


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def _bullets(section: str) -> list[str]:
    """Markdown bullets with their continuation lines joined."""
    bullets: list[str] = []
    for line in section.splitlines():
        if line.startswith("- "):
            bullets.append(line[2:].strip())
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
    return bullets


def _documented_shapes() -> dict[str, tuple[str, list[str], list[str]]]:
    """topic -> (record name, top-level field tokens, nested `value{...}` tokens) from CONTRIBUTING.md."""
    section = _section(CONTRIBUTING.read_text(encoding="utf-8"), "## Record shapes on the topics")
    shapes = {}
    for bullet in _bullets(section):
        m = re.match(r"`([^`]+)` (\w+)[^:]*: (.*)", bullet)
        assert m, f"unparsable record shape bullet: {bullet!r}"
        topic, record, rest = m.groups()
        while re.search(r"\([^()]*\)", rest):  # drop the (explanations), innermost first
            rest = re.sub(r"\([^()]*\)", "", rest)
        rest = rest.replace("`", "").strip().rstrip(".")
        nested: list[str] = []
        nm = re.search(r"(\w+)\{([^}]*)\}", rest)
        if nm:
            nested = [t.strip() for t in nm.group(2).split(",")]
            rest = rest.replace(nm.group(0), nm.group(1))
        shapes[topic] = (record, [t.strip() for t in rest.split(",") if t.strip()], nested)
    return shapes


def _schema_file_for(topic: str) -> str:
    return DEAD_LETTER_SCHEMA_FILE if topic == "<topic>.dlq" else load_topics()[topic].schema_file


def _is_nullable(field_type: Any) -> bool:
    return isinstance(field_type, list) and "null" in field_type


def test_schema_folder_holds_one_schema_per_topic_plus_dead_letter():
    domain = {spec.schema_file for spec in load_topics().values() if not spec.is_dlq}
    assert set(SCHEMA_FILES) == domain | {DEAD_LETTER_SCHEMA_FILE}


@pytest.mark.parametrize("file", SCHEMA_FILES)
def test_schema_parses_with_fastavro_in_the_heartwise_namespace(file):
    parsed = fastavro.parse_schema(_raw(file))
    assert parsed["type"] == "record"
    assert parsed["name"].startswith(NAMESPACE + ".")


@pytest.mark.parametrize("file", SCHEMA_FILES)
def test_every_record_enum_and_field_has_a_doc(file):
    nodes = list(_walk(_raw(file), file))
    missing = [path for path, node in nodes if not str(node.get("doc", "")).strip()]
    assert nodes
    assert missing == []


@pytest.mark.parametrize("file", SCHEMA_FILES)
def test_optional_fields_default_to_null_and_collections_to_empty(file):
    for path, node in _walk(_raw(file), file):
        if "name" not in node or "type" not in node or node.get("type") in ("record", "enum", "fixed"):
            continue  # a named type definition, not a field
        field_type = node["type"]
        if _is_nullable(field_type):
            assert field_type[0] == "null", path
            assert "default" in node, path
            assert node["default"] is None, path
        if isinstance(field_type, dict) and field_type["type"] == "array":
            assert node.get("default") == [], path
        if isinstance(field_type, dict) and field_type["type"] == "map":
            assert node.get("default") == {}, path


@pytest.mark.parametrize("file", SCHEMA_FILES)
def test_times_are_utc_epoch_millis_as_long_and_offsets_in_minutes(file):
    for path, node in _walk(_raw(file), file):
        name = node.get("name", "")
        if "fields" in node or "symbols" in node:
            continue
        if name.endswith("_at") or name in ("occurred_hour", "snoozed_until"):
            assert node["type"] in ("long", ["null", "long"]), path
            assert "UTC epoch milliseconds" in node["doc"], path
        if name == "utc_offset_min":
            assert node["type"] == "int", path
            assert "-720..840" in node["doc"], path


def test_named_types_are_defined_identically_in_every_schema():
    seen: dict[str, tuple[str, Any]] = {}
    for file in SCHEMA_FILES:
        for name, definition in _named_types(_raw(file)).items():
            if name in seen:
                assert definition == seen[name][1], f"{name} differs between {seen[name][0]} and {file}"
            else:
                seen[name] = (file, definition)
    assert {"Metric", "Severity", "NudgeTrigger"} <= set(seen)


def test_enum_defaults_are_symbols_of_their_enum():
    enums = [
        node for file in SCHEMA_FILES for _, node in _walk(_raw(file), file) if node.get("type") == "enum"
    ]
    assert enums
    for enum in enums:
        if "default" in enum:
            assert enum["default"] in enum["symbols"], enum["name"]


def _contributing_vocabulary() -> dict[str, list[str]]:
    section = _section(CONTRIBUTING.read_text(encoding="utf-8"), "## Vocabulary")
    return {name.strip(): words.split() for name, words in re.findall(r"([\w ]+): `([^`]+)`", section)}


def test_enums_carry_exactly_the_contributing_vocabulary():
    vocabulary = _contributing_vocabulary()
    assert set(vocabulary) == set(VOCABULARY_ENUMS) | set(VOCABULARY_STRINGS), "a vocabulary line is unmapped"
    enums = {}
    for file in SCHEMA_FILES:
        enums.update({n: d for n, d in _named_types(_raw(file)).items() if d["type"] == "enum"})
    for line, enum_name in VOCABULARY_ENUMS.items():
        assert enums[enum_name]["symbols"] == vocabulary[line], enum_name
    for line, (file, field_name) in VOCABULARY_STRINGS.items():
        doc = next(f["doc"] for f in _raw(file)["fields"] if f["name"] == field_name)
        for code in vocabulary[line]:
            assert code in doc, f"{file} {field_name} doc must list {code}"


def test_nudge_opt_outs_doc_lists_every_trigger():
    triggers = _contributing_vocabulary()["nudge trigger"]
    doc = next(f["doc"] for f in _raw("preferences.v1.avsc")["fields"] if f["name"] == "nudge_opt_outs")
    assert all(t in doc for t in triggers)


SHAPES = _documented_shapes() if CONTRIBUTING.is_file() else {}


def test_contributing_lists_a_shape_for_every_schema():
    if not SHAPES:
        pytest.skip("CONTRIBUTING.md not found")
    assert {_schema_file_for(t) for t in SHAPES} == set(SCHEMA_FILES) - PLATFORM_INTERNAL_SCHEMAS


@pytest.mark.parametrize("topic", sorted(SHAPES))
def test_schema_fields_match_the_contributing_record_shape(topic):
    record, tokens, nested = SHAPES[topic]
    schema = _raw(_schema_file_for(topic))
    assert schema["name"] == record
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == [t.rstrip("?[]") for t in tokens], "field names and order as in CONTRIBUTING.md"
    for token in tokens:
        field_type = fields[token.rstrip("?[]")]["type"]
        assert _is_nullable(field_type) == token.endswith("?"), token
        if token.endswith("[]"):
            assert field_type["type"] == "array", token
    if nested:
        (value_record,) = [
            t for t in (f["type"] for f in schema["fields"]) if isinstance(t, dict) and t["type"] == "record"
        ]
        assert [f["name"] for f in value_record["fields"]] == nested
        assert all(_is_nullable(f["type"]) for f in value_record["fields"]), "every value field is nullable"


def test_readings_value_record_is_named_reading_value():
    value = next(f for f in _raw("readings.v1.avsc")["fields"] if f["name"] == "value")
    assert value["type"]["name"] == "ReadingValue"


def test_preference_defaults_match_the_product_defaults():
    defaults = {f["name"]: f.get("default") for f in _raw("preferences.v1.avsc")["fields"]}
    assert defaults["step_goal"] == 8000
    assert defaults["timezone"] == "UTC"
    assert defaults["language"] == "en"
    assert defaults["quiet_start_min"] == 22 * 60
    assert defaults["quiet_end_min"] == 7 * 60
    assert defaults["nudges_enabled"] is True
    assert defaults["nudge_opt_outs"] == []


@pytest.mark.parametrize("file", ["chat.turns.v1.avsc", "emergencies.v1.avsc"])
def test_chat_text_is_carried_only_as_ciphertext(file):
    fields = {f["name"]: f["type"] for f in _raw(file)["fields"]}
    assert "key_id" in fields
    ciphertexts = [n for n in fields if n.endswith("_ciphertext")]
    assert ciphertexts
    assert all(fields[n] == "bytes" for n in ciphertexts)
    assert not {"message", "reply", "text"} & set(fields)
