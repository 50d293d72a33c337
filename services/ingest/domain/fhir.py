"""FHIR R4 input: an `Observation`, or a `Bundle` of them, mapped to plain readings (DESIGN.md "Readings").

`map_fhir` only translates: each Observation becomes the same dict an HTTP client would send
(`reading_id, user_id, device_id, metric, measured_at, value, source`), which `validate_reading` then
judges like any other reading. An entry that cannot be translated at all gets one reason code instead:
not an Observation, an unmapped LOINC code, a missing or wrongly-typed quantity, or a unit we do not know.
Missing ids or timestamps are passed through as None so validation reports them with everything else.

Mapping rules (kept deliberately simple):
- metric from `code.coding[]` with system http://loinc.org (first mapped code wins): 85354-9 BP panel
  (components 8480-6 systolic, 8462-4 diastolic, optional 8867-4 pulse), 8867-4 heart rate, 41950-7
  steps, 93832-4 sleep duration, 29463-7 body weight. No mapped LOINC code -> `unknown_metric`.
- units are UCUM codes taken from `valueQuantity.code`, or from `.unit` when `code` is absent; when a
  `system` is given it must be http://unitsofmeasure.org. Hours of sleep become minutes, [lb_av] becomes kg.
- reading_id from `id`, else `identifier[0].value`; user_id from `subject.reference` `Patient/<id>`, else
  the caller's `default_user_id` (the device JWT's `sub`: a phone app's own Observations often omit the
  subject, and the token already says whose they are; a subject that names someone else is still refused);
  device_id from `device.reference` `Device/<id>`, else the caller's `default_device_id` (the device JWT's
  `device_id` claim, for entries a phone app typed in).
- measured_at from `effectiveDateTime`, `effectiveInstant` or `effectivePeriod.end`. Steps count over
  `effectivePeriod` start..end when both are given, else over 24 h (LOINC 41950-7 is a 24-hour count).
- source `self_reported` when `method` or `category` carries a self-reported / patient-reported coding
  or text, or when a performer is the Patient (or a RelatedPerson) and no `device` is named; otherwise
  `sensed`. (A patient operating a home cuff is a performer too, but the cuff measured: still sensed.)
- status `cancelled` / `entered-in-error` -> `invalid_value` (the resource says it is not a measurement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from services.ingest.domain import rules
from services.ingest.domain.validation import (
    ValidationOutcome,
    parse_timestamp,
    valid_identifier,
    validate_reading,
)

__all__ = ["LOINC_METRICS", "FhirMapping", "map_fhir", "validate_fhir"]

LOINC_SYSTEM: Final = "http://loinc.org"
UCUM_SYSTEM: Final = "http://unitsofmeasure.org"

LOINC_BP_PANEL: Final = "85354-9"
LOINC_SYSTOLIC: Final = "8480-6"
LOINC_DIASTOLIC: Final = "8462-4"
LOINC_HEART_RATE: Final = "8867-4"
LOINC_STEPS_24H: Final = "41950-7"
LOINC_SLEEP_DURATION: Final = "93832-4"
LOINC_BODY_WEIGHT: Final = "29463-7"

LOINC_METRICS: Final[dict[str, str]] = {
    LOINC_BP_PANEL: rules.BLOOD_PRESSURE,
    LOINC_HEART_RATE: rules.HEART_RATE,
    LOINC_STEPS_24H: rules.STEPS,
    LOINC_SLEEP_DURATION: rules.SLEEP,
    LOINC_BODY_WEIGHT: rules.WEIGHT,
}

# Accepted UCUM codes. `{...}` annotations are unity in UCUM, so `{beats}/min` is `/min`.
_MMHG: Final = frozenset({"mm[Hg]"})
_PER_MIN: Final = frozenset({"/min", "{beats}/min"})
_STEP_UNITS: Final = frozenset({"{steps}", "1", "/d", "{steps}/d"})
_HOURS: Final = "h"
_MINUTES: Final = "min"
_KG: Final = "kg"
_LB: Final = "[lb_av]"

_NOT_MEASUREMENTS: Final = frozenset({"cancelled", "entered-in-error"})
_SELF_REPORTED_MARKERS: Final = frozenset({"self-reported", "patient-reported"})
_PATIENT_REF = re.compile(r"(?:.*/)?Patient/([^/]+)(?:/_history/[^/]+)?")
_DEVICE_REF = re.compile(r"(?:.*/)?Device/([^/]+)(?:/_history/[^/]+)?")
_PATIENT_PERFORMER_REF = re.compile(r"(?:.*/)?(?:Patient|RelatedPerson)/[^/]+(?:/_history/[^/]+)?")


@dataclass(frozen=True, slots=True)
class FhirMapping:
    """One Observation's translation: a plain reading dict, or a reason code why there is none.

    `index` is the position in `Bundle.entry` (0 for a lone Observation). `reading_id` is the valid id
    the entry carried, if any, so a mapping error can still be answered per reading.
    """

    index: int
    reading: dict[str, Any] | None
    reason: str | None
    reading_id: str | None
    detail: str


class _MappingError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def map_fhir(payload: object, *, default_device_id: str | None = None,
             default_user_id: str | None = None) -> list[FhirMapping]:
    """Translate a decoded FHIR R4 `Observation` or `Bundle` into one `FhirMapping` per Observation.

    A Bundle without entries gives an empty list. Never raises on `payload`.
    """
    if not isinstance(payload, dict):
        return [_error(0, None, rules.INVALID_VALUE, "FHIR payload must be a JSON object")]
    resource_type = payload.get("resourceType")
    if resource_type == "Observation":
        return [_map_observation(0, payload, default_device_id, default_user_id)]
    if resource_type != "Bundle":
        return [_error(0, None, rules.INVALID_VALUE, "resourceType must be Observation or Bundle")]
    entries = payload.get("entry")
    if entries is None:
        return []
    if not isinstance(entries, list):
        return [_error(0, None, rules.INVALID_VALUE, "Bundle.entry must be an array")]
    mappings = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") != "Observation":
            mappings.append(_error(index, None, rules.INVALID_VALUE, "Bundle entry is not an Observation"))
        else:
            mappings.append(_map_observation(index, resource, default_device_id, default_user_id))
    return mappings


def validate_fhir(payload: object, *, now_ms: int, default_device_id: str | None = None,
                  default_user_id: str | None = None) -> list[ValidationOutcome]:
    """`map_fhir` then `validate_reading` (channel `fhir`): one outcome per Observation, in entry order."""
    outcomes = []
    for mapping in map_fhir(payload, default_device_id=default_device_id, default_user_id=default_user_id):
        if mapping.reading is not None:
            outcomes.append(validate_reading(mapping.reading, now_ms=now_ms, channel=rules.CHANNEL_FHIR))
        else:
            reason = mapping.reason or rules.INVALID_VALUE
            outcomes.append(
                ValidationOutcome(
                    reading_id=mapping.reading_id,
                    reading=None,
                    reasons=(reason,),
                    warnings=(),
                    detail=f"{reason}: entry {mapping.index}: {mapping.detail}",
                )
            )
    return outcomes


def _error(index: int, reading_id: str | None, reason: str, detail: str) -> FhirMapping:
    return FhirMapping(index=index, reading=None, reason=reason, reading_id=reading_id, detail=detail)


def _map_observation(index: int, obs: dict[Any, Any], default_device_id: str | None,
                     default_user_id: str | None) -> FhirMapping:
    reading_id = _reading_id(obs)
    try:
        status = obs.get("status")
        if isinstance(status, str) and status in _NOT_MEASUREMENTS:
            raise _MappingError(rules.INVALID_VALUE, f"Observation.status is {status}")
        metric = _metric(obs.get("code"))
        measured_at, interval_s = _effective(obs, metric)
        value = _VALUE_MAPPERS[metric](obs, interval_s)
    except _MappingError as exc:
        return _error(index, valid_identifier(reading_id), exc.reason, exc.detail)
    device_id = _reference_id(obs.get("device"), _DEVICE_REF)
    has_device = device_id is not None
    user_id = _reference_id(obs.get("subject"), _PATIENT_REF) if "subject" in obs else default_user_id
    reading = {
        "reading_id": reading_id,
        "user_id": user_id,
        "device_id": device_id if has_device else default_device_id,
        "metric": metric,
        "measured_at": measured_at,
        "value": value,
        "source": rules.SELF_REPORTED if _self_reported(obs, has_device) else rules.SENSED,
    }
    return FhirMapping(index=index, reading=reading, reason=None, reading_id=valid_identifier(reading_id), detail="")


def _reading_id(obs: dict[Any, Any]) -> object:
    rid = obs.get("id")
    if rid is not None:
        return rid
    identifiers = obs.get("identifier")
    if isinstance(identifiers, list) and identifiers and isinstance(identifiers[0], dict):
        return identifiers[0].get("value")
    return None


def _reference_id(ref: object, pattern: re.Pattern[str]) -> str | None:
    reference = ref.get("reference") if isinstance(ref, dict) else None
    if not isinstance(reference, str):
        return None
    match = pattern.fullmatch(reference)
    return match.group(1) if match else None


def _codings(concept: object) -> list[dict[Any, Any]]:
    codings = concept.get("coding") if isinstance(concept, dict) else None
    return [c for c in codings if isinstance(c, dict)] if isinstance(codings, list) else []


def _loinc_codes(concept: object) -> list[str]:
    return [c["code"] for c in _codings(concept) if c.get("system") == LOINC_SYSTEM and isinstance(c.get("code"), str)]


def _metric(code: object) -> str:
    if not isinstance(code, dict):
        raise _MappingError(rules.INVALID_VALUE, "Observation.code missing")
    for loinc in _loinc_codes(code):
        if loinc in LOINC_METRICS:
            return LOINC_METRICS[loinc]
    raise _MappingError(rules.UNKNOWN_METRIC, f"no LOINC code among {', '.join(LOINC_METRICS)}")


def _effective(obs: dict[Any, Any], metric: str) -> tuple[object, int | None]:
    """(measured_at text or None, steps interval in s or None) from the effective[x] element."""
    for key in ("effectiveDateTime", "effectiveInstant"):
        if obs.get(key) is not None:
            return obs[key], rules.STEPS_LOINC_DEFAULT_INTERVAL_S if metric == rules.STEPS else None
    period = obs.get("effectivePeriod")
    if not isinstance(period, dict):
        return None, None
    end = period.get("end")
    if metric != rules.STEPS:
        return end, None
    start = period.get("start")
    if start is None:
        return end, rules.STEPS_LOINC_DEFAULT_INTERVAL_S
    start_parsed, end_parsed = parse_timestamp(start), parse_timestamp(end)
    if start_parsed is None or end_parsed is None:
        raise _MappingError(rules.INVALID_VALUE, "effectivePeriod start and end must be date-times with a UTC offset")
    span_ms = end_parsed[0] - start_parsed[0]
    # Nearest whole second; a non-positive span is left for validation to reject as implausible.
    return end, (span_ms + rules.MS_PER_SECOND // 2) // rules.MS_PER_SECOND


def _quantity(holder: dict[Any, Any], what: str) -> tuple[object, str]:
    """(value, UCUM unit) of `holder.valueQuantity`; the value may still be of any JSON type."""
    quantity = holder.get("valueQuantity")
    if not isinstance(quantity, dict) or quantity.get("value") is None:
        raise _MappingError(rules.INVALID_VALUE, f"{what} needs a valueQuantity with a value")
    system = quantity.get("system")
    if system is not None and system != UCUM_SYSTEM:
        raise _MappingError(rules.INVALID_VALUE, f"{what} unit system must be {UCUM_SYSTEM}")
    unit = quantity.get("code") if quantity.get("code") is not None else quantity.get("unit")
    if not isinstance(unit, str):
        raise _MappingError(rules.INVALID_VALUE, f"{what} needs a UCUM unit")
    return quantity["value"], unit


def _require_unit(unit: str, allowed: frozenset[str], what: str) -> None:
    if unit not in allowed:
        raise _MappingError(rules.INVALID_VALUE, f"{what} unit must be one of {', '.join(sorted(allowed))}")


def _scaled(value: object, factor: float) -> object:
    """value * factor for real numbers; anything else passes through for validation to reject.

    An int too large for a float stays as it is: it is far outside every bound, so it is rejected anyway.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    try:
        return float(value) * factor
    except OverflowError:
        return value


