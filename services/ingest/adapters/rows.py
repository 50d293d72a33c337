"""readings.v1 Reading -> a readings_by_user row (deploy/migrations/cassandra/001_readings.cql). No I/O.

Null value fields are bound as UNSET, not None: a None would write a tombstone per empty column (six or
seven per row, since each metric uses two or three of the nine value columns), and an empty `flags` set
would write a collection tombstone. Unset columns simply stay absent.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from cassandra.query import UNSET_VALUE

COLUMNS: tuple[str, ...] = (
    "user_id", "metric", "month", "measured_at", "reading_id", "utc_offset_min", "device_id", "source", "channel",
    "systolic", "diastolic", "pulse", "bpm", "step_count", "interval_s", "duration_min", "efficiency", "kg",
    "flags", "ingested_at",
)
INSERT_READING = (
    "INSERT INTO readings_by_user (user_id, metric, month, measured_at, reading_id, utc_offset_min, device_id, "
    "source, channel, systolic, diastolic, pulse, bpm, step_count, interval_s, duration_min, efficiency, kg, "
    "flags, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The idempotency key of a stored reading (adapters/idempotency.py): written by the sink before the row.
INSERT_READING_ID = "INSERT INTO reading_ids (user_id, reading_id, metric, measured_at) VALUES (?, ?, ?, ?)"
# Avro value field -> column (the column is `step_count` because `count` is a CQL function name).
VALUE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("systolic", "systolic"), ("diastolic", "diastolic"), ("pulse", "pulse"), ("bpm", "bpm"),
    ("count", "step_count"), ("interval_s", "interval_s"), ("duration_min", "duration_min"),
    ("efficiency", "efficiency"), ("kg", "kg"),
)

PartitionKey = tuple[str, str, str]  # (user_id, metric, month)
Row = tuple[Any, ...]


def month_of(measured_at_ms: int) -> str:
    """'YYYY-MM' of an epoch-ms instant in UTC: the month bucket bounding each partition's growth."""
    moment = time.gmtime(measured_at_ms // 1000)
    return f"{moment.tm_year:04d}-{moment.tm_mon:02d}"


def _or_unset(value: Any) -> Any:
    return UNSET_VALUE if value is None else value


def row_of(reading: dict[str, Any]) -> Row:
    """The bound values of INSERT_READING for one Reading; KeyError/TypeError if it is not a Reading."""
    value = reading["value"]
    measured_at = int(reading["measured_at"])
    flags = reading.get("flags") or ()
    return (
        reading["user_id"], reading["metric"], month_of(measured_at), measured_at, reading["reading_id"],
        reading["utc_offset_min"], reading["device_id"], reading["source"], reading["channel"],
        *(_or_unset(value.get(field)) for field, _column in VALUE_COLUMNS),
        set(flags) if flags else UNSET_VALUE,
        int(reading["ingested_at"]),
    )


def partition_of(row: Row) -> PartitionKey:
    return (row[0], row[1], row[2])


def id_values_of(row: Row) -> tuple[str, str, str, int]:
    """The INSERT_READING_ID values of a row: (user_id, reading_id, metric, measured_at)."""
    return (row[0], row[4], row[1], row[3])


def group_by_partition(rows: Iterable[Row]) -> dict[PartitionKey, list[Row]]:
    """Rows per readings_by_user partition, in arrival order within each."""
    groups: dict[PartitionKey, list[Row]] = defaultdict(list)
    for row in rows:
        groups[partition_of(row)].append(row)
    return groups


def chunks(rows: list[Row], size: int) -> list[list[Row]]:
    return [rows[start:start + size] for start in range(0, len(rows), size)]
