"""The worker's batch handler over an in-memory store: chaining, idempotency, crash repair, conflicts."""

from __future__ import annotations

import json

import pytest
from audit_fake_store import FakePublisher, FakeStore
from audit_samples import IDENTIFYING, USER_ID, all_records

from services.audit.adapters.kafka import PublishError
from services.audit.adapters.store import StoreUnavailable
from services.audit.domain.chain import chain_id, verify_chain
from services.audit.domain.deidentify import pseudonym
from services.audit.pipeline import AuditPipeline
from services.common.kafka import Record, TransientError

KEY = b"k" * 32
DAY = 1_795_564_800_000  # 2026-11-25T00:00:00Z
NOW = DAY + 13 * 3_600_000


class Clock:
    def __init__(self, now: int = NOW) -> None:
        self.now = now

    def __call__(self) -> int:
        self.now += 1
        return self.now


def records(partition: int = 3, start_offset: int = 100) -> list[Record]:
    return [Record(topic, partition, start_offset + i, USER_ID, value, NOW)
            for i, (topic, value) in enumerate(all_records())]


def raw_of(record: Record) -> bytes:
    return json.dumps(record.value, sort_keys=True, default=str).encode()


def pipeline(store: FakeStore, publisher: FakePublisher | None = None, *, clock: Clock | None = None,
             key: bytes = KEY, assignment=None) -> AuditPipeline:
    return AuditPipeline(store, publisher or FakePublisher(), pseudonym_key=key, reload_days=3,
                         birth_year_cache_size=1000, raw_of=raw_of, assignment=assignment,
                         clock_ms=clock or Clock())


def preferences(user_id: str, birth_year: int | None, updated_at: int, offset: int = 1) -> Record:
    return Record("preferences.v1", 3, offset, user_id, {
        "user_id": user_id, "step_goal": 8000, "timezone": "Europe/Berlin", "quiet_start_min": 1320,
        "quiet_end_min": 420, "nudge_opt_outs": [], "snoozed_until": None, "language": "en",
        "birth_year": birth_year, "display_name": "Margaret Okonkwo-Smith", "nudges_enabled": True,
        "updated_at": updated_at}, NOW)


def test_every_topic_is_chained_in_offset_order_and_published_deidentified():
    store, publisher = FakeStore(), FakePublisher()
    batch = records()
    assert pipeline(store, publisher).handle(batch) == []

    chain = store.chain(chain_id(3, "2026-11-25"))
    assert [entry.topic for entry in chain] == [record.topic for record in batch]
    assert [entry.seq for entry in chain] == list(range(1, len(batch) + 1))
    result = verify_chain(chain, head=store.anchors[chain[0].chain_id])
    assert result.ok and result.checked == len(batch)
    assert {e.event_type for e in chain} == {"reading", "rejected_reading", "anomaly", "nudge", "chat_turn",
                                             "emergency", "access"}
    # Every entry is findable by subject; the access event also by its actor.
    assert len(store.by_subject[(USER_ID, "2026-11-25")]) == len(batch)
    assert any(actor.startswith("clinician:") for actor, _day in store.by_actor)
    # analytics: everything but the access event, keyed by the pseudonym, nothing identifying.
    assert len(publisher.published) == len(batch) - 1
    assert {event["pseudonym"] for event in publisher.published} == {pseudonym(USER_ID, KEY)}
    text = json.dumps(publisher.published)
    for identifying in IDENTIFYING:
        assert identifying not in text
    assert all(done for _cid, _seq, done in store.keys.values())


def test_a_redelivered_batch_appends_nothing_and_publishes_nothing():
    store, publisher = FakeStore(), FakePublisher()
    handler = pipeline(store, publisher)
    handler.handle(records())
    count, published = len(store.entries()), len(publisher.published)

    handler.handle(records())  # the same offsets again (no commit before a crash)
    pipeline(store, publisher).handle(records(start_offset=500))  # a restarted worker, re-produced copies
    assert len(store.entries()) == count
    assert len(publisher.published) == published


