"""The audit service on the real stack: worker + API as processes, records produced to the real topics.

The worker's consumer group is seeded at the topics' current end offsets before it starts, so it audits
what these tests produce (not the whole shared history). Only one audit consumer group runs at a time:
the tests that need another one (replay, other key) stop the module's worker first and restart it after.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import duckdb
import httpx
import pytest
from confluent_kafka import Consumer, TopicPartition

from services.audit.adapters.store import LOG_COLUMNS, bucket_of, entry_row
from services.audit.domain.chain import AuditEntry, utc_day
from services.audit.domain.deidentify import analytics_event_id, pseudonym
from services.audit.domain.events import own_event_key
from services.common.auth import mint_dev_token
from services.common.config import DEV_PSEUDONYM_KEY, get_platform_settings
from services.common.contracts import Topic
from services.common.kafka import EventProducer

pytestmark = pytest.mark.usefixtures("stack")

CONSUMED = [Topic.AUDIT, Topic.READINGS, Topic.READINGS_REJECTED, Topic.ANOMALIES, Topic.NUDGES, Topic.CHAT_TURNS,
            Topic.EMERGENCIES, Topic.PREFERENCES]
OTHER_KEY = "a-different-pseudonym-key-for-the-second-run"
COMPLIANCE = "compliance-1"


# -- helpers ----------------------------------------------------------------------------------------------

def wait_until(probe: Callable[[], Any], timeout_s: float = 45.0, every_s: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        result = probe()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(every_s)


def end_offsets(topics: list[str]) -> list[TopicPartition]:
    consumer = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap,
                         "group.id": f"audit-it-probe-{uuid.uuid4().hex[:6]}"})
    try:
        marks = []
        for topic in topics:
            for partition in consumer.list_topics(topic, timeout=10).topics[topic].partitions:
                _low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
                marks.append(TopicPartition(topic, partition, high))
        return marks
    finally:
        consumer.close()


def seed_group(group: str, offsets: list[TopicPartition]) -> None:
    """Commit offsets for a group no one has joined yet: where its first consumer starts."""
    consumer = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap, "group.id": group,
                         "enable.auto.commit": False})
    try:
        consumer.commit(offsets=offsets, asynchronous=False)
    finally:
        consumer.close()


def committed_reach(group: str, targets: list[TopicPartition]) -> bool:
    consumer = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap, "group.id": group})
    try:
        committed = {(tp.topic, tp.partition): tp.offset
                     for tp in consumer.committed([TopicPartition(t.topic, t.partition) for t in targets], timeout=10)}
    finally:
        consumer.close()
    return all(committed[(t.topic, t.partition)] >= t.offset for t in targets)


def domain_records(user_id: str, now_ms: int) -> dict[str, Any]:
    """One realistic record for every audited topic, full of identifying strings, plus those strings."""
    tag = user_id.removeprefix("it-")
    ids = {
        "user_id": user_id, "device_id": f"cuff-{tag}", "reading_id": f"rd-{tag}",
        "email": f"pat.{tag}@example.org", "display_name": f"Pat Okafor-{tag}",
        "message": f"crushing chest pain and numb left arm {tag}", "conversation_id": f"conv-{tag}",
        "turn_id": f"turn-{tag}", "anomaly_id": f"an-{tag}", "nudge_id": f"ng-{tag}", "escalation_id": f"esc-{tag}",
        "event_id": f"ae-{tag}", "clinician": f"dr-{tag}",
    }
    value = dict.fromkeys(("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min",
                           "efficiency", "kg"))
    value.update(systolic=142, diastolic=91, pulse=77)
    records = [
        (Topic.READINGS, {
            "reading_id": ids["reading_id"], "user_id": user_id, "device_id": ids["device_id"],
            "metric": "blood_pressure", "measured_at": now_ms - 120_000, "utc_offset_min": -300, "source": "sensed",
            "value": value, "flags": [], "channel": "http", "ingested_at": now_ms - 1000}),
        (Topic.READINGS_REJECTED, {
            "reading_id": ids["reading_id"] + "-bad", "user_id": user_id, "device_id": ids["device_id"],
            "reasons": ["implausible_value"], "detail": f"systolic 0 from {ids['device_id']} for {ids['email']}",
            "payload": json.dumps({"reading_id": ids["reading_id"] + "-bad", "user_id": user_id,
                                   "metric": "blood_pressure", "note": ids["message"],
                                   "value": {"systolic": 0, "diastolic": 0}}),
            "channel": "http", "rejected_at": now_ms - 900}),
        (Topic.ANOMALIES, {
            "anomaly_id": ids["anomaly_id"], "user_id": user_id, "reading_id": ids["reading_id"],
            "metric": "blood_pressure", "kind": "threshold", "severity": "review", "category": "stage_2",
            "message": f"{ids['display_name']}, your blood pressure 142/91 is high", "disclaimer": "Not a diagnosis.",
            "observed_value": 142.0, "baseline_value": 124.0, "measured_at": now_ms - 120_000,
            "detected_at": now_ms - 800, "ingested_at": now_ms - 1000}),
        (Topic.NUDGES, {
            "nudge_id": ids["nudge_id"], "user_id": user_id, "trigger": "bp_change",
            "title": f"{ids['display_name']}, a word about your BP", "body": ids["message"], "variant": "a",
            "experiment": None, "source_event_id": ids["anomaly_id"], "source_ingested_at": now_ms - 1000,
            "created_at": now_ms - 700, "expires_at": now_ms + 86_400_000}),
        (Topic.CHAT_TURNS, {
            "turn_id": ids["turn_id"], "conversation_id": ids["conversation_id"], "user_id": user_id,
            "kind": "emergency", "safety_flags": ["emergency"], "input_tokens": 40, "output_tokens": 90,
            "cache_read_tokens": 0, "cache_write_tokens": 0, "cost_usd": 0.001, "latency_ms": 700,
            "model": "offline", "language": "en", "message_ciphertext": ids["message"].encode(),
            "reply_ciphertext": b"call emergency services now", "key_id": "dev1", "created_at": now_ms - 600}),
        (Topic.EMERGENCIES, {
            "escalation_id": ids["escalation_id"], "user_id": user_id, "conversation_id": ids["conversation_id"],
            "turn_id": ids["turn_id"], "category": "cardiac", "signals": ["chest_pain"],
            "message_ciphertext": ids["message"].encode(), "key_id": "dev1", "created_at": now_ms - 590}),
        (Topic.AUDIT, {
            "event_id": ids["event_id"], "occurred_at": now_ms - 500, "actor": f"clinician:{ids['clinician']}",
            "action": "escalation.read", "resource": f"escalation/{ids['escalation_id']}", "subject": user_id,
            "outcome": "success", "service": "conversation",
            "details": {"email": ids["email"], "note": ids["message"]}}),
    ]
    return {"ids": ids, "records": records}


def analytics_id(topic: str, value: dict[str, Any]) -> str:
    """The analytics event id the worker derives for a record (stable: what analysts dedup on)."""
    own = own_event_key(topic, value)
    assert own is not None
    return analytics_event_id(own, DEV_PSEUDONYM_KEY.encode())


def expected_entries(user_id: str, ids: dict[str, str]) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(action, resource) -> (event_type, actor, outcome) of the entries ``domain_records`` must produce."""
    return {
        ("reading.ingested", f"reading/{ids['reading_id']}"): ("reading", f"device:{ids['device_id']}", "success"),
        ("reading.rejected", f"reading/{ids['reading_id']}-bad"): ("rejected_reading", f"device:{ids['device_id']}",
                                                                   "denied"),
        ("anomaly.detected", f"anomaly/{ids['anomaly_id']}"): ("anomaly", "service:anomaly", "success"),
        ("nudge.sent", f"nudge/{ids['nudge_id']}"): ("nudge", "service:nudge-engine", "success"),
        ("chat.turn", f"conversation/{ids['conversation_id']}/turn/{ids['turn_id']}"): ("chat_turn", f"user:{user_id}",
                                                                                       "success"),
        ("emergency.escalated", f"escalation/{ids['escalation_id']}"): ("emergency", "service:conversation",
                                                                         "success"),
        ("escalation.read", f"escalation/{ids['escalation_id']}"): ("access", f"clinician:{ids['clinician']}",
                                                                    "success"),
    }


