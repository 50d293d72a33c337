"""Bad input, generated: at least 2,000 requests built from the gateway's own OpenAPI spec (schemathesis),
valid-looking and schema-violating, JSON and FHIR, against the real process on the real stack.

Every reply must be a documented status, never a 5xx, and must match its documented schema and media type.
Each generated case is sent three times: as generated; rewritten to speak for the token's own user and
device, so that it gets past the 403 and reaches validation, dedup and the broker; and that again under the
other media type (JSON readings as FHIR and the reverse). Generating a case costs 15-35 ms of CPU
(hypothesis-jsonschema), so three requests per case keep the run within about a minute here.
"""

from __future__ import annotations

import copy
import time
from collections import Counter
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from services.common.auth import SCOPE_READINGS_WRITE, mint_dev_token

pytestmark = pytest.mark.usefixtures("stack")

CASES = 740  # each sent three times: >= 2,000 generated requests, with a margin
DEVICE = "fuzz-device-1"
MEDIA_TYPES = ("application/json", "application/fhir+json")


@pytest.fixture(scope="module")
def gateway_url(services) -> str:
    _process, base_url = services.start("ingest-fuzz", "services.ingest.main", port_env="HEARTWISE_INGEST_PORT")
    assert base_url is not None
    return base_url


def speak_for(body: Any, user_id: str) -> Any:
    """The same generated body, claiming to be the token's user and device wherever it names them."""
    if isinstance(body, dict) and isinstance(body.get("readings"), list):
        for raw in body["readings"]:
            if isinstance(raw, dict):
                raw["user_id"], raw["device_id"] = user_id, DEVICE
    elif isinstance(body, dict) and body.get("resourceType") == "Observation":
        body["subject"] = {"reference": f"Patient/{user_id}"}
    return body


def test_generated_requests_get_documented_replies_and_never_a_5xx(gateway_url, user_id):
    spec = httpx.get(f"{gateway_url}/openapi.json", timeout=10).json()
    documented = {int(code) for code in spec["paths"]["/v1/readings"]["post"]["responses"]}
    schema = schemathesis.openapi.from_dict(spec)
    operation = schema["/v1/readings"]["POST"]
    cases = st.one_of(*(operation.as_strategy(mode, media_type=media)
                        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) for media in MEDIA_TYPES))
    headers = {"Authorization": f"Bearer {mint_dev_token(user_id, [SCOPE_READINGS_WRITE], device_id=DEVICE)}"}
    statuses: Counter[int] = Counter()
    started = time.monotonic()

    session = requests.Session()

    def send(case: Any) -> None:
        response = case.call(base_url=gateway_url, session=session, headers=headers, timeout=30)
        statuses[response.status_code] += 1
        assert response.status_code < 500, (response.status_code, response.text[:300])
        assert response.status_code in documented, (response.status_code, response.text[:300])
        case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                                 content_type_conformance, response_schema_conformance],
                               headers=headers)

    @settings(max_examples=CASES, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def exchange(case: Any) -> None:
        send(case)
        case.body = speak_for(copy.deepcopy(case.body), user_id)
        send(case)
        case.media_type = MEDIA_TYPES[1 - MEDIA_TYPES.index(case.media_type)] if case.media_type in MEDIA_TYPES \
            else MEDIA_TYPES[0]
        send(case)

    try:
        exchange()
    finally:
        session.close()
    elapsed = time.monotonic() - started
    print(f"\n{sum(statuses.values())} generated requests in {elapsed:.1f} s: {dict(sorted(statuses.items()))}")
    assert sum(statuses.values()) >= 2_000
    assert statuses[202] > 0 and statuses[400] > 0  # both the accepting and the refusing paths were exercised
