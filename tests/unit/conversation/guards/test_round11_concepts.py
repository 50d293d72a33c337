"""Concepts the round-11 blind batch showed missing, tested with wording of their own (not the batch's lines)."""

from __future__ import annotations

import pytest

from services.conversation.guards.topic import classify_topic


@pytest.mark.parametrize(
    "text", ["is a short nap after lunch ok", "what is a good bedtime for me", "sorry for the typos"]
)
def test_sleep_and_chat_remarks_are_on_topic(text: str) -> None:
    assert classify_topic(text).on_topic