def preferences(user_id: str, birth_year: int | None, display_name: str, updated_at: int) -> dict[str, Any]:
    return {"user_id": user_id, "step_goal": 8000, "timezone": "America/New_York", "quiet_start_min": 1320,
            "quiet_end_min": 420, "nudge_opt_outs": [], "snoozed_until": None, "language": "en",
            "birth_year": birth_year, "display_name": display_name, "nudges_enabled": True, "updated_at": updated_at}


def produce(records: list[tuple[str, dict[str, Any]]], key: str) -> None:
    producer = EventProducer()
    for topic, value in records:
        producer.send(topic, key, value)
    assert producer.flush(15) == 0 and producer.failed == 0


@dataclass
class AuditProcesses:
    worker: Any
    api: Any
    base_url: str
    session: str
    token: str

    def get(self, path: str, token: str | None = None, **params: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token or self.token}"} if (token or self.token) else {}
        return httpx.get(f"{self.base_url}{path}", params=params, headers=headers, timeout=30)

    def entries(self, **params: Any) -> list[dict[str, Any]]:
        response = self.get("/v1/audit", **params)
        assert response.status_code == 200, response.text
        return response.json()["entries"]

    def about(self, user_id: str) -> list[dict[str, Any]]:
        """The user's entries except our own reads (each query about a subject is audited with that subject)."""
        entries = self.entries(subject=user_id, since=today(), limit=1000)
        return [e for e in entries if e["actor"] != f"user:{COMPLIANCE}"]

    def mine(self, user_id: str, keys: set[tuple[str, str]]) -> list[dict[str, Any]]:
        """The user's entries with these (action, resource) identities. The stack's other services may
        add their own (the running anomaly service flags our readings), so tests select what they made."""
        return [e for e in self.about(user_id) if (e["action"], e["resource"]) in keys]

    def wait_mine(self, user_id: str, keys: set[tuple[str, str]], timeout_s: float = 90.0) -> list[dict[str, Any]]:
        found = wait_until(lambda: (lambda e: e if {(x["action"], x["resource"]) for x in e} >= keys else None)(
            self.mine(user_id, keys)), timeout_s, every_s=1.0)
        assert found, f"not every entry about {user_id} arrived; worker log:\n{self.worker.log_tail()}"
        return found

    def wait_entries(self, count: int, timeout_s: float = 45.0, **params: Any) -> list[dict[str, Any]]:
        found = wait_until(lambda: (lambda e: e if len(e) >= count else None)(self.entries(**params)), timeout_s)
        assert found, f"fewer than {count} entries for {params}; worker log:\n{self.worker.log_tail()}"
        return found


