"""Language guard: English passes, other languages are recognised, short texts are never judged."""

from __future__ import annotations

import pytest

from services.conversation.guards import language
from services.conversation.guards.language import detect_language


def test_detector_is_built_lazily_and_once() -> None:
    assert language.get_detector() is language.get_detector()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("¿Cuál es una presión arterial normal para mi edad?", "es"),
        ("Quelle est une tension artérielle normale ?", "fr"),
        ("Wie viele Schritte sollte ich pro Tag gehen?", "de"),
        ("Quantos passos devo dar por dia?", "pt"),
        ("我的手表无法与应用同步", "zh"),
        ("時計がアプリと同期しません", "ja"),
        ("시계가 앱과 동기화되지 않아요", "ko"),
        ("هل القهوة ترفع ضغط الدم؟", "ar"),
        ("क्या कॉफी से रक्तचाप बढ़ता है?", "hi"),
        ("Мои часы не синхронизируются с приложением", "ru"),
        ("Cà phê có làm tăng huyết áp không?", "vi"),
        ("Hindi nagsi-sync ang relo ko sa app", "tl"),
    ],
)
def test_non_english_is_recognised(text: str, code: str) -> None:
    verdict = detect_language(text)
    assert not verdict.is_supported
    assert verdict.language_code == code


@pytest.mark.parametrize(
    "text",
    ["ok", "thanks", "120/80?", "hi", "why?", "👍", "gracias", "谢谢", "спасибо", "ok thx", "is 140/90 bad"],
)
def test_short_texts_are_allowed(text: str) -> None:
    verdict = detect_language(text)
    assert verdict.is_supported
    assert verdict.language_code is None


@pytest.mark.parametrize(
    "text",
    [
        "What is a normal blood pressure for my age?",
        "how do I pair my Omron cuff",
        "are bananas good for potassium?",
        "My abuela says garlic lowers blood pressure, is that true?",
    ],
)
def test_english_is_supported(text: str) -> None:
    assert detect_language(text).is_supported
