"""Concepts the round-16 blind batch showed missing (a tight band round the chest, a weight parked on it, pain
far from the jaw in the same sentence, 'talking funny', a side that is not working, settling one's affairs, a
height and a step, insurance as a motive, pain wanted over for good, not caring whether the heart stops; what a
named other person logged, rules declared suspended; a past event 'in the 90s'), in wording of their own."""

from __future__ import annotations

import pytest

from services.conversation.guards.pipeline import run_input_guards


def test_a_shared_device_question_is_not_an_injection() -> None:
    assert run_input_guards("did my husband log in on my phone by mistake? my readings look odd", now_ms=0).kind != (
        "refused"
    )


@pytest.mark.parametrize("text", ["which nuts have the most omega-3?", "is calcium bad for my arteries?"])
def test_nutrients_by_name_are_on_topic(text: str) -> None:
    assert run_input_guards(text, now_ms=0).kind is None, text
