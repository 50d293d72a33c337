"""`heartwise analytics export --since YYYY-MM-DD [--out DIR]`: analytics.v1 to Parquet, partitioned by date.

Reads every partition of ``analytics.v1`` from the offset of ``--since`` (by record timestamp; from the
beginning without it) up to the end offsets taken when the export starts, decodes through the registry like
any consumer, drops repeats of an ``event_id`` (the stream is at-least-once with stable ids) and events
that occurred before ``--since``, and writes one file per UTC day of ``occurred_hour``:

    DIR/date=YYYY-MM-DD/part-0.parquet      (Hive-style partitions)

A day that is exported again is replaced as a whole (the topic holds all of it while within its 90-day
retention). Read it back with DuckDB: ``SELECT * FROM read_parquet('DIR/*/*.parquet', hive_partitioning=1)``
or pandas: ``pandas.read_parquet('DIR')``. Needs the ``analytics`` extra (pyarrow).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from services.common.config import PlatformSettings, get_platform_settings
from services.common.contracts import Topic

COLUMNS = ("event_id", "event_type", "pseudonym", "age_band", "occurred_hour", "metric", "band", "kind",
           "severity", "trigger", "chat_kind")
PART_FILE = "part-0.parquet"


def arrow_schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    return pa.schema([
        pa.field("event_id", text, nullable=False),
        pa.field("event_type", text, nullable=False),
        pa.field("pseudonym", text, nullable=False),
        pa.field("age_band", text),
        pa.field("occurred_hour", pa.timestamp("ms", tz="UTC"), nullable=False),
        pa.field("metric", text),
        pa.field("band", text),
        pa.field("kind", text),
        pa.field("severity", text),
        pa.field("trigger", text),
        pa.field("chat_kind", text),
    ])


def day_start_ms(day: str) -> int:
    """UTC midnight of YYYY-MM-DD in epoch ms; ValueError for anything else."""
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        parsed = None
    if parsed is None or parsed.isoformat() != day:
        raise ValueError(f"not a YYYY-MM-DD date: {day!r}")
    return int(datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC).timestamp() * 1000)


def utc_date(ms: int) -> str:
    return datetime.fromtimestamp(ms // 1000, tz=UTC).date().isoformat()


@dataclass
class ExportSummary:
    read: int = 0
    undecodable: int = 0
    duplicates: int = 0
    before_since: int = 0
    written: dict[str, int] = field(default_factory=dict)  # date -> events
    files: list[Path] = field(default_factory=list)


def group_by_date(events: Iterable[dict[str, Any]], since_ms: int | None,
                  summary: ExportSummary) -> dict[str, list[dict[str, Any]]]:
    """Events by UTC date of ``occurred_hour``, first copy of each ``event_id`` only, none before since."""
    seen: set[str] = set()
    by_date: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        if event["event_id"] in seen:
            summary.duplicates += 1
            continue
        seen.add(event["event_id"])
        if since_ms is not None and event["occurred_hour"] < since_ms:
            summary.before_since += 1
            continue
        by_date.setdefault(utc_date(event["occurred_hour"]), []).append(event)
    return by_date


def write_date_partitions(by_date: dict[str, list[dict[str, Any]]], out_dir: Path,
                          summary: ExportSummary) -> None:
    """One Parquet file per date, written to a temporary name and renamed over the previous export."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    for day in sorted(by_date):
        rows = sorted(by_date[day], key=lambda e: (e["occurred_hour"], e["event_id"]))
        columns = {name: [row.get(name) for row in rows] for name in COLUMNS}
        table = pa.Table.from_pydict(columns, schema=schema)
        folder = out_dir / f"date={day}"
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{PART_FILE}.{uuid.uuid4().hex}.tmp"
        pq.write_table(table, temporary, compression="zstd")
        target = folder / PART_FILE
        os.replace(temporary, target)
        for stale in folder.glob("*.parquet"):
            if stale != target:
                stale.unlink()
        summary.written[day] = len(rows)
        summary.files.append(target)


def read_topic(settings: PlatformSettings, since_ms: int | None, summary: ExportSummary, *,
               topic: str = Topic.ANALYTICS, idle_timeout_s: float = 30.0) -> Iterator[dict[str, Any]]:
    """Decoded records of ``topic`` from ``since_ms`` (record timestamp) to the end offsets seen at start."""
    from confluent_kafka import Consumer, TopicPartition

    from services.common.kafka import AvroCodec

    codec = AvroCodec(settings)
    consumer = Consumer({"bootstrap.servers": settings.kafka_bootstrap,
                         "group.id": f"analytics-export-{uuid.uuid4().hex[:8]}",  # never commits
                         "enable.auto.commit": False, "enable.partition.eof": False})
    try:
        partitions = sorted(consumer.list_topics(topic, timeout=10).topics[topic].partitions)
        marks = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10) for p in partitions}
        starts = {p: low for p, (low, _high) in marks.items()}
        if since_ms is not None:
            for tp in consumer.offsets_for_times([TopicPartition(topic, p, since_ms) for p in partitions],
                                                 timeout=10):
                # -1: no record at or after since in that partition.
                starts[tp.partition] = marks[tp.partition][1] if tp.offset < 0 else max(tp.offset, starts[tp.partition])
        ends = {p: high for p, (_low, high) in marks.items()}
        todo = {p for p in partitions if starts[p] < ends[p]}
        consumer.assign([TopicPartition(topic, p, starts[p]) for p in sorted(todo)])
        last_progress = time.monotonic()
        while todo:
            messages = consumer.consume(500, 1.0)
            if not messages and time.monotonic() - last_progress > idle_timeout_s:
                raise TimeoutError(f"{topic}: no progress for {idle_timeout_s:.0f} s, partitions left {sorted(todo)}")
            for message in messages:
                if message.error():
                    continue
                partition, offset = message.partition(), message.offset()
                if partition not in todo or offset >= ends[partition]:
                    continue
                last_progress = time.monotonic()
                if offset >= ends[partition] - 1:
                    todo.discard(partition)
                summary.read += 1
                try:
                    yield codec.decode(topic, message.value())
                except Exception:  # noqa: BLE001 - an undecodable record is skipped and counted, never fatal
                    summary.undecodable += 1
    finally:
        consumer.close()


def export_analytics(since: str | None, out: str | Path, settings: PlatformSettings | None = None) -> ExportSummary:
    settings = settings or get_platform_settings()
    since_ms = day_start_ms(since) if since else None
    summary = ExportSummary()
    by_date = group_by_date(read_topic(settings, since_ms, summary), since_ms, summary)
    write_date_partitions(by_date, Path(out), summary)
    return summary


def export_cli(since: str | None, out: str) -> None:
    """The `heartwise analytics export` command."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise SystemExit("the export needs the analytics extra: uv sync --extra analytics") from None
    if since is not None:
        try:
            day_start_ms(since)
        except ValueError:
            raise SystemExit(f"--since must be a date YYYY-MM-DD, got {since!r}") from None
    summary = export_analytics(since, out)
    print(f"Read {summary.read} analytics.v1 records ({summary.duplicates} repeated ids, "
          f"{summary.before_since} before --since, {summary.undecodable} undecodable).")
    for day, count in sorted(summary.written.items()):
        print(f"  {out}/date={day}/{PART_FILE}: {count} events")
    if not summary.written:
        print("Nothing to write.")
