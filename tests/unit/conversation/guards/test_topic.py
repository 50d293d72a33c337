"""Topic guard: health, data, app and small talk stay on-topic; general-assistant requests do not."""

from __future__ import annotations

import pytest

from services.conversation.guards.topic import classify_topic


@pytest.mark.parametrize(
    "text",
    [
        "how can I lower my blood pressure",
        "how much metoprolol should I take",
        "my watch isn't syncing",
        "give me a healthy low sodium dinner recipe",
        "is it safe to fly with high blood pressure",
        "summarize my week",
        "ok",
        "thanks",
        "120/80?",
        "hi",
        "why?",
        "what can you do?",
    ],
)
def test_on_topic(text: str) -> None:
    verdict = classify_topic(text)
    assert verdict.on_topic
    assert verdict.score >= -1.0


@pytest.mark.parametrize(
    "text",
    [
        "who won the Lakers game last night?",
        "write a python function to reverse a linked list",
        "help me with my calculus homework",
        "who will win the next presidential election",
        "give me a recipe for chocolate cake",
        "book me a flight to Tokyo",
        "should I buy Tesla stock",
        "what's the weather tomorrow in Chicago",
        "tell me a joke",
        "write an essay about the French revolution",
    ],
)
def test_off_topic(text: str) -> None:
    verdict = classify_topic(text)
    assert not verdict.on_topic
    assert verdict.score < -1.0
