"""POST /v1/readings through the real FastAPI app, with a fake broker and a fake reading_ids store."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from services.common.auth import SCOPE_CHAT, SCOPE_READINGS_WRITE, mint_dev_token
from services.common.config import get_platform_settings
from services.common.contracts import Topic
from services.ingest.api import Gateway
from services.ingest.config import IngestSettings
from services.ingest.main import create_app
from services.ingest.throttle import UserThrottle

USER, DEVICE = "u-123", "cuff-7"


def recent(minutes_ago: int = 5) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()


def reading(reading_id: str = "r-1", **overrides: Any) -> dict[str, Any]:
    raw = {"reading_id": reading_id, "user_id": USER, "device_id": DEVICE, "metric": "blood_pressure",
           "measured_at": recent(), "value": {"systolic": 128, "diastolic": 82, "pulse": 70}, "source": "sensed"}
    raw.update(overrides)
    return raw


def token(sub: str = USER, scopes: tuple[str, ...] = (SCOPE_READINGS_WRITE,), device_id: str | None = DEVICE) -> str:
    return mint_dev_token(sub, list(scopes), device_id=device_id)


def auth(**kwargs: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(**kwargs)}"}


@pytest.fixture
def settings() -> IngestSettings:
    get_platform_settings.cache_clear()
    return IngestSettings(max_body_bytes=64 * 1024, max_readings_per_request=500)


@pytest.fixture
def throttle() -> UserThrottle:
    return UserThrottle(rate_per_s=1000, burst=1000, max_users=100)


@pytest.fixture
def client(settings, pipeline, throttle) -> Iterator[TestClient]:
    gateway = Gateway(pipeline=pipeline, throttle=throttle, max_body_bytes=settings.max_body_bytes,
                      max_readings=settings.max_readings_per_request)
    with TestClient(create_app(settings, gateway=gateway)) as test_client:
        yield test_client


def post(client: TestClient, body: Any, headers: dict[str, str] | None = None,
         content_type: str = "application/json") -> Any:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/v1/readings", content=content,
                       headers={"Content-Type": content_type, **(auth() if headers is None else headers)})


# --- 202 ---------------------------------------------------------------------------------------------------


def test_accepts_and_publishes(client, fake_producer):
    response = post(client, {"readings": [reading("r-1"), reading("r-2", value={"systolic": 80, "diastolic": 90})]})
    assert response.status_code == 202
    assert response.json() == {"accepted": ["r-1"], "warnings": [],
                               "rejected": [{"reading_id": "r-2", "reasons": ["implausible_value"]}]}
    [published] = fake_producer.values(Topic.READINGS)
    assert published["user_id"] == USER and published["channel"] == "http"


def test_resend_gets_duplicate_warnings(client, fake_producer):
    body = {"readings": [reading("r-1"), reading("r-2")]}
    assert post(client, body).status_code == 202
    again = post(client, body)
    assert again.status_code == 202
    assert again.json()["accepted"] == ["r-1", "r-2"]
    assert again.json()["warnings"] == [{"reading_id": "r-1", "code": "duplicate"},
                                        {"reading_id": "r-2", "code": "duplicate"}]
    assert len(fake_producer.values(Topic.READINGS)) == 2


def test_empty_batch_is_fine(client):
    assert post(client, {"readings": []}).json() == {"accepted": [], "rejected": [], "warnings": []}


def test_missing_content_type_is_taken_as_json(client):
    response = client.post("/v1/readings", content=json.dumps({"readings": [reading()]}).encode(), headers=auth())
    assert response.status_code == 202


def test_fhir_observation_takes_the_device_from_the_token(client, fake_producer):
    observation = {
        "resourceType": "Observation", "id": "hr-1", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": {"reference": f"Patient/{USER}"}, "effectiveDateTime": recent(),
        "valueQuantity": {"value": 64, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}
    response = post(client, observation, content_type="application/fhir+json")
    assert response.status_code == 202
    assert response.json()["accepted"] == ["hr-1"]
    [published] = fake_producer.values(Topic.READINGS)
    assert published["device_id"] == DEVICE and published["channel"] == "fhir" and published["value"]["bpm"] == 64


def test_fhir_bundle_with_an_unmapped_code(client):
    def observation(rid: str, code: str) -> dict[str, Any]:
        return {"resourceType": "Observation", "id": rid, "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
                "subject": {"reference": f"Patient/{USER}"}, "effectiveDateTime": recent(),
                "valueQuantity": {"value": 81.4, "code": "kg"}}

    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"resource": observation("w-1", "29463-7")}, {"resource": observation("x-1", "1234-5")}]}
    response = post(client, bundle, content_type="application/fhir+json; fhirVersion=4.0")
    assert response.status_code == 202
    assert response.json()["accepted"] == ["w-1"]
    assert response.json()["rejected"] == [{"reading_id": "x-1", "reasons": ["unknown_metric"]}]


# --- 400 / 413 / 415 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"{not json", b"\xff\xfe", b"[" * 50_000, b'{"n": 1' + b"0" * 5000 + b"}"])
def test_malformed_json_is_400(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("body", [[], {"readings": {}}, {"reading": []}, "text", 5])
def test_wrong_shape_is_400(client, body):
    assert post(client, body).status_code == 400


@pytest.mark.parametrize("body", [[], {"resourceType": "Patient"}, {"resourceType": "Bundle", "entry": {}}])
def test_wrong_fhir_shape_is_400(client, body):
    assert post(client, body, content_type="application/fhir+json").status_code == 400


def test_more_than_500_readings_is_413(client, fake_producer):
    body = {"readings": [{"reading_id": f"r-{i}"} for i in range(501)]}
    response = post(client, body)
    assert response.status_code == 413
    assert "500" in response.json()["detail"]
    assert fake_producer.sent == []


def test_exactly_500_readings_within_the_default_body_limit_are_fine(pipeline, throttle, fake_producer):
    settings = IngestSettings()
    gateway = Gateway(pipeline=pipeline, throttle=throttle, max_body_bytes=settings.max_body_bytes,
                      max_readings=settings.max_readings_per_request)
    with TestClient(create_app(settings, gateway=gateway)) as client:
        response = post(client, {"readings": [reading(f"r-{i}") for i in range(500)]})
    assert response.status_code == 202
    assert len(response.json()["accepted"]) == 500
    assert len(fake_producer.values(Topic.READINGS)) == 500


def test_body_over_the_limit_is_413(client):
    response = post(client, {"readings": [reading(f"r-{i}") for i in range(400)]})
    assert response.status_code == 413


def test_chunked_body_over_the_limit_is_413(client):
    def chunks() -> Iterator[bytes]:
        yield b'{"readings": ['
        for _ in range(2000):
            yield b'{"reading_id": "r"},'
        yield b"{}]}"

    response = client.post("/v1/readings", content=chunks(),
                           headers={"Content-Type": "application/json", **auth()})
    assert response.status_code == 413


def test_unsupported_media_type_is_415(client):
    assert post(client, {"readings": []}, content_type="text/plain").status_code == 415


# --- 401 / 403 ---------------------------------------------------------------------------------------------


def test_no_token_is_401(client):
    response = post(client, {"readings": []}, headers={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_bad_and_expired_tokens_are_401(client):
    assert post(client, {"readings": []}, headers={"Authorization": "Bearer not-a-jwt"}).status_code == 401
    forged = jwt.encode({"sub": USER, "scope": SCOPE_READINGS_WRITE, "exp": int(time.time()) + 60,
                         "iss": "heartwise", "aud": "heartwise", "device_id": DEVICE}, "x" * 40, algorithm="HS256")
    assert post(client, {"readings": []}, headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    expired = mint_dev_token(USER, [SCOPE_READINGS_WRITE], device_id=DEVICE, ttl_s=-10)
    assert post(client, {"readings": []}, headers={"Authorization": f"Bearer {expired}"}).status_code == 401


def test_token_without_the_scope_is_403(client):
    response = post(client, {"readings": [reading()]}, headers=auth(scopes=(SCOPE_CHAT,)))
    assert response.status_code == 403
    assert "readings:write" in response.json()["detail"]


def test_token_without_a_device_is_403(client):
    assert post(client, {"readings": [reading()]}, headers=auth(device_id=None)).status_code == 403


def test_reading_for_another_user_is_403_and_nothing_is_published(client, fake_producer):
    response = post(client, {"readings": [reading("r-1"), reading("r-2", user_id="u-999")]})
    assert response.status_code == 403
    assert response.json()["detail"] == "reading 1: user_id is not the token's subject"
    assert fake_producer.sent == []


def test_reading_from_another_device_is_403(client, fake_producer):
    response = post(client, {"readings": [reading(device_id="watch-1")]})
    assert response.status_code == 403
    assert "device_id" in response.json()["detail"]
    assert fake_producer.sent == []


def test_fhir_for_another_patient_is_403(client):
    observation = {"resourceType": "Observation", "id": "hr-1", "status": "final",
                   "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                   "subject": {"reference": "Patient/u-999"}, "effectiveDateTime": recent(),
                   "valueQuantity": {"value": 64, "code": "/min"}}
    assert post(client, observation, content_type="application/fhir+json").status_code == 403


# --- 429 / 503 ---------------------------------------------------------------------------------------------


def test_throttled_user_gets_429_with_retry_after(client, throttle):
    throttle.rate_per_s, throttle.burst = 0.001, 2
    assert post(client, {"readings": []}).status_code == 202
    assert post(client, {"readings": []}).status_code == 202
    response = post(client, {"readings": []})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert post(client, {"readings": []}, headers=auth(sub="u-other", device_id=DEVICE)).status_code == 202


def test_broker_down_is_503_not_500(client, fake_producer):
    fake_producer.fail_all = True
    response = post(client, {"readings": [reading()]})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert "broker" in response.json()["detail"]


def test_idempotency_store_down_is_503(client, fake_store):
    fake_store.fail_lookup = True
    response = post(client, {"readings": [reading()]})
    assert response.status_code == 503
    assert "Cassandra" in response.json()["detail"]


# --- OpenAPI -----------------------------------------------------------------------------------------------


def test_openapi_documents_both_media_types_every_status_and_examples(client):
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/v1/readings"]["post"]
    assert set(operation["responses"]) == {"202", "400", "401", "403", "413", "415", "429", "503"}
    content = operation["requestBody"]["content"]
    assert set(content) == {"application/json", "application/fhir+json"}
    assert content["application/json"]["examples"] and content["application/fhir+json"]["examples"]
    body_schema = spec["components"]["schemas"]["ReadingsBody"]
    assert body_schema["properties"]["readings"]["maxItems"] == 500
    assert operation["security"] == [{"HTTPBearer": []}]
