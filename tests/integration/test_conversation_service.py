"""The conversation service as real processes on the real stack (Kafka, registry, Cassandra, FerretDB):
authorisation matrix, inbox fed by the projector, encryption at rest, the shared daily limit across two
replicas, emergencies over the limit, grounded answers from readings_by_user, preferences.v1, escalations."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import jwt
import pytest

from services.common.auth import mint_dev_token
from services.common.config import get_platform_settings
from services.common.contracts import Topic, load_schema
from services.conversation.crypto import TextCipher

PORT_ENV = "HEARTWISE_CONVERSATION_PORT"
# The API is ready only after the guards' language models are loaded (lingua holds the GIL while loading, so
# loading on a user's turn would stall every request): seconds on a quiet machine, a minute or more on a busy
# shared one.
READY_TIMEOUT_S = 240.0


@pytest.fixture(scope="module")
def conversation(services) -> str:  # type: ignore[no-untyped-def]
    """One replica with the default policy (burst delays on) and the projector."""
    services.start("conversation-projector", "services.conversation.projector",
                   port_env="HEARTWISE_CONVERSATION_PROJECTOR_HEALTH_PORT")
    _proc, base_url = services.start("conversation", "services.conversation.main", port_env=PORT_ENV,
                                     ready_timeout_s=READY_TIMEOUT_S)
    return base_url


@pytest.fixture(scope="module")
def replicas(services) -> list[str]:  # type: ignore[no-untyped-def]
    """Two more replicas sharing the stores. Burst delays off: the test drives one user faster than a person
    types; the daily limit (100, the default) and the emergency path are unchanged."""
    urls = []
    for name in ("conversation-r1", "conversation-r2"):
        _proc, base_url = services.start(name, "services.conversation.main", port_env=PORT_ENV,
                                         env={"HEARTWISE_CONVERSATION_BURST_DELAYS_ENABLED": "false"},
                                         ready_timeout_s=READY_TIMEOUT_S)
        urls.append(base_url)
    return urls


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=15) as client:
        yield client


def auth(sub: str, scopes: tuple[str, ...] = ("chat",), ttl_s: int = 600) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_dev_token(sub, list(scopes), ttl_s=ttl_s)}"}


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def cassandra_session():  # type: ignore[no-untyped-def]
    from services.common.cassandra import connect

    return connect(get_platform_settings())


def write_reading(session, user_id: str, metric: str, measured_at: int, flags: set[str] | None = None,  # type: ignore[no-untyped-def]
                  **values: object) -> str:
    """A row as ingest's sink writes it into readings_by_user (001_readings.cql)."""
    reading_id = f"it-{uuid.uuid4().hex[:10]}"
    month = datetime.fromtimestamp(measured_at / 1000, tz=UTC).strftime("%Y-%m")
    columns = {"user_id": user_id, "metric": metric, "month": month, "measured_at": measured_at,
               "reading_id": reading_id, "utc_offset_min": 0, "device_id": "cuff-7", "source": "sensed",
               "channel": "http", "flags": flags or None, "ingested_at": measured_at + 500, **values}
    names = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    # Column names are the fixed keys above, never input: no injection vector.
    session.execute(f"INSERT INTO readings_by_user ({names}) VALUES ({marks})",  # noqa: S608
                    tuple(columns.values()))
    return reading_id


def send_nudge(user_id: str, nudge_id: str, title: str = "Nearly there") -> None:
    from services.common.kafka import EventProducer

    producer = EventProducer(get_platform_settings())
    created = now_ms()
    producer.send(Topic.NUDGES, user_id, {
        "nudge_id": nudge_id, "user_id": user_id, "trigger": "step_goal", "title": title,
        "body": "You are 1,500 steps from your goal.", "variant": "default", "experiment": None,
        "source_event_id": None, "source_ingested_at": None, "created_at": created,
        "expires_at": created + 6 * 3_600_000})
    assert producer.flush(10) == 0


# The projector's consumer group is new for every test session (run id), so it first catches up on the topics'
# retained history (tens of thousands of anomalies from other suites on a shared stack) before our records.
PROJECTOR_TIMEOUT_S = 180.0


def wait_until(probe, timeout_s: float = PROJECTOR_TIMEOUT_S, interval_s: float = 0.5):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while True:
        result = probe()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval_s)