@pytest.fixture(scope="module")
def audit(services) -> Iterator[AuditProcesses]:  # type: ignore[no-untyped-def]
    seed_group(f"audit.{services.session}", end_offsets(CONSUMED))
    worker, _ = services.start("audit-worker", "services.audit.worker", port_env="HEARTWISE_AUDIT_WORKER_HEALTH_PORT")
    api, base_url = services.start("audit-api", "services.audit.main", port_env="HEARTWISE_AUDIT_PORT")
    yield AuditProcesses(worker, api, base_url, services.session,
                         mint_dev_token(sub=COMPLIANCE, scopes=["audit:read"]))
    worker.stop()
    api.stop()


@pytest.fixture
def cassandra() -> Iterator[Any]:
    from services.common.cassandra import connect

    cluster, session = connect()
    yield session
    cluster.shutdown()


def today() -> str:
    return utc_day(int(time.time() * 1000))


# -- tests ------------------------------------------------------------------------------------------------

def test_events_from_every_topic_appear_in_the_audit_log_and_reading_it_is_audited(audit, user_id, tail):
    raw_readings = tail(Topic.READINGS, decode=False)
    data = domain_records(user_id, int(time.time() * 1000))
    produce(data["records"], user_id)

    ids = data["ids"]
    expected = expected_entries(user_id, ids)
    entries = audit.wait_mine(user_id, set(expected))
    assert {(e["action"], e["resource"]): (e["event_type"], e["actor"], e["outcome"]) for e in entries} == expected
    assert len(entries) == len(expected)
    # All of one user's events share a partition number in every topic, so they sit in one chain.
    assert len({e["chain_id"] for e in entries}) == 1
    assert sorted(e["topic"] for e in entries) == sorted(topic for topic, _ in data["records"])
    # The digest is of the bytes on the topic: the original record can be proven against the chain.
    [(_, _, raw)] = raw_readings.wait_for(lambda key, _v: key == user_id)
    assert next(e for e in entries if e["event_type"] == "reading")["payload_digest"] == hashlib.sha256(raw).hexdigest()
    # No message text, email or name in the log itself: only ids and symbols.
    assert ids["message"] not in json.dumps(entries) and ids["email"] not in json.dumps(entries)

    # By actor, and with a window that excludes them.
    by_anomaly = audit.entries(actor="service:anomaly", subject=user_id, since=today())
    assert f"anomaly/{ids['anomaly_id']}" in {e["resource"] for e in by_anomaly}
    assert {e["actor"] for e in by_anomaly} == {"service:anomaly"}
    assert audit.entries(subject=user_id, since="2020-01-01", until="2020-01-02") == []

    # Reading the log was itself audited, with the caller as the actor; so was a refused attempt.
    nosy = f"nosy-{user_id}"
    assert audit.get("/v1/audit", mint_dev_token(sub=nosy, scopes=["chat"]), subject=user_id).status_code == 403
    reads = audit.wait_entries(1, actor=f"user:{COMPLIANCE}", subject=user_id, since=today())
    assert {(e["action"], e["outcome"], e["topic"]) for e in reads} >= {("audit.query", "success", "audit.v1")}
    [refused] = audit.wait_entries(1, actor=f"user:{nosy}", since=today())
    assert (refused["action"], refused["outcome"]) == ("audit.query", "denied")