def _blood_pressure(obs: dict[Any, Any], _interval_s: int | None) -> dict[str, object]:
    components = obs.get("component")
    by_code: dict[str, dict[Any, Any]] = {}
    for component in components if isinstance(components, list) else []:
        if isinstance(component, dict):
            for loinc in _loinc_codes(component.get("code")):
                by_code.setdefault(loinc, component)
    value: dict[str, object] = {}
    for key, loinc, units in (
        ("systolic", LOINC_SYSTOLIC, _MMHG),
        ("diastolic", LOINC_DIASTOLIC, _MMHG),
        ("pulse", LOINC_HEART_RATE, _PER_MIN),
    ):
        component = by_code.get(loinc)
        if component is None:
            if key == "pulse":
                continue
            raise _MappingError(rules.INVALID_VALUE, f"BP panel needs a {loinc} ({key}) component")
        number, unit = _quantity(component, f"component {loinc}")
        _require_unit(unit, units, f"component {loinc}")
        value[key] = number
    return value


def _heart_rate(obs: dict[Any, Any], _interval_s: int | None) -> dict[str, object]:
    number, unit = _quantity(obs, "heart rate")
    _require_unit(unit, _PER_MIN, "heart rate")
    return {"bpm": number}


def _steps(obs: dict[Any, Any], interval_s: int | None) -> dict[str, object]:
    number, unit = _quantity(obs, "steps")
    _require_unit(unit, _STEP_UNITS, "steps")
    return {"count": number, "interval_s": interval_s}


