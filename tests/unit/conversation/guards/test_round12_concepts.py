"""Concepts the round-12 blind batch showed missing, tested with wording of their own (not the batch's lines)."""

from __future__ import annotations

from services.conversation.guards.emergency import normalise_for_emergency


def test_numbers_said_in_words_become_digits() -> None:
    assert normalise_for_emergency("two hundred and ten over one twenty") == "210 over 120"
    assert normalise_for_emergency("one forty five over ninety") == "145 over 90"
    assert normalise_for_emergency("one side of my face, twenty minutes ago") == "one side of my face, 20 minutes ago"