def test_auth_and_bad_parameters_are_4xx_with_a_reason(audit):
    no_token = httpx.get(f"{audit.base_url}/v1/audit", params={"subject": "u-1"}, timeout=10)
    assert no_token.status_code == 401
    bad_token = audit.get("/v1/audit", token="not.a.jwt", subject="u-1")
    assert bad_token.status_code == 401
    wrong_scope = audit.get("/v1/audit/verify", token=mint_dev_token(sub="u-1", scopes=["chat"]))
    assert wrong_scope.status_code == 403 and "audit:read" in wrong_scope.json()["detail"]
    for params, reason in [({}, "subject"), ({"subject": "u-1", "since": "last week"}, "since"),
                           ({"subject": "u-1", "since": "2026-01-01", "until": "2026-06-01"}, "31 days"),
                           ({"subject": "u-1", "limit": 5000}, "limit")]:
        response = audit.get("/v1/audit", **params)
        assert response.status_code == 400 and reason in response.json()["detail"], (params, response.text)
    bad_day = audit.get("/v1/audit/verify", day="2026-02-30")
    assert bad_day.status_code == 400 and "day" in bad_day.json()["detail"]
    for path in ("/healthz", "/readyz", "/metrics"):
        assert httpx.get(f"{audit.base_url}{path}", timeout=10).status_code == 200