def test_conversation_service_is_ready_with_every_dependency(conversation, http):
    body = http.get(f"{conversation}/readyz").json()
    assert body == {"status": "ready", "checks": {"cassandra": True, "mongo": True, "kafka": True}}


def test_conversation_authz_matrix_users_never_see_each_other(conversation, http, tail, user_id):
    audit = tail(Topic.AUDIT)
    alice, bob = f"{user_id}-alice", f"{user_id}-bob"
    session_cluster, session = cassandra_session()
    try:
        write_reading(session, bob, "weight", now_ms() - 3_600_000, kg=91.5)
    finally:
        session_cluster.shutdown()
    send_nudge(bob, f"n-{uuid.uuid4().hex}")
    bob_chat = http.post(f"{conversation}/v1/chat", json={"message": "what is my latest weight?"},
                         headers=auth(bob)).json()
    assert bob_chat["kind"] == "answer" and "91.5 kg" in bob_chat["reply"]
    assert http.patch(f"{conversation}/v1/preferences", json={"display_name": "Bob"},
                      headers=auth(bob)).status_code == 200
    assert wait_until(lambda: http.get(f"{conversation}/v1/nudges", headers=auth(bob)).json()["nudges"])

    a = auth(alice)
    assert http.get(f"{conversation}/v1/readings", headers=a).json()["readings"] == []
    assert http.get(f"{conversation}/v1/readings", params={"user_id": bob}, headers=a).json()["readings"] == []
    assert http.get(f"{conversation}/v1/nudges", headers=a).json()["nudges"] == []
    assert http.get(f"{conversation}/v1/conversations", headers=a).json()["conversations"] == []
    assert http.get(f"{conversation}/v1/conversations/{bob_chat['conversation_id']}", headers=a).status_code == 404
    assert http.post(f"{conversation}/v1/chat", headers=a,
                     json={"message": "hi", "conversation_id": bob_chat["conversation_id"]}).status_code == 404
    assert http.get(f"{conversation}/v1/preferences", headers=a).json()["display_name"] is None
    mine = http.post(f"{conversation}/v1/chat", json={"message": "what is my latest weight?"}, headers=a).json()
    assert "91.5" not in mine["reply"]

    # Bob still sees his own.
    assert http.get(f"{conversation}/v1/readings", headers=auth(bob)).json()["readings"][0]["value"] == {"kg": 91.5}
    assert len(http.get(f"{conversation}/v1/conversations", headers=auth(bob)).json()["conversations"]) == 1

    # Expired and forged tokens: 401; wrong scope: 403; clinician endpoints need clinician.
    settings = get_platform_settings()
    forged = jwt.encode({"sub": bob, "scope": "chat clinician", "exp": int(time.time()) + 600,
                         "iss": settings.jwt_issuer, "aud": settings.jwt_audience},
                        "an-attacker-secret-that-is-long-enough!", algorithm="HS256")
    for headers in (auth(bob, ttl_s=-60), {"Authorization": f"Bearer {forged}"}, {}):
        for method, path in (("GET", "/v1/readings"), ("GET", "/v1/nudges"), ("GET", "/v1/conversations"),
                             ("GET", "/v1/preferences"), ("GET", "/v1/escalations")):
            assert http.request(method, f"{conversation}{path}", headers=headers).status_code == 401
    for scopes in (("readings:write",), ("clinician",)):
        assert http.get(f"{conversation}/v1/readings", headers=auth(bob, scopes)).status_code == 403
        assert http.post(f"{conversation}/v1/chat", json={"message": "hi"},
                         headers=auth(bob, scopes)).status_code == 403
    assert http.get(f"{conversation}/v1/escalations", headers=auth(bob)).status_code == 403
    assert http.post(f"{conversation}/v1/escalations/x/ack", headers=auth(bob)).status_code == 403

    # Every access is on audit.v1, the refused ones too.
    seen = audit.wait_for(lambda key, value: value["outcome"] == "denied" and value["service"] == "conversation"
                          and value["actor"] in (f"user:{bob}", f"clinician:{bob}"), count=6)
    assert len(seen) == 6  # 4 × wrong scope on user endpoints, 2 × user scope on clinician endpoints
    anonymous = audit.wait_for(lambda key, value: value["actor"] == "anonymous"
                               and value["details"].get("http_status") == "401", count=15)
    assert len(anonymous) >= 15
    reads = audit.wait_for(lambda key, value: value["action"] == "readings.read" and value["subject"] == alice)
    assert reads and reads[0][2]["outcome"] == "success" and key_is(reads[0], alice)


