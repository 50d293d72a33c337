"""Concepts the round-9 blind batch showed missing, tested with wording of their own (not the batch's lines)."""

from __future__ import annotations

import pytest

from services.conversation.guards.emergency import detect_emergency_learned
from services.conversation.guards.language import detect_language


def test_learned_layer_does_not_judge_other_languages() -> None:
    assert not detect_emergency_learned("quel est le meilleur moment pour marcher plus longtemps").is_emergency


@pytest.mark.parametrize("text", ["grazie mille", "muchas gracias", "vielen dank", "merci beaucoup", "bom dia"])
def test_short_foreign_courtesies_are_foreign(text: str) -> None:
    assert not detect_language(text).is_supported


@pytest.mark.parametrize("text", ["merci", "gracias", "ok merci", "thanks a lot", "ciao", "tag"])
def test_single_borrowed_words_stay_english(text: str) -> None:
    assert detect_language(text).is_supported


def test_accented_words_are_not_split_into_english_words() -> None:
    assert not detect_language("obrigado, até amanhã").is_supported
