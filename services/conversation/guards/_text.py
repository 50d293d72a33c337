"""Text normalisation and typo-tolerant token correction shared by the guards.

Fuzzy matching is hand-written because no fuzzy-matching library (rapidfuzz, jellyfish) is a
dependency, and the need is narrow: map a misspelt token to one of a few dozen keywords within one
Damerau-Levenshtein edit. Candidates come from a symmetric-delete index (as in SymSpell), so a
token costs a handful of set look-ups instead of one edit-distance computation per keyword.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})

# Contractions and chat shorthand, applied on whole tokens after lower-casing. "cannot" stays one token
# so that negation scopes never see the "not" of an inability ("I cannot breathe").
_CONTRACTIONS: dict[str, str] = {
    "can't": "cannot",
    "cant": "cannot",
    "cnt": "cannot",
    "can not": "cannot",
    "cannnot": "cannot",
    "couldn't": "could not",
    "couldnt": "could not",
    "won't": "will not",
    "wont": "will not",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "doesnt": "does not",
    "didn't": "did not",
    "didnt": "did not",
    "isn't": "is not",
    "isnt": "is not",
    "aren't": "are not",
    "arent": "are not",
    "wasn't": "was not",
    "wouldn't": "would not",
    "wouldnt": "would not",
    "shouldn't": "should not",
    "weren't": "were not",
    "hadn't": "had not",
    "wasnt": "was not",
    "haven't": "have not",
    "havent": "have not",
    "hasn't": "has not",
    "hasnt": "has not",
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "i'd": "i would",
    "i'll": "i will",
    "it's": "it is",
    "he's": "he is",
    "she's": "she is",
    "they're": "they are",
    "we're": "we are",
    "you're": "you are",
    "that's": "that is",
    "what's": "what is",
    "whats": "what is",
    "who's": "who is",
    "whos": "who is",
    "where's": "where is",
    "how's": "how is",
    "there's": "there is",
    "wanna": "want to",
    "gonna": "going to",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thanks",
    "bc": "because",
    "cuz": "because",
    "rn": "right now",
    "atm": "at the moment",
    "abt": "about",
    "n": "and",
    # texting spellings of the words people use about ending their life or calling for help
    "every1": "everyone",
    "evry1": "everyone",
    "any1": "anyone",
    "ne1": "anyone",
    "some1": "someone",
    "sum1": "someone",
    "no1": "no one",
    "wud": "would",
    "wld": "would",
    "shud": "should",
    "cud": "could",
    "gna": "going to",
    "gunna": "going to",
    "finna": "going to",
    "wana": "want to",
    "tnight": "tonight",
    "tonite": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "2day": "today",
    "2moro": "tomorrow",
    "tmrw": "tomorrow",
    "b4": "before",
    "ppl": "people",
    "dnt": "do not",
    "wnt": "want",
    "kno": "know",
    "tho": "though",
    "thru": "through",
    # dropped g's of the verbs people use when describing what is happening to them
    "havin": "having",
    "goin": "going",
    "dyin": "dying",
    "breathin": "breathing",
    "bleedin": "bleeding",
    "hurtin": "hurting",
    "feelin": "feeling",
    "gettin": "getting",
    "killin": "killing",
    "throbbin": "throbbing",
    "tryin": "trying",
    "doin": "doing",
    "passin": "passing",
    "comin": "coming",
}
_CONTRACTION_RE = re.compile(
    # a quotation mark around the word is no part of it ("she texted: 'cant feel my face'")
    r"(?<![\w-])(?<!\w')("
    + "|".join(sorted((re.escape(k) for k in _CONTRACTIONS), key=len, reverse=True))
    + r")(?![\w-])(?!'\w)"
)
_SPACES = re.compile(r"\s+")
# Invisible characters that split a word without showing ("i\u200bg\u200bn\u200bo\u200br\u200be"): removed.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"))


def basic_normalise(text: str) -> str:
    """NFKC, invisible characters removed, lower case, straight apostrophes, contractions expanded, whitespace
    collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_APOSTROPHES).lower()
    text = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS[m.group(1)], text)
    return _SPACES.sub(" ", text).strip()


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


