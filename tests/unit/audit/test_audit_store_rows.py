"""The pure parts of the Cassandra store: row mapping, buckets and conditional-batch chunking."""

from __future__ import annotations

from collections import namedtuple

import pytest

from services.audit.adapters.store import (
    BUCKET_SIZE,
    LOG_COLUMNS,
    append_chunks,
    bucket_of,
    entry_row,
    estimated_size,
    row_entry,
)
from services.audit.domain.chain import ENTRY_FIELDS, AuditEntry, ChainHead, chain_id, make_entry, payload_digest

DAY = 1_795_564_800_000  # 2026-11-25T00:00:00Z
CID = chain_id(2, "2026-11-25")


def entries(n: int, start: ChainHead | None = None) -> list[AuditEntry]:
    made, head = [], start
    for i in range(n):
        entry = make_entry(head, {
            "chain_id": CID, "event_key": f"nudges.v1/n-{i}", "topic": "nudges.v1", "event_type": "nudge",
            "actor": "service:nudge-engine", "action": "nudge.sent", "resource": f"nudge/n-{i}",
            "subject": "u-1" if i % 2 else None, "outcome": "success", "occurred_at": DAY + i,
            "recorded_at": DAY + i + 5, "payload_digest": payload_digest(str(i).encode()),
        })
        made.append(entry)
        head = entry.head
    return made


def test_a_row_round_trips_to_the_same_entry_and_carries_its_bucket():
    Row = namedtuple("Row", LOG_COLUMNS)  # the driver's rows are named tuples
    for entry in entries(3):
        row = entry_row(entry)
        assert len(row) == len(LOG_COLUMNS) == len(ENTRY_FIELDS) + 2  # + bucket + entry_hash
        assert row[LOG_COLUMNS.index("bucket")] == bucket_of(entry.seq)
        assert row_entry(Row(*row)) == entry
        assert row_entry(dict(zip(LOG_COLUMNS, row, strict=True))) == entry


def test_buckets_hold_a_fixed_number_of_seqs():
    assert bucket_of(1) == bucket_of(BUCKET_SIZE - 1) == 0
    assert bucket_of(BUCKET_SIZE) == 1
    assert bucket_of(3 * BUCKET_SIZE + 7) == 3


def test_chunks_never_cross_a_bucket_and_stay_under_the_byte_limit():
    start = ChainHead(CID, BUCKET_SIZE - 4, "ab" * 32)
    made = entries(40, start)
    limit = 8 * 1024
    chunks = append_chunks(made, limit)
    assert [e for chunk in chunks for e in chunk] == made  # order kept, nothing lost
    for chunk in chunks:
        assert len({bucket_of(e.seq) for e in chunk}) == 1
        assert sum(estimated_size(e) for e in chunk) <= limit
    assert [e.seq for e in chunks[0]] == list(range(BUCKET_SIZE - 3, BUCKET_SIZE))  # cut at the boundary
    assert append_chunks([], limit) == []


@pytest.mark.parametrize("limit", [1, 100])
def test_an_entry_bigger_than_the_limit_still_gets_its_own_chunk(limit):
    made = entries(3)
    assert append_chunks(made, limit) == [[e] for e in made]
