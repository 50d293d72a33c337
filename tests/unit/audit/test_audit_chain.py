import dataclasses
import hashlib
import itertools
import json

import pytest

from services.audit.domain.chain import (
    AuditEntry,
    BreakReason,
    ChainError,
    ChainHead,
    chain_id,
    genesis_hash,
    make_entry,
    parse_chain_id,
    payload_digest,
    utc_day,
    verify_chain,
)

DAY_START = 1_795_564_800_000  # 2026-11-25T00:00:00Z
CID = chain_id(3, "2026-11-25")


def fields(i: int, cid: str = CID) -> dict[str, object]:
    return {
        "chain_id": cid,
        "event_key": f"readings.v1:3:{1000 + i}",
        "topic": "readings.v1",
        "event_type": "reading",
        "actor": f"device:cuff-{i}",
        "action": "reading.ingested",
        "resource": f"reading/r-{i}",
        "subject": "u-1",
        "outcome": "success",
        "occurred_at": DAY_START + i * 1000,
        "recorded_at": DAY_START + i * 1000 + 5,
        "payload_digest": payload_digest(f"record {i}".encode()),
    }


def build(n: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    head: ChainHead | None = None
    for i in range(1, n + 1):
        entry = make_entry(head, fields(i))
        entries.append(entry)
        head = entry.head
    return entries


def test_chain_id_is_per_partition_and_day_and_parses_back():
    assert chain_id(3, "2026-11-25") != chain_id(4, "2026-11-25") != chain_id(3, "2026-11-26")
    assert parse_chain_id(chain_id(11, "2026-01-02")) == (11, "2026-01-02")
    assert utc_day(DAY_START) == "2026-11-25"
    assert utc_day(DAY_START - 1) == "2026-11-24"
    for bad_partition, bad_day in [(-1, "2026-11-25"), (1, "2026-13-01"), (1, "25.11.2026")]:
        with pytest.raises(ChainError):
            chain_id(bad_partition, bad_day)


def test_built_chain_links_and_verifies():
    entries = build(5)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == genesis_hash(CID)
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    result = verify_chain(entries, head=entries[-1].head)
    assert result.ok
    assert result.checked == 5
    assert result.first_broken_seq is None
    assert result.reason is None


def test_entry_hash_is_sha256_of_prev_hash_then_canonical_json():
    entry = build(1)[0]
    canonical = json.dumps(entry.content(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256((entry.prev_hash + canonical).encode("utf-8")).hexdigest()
    assert entry.entry_hash == expected
    assert " " not in canonical.replace("reading.ingested", "")


def test_non_ascii_is_hashed_as_utf8_and_round_trips():
    f = fields(1) | {"actor": "user:zoë-東京"}
    entry = make_entry(None, f)
    assert verify_chain([AuditEntry.from_dict(entry.to_dict())]).ok


@pytest.mark.parametrize(
    ("field", "value"),
    [("actor", "device:someone-else"), ("outcome", "denied"), ("subject", None), ("occurred_at", 1)],
)
def test_edited_field_is_reported_at_that_seq(field, value):
    entries = build(6)
    entries[3] = dataclasses.replace(entries[3], **{field: value})
    result = verify_chain(entries)
    assert not result.ok
    assert result.first_broken_seq == 4
    assert result.reason is BreakReason.HASH_MISMATCH
    assert result.checked == 3


def test_edit_with_recomputed_hash_breaks_the_next_link():
    entries = build(6)
    forged = make_entry(ChainHead(CID, 2, entries[1].entry_hash), fields(3) | {"actor": "device:forged"})
    entries[2] = forged
    result = verify_chain(entries)
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 4, BreakReason.PREV_HASH_MISMATCH)


def test_deleted_middle_entry_is_reported():
    entries = build(6)
    del entries[2]
    result = verify_chain(entries)
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 3, BreakReason.SEQ_GAP)


def test_deleted_entry_with_renumbered_seqs_is_reported():
    entries = build(6)
    renumbered = [*entries[:2], *(dataclasses.replace(e, seq=e.seq - 1) for e in entries[3:])]
    result = verify_chain(renumbered)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert result.reason is BreakReason.PREV_HASH_MISMATCH


def test_swapped_entries_are_reported():
    entries = build(6)
    entries[2], entries[3] = entries[3], entries[2]
    result = verify_chain(entries)
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 3, BreakReason.SEQ_GAP)


