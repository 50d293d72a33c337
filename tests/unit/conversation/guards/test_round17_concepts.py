"""Concepts the round-17 blind batch showed missing (crushing pain that will not ease, a heart too fast to count
with spots, a limb that stopped working, finding words, 'my last night', a means at hand, a stockpiled drug,
nothing left to live for; other people's figures with their names, the prompt located 'before my messages';
contracts and product copy as off-topic; German 'fällt' is not a typo of 'lallt'), in wording of their own."""

from __future__ import annotations

import pytest

from services.conversation.guards.pipeline import run_input_guards


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("help me get out of my apartment lease early", "off_topic"),
        ("draft some sales copy for my bakery's website", "off_topic"),
        ("can I cancel my cardio rehab sessions if I feel fine?", None),
    ],
)
def test_contracts_and_copy_are_off_topic(text: str, kind: str | None) -> None:
    assert run_input_guards(text, now_ms=0).kind == kind, text