def _chain_report(audit: AuditProcesses, cid: str) -> dict[str, Any]:
    response = audit.get("/v1/audit/verify", day=cid.split(":")[0])
    assert response.status_code == 200, response.text
    return next(report for report in response.json()["chains"] if report["chain_id"] == cid)


def test_an_edited_or_deleted_entry_is_reported_by_verify(audit, user_id, cassandra):
    data = domain_records(user_id, int(time.time() * 1000))
    produce(data["records"], user_id)
    entries = audit.wait_mine(user_id, set(expected_entries(user_id, data["ids"])))
    target = AuditEntry.from_dict(next(e for e in entries if e["resource"] == f"anomaly/{data['ids']['anomaly_id']}"))
    cid, seq, bucket = target.chain_id, target.seq, bucket_of(target.seq)
    assert _chain_report(audit, cid)["ok"]

    restore = (f"INSERT INTO audit_log ({', '.join(LOG_COLUMNS)}) "  # noqa: S608 - constant column names
               f"VALUES ({', '.join(['%s'] * len(LOG_COLUMNS))})")
    try:
        cassandra.execute("UPDATE audit_log SET actor = %s WHERE chain_id = %s AND bucket = %s AND seq = %s",
                          ("service:forged", cid, bucket, seq))
        edited = _chain_report(audit, cid)
        assert (edited["ok"], edited["first_broken_seq"], edited["reason"]) == (False, seq, "hash_mismatch")
        assert edited["broken_entry"]["actor"] == "service:forged"
        cassandra.execute(restore, entry_row(target))
        assert _chain_report(audit, cid)["ok"]

        cassandra.execute("DELETE FROM audit_log WHERE chain_id = %s AND bucket = %s AND seq = %s", (cid, bucket, seq))
        deleted = _chain_report(audit, cid)
        assert (deleted["ok"], deleted["first_broken_seq"]) == (False, seq)
        assert deleted["reason"] in {"seq_gap", "truncated"}  # truncated when it was the anchored last entry
        # The query index still points at it: the API says so instead of hiding it.
        after = audit.get("/v1/audit", subject=user_id, since=today(), limit=1000).json()
        assert after["dangling_index_rows"] == 1 and target.seq not in [e["seq"] for e in after["entries"]
                                                                         if e["chain_id"] == cid]
    finally:
        cassandra.execute(restore, entry_row(target))  # leave the shared log intact
    assert _chain_report(audit, cid)["ok"]


def test_a_redelivered_event_appends_once(audit, services, user_id, tail):
    marks = end_offsets(CONSUMED)
    data = domain_records(user_id, int(time.time() * 1000))
    records = data["records"]
    # A producer retry at another offset: the same reading and the same access event twice.
    produce([*records, records[0], records[-1]], user_id)
    keys = set(expected_entries(user_id, data["ids"]))
    first = audit.wait_mine(user_id, keys)
    time.sleep(3)  # would a second copy show up late?
    assert len(audit.mine(user_id, keys)) == len(keys) == len(first)

    # Redelivery of everything: a worker with a fresh consumer group re-reads the same offsets.
    published_before = {analytics_id(topic, value) for topic, value in records}
    analytics = tail(Topic.ANALYTICS)
    ends = end_offsets(CONSUMED)
    replay_run = f"{audit.session}-replay"
    seed_group(f"audit.{replay_run}", marks)
    audit.worker.stop()
    try:
        replay, _ = services.start("audit-worker-replay", "services.audit.worker",
                                   port_env="HEARTWISE_AUDIT_WORKER_HEALTH_PORT", env={"HEARTWISE_RUN_ID": replay_run})
        assert wait_until(lambda: committed_reach(f"audit.{replay_run}", ends), 180), replay.log_tail()
        replay.stop()
    finally:
        audit.worker.start()
    again = audit.mine(user_id, keys)
    assert sorted((e["chain_id"], e["seq"]) for e in again) == sorted((e["chain_id"], e["seq"]) for e in first)
    mine = pseudonym(user_id, DEV_PSEUDONYM_KEY.encode())
    analytics.poll(1.0)
    republished = {value["event_id"] for _p, key, value in analytics.seen if key == mine}
    assert not republished & published_before  # nothing published again for the replayed records


