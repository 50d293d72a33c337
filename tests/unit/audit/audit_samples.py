"""Realistic records of every audited topic, full of identifying strings (a helper, not a conftest)."""

from typing import Any

USER_ID = "u-7f3a9c21"
DEVICE_ID = "cuff-omron-55812"
READING_ID = "rd-2026-11-25-0755-a1b2"
DISPLAY_NAME = "Margaret Okonkwo-Smith"
EMAIL = "margaret.okonkwo@example.org"
MESSAGE_TEXT = "I have crushing chest pain since this morning and my left arm is numb"
CONVERSATION_ID = "conv-91d2e0"
TURN_ID = "turn-5521aa"
ANOMALY_ID = "an-33c0ffee"
NUDGE_ID = "ng-deadbeef01"
ESCALATION_ID = "esc-0042bd"
AUDIT_EVENT_ID = "ae-77aa01"
CLINICIAN_ID = "clin-dr-jones"

# 2026-11-25T12:55:13.123Z
T = 1_795_611_313_123

IDENTIFYING = (
    USER_ID,
    DEVICE_ID,
    READING_ID,
    DISPLAY_NAME,
    EMAIL,
    MESSAGE_TEXT,
    CONVERSATION_ID,
    TURN_ID,
    ANOMALY_ID,
    NUDGE_ID,
    ESCALATION_ID,
    AUDIT_EVENT_ID,
    CLINICIAN_ID,
)


def _reading(metric: str, value: dict[str, Any], reading_id: str = READING_ID) -> dict[str, Any]:
    full: dict[str, Any] = dict.fromkeys(
        ("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min", "efficiency", "kg")
    )
    full.update(value)
    return {
        "reading_id": reading_id,
        "user_id": USER_ID,
        "device_id": DEVICE_ID,
        "metric": metric,
        "measured_at": T - 300_000,
        "utc_offset_min": -300,
        "source": "sensed",
        "value": full,
        "flags": ["late_data"],
        "channel": "http",
        "ingested_at": T,
    }


def all_records() -> list[tuple[str, dict[str, Any]]]:
    """(topic, record) for every consumed topic; several readings to cover every metric."""
    payload = (
        f'{{"reading_id": "{READING_ID}", "user_id": "{USER_ID}", "device_id": "{DEVICE_ID}", '
        f'"metric": "blood_pressure", "note": "{MESSAGE_TEXT}", "value": {{"systolic": 0, "diastolic": 0}}}}'
    )
    return [
        ("readings.v1", _reading("blood_pressure", {"systolic": 128, "diastolic": 82, "pulse": 70})),
        ("readings.v1", _reading("heart_rate", {"bpm": 64}, READING_ID + "-hr")),
        ("readings.v1", _reading("steps", {"count": 8421, "interval_s": 86_400}, READING_ID + "-st")),
        ("readings.v1", _reading("sleep", {"duration_min": 412, "efficiency": 0.91}, READING_ID + "-sl")),
        ("readings.v1", _reading("weight", {"kg": 81.4}, READING_ID + "-wt")),
        (
            "readings.rejected.v1",
            {
                "reading_id": READING_ID,
                "user_id": USER_ID,
                "device_id": DEVICE_ID,
                "reasons": ["implausible_value"],
                "detail": f"systolic 0 from {DEVICE_ID} for {EMAIL}",
                "payload": payload,
                "channel": "http",
                "rejected_at": T,
            },
        ),
        (
            "anomalies.v1",
            {
                "anomaly_id": ANOMALY_ID,
                "user_id": USER_ID,
                "reading_id": READING_ID,
                "metric": "blood_pressure",
                "kind": "threshold",
                "severity": "critical",
                "category": "hypertensive_crisis",
                "message": f"{DISPLAY_NAME}, your blood pressure 192/124 is very high",
                "disclaimer": "Not a diagnosis.",
                "observed_value": 192.0,
                "baseline_value": 126.5,
                "measured_at": T - 300_000,
                "detected_at": T + 40,
                "ingested_at": T,
            },
        ),
        (
            "nudges.v1",
            {
                "nudge_id": NUDGE_ID,
                "user_id": USER_ID,
                "trigger": "step_goal",
                "title": f"Nearly there, {DISPLAY_NAME}!",
                "body": "You are at 8,421 steps, 80 % of your goal.",
                "variant": "b",
                "experiment": "goal-copy-2026-11",
                "source_event_id": READING_ID,
                "source_ingested_at": T,
                "created_at": T + 120,
                "expires_at": T + 86_400_000,
            },
        ),
        (
            "chat.turns.v1",
            {
                "turn_id": TURN_ID,
                "conversation_id": CONVERSATION_ID,
                "user_id": USER_ID,
                "kind": "emergency",
                "safety_flags": ["emergency"],
                "input_tokens": 42,
                "output_tokens": 120,
                "cache_read_tokens": 0,
                "cache_write_tokens": 0,
                "cost_usd": 0.0012,
                "latency_ms": 840,
                "model": "claude-sonnet",
                "language": "en",
                "message_ciphertext": MESSAGE_TEXT.encode(),
                "reply_ciphertext": b"call emergency services now",
                "key_id": "k-2026-11",
                "created_at": T + 500,
            },
        ),
        (
            "emergencies.v1",
            {
                "escalation_id": ESCALATION_ID,
                "user_id": USER_ID,
                "conversation_id": CONVERSATION_ID,
                "turn_id": TURN_ID,
                "category": "cardiac",
                "signals": ["chest_pain", "arm_numbness"],
                "message_ciphertext": MESSAGE_TEXT.encode(),
                "key_id": "k-2026-11",
                "created_at": T + 510,
            },
        ),
        (
            "audit.v1",
            {
                "event_id": AUDIT_EVENT_ID,
                "occurred_at": T + 900,
                "actor": f"clinician:{CLINICIAN_ID}",
                "action": "escalation.read",
                "resource": f"escalation/{ESCALATION_ID}",
                "subject": USER_ID,
                "outcome": "success",
                "service": "conversation",
                "details": {"email": EMAIL, "note": MESSAGE_TEXT},
            },
        ),
    ]
