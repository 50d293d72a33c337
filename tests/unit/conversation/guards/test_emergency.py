"""Emergency guard: categories, typos, negation, informational questions, third person, BP crisis."""

from __future__ import annotations

import pytest

from services.conversation.guards._text import damerau_levenshtein
from services.conversation.guards.emergency import detect_emergency


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm having crushing chest pain right now", "cardiac"),
        ("chest pian and sweating", "cardiac"),
        ("hart attack i think, help", "cardiac"),
        ("pain in my jaw and left arm, feel sick and sweaty", "cardiac"),
        ("I can't breathe", "breathing"),
        ("cant breath", "breathing"),
        ("my son is choking", "breathing"),
        ("my face is drooping and my speech is slurred", "stroke"),
        ("i think im having a stroek", "stroke"),
        ("worst headache of my life", "stroke"),
        ("my husband collapsed", "syncope"),
        ("I passed out in the shower", "syncope"),
        ("my BP is 210/130 and I have a terrible headache", "hypertensive_crisis"),
        ("220 over 130 and my vision is blurry", "hypertensive_crisis"),
        ("I want to kill myself", "self_harm"),
        ("i dont want to live anymore", "self_harm"),
        ("my daughter is having a seizure", "other"),
        ("he is unresponsive and not breathing", "other"),
        ("my throat is closing after peanuts", "other"),
        ("CHEST PAIN", "cardiac"),
    ],
)
def test_emergencies_are_caught_with_their_category(text: str, category: str) -> None:
    verdict = detect_emergency(text)
    assert verdict.is_emergency
    assert verdict.category == category
    assert verdict.signals


@pytest.mark.parametrize(
    "text",
    [
        "what causes chest pain?",
        "what are the signs of a heart attack?",
        "no chest pain today, just checking my numbers",
        "I don't have chest pain anymore, it went away last week",
        "my BP was 185/95 this morning, no symptoms, should I worry?",
        "BP 200/110 but I feel fine, no headache",
        "my grandfather had a stroke last year, how can I reduce my risk?",
        "I fainted once as a teenager, does that matter?",
        "this workout is killing me lol",
        "I'm dying to know my average steps",
        "what should I do if someone is choking?",
        "my app is not responding",
        "who painted the Mona Lisa?",
        "I cut myself while cooking",
        "ok",
        "",
    ],
)
def test_ordinary_messages_reusing_the_words_are_not_emergencies(text: str) -> None:
    assert not detect_emergency(text).is_emergency


def test_a_new_symptom_after_a_past_event_is_an_emergency() -> None:
    verdict = detect_emergency("I had a heart attack 5 years ago and now I have chest pain again")
    assert verdict.is_emergency
    assert verdict.category == "cardiac"


def test_crisis_numbers_need_a_symptom() -> None:
    assert not detect_emergency("my reading is 230/135").is_emergency
    verdict = detect_emergency("my reading is 230/135 and I'm confused")
    assert verdict.category == "hypertensive_crisis"
    assert "bp:230/135" in verdict.signals


def test_physical_emergency_wins_over_self_harm_for_the_category() -> None:
    verdict = detect_emergency("I took a whole bottle of pills and now I can't breathe")
    assert verdict.category == "breathing"
    assert "self_harm:overdose_intent" in verdict.signals


def test_edit_distance_counts_a_transposition_as_one_edit() -> None:
    assert damerau_levenshtein("pian", "pain") == 1
    assert damerau_levenshtein("stroek", "stroke") == 1
    assert damerau_levenshtein("heat", "heart") == 1
    assert damerau_levenshtein("walk", "talk") == 1
    assert damerau_levenshtein("cat", "dog") == 3


@pytest.mark.parametrize(("text", "emergency"), [
    ("what should i do if my dad is having chest pain", True),  # may be happening as they type
    ("what do we do if my wife is having a stroke", True),
    ("how do i know if my friend is having a stroke", False),  # recognising signs: a general question
    ("what should i do if someone is having a heart attack", False),  # first aid in general
])
def test_asking_what_to_do_for_ones_own_person_now_is_an_emergency(text: str, emergency: bool) -> None:
    assert detect_emergency(text).is_emergency is emergency
