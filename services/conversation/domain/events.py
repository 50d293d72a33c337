"""Values of the topics the conversation service produces (field names exactly as in `schemas/`). Pure."""

from __future__ import annotations

from typing import Any, Literal

from services.conversation.ids import new_id
from services.conversation.orchestration import TurnUsage

SERVICE = "conversation"
Outcome = Literal["success", "denied", "error"]


def audit_event(*, actor: str, action: str, resource: str, subject: str | None, outcome: Outcome, now_ms: int,
                details: dict[str, object] | None = None) -> dict[str, Any]:
    """audit.v1: who did what to which data. `details` never carries message text or reading values."""
    return {
        "event_id": new_id(),
        "occurred_at": now_ms,
        "actor": actor,
        "action": action,
        "resource": resource,
        "subject": subject,
        "outcome": outcome,
        "service": SERVICE,
        "details": {str(k): str(v) for k, v in (details or {}).items() if v is not None},
    }


def audit_key(event: dict[str, Any]) -> str:
    """audit.v1 key: the subject user id when there is one, else the actor."""
    return str(event["subject"] or event["actor"])


def chat_turn_event(*, turn_id: str, conversation_id: str, user_id: str, kind: str, safety_flags: list[str],
                    usage: TurnUsage, latency_ms: int, language: str | None, message_ciphertext: bytes,
                    reply_ciphertext: bytes, key_id: str, created_at: int) -> dict[str, Any]:
    return {
        "turn_id": turn_id,
        "conversation_id": conversation_id,
        "user_id": user_id,
        "kind": kind,
        "safety_flags": list(dict.fromkeys(safety_flags)),
        "input_tokens": max(0, usage.input_tokens),
        "output_tokens": max(0, usage.output_tokens),
        "cache_read_tokens": max(0, usage.cache_read_tokens),
        "cache_write_tokens": max(0, usage.cache_write_tokens),
        "cost_usd": max(0.0, float(usage.cost_usd)),
        "latency_ms": max(0, latency_ms),
        "model": usage.model,
        "language": language,
        "message_ciphertext": message_ciphertext,
        "reply_ciphertext": reply_ciphertext,
        "key_id": key_id,
        "created_at": created_at,
    }


def emergency_event(*, escalation_id: str, user_id: str, conversation_id: str, turn_id: str, category: str,
                    signals: list[str], message_ciphertext: bytes, key_id: str, created_at: int) -> dict[str, Any]:
    return {
        "escalation_id": escalation_id,
        "user_id": user_id,
        "conversation_id": conversation_id,
        "turn_id": turn_id,
        "category": category,
        "signals": list(dict.fromkeys(signals)),
        "message_ciphertext": message_ciphertext,
        "key_id": key_id,
        "created_at": created_at,
    }