def _sleep(obs: dict[Any, Any], _interval_s: int | None) -> dict[str, object]:
    number, unit = _quantity(obs, "sleep duration")
    _require_unit(unit, frozenset({_HOURS, _MINUTES}), "sleep duration")
    return {"duration_min": _scaled(number, rules.MIN_PER_HOUR) if unit == _HOURS else number}


def _weight(obs: dict[Any, Any], _interval_s: int | None) -> dict[str, object]:
    number, unit = _quantity(obs, "body weight")
    _require_unit(unit, frozenset({_KG, _LB}), "body weight")
    return {"kg": _scaled(number, rules.KG_PER_LB) if unit == _LB else number}


_VALUE_MAPPERS: Final = {
    rules.BLOOD_PRESSURE: _blood_pressure,
    rules.HEART_RATE: _heart_rate,
    rules.STEPS: _steps,
    rules.SLEEP: _sleep,
    rules.WEIGHT: _weight,
}


def _marker(text: object) -> bool:
    return isinstance(text, str) and text.strip().lower().replace("_", "-").replace(" ", "-") in (
        _SELF_REPORTED_MARKERS
    )


def _self_reported(obs: dict[Any, Any], has_device: bool) -> bool:
    concepts: list[object] = [obs.get("method")]
    categories = obs.get("category")
    if isinstance(categories, list):
        concepts.extend(categories)
    for concept in concepts:
        if isinstance(concept, dict) and (
            _marker(concept.get("text")) or any(_marker(c.get("code")) for c in _codings(concept))
        ):
            return True
    if has_device:
        return False
    performers = obs.get("performer")
    return isinstance(performers, list) and any(
        isinstance(p, dict)
        and isinstance(p.get("reference"), str)
        and _PATIENT_PERFORMER_REF.fullmatch(p["reference"]) is not None
        for p in performers
    )
