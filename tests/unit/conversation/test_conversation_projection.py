"""The projector's mapping of records to rows (incl. poison), month partitions of readings, the per-replica
memory of recent messages, and the daily counter's fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conversation_fakes import FakeGateway

from services.common.contracts import Topic
from services.common.kafka import Record, TransientError
from services.conversation.adapters.stores import DailyCounter, months_between, utc_day
from services.conversation.domain.recent import RecentActivity
from services.conversation.guards.abuse import BURST_WINDOW_MS, IDENTICAL_SPAM_WINDOW_MS
from services.conversation.projector import Projector, rows_for

NOW = int(datetime(2026, 11, 25, 12, tzinfo=UTC).timestamp() * 1000)


def record(topic: str, value: dict, offset: int = 0) -> Record:
    return Record(topic, 0, offset, value.get("user_id"), value, NOW)


NUDGE = {"nudge_id": "n1", "user_id": "u1", "trigger": "step_goal", "title": "Almost there", "body": "2,000 to go",
         "variant": "default", "experiment": None, "source_event_id": None, "source_ingested_at": None,
         "created_at": NOW, "expires_at": NOW + 3_600_000}
EMERGENCY = {"escalation_id": "e1", "user_id": "u1", "conversation_id": "c1", "turn_id": "t1", "category": "cardiac",
             "signals": ["chest_pain"], "message_ciphertext": b"\x00" * 40, "key_id": "k1", "created_at": NOW}
ANOMALY = {"anomaly_id": "a1", "user_id": "u1", "reading_id": "r1", "metric": "blood_pressure", "kind": "threshold",
           "severity": "review", "category": "stage_2_hypertension", "message": "High reading", "disclaimer": "d",
           "observed_value": 150.0, "baseline_value": None, "measured_at": NOW - 1000, "detected_at": NOW,
           "ingested_at": NOW - 500}


def test_conversation_projector_maps_each_topic_to_its_rows():
    [(name, params)] = rows_for(record(Topic.NUDGES, NUDGE), NOW)
    assert name == "insert_nudge" and params[:2] == ("u1", "n1") and params[-1] == NOW
    escalation = rows_for(record(Topic.EMERGENCIES, EMERGENCY), NOW)
    assert [n for n, _ in escalation] == ["insert_escalation", "insert_escalation_id"]
    assert escalation[0][1][0] == utc_day(NOW) == "2026-11-25"
    assert escalation[1][1] == ("e1", "2026-11-25", NOW)
    [(name, params)] = rows_for(record(Topic.ANOMALIES, ANOMALY), NOW)
    assert name == "insert_anomaly" and params[:3] == ("u1", NOW, "a1")


class FakeSession:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail


def test_conversation_projector_sends_unprojectable_records_to_the_dlq(monkeypatch):
    executed = []

    def fake_execute_concurrent(session, statements, **_kw):  # type: ignore[no-untyped-def]
        if session.fail:
            raise ConnectionError("no host")
        executed.extend(statements)
        return [type("R", (), {"success": True})() for _ in statements]

    monkeypatch.setattr("services.conversation.projector.execute_concurrent", fake_execute_concurrent)
    prepared = {name: name for name in ("insert_nudge", "insert_escalation", "insert_escalation_id", "insert_anomaly")}
    projector = Projector(FakeSession(), prepared)  # type: ignore[arg-type]
    good = record(Topic.NUDGES, NUDGE, 1)
    no_id = record(Topic.NUDGES, {**NUDGE, "nudge_id": ""}, 2)
    missing = record(Topic.ANOMALIES, {k: v for k, v in ANOMALY.items() if k != "detected_at"}, 3)
    poison = list(projector.handle([good, no_id, missing]))
    assert [r.offset for r, _reason in poison] == [2, 3]
    assert [statement for statement, _ in executed] == ["insert_nudge"]

    broken = Projector(FakeSession(fail=True), prepared)  # type: ignore[arg-type]
    with pytest.raises(TransientError):  # Cassandra down: retry the batch, commit nothing
        list(broken.handle([good]))


def test_conversation_readings_month_partitions_cover_the_window_newest_first():
    since = int(datetime(2026, 10, 20, tzinfo=UTC).timestamp() * 1000)
    assert months_between(since, NOW) == ["2026-11", "2026-10"]
    assert months_between(NOW - 1000, NOW) == ["2026-11"]
    new_year = int(datetime(2027, 1, 3, tzinfo=UTC).timestamp() * 1000)
    assert months_between(int(datetime(2026, 12, 5, tzinfo=UTC).timestamp() * 1000), new_year) == ["2027-01",
                                                                                                     "2026-12"]


def test_conversation_recent_activity_windows_and_bounds():
    recent = RecentActivity(max_users=2)
    recent.record("u1", NOW, "h1")
    recent.record("u1", NOW + 1000, "h1", answered=False)
    recent.record("u1", NOW + 1500, "h2")
    assert recent.repeat_times("u1", NOW + 2000, "h1") == [NOW, NOW + 1000]
    assert recent.repeat_times("u1", NOW + 2000, "h3") == []
    assert recent.hashes("u1", NOW + 2000) == ["h1", "h2"]  # only answered messages count as spam
    assert recent.repeat_times("u1", NOW + BURST_WINDOW_MS + 1001, "h1") == []
    assert recent.hashes("u1", NOW + BURST_WINDOW_MS + 1001) == ["h1", "h2"]
    assert recent.hashes("u1", NOW + IDENTICAL_SPAM_WINDOW_MS + 1500) == []
    recent.record("u2", NOW, "x")
    recent.record("u3", NOW, "y")
    assert recent.hashes("u1", NOW) == []  # u1 was the least recently used and went first


async def test_conversation_daily_counter_shared_then_memory_when_the_store_is_down():
    gateway = FakeGateway()
    counter = DailyCounter(gateway)  # type: ignore[arg-type]
    assert [await counter.count_message("u1", 20_000) for _ in range(3)] == [(1, True), (2, True), (3, True)]
    assert await counter.count_message("u1", 20_001) == (1, True)  # a new local day starts at 1
    gateway.down = True
    assert [await counter.count_message("u1", 20_000) for _ in range(2)] == [(1, False), (2, False)]
