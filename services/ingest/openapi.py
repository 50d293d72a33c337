"""OpenAPI documentation of `POST /v1/readings`: request and reply shapes, examples, every status.

The endpoint reads its body itself (size cap before parsing, two media types, per-reading verdicts instead
of a whole-request 422), so these models document the contract; they are not used to parse requests.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from services.ingest.domain import rules

Metric = Literal["blood_pressure", "heart_rate", "steps", "sleep", "weight"]
RejectionCode = Literal["implausible_value", "future_timestamp", "unknown_metric", "invalid_value"]
WarningCode = Literal["duplicate", "late_data"]
ID_DOC = f"1-{rules.MAX_ID_CHARS} characters: letters, digits and . _ : @ | + -"


class ReadingValue(BaseModel):
    """Only the fields of the reading's metric: blood_pressure {systolic, diastolic[, pulse]}, heart_rate
    {bpm}, steps {count, interval_s}, sleep {duration_min[, efficiency]}, weight {kg}."""

    systolic: float | None = Field(None, description="mmHg; must exceed diastolic")
    diastolic: float | None = Field(None, description="mmHg")
    pulse: float | None = Field(None, description="beats per minute (taken by the cuff)")
    bpm: float | None = Field(None, description="heart rate, beats per minute")
    count: int | None = Field(None, description="steps counted over the interval ending at measured_at")
    interval_s: int | None = Field(None, description="length of the step-counting interval, seconds")
    duration_min: float | None = Field(None, description="sleep of the night ending at measured_at, minutes")
    efficiency: float | None = Field(None, description="sleep efficiency, fraction 0..1")
    kg: float | None = Field(None, description="body weight, kilograms")


class ReadingIn(BaseModel):
    """One reading as a device or app sends it (DESIGN.md "Readings")."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "reading_id": "r-20261125-0755", "user_id": "u-123", "device_id": "cuff-7", "metric": "blood_pressure",
        "measured_at": "2026-11-25T07:55:00-05:00", "value": {"systolic": 128, "diastolic": 82, "pulse": 70},
        "source": "sensed"}})

    reading_id: str = Field(description=f"Client-unique id, the idempotency key; {ID_DOC}",
                            pattern=rules.ID_PATTERN, max_length=rules.MAX_ID_CHARS)
    user_id: str = Field(description="Must equal the token's `sub`", pattern=rules.ID_PATTERN,
                         max_length=rules.MAX_ID_CHARS)
    device_id: str = Field(description="Must equal the token's `device_id` claim", pattern=rules.ID_PATTERN,
                           max_length=rules.MAX_ID_CHARS)
    metric: Metric
    measured_at: str = Field(description="ISO-8601 date-time WITH a UTC offset, e.g. 2026-11-25T07:55:00-05:00",
                             json_schema_extra={"format": "date-time"})
    value: ReadingValue
    source: Literal["sensed", "self_reported"] = Field("sensed", description="default sensed")


class ReadingsBody(BaseModel):
    readings: list[ReadingIn] = Field(max_length=500, description="Up to 500 readings; more is 413")


class FhirResource(BaseModel):
    """A FHIR R4 `Observation`, or a `Bundle` whose entries are Observations (up to 500). Mapped by LOINC:
    85354-9 BP panel (8480-6 systolic, 8462-4 diastolic, 8867-4 pulse), 8867-4 heart rate, 41950-7 steps,
    93832-4 sleep duration, 29463-7 body weight; UCUM units mm[Hg], /min, h or min, kg or [lb_av].
    `subject` Patient/<id> must be the token's `sub`; `device` Device/<id> defaults to the token's claim."""

    model_config = ConfigDict(extra="allow")

    resourceType: Literal["Observation", "Bundle"]


class Rejected(BaseModel):
    reading_id: str | None = Field(description="null when the reading carried no valid id")
    reasons: list[RejectionCode]


class ReadingWarning(BaseModel):
    reading_id: str
    code: WarningCode


