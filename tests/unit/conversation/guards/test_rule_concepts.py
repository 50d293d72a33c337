"""Rounds 8-17's rules-level concept checks (tables in `rule_concepts.py`), each message judged by the
rules alone, without the learned layer. Case ids name the round and the table."""

from __future__ import annotations

from typing import Any

import pytest
from guard_concepts import CHECKS
from rule_concepts import ROUNDS

CASES = [
    pytest.param(check, case, id=f"round{round_no}-{table}-{index}")
    for round_no, tables in ROUNDS.items()
    for check, table, cases in tables
    for index, case in enumerate(cases)
]


@pytest.mark.parametrize(("check", "case"), CASES)
def test_rule_concept(check: str, case: Any) -> None:
    CHECKS[check](case)