def key_is(entry, expected: str) -> bool:  # type: ignore[no-untyped-def]
    return entry[1] == expected


def test_conversation_nudge_on_the_topic_appears_once_in_the_inbox(conversation, http, user_id):
    nudge_id = f"n-{uuid.uuid4().hex}"
    send_nudge(user_id, nudge_id, title="Step goal")
    send_nudge(user_id, nudge_id, title="Step goal")  # redelivered / recomputed: same id
    inbox = wait_until(lambda: http.get(f"{conversation}/v1/nudges", headers=auth(user_id)).json()["nudges"])
    assert [n["nudge_id"] for n in inbox] == [nudge_id]
    assert inbox[0]["title"] == "Step goal" and inbox[0]["trigger"] == "step_goal"
    later = http.get(f"{conversation}/v1/nudges", params={"since": now_ms() + 60_000}, headers=auth(user_id))
    assert later.json()["nudges"] == []


def test_conversation_raw_rows_and_events_hold_no_plaintext(conversation, http, tail, user_id):
    turns = tail(Topic.CHAT_TURNS)
    secret = f"my pressure was 187/121 this morning, marker {uuid.uuid4().hex[:8]}"
    reply = http.post(f"{conversation}/v1/chat", json={"message": secret}, headers=auth(user_id)).json()
    cluster, session = cassandra_session()
    try:
        rows = list(session.execute("SELECT * FROM chat_turns WHERE user_id = %s AND conversation_id = %s",
                                    (user_id, reply["conversation_id"])))
    finally:
        cluster.shutdown()
    assert len(rows) == 1
    row = rows[0]
    for column, value in row._asdict().items():
        raw = value if isinstance(value, bytes) else str(value).encode()
        assert secret.encode() not in raw and b"187/121" not in raw, column
        assert reply["reply"][:30].encode() not in raw, column
    cipher = TextCipher.from_settings(get_platform_settings())
    assert cipher.decrypt(row.message_ct, row.key_id, aad=user_id) == secret
    [(_partition, key, event)] = turns.wait_for(lambda k, v: v["turn_id"] == reply["turn_id"])
    assert key == user_id and event["kind"] == reply["kind"]
    assert b"187/121" not in event["message_ciphertext"]
    assert cipher.decrypt(event["message_ciphertext"], event["key_id"]) == secret
    assert set(event) == {f["name"] for f in load_schema(Topic.CHAT_TURNS)["fields"]}


def test_conversation_101st_message_of_the_day_gets_429_across_replicas(replicas, http, tail, user_id):
    emergencies = tail(Topic.EMERGENCIES)
    codes = []
    for i in range(101):
        base = replicas[i % 2]  # the count is shared: alternate between the replicas
        response = http.post(f"{base}/v1/chat", json={"message": f"how many steps did I take, question {i}"},
                             headers=auth(user_id))
        codes.append(response.status_code)
    assert codes[:100] == [200] * 100
    assert codes[100] == 429
    body = response.json()
    assert body["kind"] == "rate_limited" and body["retry_after_s"] > 0 and "limit" in body["reply"]
    assert response.headers["Retry-After"] == str(body["retry_after_s"])

    # Over the limit, an emergency still gets the 911 reply, and the clinicians are told.
    emergency = http.post(f"{replicas[0]}/v1/chat", json={"message": "I can't breathe"}, headers=auth(user_id))
    assert emergency.status_code == 200
    assert emergency.json()["kind"] == "emergency" and "911" in emergency.json()["reply"]
    [(_p, key, record)] = emergencies.wait_for(lambda k, v: v["turn_id"] == emergency.json()["turn_id"])
    assert key == user_id and record["category"] == "breathing"
    assert b"breathe" not in record["message_ciphertext"]