def test_swapped_contents_under_unchanged_seqs_are_reported():
    entries = build(6)
    a, b = entries[2], entries[3]
    entries[2] = dataclasses.replace(b, seq=a.seq, prev_hash=a.prev_hash)
    entries[3] = dataclasses.replace(a, seq=b.seq, prev_hash=b.prev_hash)
    result = verify_chain(entries)
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 3, BreakReason.HASH_MISMATCH)


def test_duplicated_entry_is_reported():
    entries = build(4)
    result = verify_chain([*entries[:3], entries[2], entries[3]])
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 4, BreakReason.SEQ_REGRESSION)


def test_truncated_tail_is_reported_only_with_the_anchored_head():
    entries = build(6)
    head = entries[-1].head
    assert verify_chain(entries[:4]).ok  # without the anchor a clean cut is invisible
    result = verify_chain(entries[:4], head=head)
    assert (result.ok, result.checked, result.first_broken_seq) == (False, 4, 5)
    assert result.reason is BreakReason.TRUNCATED
    empty = verify_chain([], head=head)
    assert (empty.ok, empty.first_broken_seq, empty.reason) == (False, 1, BreakReason.TRUNCATED)


def test_rewritten_tail_is_caught_by_the_anchored_head():
    entries = build(6)
    head = entries[-1].head
    rewritten = entries[:3]
    prev = rewritten[-1].head
    for i in range(4, 7):
        forged = make_entry(prev, fields(i) | {"outcome": "denied"})
        rewritten.append(forged)
        prev = forged.head
    assert verify_chain(rewritten).ok  # a consistent rewrite passes the links alone
    result = verify_chain(rewritten, head=head)
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 6, BreakReason.HEAD_MISMATCH)


def test_entries_after_a_lagging_anchor_still_verify():
    entries = build(6)
    assert verify_chain(entries, head=entries[3].head).ok


def test_entry_of_another_chain_is_reported():
    other = make_entry(None, fields(1, chain_id(4, "2026-11-25")))
    entries = build(3)
    result = verify_chain([*entries, dataclasses.replace(other, seq=4, prev_hash=entries[-1].entry_hash)])
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 4, BreakReason.CHAIN_MISMATCH)
    assert verify_chain(build(2), expected_chain_id=chain_id(4, "2026-11-25")).reason is (
        BreakReason.CHAIN_MISMATCH
    )


def test_genesis_is_bound_to_the_chain_id():
    # First entries of two chains with otherwise equal fields differ: one can't stand in for the other.
    a = make_entry(None, fields(1))
    b = make_entry(None, fields(1, chain_id(4, "2026-11-25")))
    assert a.prev_hash != b.prev_hash
    assert a.entry_hash != b.entry_hash


def test_make_entry_refuses_bad_fields():
    with pytest.raises(ChainError):
        make_entry(None, fields(1) | {"message": "free text"})
    with pytest.raises(ChainError):
        make_entry(None, {k: v for k, v in fields(1).items() if k != "actor"})
    with pytest.raises(ChainError):
        make_entry(None, fields(1) | {"outcome": "maybe"})
    with pytest.raises(ChainError):
        make_entry(None, fields(1) | {"payload_digest": "not-a-digest"})
    with pytest.raises(ChainError):
        make_entry(None, fields(1) | {"occurred_at": 1.5})
    with pytest.raises(ChainError):
        make_entry(None, fields(1) | {"recorded_at": DAY_START - 1})  # the day before the chain's day
    with pytest.raises(ChainError):
        make_entry(ChainHead(chain_id(9, "2026-11-25"), 1, "0" * 64), fields(2))


def test_malformed_stored_entry_is_reported():
    entries = build(3)
    entries[1] = dataclasses.replace(entries[1], occurred_at="yesterday")  # type: ignore[arg-type]
    result = verify_chain(entries)
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 2, BreakReason.MALFORMED)
