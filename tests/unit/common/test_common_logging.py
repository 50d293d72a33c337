"""services.common.logging: the PHI-redaction processor and the JSON log configuration."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from services.common.logging import PHI_KEYS, configure_logging, get_logger, redact_phi

REDACTED = "[redacted]"


def _redact(**event: Any) -> dict[str, Any]:
    return dict(redact_phi(None, "info", dict(event)))


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state; put structlog and the root logger back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    structlog.reset_defaults()
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.mark.parametrize(
    "key",
    ["text", "value", "systolic", "diastolic", "bpm", "kg", "display_name", "email", "token", "reply",
     "message_text", "payload", "birth_year", "authorization", "password", "api_key"],
)
def test_phi_keys_are_replaced(key: str):
    assert key in PHI_KEYS
    assert _redact(event="something_happened", **{key: "secret-health-data"})[key] == REDACTED


def test_phi_key_match_ignores_case():
    assert _redact(Email="ann@example.org", SYSTOLIC=182)["Email"] == REDACTED
    assert _redact(SYSTOLIC=182)["SYSTOLIC"] == REDACTED


def test_non_phi_keys_and_the_event_name_are_kept():
    result = _redact(event="reading_stored", reading_id="r-1", metric="blood_pressure", count_rejected=2,
                     latency_ms=12.5)
    assert result == {"event": "reading_stored", "reading_id": "r-1", "metric": "blood_pressure",
                      "count_rejected": 2, "latency_ms": 12.5}


@pytest.mark.parametrize("key", ["user_id", "subject", "sub"])
def test_user_ids_are_pseudonymised_never_raw(key: str):
    result = _redact(**{key: "u-123"})
    assert result[key] != "u-123"
    assert "u-123" not in json.dumps(result)
    assert result[key].startswith("u#")


def test_pseudonym_is_stable_and_distinguishes_users():
    first = _redact(user_id="u-123")["user_id"]
    assert _redact(user_id="u-123")["user_id"] == first
    assert _redact(subject="u-123")["subject"] == first  # same user under another key still correlates
    assert _redact(user_id="u-124")["user_id"] != first


def test_none_user_id_stays_none():
    assert _redact(user_id=None)["user_id"] is None


def test_phi_nested_in_a_dict_or_list_is_redacted():
    result = _redact(
        event="reading_rejected",
        reading={"reading_id": "r-1", "user_id": "u-123", "value": {"systolic": 300, "diastolic": 10}},
        batch=[{"email": "ann@example.org", "reading_id": "r-2"}],
    )
    text = json.dumps(result)
    assert "300" not in text
    assert "ann@example.org" not in text
    assert "u-123" not in text
    assert result["reading"]["reading_id"] == "r-1"
    assert result["reading"]["value"] == REDACTED
    assert result["reading"]["user_id"] == _redact(user_id="u-123")["user_id"]
    assert result["batch"][0] == {"email": REDACTED, "reading_id": "r-2"}


def test_configured_logger_writes_json_without_phi(capsys: pytest.CaptureFixture[str], restore_logging: None):
    configure_logging(level="INFO", json=True)
    log = get_logger("heartwise.test")

    log.info("chat_turn_stored", user_id="u-123", text="I have chest pain", systolic=182,
             display_name="Ann Example", email="ann@example.org", token="eyJhbGciOi.abc.def", turn_id="t-1")

    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    line = json.loads(out[0])
    assert line["event"] == "chat_turn_stored"
    assert line["level"] == "info"
    assert line["turn_id"] == "t-1"
    assert "timestamp" in line
    for key in ("text", "systolic", "display_name", "email", "token"):
        assert line[key] == REDACTED
    assert line["user_id"].startswith("u#")
    for raw in ("u-123", "chest pain", "182", "Ann Example", "ann@example.org", "eyJhbGciOi"):
        assert raw not in out[0]


def test_context_variables_are_redacted_too(capsys: pytest.CaptureFixture[str], restore_logging: None):
    configure_logging()
    structlog.contextvars.bind_contextvars(user_id="u-777", email="bob@example.org")
    try:
        get_logger("heartwise.test").info("preferences_updated")
    finally:
        structlog.contextvars.clear_contextvars()

    out = capsys.readouterr().out
    assert "u-777" not in out
    assert "bob@example.org" not in out
    assert json.loads(out)["email"] == REDACTED


def test_level_filter_drops_lower_levels(capsys: pytest.CaptureFixture[str], restore_logging: None):
    configure_logging(level="warning")
    log = get_logger("heartwise.test")

    log.info("ignored")
    log.warning("kept", value=5)

    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["event"] for line in lines] == ["kept"]
    assert json.loads(lines[0])["value"] == REDACTED


def test_console_renderer_also_redacts(capsys: pytest.CaptureFixture[str], restore_logging: None):
    configure_logging(json=False)

    get_logger("heartwise.test").info("nudge_sent", user_id="u-123", body="Walk 2,000 more steps")

    out = capsys.readouterr().out
    assert "nudge_sent" in out
    assert "u-123" not in out
    assert "Walk 2,000" not in out


def test_redaction_does_not_mutate_the_callers_nested_data():
    reading = {"reading_id": "r-1", "value": {"systolic": 128}}

    _redact(reading=reading, ids=("u-1", {"user_id": "u-1"}))

    assert reading == {"reading_id": "r-1", "value": {"systolic": 128}}


@pytest.mark.parametrize("style", ["exception()", "exc_info tuple"])
def test_exception_info_still_renders_after_redaction(
    capsys: pytest.CaptureFixture[str], restore_logging: None, style: str
):
    configure_logging()
    log = get_logger("heartwise.test")
    try:
        raise ValueError("broker unreachable")
    except ValueError:
        if style == "exception()":
            log.exception("produce_failed", user_id="u-123")
        else:
            log.error("produce_failed", user_id="u-123", exc_info=sys.exc_info())

    line = json.loads(capsys.readouterr().out)
    assert line["event"] == "produce_failed"
    assert "ValueError: broker unreachable" in line["exception"]
    assert "u-123" not in json.dumps(line)
