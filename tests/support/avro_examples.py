"""Example data for any Avro schema, and a backward-compatibility check built on it.

`example_data(schema)` returns several datums that together visit every union branch (so nullable fields
are both null and set), every enum symbol, empty and filled arrays and maps. `check_backward(old, new)`
writes each example of the old schema and decodes it with the new one through fastavro's schema resolution.
"""

from __future__ import annotations

import io
from typing import Any

import fastavro
from fastavro.schema import expand_schema

_PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def _expanded(schema: Any) -> Any:
    """The schema with every named-type reference replaced by its definition."""
    return expand_schema(schema)


def _type_of(schema: Any) -> str:
    if isinstance(schema, list):
        return "union"
    if isinstance(schema, dict):
        return str(schema["type"])
    return str(schema)


def _variants_needed(schema: Any) -> int:
    """How many examples visit every union branch and enum symbol (at least 2: empty and filled)."""
    kind = _type_of(schema)
    if kind == "union":
        return max([len(schema), *(_variants_needed(branch) for branch in schema)])
    if kind == "enum":
        return len(schema["symbols"])
    if kind == "record":
        return max([2, *(_variants_needed(f["type"]) for f in schema["fields"])])
    if kind == "array":
        return max(2, _variants_needed(schema["items"]))
    if kind == "map":
        return max(2, _variants_needed(schema["values"]))
    return 2


def _primitive(kind: str, variant: int, name: str) -> Any:
    if kind == "null":
        return None
    if kind == "boolean":
        return variant % 2 == 0
    if kind in ("int", "long"):
        return 7 * variant + len(name)
    if kind in ("float", "double"):
        return 0.5 + variant  # exactly representable, so round trips compare equal even as float
    if kind == "bytes":
        return f"{name}-{variant}".encode()
    if kind == "string":
        return f"{name or 'text'}-{variant}"
    raise ValueError(f"unsupported Avro type {kind!r}")


def _datum(schema: Any, variant: int, name: str) -> Any:
    kind = _type_of(schema)
    if kind == "union":
        return _datum(schema[variant % len(schema)], variant, name)
    if kind == "record":
        return {f["name"]: _datum(f["type"], variant, f["name"]) for f in schema["fields"]}
    if kind == "enum":
        return schema["symbols"][variant % len(schema["symbols"])]
    if kind == "array":
        return [_datum(schema["items"], variant + i, name) for i in range(variant % 3)]
    if kind == "map":
        return {f"{name}_{i}": _datum(schema["values"], variant + i, name) for i in range(variant % 3)}
    if kind == "fixed":
        return bytes(variant % 256 for _ in range(schema["size"]))
    if isinstance(schema, dict):  # {"type": "long", "logicalType": ...} etc.: the base type decides
        return _primitive(kind, variant, name)
    if kind in _PRIMITIVES:
        return _primitive(kind, variant, name)
    raise ValueError(f"unsupported Avro type {kind!r}")


def example_data(schema: Any) -> list[Any]:
    """Valid datums for `schema`, covering every union branch and enum symbol at least once."""
    full = _expanded(schema)
    return [_datum(full, variant, "") for variant in range(_variants_needed(full))]


def encode(datum: Any, schema: Any) -> bytes:
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, fastavro.parse_schema(schema), datum)
    return buf.getvalue()


def decode(data: bytes, writer_schema: Any, reader_schema: Any | None = None) -> Any:
    writer = fastavro.parse_schema(writer_schema)
    reader = fastavro.parse_schema(reader_schema) if reader_schema is not None else None
    return fastavro.schemaless_reader(io.BytesIO(data), writer, reader)


class IncompatibleSchemaError(AssertionError):
    """Data written with the old schema cannot be read with the new one."""


def check_backward(old_schema: Any, new_schema: Any) -> list[Any]:
    """Prove that every example written with `old_schema` decodes with `new_schema` (BACKWARD compatibility).

    Returns the decoded datums. Also checks that fields present in both record versions keep their values
    when their type did not change, so a resolution that silently loses data is caught as well.
    """
    decoded = []
    for datum in example_data(old_schema):
        data = encode(datum, old_schema)
        try:
            result = decode(data, old_schema, new_schema)
        except Exception as exc:  # fastavro raises several types (SchemaResolutionError, KeyError, ...)
            raise IncompatibleSchemaError(
                f"{type(exc).__name__}: {exc} while reading {datum!r} with the new schema"
            ) from exc
        _check_kept_fields(_expanded(old_schema), _expanded(new_schema), datum, result)
        decoded.append(result)
    return decoded


def _check_kept_fields(old: Any, new: Any, written: Any, read: Any) -> None:
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return
    if old.get("type") != "record" or new.get("type") != "record":
        return
    old_fields = {f["name"]: f["type"] for f in old["fields"]}
    for f in new["fields"]:
        name = f["name"]
        if name in old_fields and old_fields[name] == f["type"] and written[name] != read[name]:
            raise IncompatibleSchemaError(f"field {name!r}: wrote {written[name]!r}, read {read[name]!r}")
