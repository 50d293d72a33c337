"""`POST /v1/readings`: the HTTP door for devices and phone apps (DESIGN.md "Readings").

Order of checks, cheapest first, so refusing costs little: token (401/403 scope) -> per-user throttle (429)
-> media type (415) -> declared size (413) -> body read under the cap (413) -> JSON (400) -> shape and
count (400/413) -> validation of every reading (pure domain) -> user/device match (403) -> dedup, publish,
broker ack (503 on trouble) -> 202 with per-reading results.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status

from services.common.auth import Principal
from services.common.logging import get_logger
from services.ingest.auth import TokenCache, device_principal
from services.ingest.domain import rules, validate_fhir, validate_reading
from services.ingest.metrics import REQUESTS_REFUSED
from services.ingest.openapi import REQUEST_BODY, RESPONSES
from services.ingest.pipeline import DependencyUnavailable, IngestPipeline, Item
from services.ingest.throttle import UserThrottle

log = get_logger(__name__)

JSON = "application/json"
FHIR_JSON = "application/fhir+json"


@dataclass
class Gateway:
    """What the endpoint needs, built by the app's lifespan (main.py) and kept on `app.state.gateway`."""

    pipeline: IngestPipeline
    throttle: UserThrottle
    max_body_bytes: int
    max_readings: int
    tokens: TokenCache = field(default_factory=TokenCache)


def refuse(status_code: int, detail: str, headers: dict[str, str] | None = None) -> HTTPException:
    REQUESTS_REFUSED.labels(str(status_code)).inc()
    return HTTPException(status_code, detail=detail, headers=headers)


