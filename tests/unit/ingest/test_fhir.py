"""FHIR R4 Observation / Bundle mapping (LOINC codes, UCUM units) and its validation as channel `fhir`."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from services.ingest.domain import map_fhir, rules, validate_fhir, validate_reading

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
WHEN = "2026-11-25T07:55:00-05:00"


def coding(code: str, system: str = LOINC) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def quantity(value: Any, code: str | None, *, unit: str | None = None, system: str | None = UCUM) -> dict:
    q: dict[str, Any] = {"value": value}
    if code is not None:
        q["code"] = code
    if unit is not None:
        q["unit"] = unit
    if system is not None:
        q["system"] = system
    return q


def observation(loinc: str, **fields: Any) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": "obs-1",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "vital-signs",
                    }
                ]
            }
        ],
        "code": coding(loinc),
        "subject": {"reference": "Patient/u-123"},
        "device": {"reference": "Device/cuff-7"},
        "effectiveDateTime": WHEN,
    }
    obs.update(fields)
    return obs


def bp_observation(systolic: Any = 128, diastolic: Any = 82, pulse: Any = None, unit: str = "mm[Hg]") -> dict:
    components = [
        {"code": coding("8480-6"), "valueQuantity": quantity(systolic, unit)},
        {"code": coding("8462-4"), "valueQuantity": quantity(diastolic, unit)},
    ]
    if pulse is not None:
        components.append({"code": coding("8867-4"), "valueQuantity": quantity(pulse, "/min")})
    return observation("85354-9", component=components)


def bundle(*resources: Any) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{i}", "resource": r} for i, r in enumerate(resources)],
    }


def only_reading(payload: Any, **kwargs: Any) -> dict[str, Any]:
    (mapping,) = map_fhir(payload, **kwargs)
    assert mapping.reason is None, mapping.detail
    assert mapping.reading is not None
    return mapping.reading


def only_reason(payload: Any) -> str | None:
    (mapping,) = map_fhir(payload)
    assert mapping.reading is None
    return mapping.reason


# --- per LOINC code -------------------------------------------------------------------------------


def test_bp_panel_maps_to_the_http_reading_shape():
    assert only_reading(bp_observation(128, 82)) == {
        "reading_id": "obs-1",
        "user_id": "u-123",
        "device_id": "cuff-7",
        "metric": "blood_pressure",
        "measured_at": WHEN,
        "value": {"systolic": 128, "diastolic": 82},
        "source": "sensed",
    }


def test_bp_panel_with_pulse_component():
    assert only_reading(bp_observation(128, 82, pulse=70))["value"] == {
        "systolic": 128,
        "diastolic": 82,
        "pulse": 70,
    }


@pytest.mark.parametrize("missing", ["8480-6", "8462-4"])
def test_bp_panel_needs_both_pressures(missing):
    obs = bp_observation()
    obs["component"] = [c for c in obs["component"] if c["code"]["coding"][0]["code"] != missing]

    assert only_reason(obs) == rules.INVALID_VALUE


@pytest.mark.parametrize("unit", ["mmHg", "kPa", "mm[Hg]/min"])
def test_bp_wrong_unit_is_invalid(unit):
    assert only_reason(bp_observation(unit=unit)) == rules.INVALID_VALUE


@pytest.mark.parametrize("unit", ["/min", "{beats}/min"])
def test_heart_rate(unit):
    reading = only_reading(observation("8867-4", valueQuantity=quantity(64, unit)))

    assert reading["metric"] == "heart_rate"
    assert reading["value"] == {"bpm": 64}


@pytest.mark.parametrize("unit", ["beats/minute", "/s", "Hz"])
def test_heart_rate_wrong_unit(unit):
    assert only_reason(observation("8867-4", valueQuantity=quantity(64, unit))) == rules.INVALID_VALUE


@pytest.mark.parametrize("unit", ["{steps}", "1", "/d", "{steps}/d"])
def test_steps_default_to_a_24_hour_interval(unit):
    reading = only_reading(observation("41950-7", valueQuantity=quantity(8500, unit)))

    assert reading["metric"] == "steps"
    assert reading["value"] == {"count": 8500, "interval_s": rules.STEPS_LOINC_DEFAULT_INTERVAL_S}
    assert rules.STEPS_LOINC_DEFAULT_INTERVAL_S == 86_400


def test_steps_interval_from_effective_period():
    obs = observation(
        "41950-7",
        valueQuantity=quantity(4200, "{steps}"),
        effectivePeriod={"start": "2026-11-25T06:55:00-05:00", "end": "2026-11-25T12:55:00Z"},
    )
    del obs["effectiveDateTime"]

    reading = only_reading(obs)

    assert reading["measured_at"] == "2026-11-25T12:55:00Z"
    assert reading["value"] == {"count": 4200, "interval_s": 3600}


def test_steps_period_without_start_counts_a_day():
    obs = observation("41950-7", valueQuantity=quantity(4200, "{steps}"), effectivePeriod={"end": WHEN})
    del obs["effectiveDateTime"]

    assert only_reading(obs)["value"]["interval_s"] == 86_400


@pytest.mark.parametrize("start", ["2026-11-25T06:55:00", "not a time", 5])
def test_steps_period_with_unreadable_start_is_invalid(start):
    obs = observation("41950-7", valueQuantity=quantity(4200, "{steps}"), effectivePeriod={"start": start, "end": WHEN})
    del obs["effectiveDateTime"]

    assert only_reason(obs) == rules.INVALID_VALUE


def test_steps_period_ending_before_it_starts_is_implausible(now_ms):
    obs = observation(
        "41950-7",
        valueQuantity=quantity(10, "{steps}"),
        effectivePeriod={"start": "2026-11-25T08:00:00-05:00", "end": WHEN},
    )
    del obs["effectiveDateTime"]

    (outcome,) = validate_fhir(obs, now_ms=now_ms)

    assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE,)


@pytest.mark.parametrize("unit", ["steps", "/min", "kg"])
def test_steps_wrong_unit(unit):
    assert only_reason(observation("41950-7", valueQuantity=quantity(10, unit))) == rules.INVALID_VALUE


@pytest.mark.parametrize(("value", "unit", "minutes"), [(7.5, "h", 450.0), (7, "h", 420), (431, "min", 431)])
def test_sleep_duration_in_minutes(value, unit, minutes):
    reading = only_reading(observation("93832-4", valueQuantity=quantity(value, unit)))

    assert reading["metric"] == "sleep"
    assert reading["value"] == {"duration_min": minutes}


@pytest.mark.parametrize("unit", ["hours", "s", "d"])
def test_sleep_wrong_unit(unit):
    assert only_reason(observation("93832-4", valueQuantity=quantity(7, unit))) == rules.INVALID_VALUE


def test_weight_in_kg():
    assert only_reading(observation("29463-7", valueQuantity=quantity(81.4, "kg")))["value"] == {"kg": 81.4}


def test_weight_in_pounds_converts_to_kg():
    value = only_reading(observation("29463-7", valueQuantity=quantity(180, "[lb_av]")))["value"]

    assert value["kg"] == pytest.approx(81.6466266)


@pytest.mark.parametrize("unit", ["lb", "g", "[lb_tr]"])
def test_weight_wrong_unit(unit):
    assert only_reason(observation("29463-7", valueQuantity=quantity(80, unit))) == rules.INVALID_VALUE


# --- units and quantities in general ------------------------------------------------------------------


def test_unit_may_come_from_unit_when_code_is_absent():
    obs = observation("8867-4", valueQuantity=quantity(64, None, unit="/min"))

    assert only_reading(obs)["value"] == {"bpm": 64}


def test_unit_system_other_than_ucum_is_invalid():
    obs = observation("8867-4", valueQuantity=quantity(64, "/min", system="http://example.org/units"))

    assert only_reason(obs) == rules.INVALID_VALUE


@pytest.mark.parametrize("quantity_", [None, {}, {"value": 64}, {"code": "/min"}, {"value": 64, "code": 7}, "64 /min"])
def test_missing_or_broken_quantity_is_invalid(quantity_):
    assert only_reason(observation("8867-4", valueQuantity=quantity_)) == rules.INVALID_VALUE


@pytest.mark.parametrize("value", ["7.5", True, [7.5]])
def test_non_numeric_quantity_passes_to_validation_as_invalid(now_ms, value):
    (outcome,) = validate_fhir(observation("93832-4", valueQuantity=quantity(value, "h")), now_ms=now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)


def test_huge_pound_value_is_rejected_without_raising(now_ms):
    (outcome,) = validate_fhir(observation("29463-7", valueQuantity=quantity(10**400, "[lb_av]")), now_ms=now_ms)

    assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE,)


# --- codes, resource types, status -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        coding("2339-0"),  # glucose: a LOINC code we do not map
        coding("8867-4", system="http://snomed.info/sct"),  # right digits, wrong system
        {"text": "heart rate"},
        {"coding": []},
    ],
)
def test_unmapped_code_is_unknown_metric(code):
    assert only_reason(observation("8867-4", code=code, valueQuantity=quantity(64, "/min"))) == rules.UNKNOWN_METRIC


def test_first_mapped_loinc_code_wins():
    code = {"coding": [{"system": LOINC, "code": "2339-0"}, {"system": LOINC, "code": "8867-4"}]}

    assert only_reading(observation("x", code=code, valueQuantity=quantity(64, "/min")))["metric"] == "heart_rate"


def test_missing_code_is_invalid():
    obs = observation("8867-4", valueQuantity=quantity(64, "/min"))
    del obs["code"]

    assert only_reason(obs) == rules.INVALID_VALUE


@pytest.mark.parametrize("status", ["cancelled", "entered-in-error"])
def test_retracted_observation_is_invalid(status):
    assert only_reason(observation("8867-4", status=status, valueQuantity=quantity(64, "/min"))) == (
        rules.INVALID_VALUE
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"resourceType": "Patient", "id": "u-123"},
        {"resourceType": "observation"},
        {"id": "obs-1"},
        [bp_observation()],
        "Observation",
        None,
        {"resourceType": "Bundle", "entry": "nope"},
    ],
)
def test_not_an_observation_or_bundle_is_invalid(payload):
    assert only_reason(payload) == rules.INVALID_VALUE


def test_bundle_without_entries_maps_to_nothing(now_ms):
    assert map_fhir({"resourceType": "Bundle", "type": "collection"}) == []
    assert validate_fhir({"resourceType": "Bundle", "entry": []}, now_ms=now_ms) == []


# --- ids, timestamps, source -----------------------------------------------------------------------------


def test_reading_id_falls_back_to_first_identifier():
    obs = bp_observation()
    del obs["id"]
    obs["identifier"] = [{"system": "urn:cuff", "value": "cuff-7:000123"}, {"value": "other"}]

    assert only_reading(obs)["reading_id"] == "cuff-7:000123"


@pytest.mark.parametrize(
    ("reference", "user_id"),
    [
        ("Patient/u-123", "u-123"),
        ("https://fhir.example.org/r4/Patient/u-123", "u-123"),
        ("Patient/u-123/_history/2", "u-123"),
        ("Group/g-1", None),
        ("u-123", None),
    ],
)
def test_user_id_from_subject_reference(reference, user_id):
    assert only_reading(bp_observation() | {"subject": {"reference": reference}})["user_id"] == user_id


def test_device_id_falls_back_to_the_callers_device():
    obs = observation("29463-7", valueQuantity=quantity(80, "kg"))
    del obs["device"]

    assert only_reading(obs)["device_id"] is None
    assert only_reading(obs, default_device_id="phone-app-1")["device_id"] == "phone-app-1"


def test_device_reference_wins_over_the_callers_device():
    obs = observation("29463-7", valueQuantity=quantity(80, "kg"))

    assert only_reading(obs, default_device_id="phone-app-1")["device_id"] == "cuff-7"


@pytest.mark.parametrize(
    "effective",
    [
        {"effectiveInstant": "2026-11-25T12:55:00Z"},
        {"effectivePeriod": {"start": "2026-11-25T12:50:00Z", "end": "2026-11-25T12:55:00Z"}},
    ],
)
def test_measured_at_from_instant_or_period_end(effective):
    obs = observation("8867-4", valueQuantity=quantity(64, "/min"))
    del obs["effectiveDateTime"]
    obs.update(effective)

    assert only_reading(obs)["measured_at"] == "2026-11-25T12:55:00Z"


@pytest.mark.parametrize(
    ("changes", "source"),
    [
        ({"performer": [{"reference": "Patient/u-123"}], "device": None}, "self_reported"),
        ({"performer": [{"reference": "RelatedPerson/r-1"}], "device": None}, "self_reported"),
        ({"performer": [{"reference": "Patient/u-123"}]}, "sensed"),  # the patient worked the cuff
        ({"performer": [{"reference": "Practitioner/p-1"}], "device": None}, "sensed"),
        ({"method": {"text": "Self reported"}}, "self_reported"),
        ({"method": {"coding": [{"code": "patient-reported"}]}}, "self_reported"),
        ({"category": [{"coding": [{"code": "self_reported"}]}]}, "self_reported"),
        ({}, "sensed"),
    ],
)
def test_source(changes, source):
    obs = observation("29463-7", valueQuantity=quantity(80, "kg"))
    for key, value in changes.items():
        if value is None:
            obs.pop(key)
        else:
            obs[key] = value

    assert only_reading(obs, default_device_id="phone-app-1")["source"] == source


def test_user_id_falls_back_to_the_tokens_subject_only_when_no_subject_is_given():
    obs = observation("8867-4", valueQuantity=quantity(64, "/min"))
    del obs["subject"]

    assert only_reading(obs)["user_id"] is None
    assert only_reading(obs, default_user_id="u-123")["user_id"] == "u-123"
    # a subject that is not a Patient reference is not replaced by the token's: it is invalid
    group = bp_observation() | {"subject": {"reference": "Group/g-1"}}
    assert only_reading(group, default_user_id="u-123")["user_id"] is None


# --- validate_fhir end to end --------------------------------------------------------------------------------


def test_bundle_with_a_mix_of_good_and_bad_entries(now_ms):
    good_bp = bp_observation(250, 120, pulse=72)
    pounds = observation("29463-7", id="obs-2", valueQuantity=quantity(180, "[lb_av]"))
    glucose = observation("2339-0", id="obs-3", valueQuantity=quantity(99, "mg/dL"))
    patient = {"resourceType": "Patient", "id": "u-123"}
    broken_cuff = bp_observation(0, 0) | {"id": "obs-5"}
    no_subject = observation("8867-4", id="obs-6", valueQuantity=quantity(64, "/min"))
    del no_subject["subject"]
    future = observation(
        "8867-4", id="obs-7", valueQuantity=quantity(64, "/min"), effectiveDateTime="2030-01-01T00:00:00Z"
    )
    payload = bundle(good_bp, pounds, glucose, patient, broken_cuff, no_subject, future)
    payload["entry"].append({"fullUrl": "urn:uuid:x"})  # an entry without a resource
    before = copy.deepcopy(payload)

    outcomes = validate_fhir(payload, now_ms=now_ms)

    assert payload == before  # input untouched
    assert [(o.reading_id, o.reasons) for o in outcomes] == [
        ("obs-1", ()),
        ("obs-2", ()),
        ("obs-3", (rules.UNKNOWN_METRIC,)),
        (None, (rules.INVALID_VALUE,)),
        ("obs-5", (rules.IMPLAUSIBLE_VALUE,)),
        ("obs-6", (rules.INVALID_VALUE,)),
        ("obs-7", (rules.FUTURE_TIMESTAMP,)),
        (None, (rules.INVALID_VALUE,)),
    ]
    bp, weight = outcomes[0].reading, outcomes[1].reading
    assert bp is not None
    assert weight is not None
    assert bp["channel"] == weight["channel"] == "fhir"
    assert (bp["value"]["systolic"], bp["value"]["diastolic"], bp["value"]["pulse"]) == (250, 120, 72)
    assert bp["measured_at"] == now_ms
    assert bp["utc_offset_min"] == -300
    assert weight["value"]["kg"] == pytest.approx(81.6466266)
    assert "entry 2" in outcomes[2].detail
    assert "entry 3" in outcomes[3].detail


def test_mapping_error_keeps_a_valid_reading_id_only(now_ms):
    good_id = observation("2339-0", id="obs-9")
    bad_id = observation("2339-0", id="has space")

    assert [o.reading_id for o in validate_fhir(bundle(good_id, bad_id), now_ms=now_ms)] == ["obs-9", None]


def test_single_observation_validates_like_an_http_reading(make_reading, now_ms):
    (outcome,) = validate_fhir(bp_observation(128, 82, pulse=70), now_ms=now_ms)

    assert outcome.accepted
    assert outcome.reading is not None
    http = make_reading("blood_pressure", reading_id="obs-1")
    expected = validate_reading(http, now_ms=now_ms, channel="fhir").reading
    assert outcome.reading == expected