def test_a_killed_worker_restarts_without_losing_or_repeating_entries(audit, user_id):
    now = int(time.time() * 1000)
    template = domain_records(user_id, now)["records"][0][1]

    def readings(start: int, count: int) -> list[tuple[str, dict[str, Any]]]:
        return [(Topic.READINGS, {**template, "reading_id": f"rd-{i}", "ingested_at": now + i})
                for i in range(start, start + count)]

    keys = {("reading.ingested", f"reading/rd-{i}") for i in range(300)}
    produce(readings(0, 150), user_id)
    assert wait_until(lambda: audit.mine(user_id, keys), 90)
    audit.worker.kill()  # SIGKILL: no final commit, maybe mid-batch
    produce(readings(150, 150), user_id)
    audit.worker.start()
    audit.wait_mine(user_id, keys, timeout_s=120)
    time.sleep(2)
    entries = sorted(audit.mine(user_id, keys), key=lambda e: e["seq"])
    # Each exactly once, and chained in offset order across the crash.
    assert [e["resource"] for e in entries] == [f"reading/rd-{i}" for i in range(300)]
    [cid] = {e["chain_id"] for e in entries}
    assert _chain_report(audit, cid)["ok"]


def test_analytics_is_deidentified_stable_per_user_and_exported_to_parquet(audit, user_id, tail, cassandra,
                                                                           tmp_path):
    analytics = tail(Topic.ANALYTICS)
    analytics_raw = tail(Topic.ANALYTICS, decode=False)
    now = int(time.time() * 1000)
    data = domain_records(user_id, now)
    ids = data["ids"]
    # Preferences first (same partition as the user's events); wait until the worker has the birth year.
    produce([(Topic.PREFERENCES, preferences(user_id, 1980, ids["display_name"], now))], user_id)
    assert wait_until(lambda: cassandra.execute("SELECT birth_year FROM audit_user_birth_years WHERE user_id = %s",
                                                (user_id,)).one(), 90), audit.worker.log_tail()
    produce(data["records"], user_id)

    mine = pseudonym(user_id, DEV_PSEUDONYM_KEY.encode())
    wanted = {analytics_id(topic, value) for topic, value in data["records"] if topic != Topic.AUDIT}
    seen = analytics.wait_for(lambda k, v: k == mine and v["event_id"] in wanted, count=len(wanted), timeout_s=90)
    events = [value for _p, _k, value in seen]
    assert len(events) == len(wanted) == 6, audit.worker.log_tail()  # every domain event but the access event
    assert {e["event_type"] for e in events} == {"reading", "rejected_reading", "anomaly", "nudge", "chat_turn",
                                                 "emergency"}
    # The same user always gets the same pseudonym, also on what other services derived from our records.
    ours = [value for _p, key, value in analytics.seen if value["pseudonym"] == mine]
    assert all(key == mine for _p, key, value in analytics.seen if value["pseudonym"] == mine)
    assert {e["age_band"] for e in ours} == {"40-49"}
    assert all(e["occurred_hour"] % 3_600_000 == 0 for e in events)
    reading = next(e for e in events if e["event_type"] == "reading")
    assert (reading["metric"], reading["band"]) == ("blood_pressure", "stage_2_hypertension")

    # Everything the worker put on analytics.v1 meanwhile, decoded and raw: nothing identifying.
    analytics_raw.wait_for(lambda _k, _v: False, timeout_s=2)
    analytics.poll(1.0)
    decoded = json.dumps([[k, v] for _p, k, v in analytics.seen])
    raw = b"".join((k or "").encode() + v for _p, k, v in analytics_raw.seen)
    for name, value in ids.items():
        assert value not in decoded, name
        assert value.encode() not in raw, name

    # The Parquet export, through the CLI, read back with DuckDB.
    out = tmp_path / "analytics"
    result = subprocess.run([sys.executable, "-m", "services.cli", "analytics", "export", "--since", today(),
                             "--out", str(out)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    rows = duckdb.connect().execute(
        "SELECT event_id, age_band, date FROM read_parquet(?, hive_partitioning=1) WHERE pseudonym = ?",
        [f"{out}/*/*.parquet", mine]).fetchall()
    assert wanted <= {r[0] for r in rows}
    assert len(rows) == len({r[0] for r in rows})  # one row per event, even if it was published twice
    assert {(r[1], str(r[2])) for r in rows} == {("40-49", today())}


def test_a_different_pseudonym_key_gives_a_different_pseudonym(audit, services, user_id, tail):
    analytics = tail(Topic.ANALYTICS)
    now = int(time.time() * 1000)
    produce(domain_records(user_id, now)["records"][:1], user_id)
    first_key = pseudonym(user_id, DEV_PSEUDONYM_KEY.encode())
    assert analytics.wait_for(lambda k, _v: k == first_key, timeout_s=90), audit.worker.log_tail()

    other_run = f"{audit.session}-otherkey"
    seed_group(f"audit.{other_run}", end_offsets(CONSUMED))
    audit.worker.stop()
    try:
        other, _ = services.start("audit-worker-otherkey", "services.audit.worker",
                                  port_env="HEARTWISE_AUDIT_WORKER_HEALTH_PORT",
                                  env={"HEARTWISE_RUN_ID": other_run, "HEARTWISE_PSEUDONYM_KEY": OTHER_KEY})
        later = domain_records(user_id, now + 1000)["records"][0][1] | {"reading_id": f"rd-{uuid.uuid4().hex}"}
        produce([(Topic.READINGS, later)], user_id)
        second_key = pseudonym(user_id, OTHER_KEY.encode())
        assert analytics.wait_for(lambda k, _v: k == second_key, timeout_s=90), other.log_tail()
        other.stop()
    finally:
        audit.worker.start()
    assert second_key != first_key
    events = [(k, v) for _p, k, v in analytics.seen if k in (first_key, second_key)]
    assert {k for k, _v in events} == {first_key, second_key}
    assert all(v["pseudonym"] == k for k, v in events)


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_the_api_answers_503_with_a_reason_when_cassandra_or_kafka_is_unreachable(services):
    token = {"Authorization": f"Bearer {mint_dev_token(sub=COMPLIANCE, scopes=['audit:read'])}"}
    no_cassandra, base_url = services.start(
        "audit-api-no-cassandra", "services.audit.main", port_env="HEARTWISE_AUDIT_PORT", health_path="/healthz",
        env={"HEARTWISE_CASSANDRA_PORT": str(closed_port())})
    try:
        for path, params in [("/v1/audit", {"subject": "u-1"}), ("/v1/audit/verify", {})]:
            response = httpx.get(f"{base_url}{path}", params=params, headers=token, timeout=30)
            assert response.status_code == 503 and "Cassandra" in response.json()["detail"], response.text
        ready = httpx.get(f"{base_url}/readyz", timeout=30)
        assert ready.status_code == 503 and ready.json()["checks"] == {"cassandra": False}
    finally:
        no_cassandra.stop()

    no_kafka, base_url = services.start(
        "audit-api-no-kafka", "services.audit.main", port_env="HEARTWISE_AUDIT_PORT",
        env={"HEARTWISE_KAFKA_BOOTSTRAP": f"127.0.0.1:{closed_port()}", "HEARTWISE_AUDIT_ACCESS_AUDIT_TIMEOUT_S": "2"})
    try:
        # The log is readable, but the read can't be recorded: refused rather than unaudited.
        response = httpx.get(f"{base_url}/v1/audit", params={"subject": "u-1"}, headers=token, timeout=30)
        assert response.status_code == 503 and "could not be recorded" in response.json()["detail"], response.text
    finally:
        no_kafka.stop()
