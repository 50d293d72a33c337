"""The HTTP API over fake stores: auth and scopes (audited when refused), validation, own-data-only, and
degradation (200 with "unavailable" for reads; no 5xx from a dependency outage on the chat path)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import jwt
import pytest
from conversation_fakes import Fakes, build_fakes, point
from fastapi.testclient import TestClient

from services.common.auth import mint_dev_token
from services.common.config import get_platform_settings
from services.common.contracts import Topic, load_schema
from services.conversation.adapters.stores import EscalationRow, NudgeRow
from services.conversation.config import ConversationSettings
from services.conversation.main import create_app
from services.conversation.orchestration import AnomalyNote


@pytest.fixture
def fakes() -> Fakes:
    return build_fakes()


@pytest.fixture
def client(fakes: Fakes) -> Iterator[TestClient]:
    async def factory(_settings: ConversationSettings):  # type: ignore[no-untyped-def]
        return fakes.runtime

    with TestClient(create_app(ConversationSettings(), runtime_factory=factory)) as test_client:
        yield test_client


def auth(sub: str = "alice", scopes: tuple[str, ...] = ("chat",), ttl_s: int = 600) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_dev_token(sub, list(scopes), ttl_s=ttl_s)}"}


def forged(sub: str = "alice") -> dict[str, str]:
    settings = get_platform_settings()
    claims = {"sub": sub, "scope": "chat clinician", "exp": int(time.time()) + 600, "iss": settings.jwt_issuer,
              "aud": settings.jwt_audience}
    return {"Authorization": f"Bearer {jwt.encode(claims, 'not-the-secret-but-long-enough-for-hs256!', 'HS256')}"}


USER_ENDPOINTS = [("POST", "/v1/chat", {"message": "hi"}), ("GET", "/v1/conversations", None),
                  ("GET", "/v1/conversations/c1", None), ("GET", "/v1/nudges", None),
                  ("GET", "/v1/readings?metric=steps", None), ("GET", "/v1/preferences", None),
                  ("PATCH", "/v1/preferences", {"step_goal": 9000})]
CLINICIAN_ENDPOINTS = [("GET", "/v1/escalations", None), ("POST", "/v1/escalations/e1/ack", None),
                       ("POST", "/v1/escalations", {"user_id": "alice"})]


@pytest.mark.parametrize(("method", "path", "body"), USER_ENDPOINTS + CLINICIAN_ENDPOINTS)
def test_conversation_api_refuses_missing_expired_and_forged_tokens(client, fakes, method, path, body):
    for headers in ({}, auth(ttl_s=-120), forged(), {"Authorization": "Basic YWxpY2U6cHc="}):
        response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == 401, (headers, response.text)
    denied = [a for a in fakes.publisher.of("audit.v1") if a["outcome"] == "denied"]
    assert len(denied) == 4 and all(a["actor"] == "anonymous" for a in denied)


@pytest.mark.parametrize(("method", "path", "body"), USER_ENDPOINTS)
def test_conversation_api_user_endpoints_need_scope_chat(client, fakes, method, path, body):
    for scopes in (("clinician",), ("readings:write",), ()):
        response = client.request(method, path, json=body, headers=auth(scopes=scopes))
        assert response.status_code == 403, (scopes, response.text)
    assert [a["details"]["http_status"] for a in fakes.publisher.of("audit.v1")] == ["403"] * 3


@pytest.mark.parametrize(("method", "path", "body"), CLINICIAN_ENDPOINTS)
def test_conversation_api_escalations_need_scope_clinician(client, fakes, method, path, body):
    response = client.request(method, path, json=body, headers=auth(scopes=("chat",)))
    assert response.status_code == 403
    [audit] = fakes.publisher.of("audit.v1")
    assert audit["outcome"] == "denied" and audit["actor"] == "user:alice"


def test_conversation_api_chat_answers_with_the_contract_shape(client, fakes):
    response = client.post("/v1/chat", json={"message": "what's my latest weight?"}, headers=auth())
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"conversation_id", "turn_id", "reply", "kind"}
    assert body["kind"] == "answer"
    assert "total;dur=" in response.headers["Server-Timing"] and "app;dur=" in response.headers["Server-Timing"]
    history = client.get(f"/v1/conversations/{body['conversation_id']}", headers=auth()).json()
    assert history["turns"][0]["message"] == "what's my latest weight?"
    assert history["turns"][0]["reply"] == body["reply"]


@pytest.mark.parametrize("body", [
    {}, {"message": 42}, {"message": "hi", "user_id": "bob"}, {"message": "hi", "conversation_id": "../etc"},
    {"message": "hi", "conversation_id": "x" * 65}, {"message": "x" * 20_001}, {"message": ""}, {"message": " \n\t "},
])
def test_conversation_api_chat_validation_errors_are_4xx_with_a_reason(client, body):
    response = client.post("/v1/chat", json=body, headers=auth())
    assert response.status_code == 422
    assert response.json()["detail"]


def test_conversation_api_a_user_only_ever_sees_their_own_data(client, fakes):
    now = int(time.time() * 1000)
    fakes.readings.add("bob", point("weight", now - 3_600_000, kg=90.0))
    fakes.inbox.add("bob", NudgeRow("n-bob", "step_goal", "Keep going", "You're close", "default", now,
                                    now + 3_600_000))
    bob_chat = client.post("/v1/chat", json={"message": "how much do I weigh"}, headers=auth("bob")).json()
    client.patch("/v1/preferences", json={"display_name": "Bob"}, headers=auth("bob"))

    alice = auth("alice")
    assert client.get("/v1/readings", headers=alice).json()["readings"] == []
    assert client.get("/v1/nudges", headers=alice).json()["nudges"] == []
    assert client.get("/v1/conversations", headers=alice).json()["conversations"] == []
    assert client.get(f"/v1/conversations/{bob_chat['conversation_id']}", headers=alice).status_code == 404
    assert client.post("/v1/chat", json={"message": "hi", "conversation_id": bob_chat["conversation_id"]},
                       headers=alice).status_code == 404
    assert client.get("/v1/preferences", headers=alice).json()["display_name"] is None
    # Query parameters cannot name another user.
    assert client.get("/v1/readings?user_id=bob", headers=alice).json()["readings"] == []
    # And bob sees his own.
    assert client.get("/v1/readings", headers=auth("bob")).json()["readings"][0]["value"] == {"kg": 90.0}


def test_conversation_api_readings_with_flags_and_validation(client, fakes):
    now = int(time.time() * 1000)
    fakes.readings.add("alice", point("blood_pressure", now - 3_600_000, offset_min=60, flags=("late_data",),
                                      systolic=128, diastolic=82, pulse=None))
    fakes.readings.add("alice", point("blood_pressure", now - 10 * 86_400_000, systolic=120, diastolic=80))
    body = client.get("/v1/readings?metric=blood_pressure&days=7", headers=auth()).json()
    [reading] = body["readings"]
    assert reading["value"] == {"systolic": 128, "diastolic": 82}
    assert reading["flags"] == ["late_data"]
    assert reading["measured_at"].endswith("+01:00") and reading["utc_offset_min"] == 60
    assert len(client.get("/v1/readings?metric=blood_pressure&days=30", headers=auth()).json()["readings"]) == 2
    for bad in ("metric=cholesterol", "days=0", "days=366", "limit=0", "metric=steps&days=abc"):
        assert client.get(f"/v1/readings?{bad}", headers=auth()).status_code == 422, bad
    audit = next(a for a in fakes.publisher.of("audit.v1") if a["action"] == "readings.read")
    assert audit["subject"] == "alice" and audit["details"]["count"] == "1"


def test_conversation_api_readings_carry_what_the_anomaly_service_found(client, fakes):
    now = int(time.time() * 1000)
    fakes.readings.add("alice", point("blood_pressure", now - 3_600_000, reading_id="r-crisis", systolic=250,
                                      diastolic=120, pulse=None))
    fakes.readings.add("alice", point("blood_pressure", now - 7_200_000, reading_id="r-calm", systolic=118,
                                      diastolic=76, pulse=None))
    crisis = AnomalyNote("a-1", "blood_pressure", "threshold", "critical", "hypertensive_crisis",
                         "Your blood pressure reading of 250/120 mmHg is very high.", now - 3_600_000, "r-crisis")
    fakes.anomalies.notes["alice"] += [crisis, crisis]  # a replay stored twice
    fakes.anomalies.notes["bob"].append(AnomalyNote("a-2", "blood_pressure", "threshold", "critical",
                                                    "hypertensive_crisis", "x", now, "r-calm"))
    body = client.get("/v1/readings?metric=blood_pressure", headers=auth()).json()
    assert body["anomalies_available"] is True
    by_id = {r["reading_id"]: r for r in body["readings"]}
    assert by_id["r-crisis"]["flags"] == ["hypertensive_crisis"]
    assert [(a["anomaly_id"], a["severity"]) for a in by_id["r-crisis"]["anomalies"]] == [("a-1", "critical")]
    assert by_id["r-calm"]["flags"] == [] and by_id["r-calm"]["anomalies"] == []  # bob's finding is not alice's

    fakes.anomalies.down = True
    degraded = client.get("/v1/readings?metric=blood_pressure", headers=auth())
    assert degraded.status_code == 200 and degraded.json()["anomalies_available"] is False
    assert len(degraded.json()["readings"]) == 2


def test_conversation_api_nudges_since_and_expiry(client, fakes):
    now = int(time.time() * 1000)
    fakes.inbox.add("alice", NudgeRow("old", "step_goal", "t", "b", "default", now - 7_200_000, now + 3_600_000))
    fakes.inbox.add("alice", NudgeRow("new", "bp_change", "t", "b", "default", now - 60_000, now + 3_600_000))
    fakes.inbox.add("alice", NudgeRow("gone", "inactivity", "t", "b", "default", now - 60_000, now - 1))
    ids = [n["nudge_id"] for n in client.get("/v1/nudges", headers=auth()).json()["nudges"]]
    assert ids == ["new", "old"]
    since = client.get(f"/v1/nudges?since={now - 3_600_000}", headers=auth()).json()["nudges"]
    assert [n["nudge_id"] for n in since] == ["new"]
    iso = client.get("/v1/nudges", params={"since": "2000-01-01T00:00:00+00:00", "include_expired": "true"},
                     headers=auth()).json()["nudges"]
    assert len(iso) == 3
    assert client.get("/v1/nudges?since=yesterday", headers=auth()).status_code == 422
    assert client.get("/v1/nudges?since=2026-01-01T00:00:00", headers=auth()).status_code == 422


def test_conversation_api_patch_preferences_stores_publishes_and_refreshes_the_turn_cache(client, fakes):
    response = client.patch("/v1/preferences", json={"step_goal": 12000, "quiet_start": "21:15",
                                                     "timezone": "Europe/Berlin"}, headers=auth())
    assert response.status_code == 200
    body = response.json()
    assert body["step_goal"] == 12000 and body["quiet_start_min"] == 21 * 60 + 15 and body["quiet_start"] == "21:15"
    [(_topic, key, record)] = [e for e in fakes.publisher.events if e[0] == Topic.PREFERENCES]
    assert key == "alice" and record["user_id"] == "alice"
    assert set(record) == {f["name"] for f in load_schema(Topic.PREFERENCES)["fields"]}
    assert fakes.preferences.peek("alice").snapshot["step_goal"] == 12000
    assert client.get("/v1/preferences", headers=auth()).json()["timezone"] == "Europe/Berlin"
    assert [a["details"].get("fields") for a in fakes.publisher.of("audit.v1")
            if a["action"] == "preferences.update"] == ["quiet_start_min,step_goal,timezone"]


def test_conversation_api_patch_preferences_rejects_bad_input_with_reasons(client, fakes):
    response = client.patch("/v1/preferences", json={"step_goal": 5, "language": "zz"}, headers=auth())
    assert response.status_code == 422
    fields = {item["field"] for item in response.json()["detail"]}
    assert fields == {"step_goal", "language"}
    assert client.patch("/v1/preferences", content=b"{not json", headers=auth()).status_code == 400
    assert client.patch("/v1/preferences", json=[1, 2], headers=auth()).status_code == 400
    assert client.patch("/v1/preferences", json={}, headers=auth()).status_code == 422
    assert fakes.publisher.of(Topic.PREFERENCES) == []


def test_conversation_api_reads_degrade_to_unavailable_without_a_5xx(client, fakes):
    fakes.chats.down = fakes.readings.down = fakes.inbox.down = fakes.escalations.down = True
    fakes.preferences_store.down = True
    for path in ("/v1/conversations", "/v1/conversations/c1", "/v1/nudges", "/v1/readings", "/v1/preferences"):
        response = client.get(path, headers=auth())
        assert response.status_code == 200, path
        assert response.json()["available"] is False and "unavailable" in response.json()["detail"]
    escalations = client.get("/v1/escalations", headers=auth(scopes=("clinician",)))
    assert escalations.status_code == 200 and escalations.json()["available"] is False
    chat = client.post("/v1/chat", json={"message": "how is my blood pressure"}, headers=auth())
    assert chat.status_code == 200
    assert "unavailable" in chat.json()["reply"]
    outcomes = {a["outcome"] for a in fakes.publisher.of("audit.v1")}
    assert "error" in outcomes


def test_conversation_api_writes_that_cannot_happen_say_so_and_change_nothing(client, fakes):
    fakes.preferences_store.down = True
    response = client.patch("/v1/preferences", json={"step_goal": 9000}, headers=auth())
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "Nothing was changed" in response.json()["detail"]
    assert fakes.publisher.of(Topic.PREFERENCES) == []


def test_conversation_api_escalation_queue_list_and_acknowledge(client, fakes):
    now = int(time.time() * 1000)
    sealed = fakes.cipher.encrypt("chest pain right now")
    fakes.escalations.rows["e1"] = EscalationRow("e1", "d", now - 1000, "alice", "c1", "t1", "cardiac",
                                                 ("chest_pain",), sealed.blob, sealed.key_id, None, None)
    clinician = auth("dr-who", scopes=("clinician",))
    [item] = client.get("/v1/escalations", headers=clinician).json()["escalations"]
    assert item["message"] == "chest pain right now" and item["user_id"] == "alice"
    ack = client.post("/v1/escalations/e1/ack", headers=clinician)
    assert ack.status_code == 200 and ack.json()["acknowledged_by"] == "clinician:dr-who"
    again = client.post("/v1/escalations/e1/ack", headers=auth("dr-no", scopes=("clinician",)))
    assert again.status_code == 409 and again.json()["detail"]["acknowledged_by"] == "clinician:dr-who"
    assert client.post("/v1/escalations/nope/ack", headers=clinician).status_code == 404
    assert client.get("/v1/escalations", headers=clinician).json()["escalations"] == []
    assert len(client.get("/v1/escalations?status=all", headers=clinician).json()["escalations"]) == 1
    acks = [(a["outcome"], a["subject"]) for a in fakes.publisher.of("audit.v1") if a["action"] == "escalation.ack"]
    assert acks == [("success", "alice"), ("denied", "alice"), ("denied", None)]


def test_conversation_api_clinician_can_file_an_escalation(client, fakes):
    response = client.post("/v1/escalations", json={"user_id": "alice", "category": "cardiac", "note": "called in"},
                           headers=auth("dr-who", scopes=("clinician",)))
    assert response.status_code == 202
    [event] = fakes.publisher.of(Topic.EMERGENCIES)
    assert event["escalation_id"] == response.json()["escalation_id"]
    assert event["signals"] == ["clinician_report"]
    assert fakes.cipher.decrypt(event["message_ciphertext"], event["key_id"]) == "called in"
    bad = client.post("/v1/escalations", json={"user_id": "alice", "category": "Not Snake"},
                      headers=auth("dr-who", scopes=("clinician",)))
    assert bad.status_code == 422


def test_conversation_api_readyz_reports_each_dependency(client, fakes):
    async def up() -> bool:
        return True

    async def down() -> bool:
        raise ConnectionError("mongo down")

    fakes.runtime.checks.update({"cassandra": up, "kafka": up, "mongo": down})
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"cassandra": True, "mongo": False, "kafka": True}
    assert client.get("/healthz").status_code == 200
    assert "heartwise_conversation_replies_total" in client.get("/metrics").text
