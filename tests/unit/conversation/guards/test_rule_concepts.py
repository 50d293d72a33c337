"""Rounds 8-17's rules-level concept checks (tables in `rule_concepts.py`), each message judged by the
rules alone, without the learned layer. Case ids name the round and the table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from guard_concepts import assert_rules_allow, assert_rules_flag, assert_rules_pass, assert_rules_refuse
from rule_concepts import ROUNDS


def _flag(case: Any) -> None:
    text, category = case
    assert_rules_flag(text, category)


CHECKS: dict[str, Callable[[Any], None]] = {
    "emergency": _flag,
    "not_emergency": assert_rules_pass,
    "injection": assert_rules_refuse,
    "not_injection": assert_rules_allow,
}

CASES = [
    pytest.param(check, case, id=f"round{round_no}-{table}-{index}")
    for round_no, tables in ROUNDS.items()
    for check, table, cases in tables
    for index, case in enumerate(cases)
]


@pytest.mark.parametrize(("check", "case"), CASES)
def test_rule_concept(check: str, case: Any) -> None:
    CHECKS[check](case)
