"""structlog JSON logs with a PHI-redaction processor.

Health data must never reach a log line. The processor below is the last line of defence, not the first:
code logs ids and counts, never values or text. It pseudonymises `user_id`/`subject` and drops any key
that names PHI (message text, values, names, emails, tokens), wherever it appears in the event dict.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

# Keys whose values are PHI or secrets: replaced by "[redacted]".
PHI_KEYS = frozenset({
    "message_text", "text", "reply", "body", "prompt", "content", "value", "values", "systolic",
    "diastolic", "pulse", "bpm", "kg", "weight", "steps", "count", "duration_min", "efficiency", "payload",
    "display_name", "name", "email", "phone", "address", "birth_year", "token", "authorization",
    "password", "secret", "api_key", "jwt",
})
# Keys holding a user id: replaced by a short stable digest so related lines can still be correlated.
USER_ID_KEYS = frozenset({"user_id", "subject", "sub"})


def _pseudonymise(value: object) -> str:
    return "u#" + hashlib.sha256(str(value).encode()).hexdigest()[:12]


def _redact_item(key: object, value: Any) -> Any:
    lowered = key.lower() if isinstance(key, str) else key
    if lowered in PHI_KEYS:
        return "[redacted]"
    if lowered in USER_ID_KEYS and value is not None:
        return _pseudonymise(value)
    if isinstance(value, Mapping):  # nested dicts/lists are copied, never mutated: they may be live data
        return {k: _redact_item(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_item(None, v) for v in value]
    if isinstance(value, tuple):  # stays a tuple: structlog reads exc_info=(type, value, traceback) later
        return tuple(_redact_item(None, v) for v in value)
    return value


def redact_phi(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        event_dict[key] = _redact_item(key, event_dict[key])
    return event_dict


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    """Call once from an entry point (never at import)."""
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper())
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_phi,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        cache_logger_on_first_use=True,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
