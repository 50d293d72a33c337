"""Concepts the round-10 blind batch showed missing, tested with wording of their own (not the batch's lines)."""

from __future__ import annotations

import pytest

from services.conversation.guards.topic import classify_topic


@pytest.mark.parametrize("text", ["write me some song lyrics about the sea", "who was the referee in the final"])
def test_writing_and_sport_rules_are_off_topic(text: str) -> None:
    assert not classify_topic(text).on_topic


@pytest.mark.parametrize("text", ["i blacked out at the beach last summer", "can heat stroke damage the heart"])
def test_fainting_stories_are_on_topic(text: str) -> None:
    assert classify_topic(text).on_topic
