"""structlog JSON logs with a PHI-redaction processor.

Health data must never reach a log line. The processor below is the last line of defence, not the first:
code logs ids and counts, never values or text. It pseudonymises `user_id`/`subject` and drops any key
that names PHI (message text, values, names, emails, tokens), wherever it appears in the event dict.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import MutableMapping
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


def redact_phi(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        lowered = key.lower()
        if lowered in PHI_KEYS:
            event_dict[key] = "[redacted]"
        elif lowered in USER_ID_KEYS and event_dict[key] is not None:
            event_dict[key] = _pseudonymise(event_dict[key])
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
