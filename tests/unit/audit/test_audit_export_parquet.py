"""The Parquet side of `heartwise analytics export`: dedup, --since, date partitions DuckDB reads back."""

from __future__ import annotations

import duckdb
import pytest
from audit_samples import USER_ID, all_records

from services.audit.domain.deidentify import deidentify
from services.audit.export import ExportSummary, day_start_ms, group_by_date, write_date_partitions

KEY = b"k" * 32
HOUR = 3_600_000


def events() -> list[dict]:
    made = []
    for topic, record in all_records():
        event = deidentify(topic, record, key=KEY, birth_year=1971, now_year=2026, source_key=f"{topic}:0:1")
        if event is not None:
            made.append(event)
    return made


def test_dates_dedup_and_since():
    sample = events()
    day = day_start_ms("2026-11-25")
    early = {**sample[0], "event_id": "early", "occurred_hour": day - HOUR}
    summary = ExportSummary()
    by_date = group_by_date([*sample, sample[1], early], day, summary)
    assert list(by_date) == ["2026-11-25"]
    assert len(by_date["2026-11-25"]) == len(sample)
    assert (summary.duplicates, summary.before_since) == (1, 1)
    assert set(group_by_date([early], None, ExportSummary())) == {"2026-11-24"}
    with pytest.raises(ValueError, match="date"):
        day_start_ms("2026-11-5")


def test_partitions_are_parquet_that_duckdb_reads_and_a_rerun_replaces_a_day(tmp_path):
    sample = events()
    day = day_start_ms("2026-11-25")
    next_day = {**sample[0], "event_id": "next", "occurred_hour": day + 24 * HOUR}
    summary = ExportSummary()
    write_date_partitions(group_by_date([*sample, next_day], None, summary), tmp_path, summary)
    assert summary.written == {"2026-11-25": len(sample), "2026-11-26": 1}
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet")) == [
        "date=2026-11-25/part-0.parquet", "date=2026-11-26/part-0.parquet"]

    glob = f"{tmp_path}/*/*.parquet"
    db = duckdb.connect()
    rows = db.execute("SELECT date, event_type, count(*) FROM read_parquet(?, hive_partitioning=1) "
                      "GROUP BY ALL ORDER BY ALL", [glob]).fetchall()
    assert sum(count for _d, _t, count in rows) == len(sample) + 1
    assert {str(d) for d, _t, _c in rows} == {"2026-11-25", "2026-11-26"}
    bands = db.execute("SELECT DISTINCT age_band, pseudonym FROM read_parquet(?)", [glob]).fetchall()
    assert bands == [("50-59", sample[0]["pseudonym"])]
    hours = db.execute("SELECT min(epoch_ms(occurred_hour)) FROM read_parquet(?)", [glob]).fetchall()[0]
    assert hours is not None and hours[0] % HOUR == 0
    text = db.execute("SELECT * FROM read_parquet(?)", [glob]).fetchall()
    assert USER_ID not in repr(text)

    # Exporting the first day again (e.g. with more events) replaces its file, not appends to it.
    again = ExportSummary()
    write_date_partitions(group_by_date(sample[:2], None, again), tmp_path, again)
    count = db.execute("SELECT count(*) FROM read_parquet(?)", [f"{tmp_path}/date=2026-11-25/*.parquet"]).fetchall()
    assert count == [(2,)]
