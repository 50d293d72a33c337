"""The concept tables of rounds 18 on, one data module a round group in `concept_tables/` (a new round's
concepts = a new data file there; nothing here changes). Each module has `CONCEPTS` (concept -> [(message,
expected kind of `run_input_guards`)], judged end to end) and `RULES` ([(check, table name, cases)], judged by
the rules alone through `guard_concepts.CHECKS`, as `rule_concepts.py` is for rounds 8-17). Case ids start with
the module's name. A check with expected values of its own, not a table row, goes in `test_concept_specials.py`."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from guard_concepts import CHECKS, assert_kind, concept_cases

TABLES = Path(__file__).parent / "concept_tables"


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"concept_tables.{path.stem}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MODULES = {path.stem: _load(path) for path in sorted(TABLES.glob("*.py"))}
assert MODULES, f"no concept tables in {TABLES}"


def _text(case: Any) -> str:
    return case if isinstance(case, str) else case[0]


CONCEPT_CASES = [case for name, module in MODULES.items() for case in concept_cases(module.CONCEPTS, name)]
RULE_CASES = [
    pytest.param(check, case, id=f"{name}: {table}: {_text(case)[:40]}")
    for name, module in MODULES.items()
    for check, table, cases in module.RULES
    for case in cases
]


@pytest.mark.parametrize(("text", "kind"), CONCEPT_CASES)
def test_concept(text: str, kind: str | None) -> None:
    assert_kind(text, kind)


@pytest.mark.parametrize(("check", "case"), RULE_CASES)
def test_rule(check: str, case: Any) -> None:
    CHECKS[check](case)
