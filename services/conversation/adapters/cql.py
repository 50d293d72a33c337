"""Every CQL statement of the conversation service (API and projector), named once.

Tables: deploy/migrations/cassandra/040_conversation.cql; readings_by_user: 001_readings.cql (ingest's).
"""

from __future__ import annotations

STATEMENTS: dict[str, str] = {
    # chat history
    "insert_turn": (
        "INSERT INTO chat_turns (user_id, conversation_id, created_at, turn_id, kind, message_ct, reply_ct, key_id, "
        "disclaimer, safety_flags, language, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "start_conversation": (
        "INSERT INTO conversations_by_user (user_id, conversation_id, started_at, last_turn_at) VALUES (?, ?, ?, ?)"
    ),
    "touch_conversation": (
        "UPDATE conversations_by_user SET last_turn_at = ? WHERE user_id = ? AND conversation_id = ?"
    ),
    "recent_turns": (
        "SELECT created_at, turn_id, kind, message_ct, reply_ct, key_id, disclaimer FROM chat_turns "
        "WHERE user_id = ? AND conversation_id = ? ORDER BY created_at DESC LIMIT ?"
    ),
    "turns": (
        "SELECT created_at, turn_id, kind, message_ct, reply_ct, key_id, disclaimer FROM chat_turns "
        "WHERE user_id = ? AND conversation_id = ? LIMIT ?"
    ),
    "conversations": (
        "SELECT conversation_id, started_at, last_turn_at FROM conversations_by_user WHERE user_id = ? LIMIT ?"
    ),
    # shared daily counter
    "count_message": "UPDATE chat_daily_counts SET messages = messages + 1 WHERE user_id = ? AND day = ?",
    "messages_today": "SELECT messages FROM chat_daily_counts WHERE user_id = ? AND day = ?",
    # nudges inbox
    "insert_nudge": (
        "INSERT INTO nudges_inbox (user_id, nudge_id, trigger, title, body, variant, created_at, expires_at, "
        "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "nudges": (
        "SELECT nudge_id, trigger, title, body, variant, created_at, expires_at FROM nudges_inbox "
        "WHERE user_id = ? LIMIT ?"
    ),
    # anomalies
    "insert_anomaly": (
        "INSERT INTO anomalies_by_user (user_id, detected_at, anomaly_id, metric, kind, severity, category, message, "
        "reading_id, observed_value, measured_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "anomalies": (
        "SELECT detected_at, anomaly_id, metric, kind, severity, category, message, reading_id FROM anomalies_by_user "
        "WHERE user_id = ? AND detected_at >= ? LIMIT ?"
    ),
    # escalations
    "insert_escalation": (
        "INSERT INTO escalations_by_day (day, created_at, escalation_id, user_id, conversation_id, turn_id, category, "
        "signals, message_ct, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    "insert_escalation_id": "INSERT INTO escalations_by_id (escalation_id, day, created_at) VALUES (?, ?, ?)",
    "escalation_by_id": "SELECT day, created_at FROM escalations_by_id WHERE escalation_id = ?",
    "escalations_of_day": (
        "SELECT day, created_at, escalation_id, user_id, conversation_id, turn_id, category, signals, message_ct, "
        "key_id, acknowledged_at, acknowledged_by FROM escalations_by_day WHERE day = ? LIMIT ?"
    ),
    "escalation": (
        "SELECT day, created_at, escalation_id, user_id, conversation_id, turn_id, category, signals, message_ct, "
        "key_id, acknowledged_at, acknowledged_by FROM escalations_by_day "
        "WHERE day = ? AND created_at = ? AND escalation_id = ?"
    ),
    # Lightweight transaction: only the first clinician's acknowledgement is recorded.
    "ack_escalation": (
        "UPDATE escalations_by_day SET acknowledged_at = ?, acknowledged_by = ? "
        "WHERE day = ? AND created_at = ? AND escalation_id = ? IF acknowledged_at = null"
    ),
    # readings (ingest's table, read only)
    "readings": (
        "SELECT reading_id, measured_at, utc_offset_min, systolic, diastolic, pulse, bpm, step_count, interval_s, "
        "duration_min, efficiency, kg, flags, source, device_id FROM readings_by_user "
        "WHERE user_id = ? AND metric = ? AND month = ? AND measured_at >= ? AND measured_at <= ? LIMIT ?"
    ),
}