def test_conversation_escalation_reaches_the_clinician_queue_and_ack_is_audited(conversation, http, tail, user_id):
    audit = tail(Topic.AUDIT)
    emergency = http.post(f"{conversation}/v1/chat", json={"message": "crushing chest pain right now"},
                          headers=auth(user_id)).json()
    assert emergency["kind"] == "emergency"
    clinician = auth("dr-it", ("clinician",))

    def queued():  # type: ignore[no-untyped-def]
        items = http.get(f"{conversation}/v1/escalations", headers=clinician).json()["escalations"]
        return [e for e in items if e["turn_id"] == emergency["turn_id"]]

    [item] = wait_until(queued)
    assert item["user_id"] == user_id and item["message"] == "crushing chest pain right now"
    ack = http.post(f"{conversation}/v1/escalations/{item['escalation_id']}/ack", headers=clinician)
    assert ack.status_code == 200
    again = http.post(f"{conversation}/v1/escalations/{item['escalation_id']}/ack", headers=clinician)
    assert again.status_code == 409
    assert not queued()  # no longer open
    acks = audit.wait_for(lambda k, v: v["action"] == "escalation.ack" and v["subject"] == user_id, count=2)
    assert sorted(e[2]["outcome"] for e in acks) == ["denied", "success"]
    escalated = audit.wait_for(lambda k, v: v["action"] == "emergency.escalate" and v["subject"] == user_id)
    assert escalated


def test_conversation_readings_appear_in_the_api_and_in_a_grounded_answer(conversation, http, user_id):
    now = now_ms()
    cluster, session = cassandra_session()
    try:
        write_reading(session, user_id, "blood_pressure", now - 3 * 86_400_000, systolic=124, diastolic=79, pulse=66)
        write_reading(session, user_id, "blood_pressure", now - 2 * 3_600_000, flags={"late_data"},
                      systolic=136, diastolic=88, pulse=72)
        write_reading(session, user_id, "heart_rate", now - 40 * 86_400_000, bpm=61)  # an older month
    finally:
        cluster.shutdown()
    readings = http.get(f"{conversation}/v1/readings", params={"metric": "blood_pressure", "days": 7},
                        headers=auth(user_id)).json()["readings"]
    assert [r["value"] for r in readings] == [{"systolic": 136, "diastolic": 88, "pulse": 72},
                                              {"systolic": 124, "diastolic": 79, "pulse": 66}]
    assert readings[0]["flags"] == ["late_data"] and readings[1]["flags"] == []
    older = http.get(f"{conversation}/v1/readings", params={"metric": "heart_rate", "days": 60},
                     headers=auth(user_id)).json()["readings"]
    assert [r["value"] for r in older] == [{"bpm": 61}]

    latest = http.post(f"{conversation}/v1/chat", json={"message": "What was my latest blood pressure?"},
                       headers=auth(user_id)).json()
    assert latest["kind"] == "answer" and "136/88 mmHg" in latest["reply"]
    average = http.post(f"{conversation}/v1/chat", json={"message": "average blood pressure this week"},
                        headers=auth(user_id)).json()
    assert "130/84 mmHg across 2 readings" in average["reply"]  # (124+136)/2, (79+88)/2 = 83.5 → 84
    stale = http.post(f"{conversation}/v1/chat", json={"message": "how is my heart rate?"},
                      headers=auth(user_id)).json()
    assert "no heart rate" not in stale["reply"] and "I don't have any heart rate readings" in stale["reply"]


