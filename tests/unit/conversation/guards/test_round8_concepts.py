"""Concepts the round-8 blind batch showed missing from the rules, tested with wording of their own (not the
batch's lines): the rules must hold the concept, not the sentence."""

from __future__ import annotations

import pytest

from services.conversation.guards.topic import classify_topic


@pytest.mark.parametrize("text", ["what is 12 plus 30", "whats 7*8", "145 divided by 5?"])
def test_bare_arithmetic_is_off_topic(text: str) -> None:
    assert not classify_topic(text).on_topic


@pytest.mark.parametrize("text", ["120/80?", "walk 3 times a week ok?", "i take it 2 times a day"])
def test_readings_and_frequencies_are_not_arithmetic(text: str) -> None:
    assert classify_topic(text).on_topic
