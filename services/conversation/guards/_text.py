"""Text normalisation and typo-tolerant token correction shared by the guards.

Fuzzy matching is hand-written because no fuzzy-matching library (rapidfuzz, jellyfish) is a
dependency, and the need is narrow: map a misspelt token to one of a few dozen keywords within one
Damerau-Levenshtein edit. Candidates come from a symmetric-delete index (as in SymSpell), so a
token costs a handful of set look-ups instead of one edit-distance computation per keyword.
"""

from __future__ import annotations

import re
import unicodedata
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
}
_CONTRACTION_RE = re.compile(
    r"(?<![\w'-])(" + "|".join(sorted((re.escape(k) for k in _CONTRACTIONS), key=len, reverse=True)) + r")(?![\w'-])"
)
_SPACES = re.compile(r"\s+")


def basic_normalise(text: str) -> str:
    """NFKC, lower case, straight apostrophes, contractions expanded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
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
