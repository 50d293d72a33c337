"""Emergencies in other languages win over the language guard; replies in the user's language."""

from __future__ import annotations

import pytest

from services.conversation.guards import replies
from services.conversation.guards.emergency import detect_emergency
from services.conversation.guards.emergency_i18n import fold
from services.conversation.guards.pipeline import run_input_guards

NOW_MS = 1_795_647_600_000


@pytest.mark.parametrize(
    ("text", "category", "language"),
    [
        ("me duele el pecho muchísimo", "cardiac", "es"),
        ("mi esposo no puede respirar", "breathing", "es"),
        ("ya no quiero vivir", "self_harm", "es"),
        ("j'ai une douleur dans la poitrine depuis une heure", "cardiac", "fr"),
        ("mon père a perdu connaissance", "other", "fr"),
        ("Ich kriege keine Luft mehr", "breathing", "de"),
        ("meine Mutter ist ohnmächtig", "syncope", "de"),
        ("estou sem ar, socorro", "breathing", "pt"),
        ("mia madre è svenuta in cucina", "syncope", "it"),
        ("胸口好痛", "cardiac", "zh"),
        ("我不想活了，太累了", "self_harm", "zh"),
        ("息が苦しい", "breathing", "ja"),
        ("숨을 못 쉬겠어요", "breathing", "ko"),
        ("ألم في صدري", "cardiac", "ar"),
        ("सांस लेने में तकलीफ हो रही है", "breathing", "hi"),
        ("у папы инсульт, лицо перекосило", "stroke", "ru"),
        ("toi kho tho qua", "breathing", "vi"),
        ("nahimatay si lola", "syncope", "tl"),
        ("nefes alamıyorum yardım edin", "breathing", "tr"),
        ("ik heb het gevoel dat ik een hartaanval heb, help", "cardiac", "nl"),
        ("nie mogę oddychać", "breathing", "pl"),
    ],
)
def test_emergencies_in_other_languages(text: str, category: str, language: str) -> None:
    verdict = detect_emergency(text)
    assert verdict.is_emergency
    assert verdict.category == category
    assert verdict.language == language


@pytest.mark.parametrize(
    "text",
    [
        "no tengo dolor en el pecho hoy",  # negated
        "mi abuelo murió de un infarto hace diez años",  # past
        "¿cuáles son los síntomas de un infarto?",  # informational
        "keine Brustschmerzen, nur Kopfweh",
        "我没有胸痛，只是有点累",
        "je n'ai pas mal à la poitrine",
        "¿Cuántos pasos debo caminar cada día?",
        "Quelle est une tension artérielle normale ?",
        "I'm not suicidal, just tired of my diet",
        "I used to have suicidal thoughts years ago, now I want to get fit",
    ],
)
def test_ordinary_messages_in_other_languages_are_not_emergencies(text: str) -> None:
    assert not detect_emergency(text).is_emergency


def test_foreign_emergency_gets_the_emergency_reply_not_the_language_reply() -> None:
    result = run_input_guards("no puedo respirar", now_ms=NOW_MS)
    assert result.kind == "emergency"
    assert result.category == "breathing"
    assert "language:es" in result.flags
    assert result.reply is not None
    assert "911" in result.reply
    assert "Llame" in result.reply
    assert replies.EMERGENCY_REPLY in result.reply


@pytest.mark.parametrize("language", sorted(replies.LOCALISED_EMERGENCY_REPLIES))
def test_localised_self_harm_reply_names_988_and_local_emergency_services(language: str) -> None:
    reply = replies.emergency_reply("self_harm", language=language)
    localised = replies.LOCALISED_EMERGENCY_REPLIES[language][2]
    assert reply.startswith(localised)
    assert "988" in localised
    assert "911" in localised
    assert reply.endswith(replies.SELF_HARM_REPLY)


def test_self_harm_in_another_language_is_answered_in_it() -> None:
    result = run_input_guards("quiero morirme", now_ms=NOW_MS)
    assert result.kind == "emergency"
    assert result.category == "self_harm"
    assert result.reply is not None
    assert result.reply.startswith(replies.LOCALISED_EMERGENCY_REPLIES["es"][2])
    assert "988" in result.reply


def test_language_without_a_localised_reply_falls_back_to_english() -> None:
    assert replies.emergency_reply("cardiac", language="sv") == replies.EMERGENCY_REPLY
    assert replies.emergency_reply("stroke", language=None) == replies.STROKE_REPLY


def test_folding_removes_accents_and_maps_letters_that_do_not_decompose() -> None:
    assert fold("NÃO consigo") == "nao consigo"
    assert fold("Tôi không thở được") == "toi khong tho duoc"
    assert fold("zawał") == "zawal"
    assert fold("nefes alamıyorum") == "nefes alamiyorum"