def test_a_duplicate_within_one_batch_appends_once():
    store = FakeStore()
    batch = records()
    reading = batch[0]
    again = Record(reading.topic, reading.partition, 999, reading.key, dict(reading.value), NOW)
    pipeline(store).handle([*batch, again])
    assert len(store.entries()) == len(batch)


def test_a_failed_publish_is_retried_without_appending_twice():
    store, publisher = FakeStore(), FakePublisher(fail_next=PublishError("broker down"))
    handler = pipeline(store, publisher)
    batch = records()
    with pytest.raises(TransientError):
        handler.handle(batch)
    assert len(store.entries()) == len(batch)  # appended before the publish failed

    handler.handle(batch)  # the consumer retries the same batch
    assert len(store.entries()) == len(batch)
    assert len(publisher.published) == len(batch) - 1
    assert all(done for _cid, _seq, done in store.keys.values())
    chain = store.chain(chain_id(3, "2026-11-25"))
    assert verify_chain(chain, head=store.anchors[chain[0].chain_id]).ok


def test_a_crash_before_the_keys_are_written_is_repaired_by_the_next_worker():
    store, publisher = FakeStore(), FakePublisher()
    batch = records()
    store.fail_on["put_event_keys"] = RuntimeError("process killed")
    with pytest.raises(RuntimeError):
        pipeline(store, publisher).handle(batch)
    cid = chain_id(3, "2026-11-25")
    assert len(store.chain(cid)) == len(batch) and cid not in store.anchors and not store.keys
    published_before_crash = len(publisher.published)

    # A new process: loading the partition repairs the unanchored tail, and the redelivered records are
    # recognised (no second entry) while their analytics events are published again (at-least-once).
    restarted = pipeline(store, publisher)
    restarted.handle(batch)
    assert len(store.chain(cid)) == len(batch)
    assert store.anchors[cid].seq == len(batch)
    assert all(done for _cid, _seq, done in store.keys.values())
    assert len(publisher.published) == published_before_crash + len(batch) - 1
    ids = [event["event_id"] for event in publisher.published]
    assert len(set(ids)) == len(batch) - 1  # the replayed events carry the same ids: analysts can dedup

    restarted.handle(records(start_offset=900))  # later copies: nothing more
    assert len(store.chain(cid)) == len(batch)


def test_a_store_outage_is_a_transient_error_and_nothing_is_lost():
    store = FakeStore(fail_on={"lookup_event_keys": StoreUnavailable("NoHostAvailable")})
    handler = pipeline(store)
    with pytest.raises(TransientError):
        handler.handle(records())
    assert store.entries() == []
    handler.handle(records())
    assert len(store.entries()) == len(records())


def test_a_second_writer_on_the_same_chain_makes_the_stale_one_retry_and_the_chain_stays_linear():
    store = FakeStore()
    clock = Clock()
    first, second = pipeline(store, clock=clock), pipeline(store, clock=clock)
    first.handle(records(start_offset=0)[:2])
    second.handle(records(start_offset=0)[2:4])  # loads the head the first one left, appends after it
    with pytest.raises(TransientError):  # the first one's head is stale: its conditional append fails
        first.handle(records(start_offset=0)[4:6])
    first.handle(records(start_offset=0)[4:6])  # the consumer's retry reloads and appends
    chain = store.chain(chain_id(3, "2026-11-25"))
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5, 6]
    assert verify_chain(chain, head=store.anchors[chain[0].chain_id]).ok


