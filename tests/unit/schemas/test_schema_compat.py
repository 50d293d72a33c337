"""Schema evolution: every schema reads data written with each of its earlier committed versions.

The committed versions come from `git log` over schemas/<file>; the checker itself is proven on evolved
schemas built here, so the guard works before the first change ships.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess

import pytest
from avro_examples import IncompatibleSchemaError, check_backward, decode, encode, example_data

from services.common.contracts import Topic, load_schema, schemas_dir

REPO = schemas_dir().parent
SCHEMA_FILES = sorted(p.name for p in schemas_dir().glob("*.avsc"))


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)


def committed_versions(file: str) -> list[tuple[str, dict]]:
    """(commit, schema) for every commit that touched schemas/<file>, newest first; [] without git history."""
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        return []
    log = _git("log", "--format=%H", "--", f"schemas/{file}")
    versions = []
    for rev in log.stdout.split():
        shown = _git("show", f"{rev}:schemas/{file}")
        if shown.returncode == 0:  # absent in a commit that deleted it
            versions.append((rev, json.loads(shown.stdout)))
    return versions


@pytest.mark.parametrize("file", SCHEMA_FILES)
def test_current_schema_reads_every_committed_version(file):
    versions = committed_versions(file)
    if not versions:
        pytest.skip(f"schemas/{file} has no committed version yet")
    current = json.loads((schemas_dir() / file).read_text(encoding="utf-8"))
    for rev, old in versions:
        try:
            check_backward(old, current)
        except IncompatibleSchemaError as exc:
            pytest.fail(f"schemas/{file} cannot read data written with its version at {rev[:12]}: {exc}")


# --- the example generator -------------------------------------------------------------------------


def _nullable_top_level_fields(schema: dict) -> list[str]:
    return [f["name"] for f in schema["fields"] if isinstance(f["type"], list) and "null" in f["type"]]


@pytest.mark.parametrize("topic", [t.value for t in Topic])
def test_examples_set_every_nullable_field_both_null_and_non_null(topic):
    schema = load_schema(topic)
    data = example_data(schema)
    for name in _nullable_top_level_fields(schema):
        assert any(d[name] is None for d in data), name
        assert any(d[name] is not None for d in data), name


def test_examples_visit_every_enum_symbol_and_fill_arrays():
    data = example_data(load_schema(Topic.CHAT_TURNS))
    assert {d["kind"] for d in data} == set(load_schema(Topic.CHAT_TURNS)["fields"][3]["type"]["symbols"])
    assert any(d["safety_flags"] == [] for d in data)
    assert any(len(d["safety_flags"]) > 1 for d in data)
    readings = example_data(load_schema(Topic.READINGS))
    assert any(d["value"]["systolic"] is None for d in readings)
    assert any(d["value"]["systolic"] is not None for d in readings)


# --- the checker, on evolved versions of real schemas ----------------------------------------------


def _with_field(schema: dict, field: dict) -> dict:
    evolved = copy.deepcopy(schema)
    evolved["fields"].append(field)
    return evolved


def _field(schema: dict, name: str) -> dict:
    return next(f for f in schema["fields"] if f["name"] == name)


def test_adding_an_optional_field_is_backward_compatible():
    old = load_schema(Topic.NUDGES)
    new = _with_field(old, {"name": "channel", "type": ["null", "string"], "default": None, "doc": "x"})
    decoded = check_backward(old, new)
    assert decoded
    assert all(d["channel"] is None for d in decoded)


def test_adding_a_field_with_a_default_is_backward_compatible():
    old = load_schema(Topic.PREFERENCES)
    new = _with_field(old, {"name": "units", "type": "string", "default": "metric", "doc": "x"})
    assert {d["units"] for d in check_backward(old, new)} == {"metric"}


def test_removing_a_field_is_backward_compatible():
    old = load_schema(Topic.AUDIT)
    new = copy.deepcopy(old)
    new["fields"] = [f for f in new["fields"] if f["name"] != "details"]
    assert all("details" not in d for d in check_backward(old, new))


def test_adding_an_enum_symbol_is_backward_compatible():
    old = load_schema(Topic.ANOMALIES)
    new = copy.deepcopy(old)
    _field(new, "severity")["type"]["symbols"].append("urgent")
    check_backward(old, new)


def test_int_to_long_promotion_is_backward_compatible():
    old = load_schema(Topic.CHAT_TURNS)
    new = copy.deepcopy(old)
    _field(new, "latency_ms")["type"] = "long"
    check_backward(old, new)


def test_adding_a_required_field_without_default_is_caught():
    old = load_schema(Topic.READINGS)
    new = _with_field(old, {"name": "battery_pct", "type": "int", "doc": "x"})
    with pytest.raises(IncompatibleSchemaError):
        check_backward(old, new)


def test_removing_an_enum_symbol_is_caught():
    old = load_schema(Topic.NUDGES)
    new = copy.deepcopy(old)
    _field(new, "trigger")["type"]["symbols"].remove("stale_data")
    with pytest.raises(IncompatibleSchemaError):
        check_backward(old, new)


def test_changing_a_field_type_is_caught():
    old = load_schema(Topic.READINGS)
    new = copy.deepcopy(old)
    _field(new, "utc_offset_min")["type"] = "string"
    with pytest.raises(IncompatibleSchemaError):
        check_backward(old, new)


def test_making_an_optional_field_required_is_caught():
    old = load_schema(Topic.ANOMALIES)
    new = copy.deepcopy(old)
    field = _field(new, "reading_id")
    field["type"] = "string"
    del field["default"]
    with pytest.raises(IncompatibleSchemaError):
        check_backward(old, new)


def test_renaming_the_record_is_caught():
    old = load_schema(Topic.EMERGENCIES)
    new = copy.deepcopy(old)
    new["name"] = "Escalation"
    with pytest.raises(IncompatibleSchemaError):
        check_backward(old, new)


# --- forward reads: what the enum defaults buy an older consumer -----------------------------------


def test_older_reader_maps_an_unknown_severity_to_its_default_review():
    current = load_schema(Topic.ANOMALIES)
    newer = copy.deepcopy(current)
    _field(newer, "severity")["type"]["symbols"].append("urgent")
    record = {**example_data(newer)[0], "severity": "urgent"}
    assert decode(encode(record, newer), newer, current)["severity"] == "review"


def test_older_reader_cannot_read_an_unknown_metric_so_it_goes_to_the_dlq():
    current = load_schema(Topic.READINGS)
    newer = copy.deepcopy(current)
    _field(newer, "metric")["type"]["symbols"].append("spo2")
    record = {**example_data(newer)[0], "metric": "spo2"}
    with pytest.raises(Exception, match="spo2"):
        decode(encode(record, newer), newer, current)
