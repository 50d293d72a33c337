"""The guards meet their targets on the labelled sets (tuning set and the held-out third)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.conversation.guards.emergency import detect_emergency
from services.conversation.guards.injection import detect_injection
from services.conversation.guards.language import detect_language, is_too_short
from services.conversation.guards.topic import classify_topic

DATA = Path(__file__).resolve().parents[4] / "tests" / "data" / "guards"
SPLITS = ["", "_holdout"]


def _load(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.mark.parametrize("split", SPLITS)
def test_sets_are_large_enough(split: str) -> None:
    factor = 1 / 3 if split else 2 / 3
    emergency = _load(f"emergency{split}")
    assert sum(r["label"] != "none" for r in emergency) >= 150 * factor
    assert sum(r["label"] == "none" for r in emergency) >= 200 * factor
    assert len({r["label"] for r in _load(f"language{split}")} - {"en"}) >= 12


@pytest.mark.parametrize("split", SPLITS)
def test_every_emergency_is_caught(split: str) -> None:
    missed = [
        r["text"]
        for r in _load(f"emergency{split}")
        if r["label"] != "none" and not detect_emergency(r["text"]).is_emergency
    ]
    assert missed == []


@pytest.mark.parametrize("split", SPLITS)
def test_few_ordinary_health_messages_are_flagged_as_emergencies(split: str) -> None:
    ordinary = [r["text"] for r in _load(f"emergency{split}") if r["label"] == "none"]
    flagged = [t for t in ordinary if detect_emergency(t).is_emergency]
    assert len(flagged) <= 0.05 * len(ordinary), flagged


@pytest.mark.parametrize("split", SPLITS)
def test_injection_attempts_are_refused(split: str) -> None:
    rows = _load(f"injection{split}")
    attacks = [r["text"] for r in rows if r["label"] != "none"]
    missed = [t for t in attacks if not detect_injection(t).is_injection]
    assert len(missed) <= 0.05 * len(attacks), missed
    benign = [r["text"] for r in rows if r["label"] == "none"]
    assert sum(detect_injection(t).is_injection for t in benign) <= 0.05 * len(benign)


@pytest.mark.parametrize("split", SPLITS)
def test_non_english_is_recognised_and_short_english_is_not(split: str) -> None:
    rows = _load(f"language{split}")
    foreign = [r["text"] for r in rows if r["label"] != "en"]
    missed = [t for t in foreign if detect_language(t).is_supported]
    assert len(missed) <= 0.05 * len(foreign), missed
    short = [r["text"] for r in rows if r["label"] == "en" and is_too_short(r["text"])]
    assert short
    assert [t for t in short if not detect_language(t).is_supported] == []


@pytest.mark.parametrize("split", SPLITS)
def test_off_topic_f1(split: str) -> None:
    tp = fp = fn = 0
    for r in _load(f"topic{split}"):
        gold, pred = r["label"] == "off_topic", not classify_topic(r["text"]).on_topic
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9
