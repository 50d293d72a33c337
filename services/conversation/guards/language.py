"""Language guard: the assistant answers in English only; other languages get a reply in their language.

The lingua detector is built lazily by ``get_detector()`` (never at import) from a limited set of
languages: English plus the languages most spoken by US users and worldwide. Fewer candidate
languages means fewer models in memory and fewer false alarms between close languages.
Choices (measured with ``loadtest/guard_scores.py`` and a mode comparison on this machine, 20 languages):
- accuracy mode: high accuracy (all n-gram models), the lingua default. Low-accuracy mode (trigrams only)
  needs about 11 MB instead of about 350 MB of models and is ~3x faster (p95 0.14 ms vs 0.49 ms per
  message), but it misreads 4-8 word English ("how do I pair my Omron cuff" as Dutch, "I walked 12k
  steps today" as Turkish): 3 of ~120 English messages refused, against 0 in high-accuracy mode.
  Refusing an English user costs more than the memory, so high accuracy is the default; a deployment
  short of memory can pass ``low_accuracy=True`` to ``get_detector``. Models load lazily on first
  use (no ``with_preloaded_language_models``): the first message pays about half a second once;
- minimum relative distance 0.1: when English and another language are too close to call, lingua
  returns None and the message is allowed (a wrongly refused English message costs more than an
  unanswered foreign one, which the model would still handle politely);
- a second opinion for Latin-script text: when at least a third of its words are English function
  words, it stays English whatever the detector guessed.
Short texts (fewer than 3 words or 12 letters, numbers, emoji: "ok", "thanks", "120/80?") are too
short to judge and are allowed as English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

SUPPORTED_LANGUAGES = frozenset({"en"})
# ISO 639-1 codes given to lingua besides English (US census top non-English home languages +
# most-spoken world languages).
CANDIDATE_LANGUAGES = (
    "en",
    "es",
    "fr",
    "de",
    "pt",
    "it",
    "nl",
    "pl",
    "ru",
    "uk",
    "zh",
    "ja",
    "ko",
    "ar",
    "hi",
    "vi",
    "tl",
    "tr",
    "fa",
    "id",
)
MIN_RELATIVE_DISTANCE = 0.1
MIN_WORDS = 3
MIN_LETTERS = 12
# Han, kana and Hangul carry a word or syllable per character: this many make a judgeable text.
MIN_CJK_CHARS = 6
# Share of letters outside the Latin script above which a text is non-English whatever lingua says.
NON_LATIN_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class LanguageVerdict:
    is_supported: bool
    language_code: str | None = None  # ISO 639-1; None = too short or unknown


# Function words that are English and not also common words of a candidate language ("a", "do", "no",
# "me", "in", "is", "was", "to", "on" are left out: Spanish, Portuguese, Polish, Dutch and German use them).
_ENGLISH_FUNCTION_WORDS = frozenset(
    {
        "the",
        "my",
        "what",
        "how",
        "does",
        "did",
        "i",
        "you",
        "your",
        "are",
        "for",
        "with",
        "and",
        "should",
        "can",
        "could",
        "would",
        "it",
        "this",
        "that",
        "of",
        "be",
        "have",
        "has",
        "why",
        "when",
        "which",
        "who",
        "good",
        "bad",
        "much",
        "many",
        "after",
        "before",
        "about",
        "from",
        "not",
        "don't",
        "at",
        "or",
        "if",
        "there",
        "they",
        "we",
        "he",
        "she",
        "our",
        "their",
        "get",
        "am",
        "i'm",
        "it's",
        "what's",
        "is",
        "any",
        "some",
        "more",
        "than",
        "been",
        "being",
        "just",
        "very",
        "really",
        "",
    }
)
# Share of words that must be English function words for an English verdict to override lingua's
# guess on a Latin-script text (detectors are weakest on 4-8 word texts).
ENGLISH_FUNCTION_WORD_SHARE = 1 / 3

_URL_OR_HANDLE = re.compile(r"https?://\S+|www\.\S+|@\w+|\S+@\S+")
_LATIN_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=2)
def get_detector(*, low_accuracy: bool = False) -> LanguageDetector:
    """Builds the detector once per mode, on first use (never at import; see the module docstring)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in CANDIDATE_LANGUAGES]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _script_profile(text: str) -> tuple[int, int, int]:
    """(letters, CJK/kana/Hangul characters, letters outside Latin script)."""
    letters = cjk = non_latin = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        name = unicodedata.name(ch, "")
        if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
            cjk += 1
        if not name.startswith("LATIN"):
            non_latin += 1
    return letters, cjk, non_latin


def is_too_short(text: str) -> bool:
    """True for acknowledgements, numbers and emoji that no detector can judge reliably."""
    cleaned = _URL_OR_HANDLE.sub(" ", text)
    letters, cjk, _ = _script_profile(cleaned)
    if cjk:
        return cjk < MIN_CJK_CHARS
    return len(_LATIN_WORD.findall(cleaned)) < MIN_WORDS or letters < MIN_LETTERS


def detect_language(text: str) -> LanguageVerdict:
    """Decides whether ``text`` is in a supported language (English)."""
    if is_too_short(text):
        return LanguageVerdict(True, None)
    cleaned = _URL_OR_HANDLE.sub(" ", text)
    language = get_detector().detect_language_of(cleaned)
    code = language.iso_code_639_1.name.lower() if language is not None else None
    letters, _, non_latin = _script_profile(cleaned)
    if code is None:
        # Too close to call. A text mostly outside the Latin script is still clearly not English.
        if letters and non_latin / letters > NON_LATIN_SHARE:
            return LanguageVerdict(False, None)
        return LanguageVerdict(True, None)
    if code not in SUPPORTED_LANGUAGES and non_latin == 0 and _english_share(cleaned) >= ENGLISH_FUNCTION_WORD_SHARE:
        return LanguageVerdict(True, "en")
    return LanguageVerdict(code in SUPPORTED_LANGUAGES, code)


def _english_share(text: str) -> float:
    words = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) if words else 0.0


def warm_up() -> None:
    """Loads the models (about 2 s in high-accuracy mode); call from the app's lifespan, not at import."""
    detect_language("Is this blood pressure reading normal for my age?")