def test_conversation_preferences_patch_publishes_the_snapshot(conversation, http, tail, user_id):
    topic = tail(Topic.PREFERENCES)
    response = http.patch(f"{conversation}/v1/preferences", headers=auth(user_id), json={
        "step_goal": 11000, "timezone": "America/Chicago", "quiet_start": "21:00", "quiet_end": "06:30",
        "nudge_opt_outs": ["inactivity"], "language": "es", "birth_year": 1970, "display_name": "Rosa"})
    assert response.status_code == 200
    [(_p, _key, record)] = topic.wait_for(lambda k, v: k == user_id)
    assert record["step_goal"] == 11000 and record["quiet_start_min"] == 1260 and record["quiet_end_min"] == 390
    assert record["nudge_opt_outs"] == ["inactivity"] and record["timezone"] == "America/Chicago"
    assert set(record) == {f["name"] for f in load_schema(Topic.PREFERENCES)["fields"]}
    assert http.get(f"{conversation}/v1/preferences", headers=auth(user_id)).json()["display_name"] == "Rosa"
    bad = http.patch(f"{conversation}/v1/preferences", headers=auth(user_id), json={"timezone": "Atlantis/Deep"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "timezone"
    greeting = http.post(f"{conversation}/v1/chat", json={"message": "hello"}, headers=auth(user_id)).json()
    assert greeting["reply"].startswith("Hi Rosa!")  # the turn reads the refreshed cache, not a stale default


def test_conversation_history_lists_and_returns_the_users_turns(conversation, http, user_id):
    first = http.post(f"{conversation}/v1/chat", json={"message": "how did I sleep?"}, headers=auth(user_id)).json()
    second = http.post(f"{conversation}/v1/chat", headers=auth(user_id),
                       json={"message": "and my weight?", "conversation_id": first["conversation_id"]}).json()
    assert second["conversation_id"] == first["conversation_id"]
    listed = http.get(f"{conversation}/v1/conversations", headers=auth(user_id)).json()["conversations"]
    assert [c["conversation_id"] for c in listed] == [first["conversation_id"]]
    turns = http.get(f"{conversation}/v1/conversations/{first['conversation_id']}", headers=auth(user_id)).json()
    assert [t["message"] for t in turns["turns"]] == ["how did I sleep?", "and my weight?"]
    assert [t["turn_id"] for t in turns["turns"]] == [first["turn_id"], second["turn_id"]]


def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_conversation_answers_when_every_store_is_unreachable(services, http, user_id):  # type: ignore[no-untyped-def]
    """A replica whose Cassandra, MongoDB and Kafka addresses lead nowhere: no 5xx for reads or chat, the
    emergency reply still comes, /readyz says what is down."""
    _proc, base = services.start(
        "conversation-isolated", "services.conversation.main", port_env=PORT_ENV, health_path="/healthz",
        ready_timeout_s=READY_TIMEOUT_S,
        env={"HEARTWISE_CASSANDRA_PORT": str(unused_port()), "HEARTWISE_MONGO_URL": f"mongodb://127.0.0.1:{unused_port()}",
             "HEARTWISE_KAFKA_BOOTSTRAP": f"127.0.0.1:{unused_port()}"})
    ready = http.get(f"{base}/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"cassandra": False, "mongo": False, "kafka": False}

    answer = http.post(f"{base}/v1/chat", json={"message": "what is my latest blood pressure?"}, headers=auth(user_id))
    assert answer.status_code == 200
    assert answer.json()["kind"] in ("answer", "fallback") and "unavailable" in answer.json()["reply"]
    emergency = http.post(f"{base}/v1/chat", json={"message": "I think I'm having a stroke, my face is drooping"},
                          headers=auth(user_id))
    assert emergency.status_code == 200 and emergency.json()["kind"] == "emergency"
    assert "911" in emergency.json()["reply"]
    for path in ("/v1/conversations", "/v1/nudges", "/v1/readings", "/v1/preferences"):
        response = http.get(f"{base}{path}", headers=auth(user_id))
        assert response.status_code == 200 and response.json()["available"] is False, path
    queue = http.get(f"{base}/v1/escalations", headers=auth("dr-it", ("clinician",)))
    assert queue.status_code == 200 and queue.json()["available"] is False
    write = http.patch(f"{base}/v1/preferences", json={"step_goal": 9000}, headers=auth(user_id))
    assert write.status_code == 503 and "Nothing was changed" in write.json()["detail"]


def test_preferences_written_before_natural_keys_are_rekeyed_and_found(stack):
    """Documents with a generated ObjectId (the old layout) are moved to _id = user id, nothing lost."""
    import asyncio

    from bson import ObjectId

    from services.common.mongo import build_client
    from services.conversation.adapters.preferences import MongoPreferencesStore

    user = f"it-legacy-{uuid.uuid4().hex[:8]}"

    async def scenario() -> tuple[int, dict, dict]:
        client = build_client(timeout_ms=20_000)
        try:
            store = MongoPreferencesStore(client, get_platform_settings())
            await store.collection.insert_one({"_id": ObjectId(), "user_id": user, "step_goal": 4321,
                                               "timezone": "Europe/Paris", "updated_at": 1})
            moved = await store.adopt_legacy_documents()
            loaded = await store.load(user)
            updated = await store.apply(user, {"step_goal": 5000}, 2)
            count = await store.collection.count_documents({"user_id": user})
            await store.collection.delete_one({"_id": user})
            return moved, loaded or {}, {**updated, "documents": count}
        finally:
            await client.close()

    moved, loaded, updated = asyncio.run(scenario())
    assert moved >= 1
    assert (loaded["step_goal"], loaded["timezone"]) == (4321, "Europe/Paris")
    assert (updated["step_goal"], updated["timezone"], updated["documents"]) == (5000, "Europe/Paris", 1)