def test_a_lost_partition_is_reloaded_when_it_comes_back():
    store = FakeStore()
    assigned = {3}
    handler = pipeline(store, assignment=lambda: set(assigned))
    handler.handle(records(start_offset=0)[:2])
    assigned.clear()
    handler.handle([])  # a batch after the rebalance: partition 3 is gone
    other = pipeline(store)
    other.handle(records(start_offset=0)[2:4])
    assigned.add(3)
    handler.handle(records(start_offset=0)[4:6])  # no conflict: the head was reloaded
    assert [e.seq for e in store.chain(chain_id(3, "2026-11-25"))] == [1, 2, 3, 4, 5, 6]


def test_chains_are_per_partition_and_utc_day():
    store = FakeStore()
    clock = Clock(DAY + 86_400_000 - 10)  # ten milliseconds before midnight
    handler = pipeline(store, clock=clock)
    batch = records()
    handler.handle(batch[:1])
    handler.handle([Record(r.topic, 5, r.offset, r.key, r.value, NOW) for r in batch[1:2]])
    clock.now = DAY + 86_400_000 + 5
    handler.handle(batch[2:3])
    assert sorted(store.log) == [chain_id(3, "2026-11-25"), chain_id(5, "2026-11-25"), chain_id(3, "2026-11-26")]
    assert all(len(chain) == 1 for chain in store.log.values())


def test_age_band_comes_from_the_latest_preferences_and_is_null_before_them():
    store, publisher = FakeStore(), FakePublisher()
    handler = pipeline(store, publisher)
    batch = records()
    handler.handle(batch[:1])
    assert publisher.published[-1]["age_band"] is None  # no preferences yet

    handler.handle([preferences(USER_ID, 1960, updated_at=NOW), *batch[1:2]])
    assert publisher.published[-1]["age_band"] == "60-69"
    handler.handle([preferences(USER_ID, 1990, updated_at=NOW - 1000, offset=2), *batch[2:3]])  # older snapshot
    assert publisher.published[-1]["age_band"] == "60-69"
    handler.handle([preferences(USER_ID, 1990, updated_at=NOW + 1000, offset=3), *batch[3:4]])
    assert publisher.published[-1]["age_band"] == "30-39"
    assert not any(e.topic == "preferences.v1" for e in store.entries())  # preferences are not audited here


def test_unmappable_records_go_to_the_dlq_and_the_rest_is_audited():
    store = FakeStore()
    batch = records()
    broken = Record("anomalies.v1", 3, 77, USER_ID, {"anomaly_id": "a-1"}, NOW)  # no user, no times
    bad_prefs = Record("preferences.v1", 3, 78, None, {"user_id": "", "updated_at": 1}, NOW)
    poison = pipeline(store).handle([broken, *batch, bad_prefs])
    assert [record for record, _reason in poison] == [broken, bad_prefs]
    assert all(reason for _record, reason in poison)
    assert len(store.entries()) == len(batch)


def test_a_different_key_gives_a_different_pseudonym_and_the_same_key_the_same():
    first, second, third = FakePublisher(), FakePublisher(), FakePublisher()
    pipeline(FakeStore(), first).handle(records())
    pipeline(FakeStore(), second).handle(records())
    pipeline(FakeStore(), third, key=b"another-key-of-at-least-32-bytes!").handle(records())
    assert {e["pseudonym"] for e in first.published} == {e["pseudonym"] for e in second.published}
    assert {e["pseudonym"] for e in first.published}.isdisjoint({e["pseudonym"] for e in third.published})


def test_the_launch_metrics_hook_sees_each_event_once_and_never_a_redelivery():
    seen: list[tuple[str, int]] = []
    store, publisher = FakeStore(), FakePublisher()
    handler = AuditPipeline(store, publisher, pseudonym_key=KEY, reload_days=3, birth_year_cache_size=1000,
                            raw_of=raw_of, clock_ms=Clock(),
                            on_fresh=lambda batch: seen.extend((r.topic, r.offset) for r in batch))
    batch = records()
    handler.handle(batch)
    assert seen == [(r.topic, r.offset) for r in batch]
    handler.handle(records())  # redelivered
    assert len(seen) == len(batch)