class IngestReplyModel(BaseModel):
    """Per-reading results. Accepted ids include resends (warning `duplicate`: not stored twice)."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "accepted": ["r-1", "r-2"], "rejected": [{"reading_id": "r-3", "reasons": ["implausible_value"]}],
        "warnings": [{"reading_id": "r-2", "code": "duplicate"}]}})

    accepted: list[str]
    rejected: list[Rejected]
    warnings: list[ReadingWarning]


class ErrorReply(BaseModel):
    detail: str = Field(description="Why the whole request was refused")


def _error(description: str, example: str) -> dict[str, Any]:
    return {"model": ErrorReply, "description": description,
            "content": {"application/json": {"example": {"detail": example}}}}


RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {"model": IngestReplyModel, "description": "Every reading judged; accepted ones are on readings.v1 "
          "(the broker acknowledged them before this reply)."},
    400: _error("Malformed body: not JSON, not the documented shape", "body is not valid JSON"),
    401: _error("No bearer token, or an invalid or expired one", "missing bearer token"),
    403: _error("Scope readings:write missing, or a reading for another user or device",
                "reading 0: user_id is not the token's subject"),
    413: _error("Body over the size limit or more than 500 readings", "at most 500 readings per request"),
    415: _error("Content-Type is neither application/json nor application/fhir+json",
                "Content-Type must be application/json or application/fhir+json"),
    429: _error("Over the per-user request rate (Retry-After says when to retry)", "too many requests"),
    503: _error("Kafka or Cassandra unavailable; nothing was accepted unless a resend says duplicate",
                "the broker did not acknowledge the readings; send again"),
}

_NOW_EXAMPLE = "2026-11-25T07:55:00-05:00"
JSON_EXAMPLES = {
    "blood_pressure": {"summary": "A blood pressure reading", "value": {"readings": [{
        "reading_id": "r-20261125-0755", "user_id": "u-123", "device_id": "cuff-7", "metric": "blood_pressure",
        "measured_at": _NOW_EXAMPLE, "value": {"systolic": 128, "diastolic": 82, "pulse": 70},
        "source": "sensed"}]}},
    "mixed": {"summary": "Several metrics in one batch", "value": {"readings": [
        {"reading_id": "hr-1", "user_id": "u-123", "device_id": "watch-2", "metric": "heart_rate",
         "measured_at": _NOW_EXAMPLE, "value": {"bpm": 64}},
        {"reading_id": "st-1", "user_id": "u-123", "device_id": "watch-2", "metric": "steps",
         "measured_at": _NOW_EXAMPLE, "value": {"count": 1200, "interval_s": 900}},
        {"reading_id": "sl-1", "user_id": "u-123", "device_id": "watch-2", "metric": "sleep",
         "measured_at": _NOW_EXAMPLE, "value": {"duration_min": 431, "efficiency": 0.91}},
        {"reading_id": "wt-1", "user_id": "u-123", "device_id": "watch-2", "metric": "weight",
         "measured_at": _NOW_EXAMPLE, "value": {"kg": 81.4}, "source": "self_reported"}]}},
}
FHIR_EXAMPLES = {
    "observation": {"summary": "A FHIR R4 heart-rate Observation", "value": {
        "resourceType": "Observation", "id": "hr-fhir-1", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": {"reference": "Patient/u-123"}, "effectiveDateTime": _NOW_EXAMPLE,
        "valueQuantity": {"value": 64, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}},
    "bundle": {"summary": "A Bundle with a blood pressure panel", "value": {
        "resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
            "resourceType": "Observation", "id": "bp-fhir-1", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
            "subject": {"reference": "Patient/u-123"}, "device": {"reference": "Device/cuff-7"},
            "effectiveDateTime": _NOW_EXAMPLE,
            "component": [
                {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                 "valueQuantity": {"value": 128, "unit": "mmHg", "system": "http://unitsofmeasure.org",
                                   "code": "mm[Hg]"}},
                {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                 "valueQuantity": {"value": 82, "unit": "mmHg", "system": "http://unitsofmeasure.org",
                                   "code": "mm[Hg]"}}]}}]}},
}

REQUEST_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/ReadingsBody"}, "examples": JSON_EXAMPLES},
    "application/fhir+json": {"schema": {"$ref": "#/components/schemas/FhirResource"}, "examples": FHIR_EXAMPLES},
}}}


def request_components() -> dict[str, Any]:
    """JSON schemas of the request models, for `components.schemas` (FastAPI adds the reply models)."""
    _, schemas = models_json_schema([(ReadingsBody, "validation"), (FhirResource, "validation")],
                                    ref_template="#/components/schemas/{model}")
    definitions: dict[str, Any] = schemas.get("$defs", {})
    return definitions
