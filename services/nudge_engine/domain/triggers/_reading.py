"""Tolerant accessors for ``readings.v1`` / ``anomalies.v1`` records (a bad field means "no signal",
never an exception: a poison value must not stop the partition)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def number(record: Mapping[str, Any], key: str) -> float | None:
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def integer(record: Mapping[str, Any], key: str) -> int | None:
    value = number(record, key)
    return None if value is None else int(value)


def value_of(reading: Mapping[str, Any]) -> Mapping[str, Any]:
    value = reading.get("value")
    return value if isinstance(value, Mapping) else {}


def text(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value else None
