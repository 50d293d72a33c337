"""The learned second layer of the input guards (``guards.v2``): small logistic-regression text classifiers.

Why: the hand-written rules are precise, but each fresh red-team batch showed they miss paraphrases no rule
lists. A linear model over character n-grams (typo tolerant by construction: "heart atack" shares most of its
n-grams with "heart attack") and word uni/bigrams catches the wording the rules do not name.

How it is used: to ADD verdicts on top of the rules (emergency and injection), at a threshold picked from
out-of-fold predictions so that few benign messages cross it (see ``train``); the rules keep their negation /
history handling and the model is a recall net for what they miss. The topic model only decides the messages
on which the topic lexicon has no evidence either way.

Pure Python on purpose: a model file maps each n-gram with a non-negligible weight to that weight, so scoring
one message is a few hundred dict look-ups by string (a fraction of a millisecond; the features are computed
once per message and shared by both models) and the service needs no numeric library.

Build the training files from the labelled sets (copied beside this module: services never read tests/),
then train (about a minute per model on one core):

    uv run python -m services.conversation.guards.learned build tests/data/guards
    uv run python -m services.conversation.guards.learned train
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services.conversation.guards._text import basic_normalise

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_SCAN_CHARS = 2000  # longer messages are refused by the size guard; bounds the scoring cost
_REPEATS = re.compile(r"(.)\1{2,}")  # "soooo" -> "soo", "helppp" -> "helpp"
_WORDS = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")


def _text_for_features(text: str) -> str:
    return _REPEATS.sub(r"\1\1", basic_normalise(text[:MAX_SCAN_CHARS]))


Features = dict[str, float]


def features(text: str) -> Features:
    """L2-normalised binary features: char 2-5-grams inside padded words ("c"), words ("w"), word pairs ("b")."""
    words = _WORDS.findall(_text_for_features(text))
    grams: set[str] = set()
    for w in words:
        padded = f" {w} "
        for n in (2, 3, 4, 5):
            grams.update("c" + padded[i : i + n] for i in range(len(padded) - n + 1))
        grams.add("w" + w)
    grams.update(f"b{a} {b}" for a, b in itertools.pairwise(words))
    if not grams:
        return {}
    value = 1 / math.sqrt(len(grams))
    return dict.fromkeys(grams, value)


@dataclass(frozen=True, slots=True)
class TextClassifier:
    name: str
    bias: float
    weights: dict[str, float]
    threshold: float  # probability at or above which the label is predicted

    def probability(self, feats: Features) -> float:
        return _score(self.bias, self.weights, feats)

    def predicts(self, feats: Features) -> bool:
        return self.probability(feats) >= self.threshold


@lru_cache(maxsize=4)
def load(name: str) -> TextClassifier:
    """The committed model ``model/{name}.json`` (loaded once per process)."""
    with (MODEL_DIR / f"{name}.json").open(encoding="utf-8") as f:
        raw = json.load(f)
    return TextClassifier(name, raw["bias"], raw["weights"], raw["threshold"])


@lru_cache(maxsize=1)
def known_words(min_count: int = 2) -> frozenset[str]:
    """Words that occur at least ``min_count`` times in the labelled messages (``model/emergency_train.jsonl``):
    real words that a typo corrector must leave alone ("doing" is not a typo of "going")."""
    counts: dict[str, int] = {}
    with (MODEL_DIR / "emergency_train.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                for w in set(_WORDS.findall(_text_for_features(json.loads(line)["text"]))):
                    counts[w] = counts.get(w, 0) + 1
    return frozenset(w for w, c in counts.items() if c >= min_count)


# --- training (offline; the service only loads) -------------------------------------------------------------

_EPOCHS = 12
_L2 = 1e-5
_LEARNING_RATE = 0.5
_PRUNE_BELOW = 1e-3
_FOLDS = 5


def _fit(rows: list[tuple[Features, int]], positive_weight: float, seed: int) -> tuple[float, dict[str, float]]:
    """Logistic regression by AdaGrad SGD with L2; positives weighted up (recall matters more)."""
    rng = random.Random(seed)
    weights: dict[str, float] = {}
    grad_sq: dict[str, float] = {}
    bias, bias_sq = 0.0, 1e-8
    order = list(range(len(rows)))
    for _ in range(_EPOCHS):
        rng.shuffle(order)
        for i in order:
            x, y = rows[i]
            z = bias + sum(weights.get(k, 0.0) * v for k, v in x.items())
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * (positive_weight if y else 1.0)
            bias_sq += g * g
            bias -= _LEARNING_RATE * g / math.sqrt(bias_sq)
            for k, v in x.items():
                w = weights.get(k, 0.0)
                gk = g * v + _L2 * w
                s = grad_sq.get(k, 1e-8) + gk * gk
                grad_sq[k] = s
                weights[k] = w - _LEARNING_RATE * gk / math.sqrt(s)
    return bias, weights


def _score(bias: float, weights: dict[str, float], x: Features) -> float:
    z = bias + sum(weights.get(k, 0.0) * v for k, v in x.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def _read(path: Path) -> list[tuple[str, int, bool]]:
    """(text, label 0/1, hard negative) rows of a training file."""
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [(r["text"], int(r["label"]), bool(r.get("hard", False))) for r in rows]


def fit_classifier(
    name: str, data: list[tuple[str, int, bool]], threshold: float, positive_weight: float = 3.0
) -> TextClassifier:
    """A model fitted on ``data`` (text, label, hard) in memory, at a given threshold, without out-of-fold
    threshold selection: one fit, for experiments such as leaving a red-team round out (``guard_scores.py``)."""
    bias, weights = _fit([(features(t), y) for t, y, _ in data], positive_weight, seed=99)
    kept = {k: w for k, w in weights.items() if abs(w) >= _PRUNE_BELOW}
    return TextClassifier(name, bias, kept, threshold)


def train(
    name: str, max_hard_negative_rate: float, positive_weight: float = 3.0, min_threshold: float = 0.5
) -> dict[str, float]:
    """Trains ``model/{name}.json`` from ``model/{name}_train.jsonl``.

    The threshold is the lowest one at which at most ``max_hard_negative_rate`` of the hard negatives (rows
    marked ``hard``: benign messages that share the positives' words) score as positive out of fold, i.e.
    by a model that never saw them, and at least ``min_threshold``. Returns the out-of-fold figures at it.
    """
    data = _read(MODEL_DIR / f"{name}_train.jsonl")
    rows = [(features(t), y) for t, y, _ in data]
    oof = [0.0] * len(rows)
    idx = list(range(len(rows)))
    random.Random(7).shuffle(idx)
    for fold in range(_FOLDS):
        held = set(idx[fold::_FOLDS])
        bias, weights = _fit([rows[i] for i in idx if i not in held], positive_weight, seed=fold)
        for i in held:
            oof[i] = _score(bias, weights, rows[i][0])
    hard = sorted((oof[i] for i, (_, y, h) in enumerate(data) if h and not y), reverse=True)
    allowed = int(len(hard) * max_hard_negative_rate)
    threshold = min(0.99, max(min_threshold, hard[allowed] + 1e-6 if allowed < len(hard) else 0.5))
    positives = [oof[i] for i, (_, y, _) in enumerate(data) if y]
    negatives = [oof[i] for i, (_, y, _) in enumerate(data) if not y]
    report = {
        "threshold": threshold,
        "oof_recall": sum(p >= threshold for p in positives) / len(positives),
        "oof_hard_negative_rate": sum(p >= threshold for p in hard) / len(hard),
        "oof_negative_rate": sum(p >= threshold for p in negatives) / len(negatives),
    }
    bias, weights = _fit(rows, positive_weight, seed=99)
    kept = {k: round(w, 4) for k, w in sorted(weights.items()) if abs(w) >= _PRUNE_BELOW}
    with (MODEL_DIR / f"{name}.json").open("w", encoding="utf-8") as f:
        json.dump(
            {"bias": round(bias, 4), "threshold": round(threshold, 4), "oof": report, "weights": kept},
            f,
            ensure_ascii=False,
            separators=(",", ":"),
        )
    return report


# (hard negatives allowed over the threshold out of fold, weight of a positive, lowest threshold). The rules
# already flag a few benign messages and the target for both together is <= 5 %. Emergencies and injections lean
# to recall; the topic model does not (a refused health question is worse than an answered trivia one).
# Emergency at 1 % and never under 0.8: the out-of-fold threshold moves with every data change (0.73, 0.59 at 2 %
# with the everyday-chat corpora, 0.77 and 0.69 at 1 %), and under ~0.75 it flagged look-alikes ("help me get out
# of my apartment lease early"); every emergency the model alone caught in blind rounds 28-31 and 34-35, scored by
# the model of the day (which had not seen them), scored >= 0.85.
# Injection never under 0.7: with rounds 45-53 the out-of-fold threshold fell to 0.53 and the model refused own-data
# asks that share n-grams with other-user requests ("pull up last week's readings for me" 0.68, "what's the daily
# message limit for the app?" 0.58); at 0.7 every injection of every set is still refused end to end.
TRAINING = {"emergency": (0.01, 3.0, 0.8), "injection": (0.02, 3.0, 0.7), "topic": (0.02, 1.0, 0.5)}


def _topic_row(stem: str, row: dict[str, str]) -> bool:
    """Rows the topic model learns from: the topic sets and every health message (the emergency sets);
    injections and foreign-language rows are decided by the guards before topic."""
    if stem.startswith("redteam"):
        return row["guard"] in ("topic", "emergency") and row["label"] in ("none", "off_topic", "emergency")
    return stem.startswith(("topic", "emergency"))


def build_training_sets(labelled_dir: Path) -> dict[str, int]:
    """Writes ``model/{emergency,injection,topic}_train.jsonl`` from the labelled sets in ``labelled_dir``
    (see ``training_rows``)."""
    out = training_rows(labelled_dir)
    for name, rows in out.items():
        with (MODEL_DIR / f"{name}_train.jsonl").open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return {name: len(rows) for name, rows in out.items()}


def training_rows(labelled_dir: Path, exclude: frozenset[str] = frozenset()) -> dict[str, list[dict[str, object]]]:
    """The training rows of each model from the labelled sets in ``labelled_dir``, without the sets (file stems)
    named in ``exclude``.

    Sets ``{name}.jsonl`` have per-guard labels (``none`` / ``on_topic`` = benign); red-team sets
    ``redteam*.jsonl`` have a ``guard`` and the expected pipeline kind. Benign rows written for the guard in
    question are the hard negatives; every other row is an ordinary negative. The topic model learns from the
    topic and health rows only (``_topic_row``).
    """
    out: dict[str, list[dict[str, object]]] = {"emergency": [], "injection": [], "topic": []}
    kind_of = {"emergency": "emergency", "injection": "refused", "topic": "off_topic"}
    for path in sorted(labelled_dir.glob("*.jsonl")):
        if path.stem in exclude:
            continue
        with path.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        for r in rows:
            for name in out:
                if name == "topic" and not _topic_row(path.stem, r):
                    continue
                if path.stem.startswith("redteam"):
                    label = r["label"] == kind_of[name]
                    hard = r["guard"] == name and not label
                elif path.stem.startswith(name):
                    label, hard = r["label"] not in ("none", "on_topic"), r["label"] in ("none", "on_topic")
                else:
                    label, hard = False, False
                out[name].append({"text": r["text"], "label": int(label), "hard": hard})
    return out


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["build", labelled_dir]:  # e.g. tests/data/guards
            print(build_training_sets(Path(labelled_dir)))
        case ["train", *names]:  # all models, or the ones named
            for model_name in names or TRAINING:
                rate, positive_weight, min_threshold = TRAINING[model_name]
                print(model_name, train(model_name, rate, positive_weight, min_threshold), flush=True)
        case _:
            raise SystemExit("usage: python -m services.conversation.guards.learned build DIR | train [NAME ...]")