def media_type(request: Request) -> str:
    header = request.headers.get("content-type")
    if header is None:
        return JSON  # a client that sends JSON without saying so gets the benefit of the doubt
    kind = header.split(";", 1)[0].strip().lower()
    if kind not in (JSON, FHIR_JSON):
        raise refuse(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, f"Content-Type must be {JSON} or {FHIR_JSON}")
    return kind


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise refuse(status.HTTP_400_BAD_REQUEST, "Content-Length is not a number") from None
        if size > limit:
            raise refuse(status.HTTP_413_CONTENT_TOO_LARGE, f"body larger than {limit} bytes")
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():  # also caps chunked bodies that declare no length
        received += len(chunk)
        if received > limit:
            raise refuse(status.HTTP_413_CONTENT_TOO_LARGE, f"body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes) -> object:
    if not body:
        raise refuse(status.HTTP_400_BAD_REQUEST, "empty body: send {\"readings\": [...]}")
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:  # bad UTF-8, bad JSON, 5000-digit ints, deep nesting
        raise refuse(status.HTTP_400_BAD_REQUEST, f"body is not valid JSON ({type(error).__name__})") from None


def json_items(payload: object, principal: Principal, now_ms: int, max_readings: int) -> list[Item]:
    readings = payload.get("readings") if isinstance(payload, dict) else None
    if not isinstance(readings, list):
        raise refuse(status.HTTP_400_BAD_REQUEST, "body must be a JSON object {\"readings\": [...]}")
    if len(readings) > max_readings:
        raise refuse(status.HTTP_413_CONTENT_TOO_LARGE, f"at most {max_readings} readings per request")
    return [Item(validate_reading(raw, now_ms=now_ms, channel=rules.CHANNEL_HTTP), raw, principal.sub,
                 principal.device_id) for raw in readings]


def fhir_items(payload: object, principal: Principal, now_ms: int, max_readings: int) -> list[Item]:
    if not isinstance(payload, dict) or payload.get("resourceType") not in ("Observation", "Bundle"):
        raise refuse(status.HTTP_400_BAD_REQUEST, "FHIR body must be an Observation or a Bundle resource")
    if payload["resourceType"] == "Observation":
        resources: list[Any] = [payload]
    else:
        entries = payload.get("entry")
        if entries is None:
            entries = []
        if not isinstance(entries, list):
            raise refuse(status.HTTP_400_BAD_REQUEST, "Bundle.entry must be an array")
        if len(entries) > max_readings:
            raise refuse(status.HTTP_413_CONTENT_TOO_LARGE, f"at most {max_readings} entries per Bundle")
        resources = [entry.get("resource", entry) if isinstance(entry, dict) else entry for entry in entries]
    outcomes = validate_fhir(payload, now_ms=now_ms, default_device_id=principal.device_id,
                             default_user_id=principal.sub)
    if len(outcomes) != len(resources):  # cannot happen with the domain as written; keep the payload whole
        resources = [payload] * len(outcomes)
    return [Item(outcome, resource, principal.sub, principal.device_id)
            for outcome, resource in zip(outcomes, resources, strict=True)]


def check_ownership(items: list[Item], principal: Principal) -> None:
    """A device writes only for its token's subject and only as itself (DESIGN.md: 403 on mismatch)."""
    for index, item in enumerate(items):
        outcome = item.outcome
        if outcome.user_id is not None and outcome.user_id != principal.sub:
            raise refuse(status.HTTP_403_FORBIDDEN, f"reading {index}: user_id is not the token's subject")
        if outcome.device_id is not None and outcome.device_id != principal.device_id:
            raise refuse(status.HTTP_403_FORBIDDEN, f"reading {index}: device_id is not the token's device_id")


async def gateway(request: Request) -> Gateway:  # async: a sync dependency would cost a thread hop
    found: Gateway = request.app.state.gateway
    return found


router = APIRouter(tags=["readings"])


@router.post(
    "/v1/readings",
    summary="Send readings (JSON or FHIR R4)",
    description=(
        "Up to 500 readings per request, as `{\"readings\": [...]}` (`application/json`) or a FHIR R4 "
        "Observation or Bundle (`application/fhir+json`). Needs a device token: scope `readings:write`, "
        "`sub` = every reading's `user_id`, `device_id` claim = every reading's `device_id`. The reply (202) "
        "judges each reading: accepted ids (published to readings.v1 before the reply), rejected with reason "
        "codes, warnings (`duplicate`: a resent reading_id, accepted again and stored once; `late_data`: "
        "measured more than 7 days ago). Resending after a 503 or a lost reply is always safe."),
    status_code=status.HTTP_202_ACCEPTED,
    responses=RESPONSES,
    openapi_extra=REQUEST_BODY,
    response_class=Response,
)
async def post_readings(
    request: Request,
    principal: Annotated[Principal, Depends(device_principal)],
    door: Annotated[Gateway, Depends(gateway)],
) -> Response:
    tick = time.monotonic()  # the throttle's clock: immune to wall-clock steps
    if not door.throttle.allow(principal.sub, tick):
        retry_after = door.throttle.retry_after_s(principal.sub, tick)
        raise refuse(status.HTTP_429_TOO_MANY_REQUESTS, "too many requests for this user",
                     headers={"Retry-After": str(retry_after)})
    if principal.device_id is None:
        raise refuse(status.HTTP_403_FORBIDDEN, "readings need a device token (no device_id claim)")
    kind = media_type(request)
    payload = parse_json(await read_body(request, door.max_body_bytes))
    now_ms = int(time.time() * 1000)
    if kind == FHIR_JSON:
        items = fhir_items(payload, principal, now_ms, door.max_readings)
        channel = rules.CHANNEL_FHIR
    else:
        items = json_items(payload, principal, now_ms, door.max_readings)
        channel = rules.CHANNEL_HTTP
    check_ownership(items, principal)
    try:
        reply = await door.pipeline.submit(items, channel)
    except DependencyUnavailable as error:
        raise refuse(status.HTTP_503_SERVICE_UNAVAILABLE, error.reason, headers={"Retry-After": "1"}) from None
    return Response(json.dumps(reply.as_dict(), separators=(",", ":")).encode(), status.HTTP_202_ACCEPTED,
                    media_type=JSON)