class FuzzyVocabulary:
    """Corrects tokens to the nearest keyword within one Damerau-Levenshtein edit."""

    def __init__(self, keywords: Iterable[str], protected: Iterable[str] = (), min_len: int = 4) -> None:
        self._keywords = frozenset(keywords)
        self._protected = frozenset(protected) | self._keywords
        self._min_len = min_len
        self._index: dict[str, set[str]] = {}
        for kw in self._keywords:
            if len(kw) < min_len:
                continue
            for variant in _deletes(kw) | {kw}:
                self._index.setdefault(variant, set()).add(kw)
        self.correct = lru_cache(maxsize=8192)(self._correct)

    def _correct(self, token: str) -> str:
        if len(token) < self._min_len or token in self._protected or not token.isalpha():
            return token
        candidates: set[str] = set()
        for variant in _deletes(token) | {token}:
            candidates |= self._index.get(variant, set())
        best = sorted(kw for kw in candidates if damerau_levenshtein(token, kw) <= 1)
        return best[0] if best else token

    def correct_text(self, text: str) -> str:
        """Replaces every alphabetic token of ``text`` with its correction."""
        return _WORD.sub(lambda m: self.correct(m.group(0)), text)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def damerau_levenshtein(a: str, b: str) -> int:
    """Optimal-string-alignment distance (adjacent transpositions count as one edit)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


# Function words that are English and not also common words of a candidate language ("a", "do", "no",
# "me", "in", "is", "was", "to", "on" are left out: Spanish, Portuguese, Polish, Dutch and German use them).
ENGLISH_FUNCTION_WORDS = frozenset(
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


def english_share(text: str) -> float:
    """Share of the Latin-script words of ``text`` that are English function words (0 when it has none)."""
    # whole words in any Latin letters: "até" is one Portuguese word, not the English "at" and a stray "é"
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)*", text.lower().replace("’", "'"))
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words) if words else 0.0


_MARKS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670]")
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ς": "σ",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ة": "ه",
        "ـ": "",
        "\u200c": " ",
        "\u200d": "",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "ʼ": "'",
    }
)


def fold(text: str) -> str:
    """NFKD, case-folded, Latin/Greek/Cyrillic diacritics and Arabic harakat removed, a few letters that do
    not decompose mapped (ł→l, đ→d, ø→o, ı→i, Persian yeh/kaf → Arabic), NFC, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = _MARKS.sub("", text).translate(_LETTERS)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold_pattern(pattern: str) -> str:
    """``fold`` for a regular expression: the same folding without case-folding (which would turn \\W into \\w)."""
    text = unicodedata.normalize("NFKD", pattern)
    return unicodedata.normalize("NFC", _MARKS.sub("", text).translate(_LETTERS))


class _Breaks:
    """Clause or sentence boundaries of one text, found once and looked up by bisection."""

    def __init__(self, breaks: re.Pattern[str], text: str) -> None:
        found = [(m.start(), m.end()) for m in breaks.finditer(text)]
        self._starts = [s for s, _ in found]
        self._ends = [e for _, e in found]
        self._length = len(text)

    def span(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._ends, pos)
        j = bisect_left(self._starts, pos)
        return (self._ends[i - 1] if i else 0), (self._starts[j] if j < len(self._starts) else self._length)


class TextSegments:
    """Clause and sentence look-ups over one text, memoised for one detection only.

    Boundaries are found once per text and looked up by bisection, and a regex is searched once per clause or
    sentence however many matches fall in it, so the guards stay linear in the length of a long message. The
    memo lives only as long as this object (one call): no message text is kept once the guard returns.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks: dict[re.Pattern[str], _Breaks] = {}
        self._found: dict[tuple[re.Pattern[str], int, int], bool] = {}

    def span(self, breaks: re.Pattern[str], pos: int) -> tuple[int, int]:
        """(start, end) of the segment between the ``breaks`` matches around ``pos``."""
        found = self._breaks.get(breaks)
        if found is None:
            found = self._breaks[breaks] = _Breaks(breaks, self.text)
        return found.span(pos)

    def has(self, rx: re.Pattern[str], start: int, end: int) -> bool:
        """``rx`` found in ``text[start:end]`` (stripped)."""
        key = (rx, start, end)
        if key not in self._found:
            self._found[key] = rx.search(self.text[start:end].strip()) is not None
        return self._found[key]
