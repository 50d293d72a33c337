"""The typo pass: a second reading of a message with unknown words corrected to the rules' own words, in
English and in the other languages' lexicons; it only adds verdicts, and never rewrites the words that make a
symptom harmless or a real word seen in the labelled messages."""

from __future__ import annotations

import pytest

from services.conversation.guards.emergency import detect_emergency


@pytest.mark.parametrize(
    "text",
    [
        "i dont wunt to be alive anymore",
        "clal an ambulance now",
        "there is no reuson to keep living",
        "my dad is not reponsive",
        "i hoep i never wkae up",
        "nibody would care if i died",
        "non riesco a repsirare",
        "ma mere ne repsire plus",
        "tengo un dolor fuerte en el pehco",
    ],
)
def test_one_typo_does_not_hide_an_emergency(text: str) -> None:
    verdict = detect_emergency(text)
    assert verdict.is_emergency, text


def test_the_english_typo_pass_is_flagged() -> None:
    assert "typo_corrected" in detect_emergency("clal an ambulance now").signals


@pytest.mark.parametrize(
    "text",
    [
        "cut myself shaving, does aspirin make it bleed longer",
        "i'm choking on all this info, can you summarise my week",
        "years ago i was suicidal but i'm doing much better now",
        "i'm doing fine, what's my average heart rate",
        "my sister went to the gym and felt great",
    ],
)
def test_real_words_and_harmless_context_are_not_corrected_into_an_emergency(text: str) -> None:
    assert not detect_emergency(text).is_emergency, text
