"""Avro binary encoding of the ingest topics' values, compiled once per schema into plain closures.

Why not only fastavro: `schemaless_writer` measured 8-9 us per Reading here (CPU time), about half of it
in the nine `["null", X]` unions of the value record, resolved again for every record; at 20,000
readings/s that is a sixth of the gateway's core. A writer compiled from the schema knows each union's
branches up front and measured ~5 us. It covers what the contract schemas use (null, boolean, int, long,
float, double, string, bytes, enum, record, array, map, and unions of null with one other type);
`compile_writer` raises `Unsupported` for anything else, and the caller then keeps fastavro. Its output
is checked byte for byte against
fastavro's in tests/unit/ingest/test_ingest_avro.py, and it refuses what fastavro refuses (wrong types,
unknown enum symbols, missing required fields, ints out of range) with ValueError/TypeError.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

Writer = Callable[[Any, bytearray], None]

_INT_MIN, _INT_MAX = -(1 << 31), (1 << 31) - 1
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1
_ONE_BYTE = [bytes([n]) for n in range(0x80)]
_pack_double = struct.Struct("<d").pack
_pack_float = struct.Struct("<f").pack


class Unsupported(ValueError):
    """The schema uses something this writer does not implement: use fastavro for it."""


def _varint(n: int, out: bytearray) -> None:
    """Zig-zag varint of a long already checked to fit 64 bits (Avro int and long)."""
    n = (n << 1) ^ (n >> 63)
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _integer(low: int, high: int, kind: str) -> Writer:
    def write(value: Any, out: bytearray) -> None:
        if type(value) is not int and not isinstance(value, int):
            raise TypeError(f"{kind} expected, got {type(value).__name__}")
        if not low <= value <= high:
            raise ValueError(f"{value} out of range for Avro {kind}")
        if 0 <= value < 0x40:  # the common small non-negative case: one byte, 2 * value
            out += _ONE_BYTE[value << 1]
        else:
            _varint(value, out)

    return write


def _write_null(value: Any, out: bytearray) -> None:
    if value is not None:
        raise TypeError(f"null expected, got {type(value).__name__}")


def _write_boolean(value: Any, out: bytearray) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"boolean expected, got {type(value).__name__}")
    out.append(1 if value else 0)


def _write_double(value: Any, out: bytearray) -> None:
    if isinstance(value, bool) or not isinstance(value, float | int):
        raise TypeError(f"double expected, got {type(value).__name__}")
    out += _pack_double(value)


def _write_float(value: Any, out: bytearray) -> None:
    if isinstance(value, bool) or not isinstance(value, float | int):
        raise TypeError(f"float expected, got {type(value).__name__}")
    out += _pack_float(value)


def _write_string(value: Any, out: bytearray) -> None:
    if type(value) is not str and not isinstance(value, str):
        raise TypeError(f"string expected, got {type(value).__name__}")
    data = value.encode()
    size = len(data)
    if size < 0x40:
        out += _ONE_BYTE[size << 1]
    else:
        _varint(size, out)
    out += data


def _write_bytes(value: Any, out: bytearray) -> None:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise TypeError(f"bytes expected, got {type(value).__name__}")
    data = bytes(value)
    _varint(len(data), out)
    out += data


_PRIMITIVES: dict[str, Writer] = {
    "null": _write_null,
    "boolean": _write_boolean,
    "int": _integer(_INT_MIN, _INT_MAX, "int"),
    "long": _integer(_LONG_MIN, _LONG_MAX, "long"),
    "float": _write_float,
    "double": _write_double,
    "string": _write_string,
    "bytes": _write_bytes,
}


def _fullname(schema: dict[str, Any], namespace: str) -> tuple[str, str]:
    name = str(schema["name"])
    if "." in name:
        return name, name.rsplit(".", 1)[0]
    space = str(schema.get("namespace", namespace))
    return (f"{space}.{name}" if space else name), space


def compile_writer(schema: Any) -> Callable[[Any], bytes]:
    """The encoder of `schema` (an Avro schema as JSON data): value -> Avro binary (no header)."""
    write = _compile(schema, "", {})

    def encode(value: Any) -> bytes:
        out = bytearray()
        write(value, out)
        return bytes(out)

    return encode


def _compile(schema: Any, namespace: str, named: dict[str, Writer]) -> Writer:
    if isinstance(schema, str):
        if schema in _PRIMITIVES:
            return _PRIMITIVES[schema]
        for candidate in (schema, f"{namespace}.{schema}"):
            if candidate in named:
                return named[candidate]
        raise Unsupported(f"unknown named type {schema!r}")
    if isinstance(schema, list):
        return _union(schema, namespace, named)
    if not isinstance(schema, dict):
        raise Unsupported(f"not a schema: {schema!r}")
    if schema.get("logicalType") is not None:
        raise Unsupported("logical types")
    kind = schema.get("type")
    if kind in _PRIMITIVES:
        return _PRIMITIVES[kind]
    if kind == "enum":
        return _enum(schema, namespace, named)
    if kind == "record":
        return _record(schema, namespace, named)
    if kind == "array":
        return _array(_compile(schema["items"], namespace, named))
    if kind == "map":
        return _map(_compile(schema["values"], namespace, named))
    raise Unsupported(f"type {kind!r}")


def _union(branches: list[Any], namespace: str, named: dict[str, Writer]) -> Writer:
    # Only [null, X] / [X, null]: the branch is then known from `value is None` alone, as fastavro decides.
    if len(branches) != 2 or "null" not in branches:
        raise Unsupported("unions other than null + one type")
    null_index = branches.index("null")
    other = _compile(branches[1 - null_index], namespace, named)
    null_byte = _ONE_BYTE[null_index << 1]
    other_byte = _ONE_BYTE[(1 - null_index) << 1]

    def write(value: Any, out: bytearray) -> None:
        if value is None:
            out += null_byte
        else:
            out += other_byte
            other(value, out)

    return write


def _enum(schema: dict[str, Any], namespace: str, named: dict[str, Writer]) -> Writer:
    fullname, _space = _fullname(schema, namespace)
    indices = {symbol: _encoded_long(index) for index, symbol in enumerate(schema["symbols"])}

    def write(value: Any, out: bytearray) -> None:
        encoded = indices.get(value) if isinstance(value, str) else None
        if encoded is None:
            raise ValueError(f"{value!r} is not a symbol of {fullname}")
        out += encoded

    named[fullname] = write
    return write


def _record(schema: dict[str, Any], namespace: str, named: dict[str, Writer]) -> Writer:
    fullname, space = _fullname(schema, namespace)
    fields: list[tuple[str, Writer, bool, Any]] = []

    def write(value: Any, out: bytearray) -> None:
        if not isinstance(value, dict):
            raise TypeError(f"{fullname}: a dict expected, got {type(value).__name__}")
        get = value.get
        for name, field_writer, has_default, default in fields:
            item = get(name, default) if has_default else get(name)
            try:
                field_writer(item, out)
            except (TypeError, ValueError) as error:
                raise type(error)(f"{fullname}.{name}: {error}") from None

    named[fullname] = write  # before the fields: a record may refer to itself
    for field in schema["fields"]:
        fields.append((field["name"], _compile(field["type"], space, named), "default" in field, field.get("default")))
    return write


def _array(items: Writer) -> Writer:
    def write(value: Any, out: bytearray) -> None:
        if not isinstance(value, list | tuple):
            raise TypeError(f"array expected, got {type(value).__name__}")
        if value:
            _varint(len(value), out)
            for item in value:
                items(item, out)
        out.append(0)

    return write


def _map(values: Writer) -> Writer:
    def write(value: Any, out: bytearray) -> None:
        if not isinstance(value, dict):
            raise TypeError(f"map expected, got {type(value).__name__}")
        if value:
            _varint(len(value), out)
            for key, item in value.items():
                _write_string(key, out)
                values(item, out)
        out.append(0)

    return write


def _encoded_long(n: int) -> bytes:
    out = bytearray()
    _varint(n, out)
    return bytes(out)
