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
  words, it stays English whatever the detector guessed. This check runs first, so most English messages
  never reach lingua (the same verdict, at a fraction of the cost);
- a script that only one candidate language writes in (Hangul, kana, Thai, Hebrew, Greek, Bengali, ...)
  names the language without lingua; Latin, Cyrillic, Arabic and Han text goes to lingua;
- a short Latin-script text (up to ``CLOSE_CALL_MAX_WORDS`` words) on which English is a close runner-up
  (at least ``CLOSE_CALL_ENGLISH_RATIO`` of the winner's confidence) is not confidently foreign and is
  allowed: "convert 200 pesos to dollars" is English with a Spanish word in it, "i think im having a stroek"
  English with a typo. On the labelled sets, real foreign texts of up to 8 words score English at most 0.2
  of the winner, English ones misread as foreign 0.4 or more. A text with several grammar words of other
  languages, no English one and English not even the runner-up is no close call ("ma tension est de 140/90,
  est-ce grave ?"); Hindi written in Latin letters (Hinglish), which lingua does not model, is told by its
  grammar words as Haitian Creole is;
Short texts (fewer than 3 words or 12 letters, numbers, emoji: "ok", "thanks", "120/80?") are too
short to judge and are allowed as English, and so is a single foreign word in any script ("merci", "спасибо",
"谢谢": English speakers use some, and one word is a weak signal); two or more words that are all foreign courtesy
words ("grazie mille") or mostly in another script ("спасибо большое") are not English. Text mostly in another
script needs fewer letters (8): "كيف أحسن نومي؟" (how do I sleep better?) is plainly not English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from services.conversation.guards._text import ENGLISH_FUNCTION_WORD_SHARE, english_share

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
    # Added after the red-team set: Scandinavian, which lingua otherwise calls "too close" between Indonesian
    # and Tagalog ("hur många steg har jag gått idag?"), and Urdu (Arabic script). Each Latin-script language
    # costs every Latin-script message a model: with Finnish, Romanian, Czech and Hungarian too, the p95 CPU
    # time of a detection went from 0.2 to 0.7 ms on this machine, with these four to about 0.26 ms.
    "sv",
    "da",
    "nb",
    "ur",
)
# Scripts written by one language of interest: no detector needed to name it.
SCRIPT_LANGUAGES = {
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "THAI": "th",
    "HEBREW": "he",
    "GREEK": "el",
    "BENGALI": "bn",
    "GUJARATI": "gu",
    "GURMUKHI": "pa",
    "TAMIL": "ta",
    "TELUGU": "te",
    "KANNADA": "kn",
    "MALAYALAM": "ml",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "KHMER": "km",
    "LAO": "lo",
    "MYANMAR": "my",
    "ETHIOPIC": "am",
    "DEVANAGARI": "hi",
}
CLOSE_CALL_MAX_WORDS = 8
CLOSE_CALL_ENGLISH_RATIO = 0.4
# Letters a text mostly outside the Latin script needs to be judged (with MIN_WORDS words).
MIN_NON_LATIN_LETTERS = 8
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


_URL_OR_HANDLE = re.compile(r"https?://\S+|www\.\S+|@\w+|\S+@\S+")
_LATIN_WORD = re.compile(r"[^\W\d_]+")
# Medication names by their international (INN) stems, doses and prescription shorthand ("bisoprolol 2.5mg od",
# "furosemide 40mg qAM"): the same in every language, so a medication list says nothing about the language it
# is written in and is left out of the judgement (lingua reads a list of drug names as Italian or Latin); so do the
# labels of a reading's vital signs.
_CLINICAL_TOKEN = re.compile(
    r"(?i)\b[a-z]+(?:olol|pril|prilat|sartan|statin|semide|lactone|parin|xaban|gatran|dipine|thiazide|azosin|afil"
    r"|arone|oxin|grel|trel|mide|zepam|zolam|tidine|prazole|formin|gliflozin|gliptin|glutide)\b"
    r"|\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|ml|mmol|units?|iu)\b|\b(?:od|bd|bid|tds|tid|qds|qid|qam|qpm|qhs|qd|prn"
    r"|nocte|mane|tx|rx|hfref|hfpef|hfmref|afib|ckd|copd)\b"
    # the names of a reading's vital signs ("diastolic 92 systolic 139 hr 70"): the same labels in any language
    r"|\b(?:systolic|diastolic|sys|dia|hr|bp|bpm|mmhg|spo2|pulse)\b"
    # rounds 51-53: a sum of money by its currency ("40 gbp", "to euros"): the same in any language, while lingua
    # reads "euros" or "pesos" as Spanish
    r"|\b(?:\d+(?:[.,]\d+)?\s*|(?:to|into|in)\s+)(?:usd|eur|gbp|jpy|cad|aud|chf|inr|mxn|cny|euros?|dollars?"
    r"|pesos?|pounds?|rupees?|yen|yuan|francs?)\b"
)


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


# Courtesy words of other languages that are not English words: a short message made only of them ("grazie mille",
# "obrigado, até amanhã") is plainly foreign, while a single one ("merci", "gracias") is left alone, as English
# speakers use them too.
_FOREIGN_COURTESY = frozenset(
    (
        "grazie",
        "mille",
        "prego",
        "buongiorno",
        "buonasera",
        "buonanotte",
        "arrivederci",
        "perfetto",
        "obrigado",
        "obrigada",
        "até",
        "amanhã",
        "tchau",
        "bom",
        "dia",
        "boa",
        "tarde",
        "noite",
        "gracias",
        "muchas",
        "mañana",
        "hasta",
        "luego",
        "buenos",
        "buenas",
        "días",
        "dias",
        "noches",
        "tardes",
        "adiós",
        "adios",
        "claro",
        "merci",
        "beaucoup",
        "bonjour",
        "bonsoir",
        "bonne",
        "nuit",
        "salut",
        "revoir",
        "très",
        "tres",
        "bien",
        "danke",
        "schön",
        "schon",
        "vielen",
        "dank",
        "bitte",
        "guten",
        "morgen",
        "abend",
        "tag",
        "tschüss",
        "tschuss",
        "wiedersehen",
        "alles",
        "gute",
        "dziękuję",
        "dziekuje",
        "dzięki",
        "dzieki",
        "bardzo",
        "dobry",
        "dzień",
        "dzien",
        "bedankt",
        "dank",
        "je",
        "wel",
        "goedemorgen",
        "så",
        "mycket",
        "takk",
        "tusen",
        "hej",
        "teşekkürler",
        "tesekkurler",
        "teşekkür",
        "ederim",
        "günaydın",
        "terima",
        "kasih",
        "selamat",
        "pagi",
        "salamat",
        # Tagalog's politeness particle and "many" ("salamat po", "maraming salamat po"): no English word
        "po",
        "maraming",
        "cảm",
        "ơn",
    )
)


def _foreign_courtesy(text: str) -> bool:
    words = _LATIN_WORD.findall(text.lower())
    return len(words) >= 2 and all(w in _FOREIGN_COURTESY for w in words)


def is_too_short(text: str) -> bool:
    """True for acknowledgements, numbers and emoji that no detector can judge reliably."""
    cleaned = _URL_OR_HANDLE.sub(" ", text)
    letters, cjk, non_latin = _script_profile(cleaned)
    if cjk:
        return cjk < MIN_CJK_CHARS
    words = len(_LATIN_WORD.findall(cleaned))
    if letters and non_latin / letters > NON_LATIN_SHARE:
        return words < MIN_WORDS or letters < MIN_NON_LATIN_LETTERS
    return words < MIN_WORDS or letters < MIN_LETTERS


def _short_foreign_script(text: str) -> bool:
    """Two or more words mostly outside the Latin script ("спасибо большое", "Ευχαριστώ πολύ"): plainly not English,
    like two Latin-script courtesy words ("grazie mille"). Han and kana text is judged by its character count."""
    cleaned = _URL_OR_HANDLE.sub(" ", text)
    letters, cjk, non_latin = _script_profile(cleaned)
    if cjk or not letters or non_latin / letters <= NON_LATIN_SHARE:
        return False
    foreign_words = [w for w in _LATIN_WORD.findall(cleaned) if _script_profile(w)[2] == len(w)]
    return len(foreign_words) >= 2  # "BP 120/80 спасибо" has one: an English message with a foreign thanks


def _top_language(text: str) -> str | None:
    ranked = _ranked(text)
    return ranked[0][0] if ranked and ranked[0][1] > 0 and ranked[0][0] != "en" else None


def _script_language(text: str) -> str | None:
    """The language of the script most letters of ``text`` are in, when only one language writes it."""
    counts: dict[str, int] = {}
    letters = han = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            script = unicodedata.name(ch, "").split(" ", 1)[0]
            if script in SCRIPT_LANGUAGES:
                counts[SCRIPT_LANGUAGES[script]] = counts.get(SCRIPT_LANGUAGES[script], 0) + 1
            elif script == "CJK":
                han += 1
    if not counts:
        return None
    code, n = max(counts.items(), key=lambda kv: kv[1])
    if code == "ja":  # kana in Han text makes it Japanese; the Han characters count towards it
        n += han
    return code if n / letters > NON_LATIN_SHARE else None


# Haitian Creole, which lingua does not model (adding a Latin-script model costs every message time): its grammar
# words, none of them an English word. A text with several of them, making up a good share of its words, is
# Haitian Creole ("eske m ka manje diri ak pwa chak jou si m gen tansyon").
_CREOLE_WORDS = frozenset(
    {
        "mwen",
        "nou",
        "yo",
        "ka",
        "gen",
        "ak",
        "epi",
        "tanpri",
        "eske",
        "èske",
        "kounye",
        "kounya",
        "manje",
        "pou",
        "nan",
        "anpil",
        "kijan",
        "kisa",
        "poukisa",
        "kòman",
        "koman",
        "konbyen",
        "chak",
        "jou",
        "bezwen",
        "vle",
        "konnen",
        "kapab",
        "dwe",
        "pral",
        "sèlman",
        "selman",
        "paske",
        "tèt",
        "tet",
        "vant",
        "doktè",
        "dokte",
        "lopital",
        "malad",
        "zanmi",
        "fanmi",
        "manman",
        "papa",
        "pitit",
        "tansyon",
        "kè",
        "kòf",
        "lestomak",
        "respire",
        "tonbe",
        "reponn",
        "ede",
        "ankò",
        "anko",
        "toujou",
        "pwa",
        "diri",
    }
)
_CREOLE_MIN_WORDS = 3
_CREOLE_MIN_SHARE = 0.35


def _haitian_creole(text: str) -> bool:
    words = _LATIN_WORD.findall(text.lower())
    hits = sum(w in _CREOLE_WORDS for w in words)
    return hits >= _CREOLE_MIN_WORDS and hits / len(words) >= _CREOLE_MIN_SHARE


# Hindi or Urdu written in Latin letters (Hinglish), which lingua does not model: its grammar and everyday words,
# none of them an English word ("meri bp thodi high hai kya karu"). Several of them, a good share of the words.
_ROMAN_HINDI_WORDS = frozenset(
    {
        *("hai", "hain", "tha", "thi", "the", "hoon", "hun", "kya", "kyun", "kyon", "kaise", "kaisa", "kitna", "kitni"),
        *("meri", "mera", "mere", "mujhe", "mujhko", "hamara", "hamari", "aapka", "aapki", "tumhara", "uska", "uski"),
        *("nahi", "nahin", "thoda", "thodi", "bahut", "zyada", "jyada", "kam", "abhi", "kal", "aaj", "bhi", "aur"),
        *("karu", "karun", "karoon", "karna", "karo", "karein", "kare", "raha", "rahi", "rahe", "gaya", "gayi", "hua"),
        *("hui", "yaar", "bhai", "dard", "sar", "dil", "saans", "chakkar", "dawai", "dawa", "ghabrahat", "batao"),
        *("bataiye", "chahiye", "sakta", "sakti", "lagta", "lagti", "lag", "wala", "wali", "kyunki", "lekin", "agar"),
    }
) - {"the"}  # "the" is English
_ROMAN_HINDI_MIN_WORDS = 3


def _roman_hindi(text: str) -> bool:
    words = _LATIN_WORD.findall(text.lower())
    hits = sum(w in _ROMAN_HINDI_WORDS for w in words)
    return hits >= _ROMAN_HINDI_MIN_WORDS and hits / len(words) >= _CREOLE_MIN_SHARE


# rounds 45-50: English texting shorthand ("k will recheck tmrw", "thx, b4 bed pls"): words only English texters write,
# counted with the English function words (not "u", "r" or "n", which are words of other languages too)
_ENGLISH_SHORTHAND = frozenset(
    {
        "k", "kk", "ok", "okay", "tmrw", "tmr", "tmw", "2moro", "2morrow", "2day", "2nite", "2night", "tonite",
        "thx", "thnx", "thanx", "ty", "pls", "plz", "btw", "lol", "idk", "imo", "rn", "atm", "abt", "b4", "ppl",
        "bc", "cuz", "gonna", "wanna", "gotta", "tho", "thru", "dnt", "wnt", "kno", "shud", "wud", "cud", "ttyl",
        "brb", "np", "omg", "yep", "yeah", "yup", "nope",
    }
)
_SHORTHAND_WORD = re.compile(r"[^\W_]+(?:'[^\W\d_]+)*")


def _english_share_with_shorthand(text: str) -> float:
    words = _SHORTHAND_WORD.findall(text.lower().replace("’", "'"))
    words = [w for w in words if not w.isdigit()]
    if not words or not any(w in _ENGLISH_SHORTHAND for w in words):
        return 0.0
    return sum(w in _ENGLISH_SHORTHAND or english_share(w) == 1.0 for w in words) / len(words)


def detect_language(text: str) -> LanguageVerdict:
    """Decides whether ``text`` is in a supported language (English)."""
    if is_too_short(text):
        if _foreign_courtesy(text):
            return LanguageVerdict(False, None)
        if _short_foreign_script(text):
            return LanguageVerdict(False, _script_language(text) or _top_language(text))
        return LanguageVerdict(True, None)
    cleaned = _URL_OR_HANDLE.sub(" ", text)
    clinical = _CLINICAL_TOKEN.sub(" ", cleaned)
    if clinical != cleaned and is_too_short(clinical):
        return LanguageVerdict(True, None)  # mostly a medication list
    letters, _, non_latin = _script_profile(cleaned)
    if non_latin == 0 and english_share(clinical) >= ENGLISH_FUNCTION_WORD_SHARE:
        return LanguageVerdict(True, "en")
    if non_latin == 0 and english_share(cleaned) >= ENGLISH_FUNCTION_WORD_SHARE:
        return LanguageVerdict(True, "en")
    if non_latin == 0 and _english_share_with_shorthand(clinical) > ENGLISH_FUNCTION_WORD_SHARE:
        return LanguageVerdict(True, "en")
    by_script = _script_language(cleaned)
    if by_script is not None:
        return LanguageVerdict(False, by_script)
    if non_latin == 0 and _haitian_creole(cleaned):
        return LanguageVerdict(False, "ht")
    if non_latin == 0 and _roman_hindi(cleaned):
        return LanguageVerdict(False, "hi")
    ranked = _ranked(cleaned)
    code = _decided(ranked)
    if code is None:
        # Too close to call. A text mostly outside the Latin script is still clearly not English, and so is
        # one where the close call is between two other languages ("es" vs "pt") with English far behind.
        if letters and non_latin / letters > NON_LATIN_SHARE:
            return LanguageVerdict(False, None)
        runner_up = _foreign_close_call(ranked)
        if runner_up is not None:
            return LanguageVerdict(False, runner_up)
        if _never_english(cleaned) or (non_latin == 0 and _no_english_grammar(ranked, cleaned)):
            return LanguageVerdict(False, ranked[0][0] if ranked and ranked[0][0] != "en" else None)
        return LanguageVerdict(True, None)
    if code not in SUPPORTED_LANGUAGES and non_latin == 0 and _close_call(ranked, cleaned):
        return LanguageVerdict(True, None)
    return LanguageVerdict(code in SUPPORTED_LANGUAGES, code)


def _english_share(text: str) -> float:
    return english_share(text)


def _ranked(text: str) -> list[tuple[str, float]]:
    """(ISO 639-1 code, confidence) of every candidate language, most likely first (one lingua pass)."""
    values = get_detector().compute_language_confidence_values(text)
    return [(v.language.iso_code_639_1.name.lower(), v.value) for v in values]


def _decided(ranked: list[tuple[str, float]]) -> str | None:
    """lingua's ``detect_language_of`` from the confidence values: None when the top two are closer than
    ``MIN_RELATIVE_DISTANCE`` (the same verdict on all ~2,000 labelled messages; one pass instead of two)."""
    if not ranked or ranked[0][1] <= 0:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MIN_RELATIVE_DISTANCE:
        return None
    return ranked[0][0]


def _english_value(ranked: list[tuple[str, float]]) -> float:
    return next((value for code, value in ranked if code == "en"), 0.0)


def _foreign_close_call(ranked: list[tuple[str, float]]) -> str | None:
    """The leading language when lingua could not separate two non-English languages and English trails."""
    if len(ranked) < 2 or ranked[0][1] <= 0 or "en" in (ranked[0][0], ranked[1][0]):
        return None
    if _english_value(ranked) >= CLOSE_CALL_ENGLISH_RATIO * ranked[0][1]:
        return None
    return ranked[0][0]


# Latin letters that English words, loanwords included, never carry ("bună", "să", "łóżko", "ğ"): a short text with
# one is not a close call with English, whatever lingua's English score.
_NEVER_ENGLISH_LETTERS = frozenset("ășşțţłőűğıąężźćńśřěůčžšđơưãõßœøåþð")


def _never_english(text: str) -> bool:
    return any(ch in _NEVER_ENGLISH_LETTERS for ch in text.lower())


# Grammar words of the Latin-script candidate languages that are no English word ("est", "muy", "nicht")
_FOREIGN_GRAMMAR = frozenset(
    {
        *("est", "ce", "c'est", "je", "j'ai", "suis", "mon", "ma", "mes", "très", "avec", "pour", "dans", "une", "les"),
        *("des", "du", "pas", "qu", "quoi", "pourquoi", "comment", "elle", "nous", "vous", "sont", "mais", "grave"),
        *("es", "mi", "muy", "está", "esta", "tengo", "qué", "cómo", "como", "por", "para", "los", "las", "una"),
        *("pero", "estoy", "tiene", "del", "sí", "mucho", "mucha", "é", "não", "nao", "estou", "tenho", "meu"),
        *("minha", "muito", "ist", "nicht", "ich", "bin", "habe", "mein", "meine", "sehr", "und", "mit", "wie"),
        *("sono", "ho", "mio", "mia", "molto", "non", "perché", "che", "di", "het", "ik", "niet", "mijn", "heb"),
        *("een", "zijn", "jest", "nie", "mam", "mój", "moje", "bardzo", "jak", "czy", "de", "il", "le", "la", "el"),
    }
)
CLOSE_CALL_MIN_FOREIGN_WORDS = 3


def _no_english_grammar(ranked: list[tuple[str, float]], text: str) -> bool:
    """Several grammar words of other languages, not one English one, and English not even the runner-up: the
    other language ("ma tension est de 140/90, est-ce grave ?"), however close its words look to English ones.
    English with a foreign word in it has English grammar words around it ("convert 200 pesos to dollars")."""
    words = [w for w in re.split(r"[^\w']+", text.lower()) if w]
    return (
        sum(w in _FOREIGN_GRAMMAR for w in words) >= CLOSE_CALL_MIN_FOREIGN_WORDS
        and english_share(text) == 0
        and "en" not in (code for code, _ in ranked[:2])
    )


def _close_call(ranked: list[tuple[str, float]], text: str) -> bool:
    """A short text on which English comes close to the winning language (see the module docstring)."""
    if len(_LATIN_WORD.findall(text)) > CLOSE_CALL_MAX_WORDS or not ranked or ranked[0][1] <= 0:
        return False
    if _never_english(text):
        return False
    if _no_english_grammar(ranked, text):
        return False
    return _english_value(ranked) >= CLOSE_CALL_ENGLISH_RATIO * ranked[0][1]


def warm_up() -> None:
    """Loads the models (about 2 s in high-accuracy mode); call from the app's lifespan, not at import."""
    detect_language("Is this blood pressure reading normal for my age?")
