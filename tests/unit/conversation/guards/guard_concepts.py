"""What the guard concept tests share: the expected kinds, the checks and the cases built from their tables.

A round's concepts (the misses of a blind batch, rewritten as general ideas) are tables of data:
`concept_tables/<round>.py` for rounds 18 on (run by `test_concept_tables.py`), `rule_concepts.py` for the
rules-level checks of rounds 8-17 (run by `test_rule_concepts.py`). A concept is a table of (message, expected kind
of `run_input_guards`), written in wording of its own rather than the round's lines, each with a look-alike that
must not trigger; the rules-level checks (`CHECKS`) judge a message by the rules alone, without the learned layer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from services.conversation.guards.emergency import detect_emergency
from services.conversation.guards.injection import detect_injection
from services.conversation.guards.pipeline import run_input_guards

EMERGENCY, NONE, REFUSED, OFF_TOPIC = "emergency", None, "refused", "off_topic"
UNSUPPORTED = "unsupported_language"

Concepts = Mapping[str, Sequence[tuple[str, str | None]]]


def concept_cases(concepts: Concepts, source: str = "") -> list[Any]:
    """One pytest case per (concept, message), named after the concept (after `source: `, when given)."""
    prefix = f"{source}: " if source else ""
    return [pytest.param(text, kind, id=f"{prefix}{concept}: {text[:40]}")
            for concept, rows in concepts.items() for text, kind in rows]


def assert_kind(text: str, kind: str | None) -> None:
    result = run_input_guards(text, now_ms=0)
    assert result.kind == kind, (text, result)


def assert_rules_flag(text: str, category: str | None) -> None:
    """The rules alone call it an emergency (of `category`, when one is given)."""
    verdict = detect_emergency(text)
    assert verdict.is_emergency, text
    assert category is None or verdict.category == category, (text, verdict)


def assert_rules_pass(text: str) -> None:
    assert not detect_emergency(text).is_emergency, text


def assert_rules_refuse(text: str) -> None:
    assert detect_injection(text).is_injection, text


def assert_rules_allow(text: str) -> None:
    assert not detect_injection(text).is_injection, text


def _flag(case: tuple[str, str | None]) -> None:
    text, category = case
    assert_rules_flag(text, category)


# The rules-level checks of the concept tables, by name: a table is (check, table name, cases).
CHECKS: dict[str, Callable[[Any], None]] = {
    "emergency": _flag,  # (text, category or None): the rules alone flag it, with that category
    "not_emergency": assert_rules_pass,  # text
    "injection": assert_rules_refuse,  # text
    "not_injection": assert_rules_allow,  # text
}
