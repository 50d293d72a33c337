"""Query parameters, the indexed search and chain verification over an in-memory store."""

from __future__ import annotations

import dataclasses

import pytest
from audit_fake_store import FakePublisher, FakeStore
from audit_samples import USER_ID, all_records

from services.audit.domain.chain import chain_id
from services.audit.pipeline import AuditPipeline
from services.audit.query import BadQuery, parse_day, parse_instant, parse_query, search, verify_day, verify_days
from services.audit.timeutil import days_covering, recent_days
from services.common.kafka import Record

DAY = 1_795_564_800_000  # 2026-11-25T00:00:00Z
HOUR = 3_600_000
LIMITS = {"default_window_s": 86_400, "max_days": 31, "default_limit": 100, "max_limit": 1000}


def test_instants_parse_from_iso_dates_and_epoch_millis():
    assert parse_instant("2026-11-25", "since") == DAY
    assert parse_instant("2026-11-25T01:00:00Z", "since") == DAY + HOUR
    assert parse_instant("2026-11-25T02:00:00+01:00", "since") == DAY + HOUR
    assert parse_instant("2026-11-25T01:00:00", "since") == DAY + HOUR  # naive is UTC
    assert parse_instant(str(DAY + 5), "since") == DAY + 5
    for bad in ["yesterday", "2026-13-01", "25.11.2026", "", "1e9"]:
        with pytest.raises(BadQuery, match="since"):
            parse_instant(bad, "since")
    assert parse_day("2026-11-25") == "2026-11-25"
    for bad in ["2026-11-31", "2026-11-25T00:00:00Z", "x"]:
        with pytest.raises(BadQuery):
            parse_day(bad)


def test_query_defaults_and_refusals():
    query = parse_query(subject=" u-1 ", actor=None, since=None, until=None, limit=None, now_ms=DAY, **LIMITS)
    assert (query.subject, query.actor, query.until_ms, query.since_ms, query.limit) == (
        "u-1", None, DAY, DAY - 24 * HOUR, 100)
    assert query.days == ["2026-11-24"]
    refusals = [
        ({"subject": None, "actor": ""}, "subject"),
        ({"subject": "u", "since": "2026-11-25", "until": "2026-11-25"}, "before"),
        ({"subject": "u", "since": "2026-01-01", "until": "2026-11-25"}, "31 days"),
        ({"subject": "u", "limit": 0}, "limit"),
        ({"subject": "u", "limit": 1001}, "limit"),
        ({"actor": "a", "until": "soon"}, "until"),
    ]
    for params, reason in refusals:
        full = {"subject": None, "actor": None, "since": None, "until": None, "limit": None, **params}
        with pytest.raises(BadQuery, match=reason):
            parse_query(**full, now_ms=DAY, **LIMITS)


def test_day_helpers():
    assert days_covering(DAY - 1, DAY + 1) == ["2026-11-24", "2026-11-25"]
    assert days_covering(DAY, DAY + 24 * HOUR) == ["2026-11-25"]
    assert recent_days(DAY + 5, 3) == ["2026-11-23", "2026-11-24", "2026-11-25"]


def audited_store(clock_start: int = DAY + 10 * HOUR) -> FakeStore:
    store = FakeStore()
    now = [clock_start]

    def clock() -> int:
        now[0] += 1000
        return now[0]

    handler = AuditPipeline(store, FakePublisher(), pseudonym_key=b"k" * 32, reload_days=2,
                            birth_year_cache_size=10, raw_of=lambda r: repr(r.value).encode(), clock_ms=clock)
    for offset, (topic, value) in enumerate(all_records()):
        handler.handle([Record(topic, 1, offset, USER_ID, value, DAY)])
    return store


def test_search_by_subject_actor_and_window_returns_authoritative_entries():
    store = audited_store()
    every = parse_query(subject=USER_ID, actor=None, since="2026-11-25", until="2026-11-26", limit=None,
                        now_ms=DAY, **LIMITS)
    result = search(store, every)
    assert len(result.entries) == len(all_records()) and not result.truncated
    assert [e.recorded_at for e in result.entries] == sorted(e.recorded_at for e in result.entries)

    limited = search(store, dataclasses.replace(every, limit=3), page=2)
    assert limited.entries == result.entries[:3] and limited.truncated

    both = search(store, dataclasses.replace(every, actor="service:anomaly"))
    assert [e.event_type for e in both.entries] == ["anomaly"]
    by_actor = search(store, dataclasses.replace(every, subject=None, actor="service:anomaly"))
    assert by_actor.entries == both.entries

    window = dataclasses.replace(every, since_ms=result.entries[2].recorded_at,
                                 until_ms=result.entries[4].recorded_at)
    assert search(store, window).entries == result.entries[2:4]

    # An index row whose entry was deleted from the log is counted, not returned.
    victim = result.entries[0]
    del store.log[victim.chain_id][victim.seq]
    after = search(store, every)
    assert after.dangling == 1 and victim not in after.entries


def test_verify_reports_an_edited_entry_a_deleted_entry_and_a_cut_tail():
    store = audited_store()
    cid = chain_id(1, "2026-11-25")
    n = len(all_records())
    [report] = verify_day(store, "2026-11-25", partitions=6)
    assert (report.chain_id, report.ok, report.checked, report.anchored_seq) == (cid, True, n, n)

    original = store.log[cid][4]
    store.log[cid][4] = dataclasses.replace(original, actor="device:someone-else")
    [report] = verify_day(store, "2026-11-25", partitions=6)
    assert (report.ok, report.first_broken_seq, report.reason) == (False, 4, "hash_mismatch")
    assert report.broken_entry is not None and report.broken_entry["actor"] == "device:someone-else"

    store.log[cid][4] = original
    del store.log[cid][6]
    [report] = verify_day(store, "2026-11-25", partitions=6)
    assert (report.ok, report.first_broken_seq, report.reason, report.broken_entry) == (False, 6, "seq_gap", None)

    for seq in range(6, n + 1):
        store.log[cid].pop(seq, None)
    [report] = verify_day(store, "2026-11-25", partitions=6)
    assert (report.ok, report.first_broken_seq, report.reason) == (False, 6, "truncated")
    reports = verify_days(store, ["2026-11-24", "2026-11-25"], partitions=6)
    assert [r.to_dict()["ok"] for r in reports] == [False]


def test_verify_reports_a_chain_without_anchor_as_unanchored_but_checks_its_links():
    store = audited_store()
    cid = chain_id(1, "2026-11-25")
    del store.anchors[cid]
    [report] = verify_day(store, "2026-11-25", partitions=6)
    assert report.ok and report.anchored_seq is None and report.to_dict()["anchored"] is False
    assert verify_day(store, "2026-11-24", partitions=6) == []
