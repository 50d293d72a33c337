"""Concepts the round-14 blind batch showed missing (breathless past speaking, pulmonary embolism, bleeding that
will not stop, head injury with repetition, a meter's "LO", quiet farewells, method questions, crash intent,
drooling from one corner of the mouth; injections describing the prompt rather than naming it, chat-format
smuggling, "versions of you", other users by time or by e-mail list), tested with wording of their own."""

from __future__ import annotations

from services.conversation.guards.language import detect_language


def test_letters_english_never_uses_are_no_close_call() -> None:
    assert not detect_language("Bună dimineața, pot să beau cafea?").is_supported
    assert detect_language("is a café latte ok with my meds?").is_supported
