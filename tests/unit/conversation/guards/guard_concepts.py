"""What every per-round concept test module (test_round*_concepts.py) shares.

A round's concepts are a table per concept of (message, expected kind of `run_input_guards`), written in
wording of their own rather than the round's lines, each with a look-alike that must not trigger; plus a
few messages whose emergency category the rules alone (without the learned layer) must name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from services.conversation.guards.emergency import detect_emergency
from services.conversation.guards.injection import detect_injection
from services.conversation.guards.pipeline import run_input_guards

EMERGENCY, NONE, REFUSED, OFF_TOPIC = "emergency", None, "refused", "off_topic"
UNSUPPORTED = "unsupported_language"

Concepts = Mapping[str, Sequence[tuple[str, str | None]]]


def concept_cases(concepts: Concepts) -> list[Any]:
    """One pytest case per (concept, message), named after the concept."""
    return [pytest.param(text, kind, id=f"{concept}: {text[:40]}")
            for concept, rows in concepts.items() for text, kind in rows]


def assert_kind(text: str, kind: str | None) -> None:
    result = run_input_guards(text, now_ms=0)
    assert result.kind == kind, (text, result)


def assert_rules_name(text: str, category: str) -> None:
    verdict = detect_emergency(text)
    assert verdict.is_emergency and verdict.category == category, (text, verdict)


def assert_rules_flag(text: str, category: str | None) -> None:
    """The rules alone call it an emergency (of `category`, when one is given)."""
    verdict = detect_emergency(text)
    assert verdict.is_emergency, text
    assert category is None or verdict.category == category


def assert_rules_pass(text: str) -> None:
    assert not detect_emergency(text).is_emergency, text


def assert_rules_refuse(text: str) -> None:
    assert detect_injection(text).is_injection, text


def assert_rules_allow(text: str) -> None:
    assert not detect_injection(text).is_injection, text
