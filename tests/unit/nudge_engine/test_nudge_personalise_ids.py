import hashlib
import re
import uuid

import pytest

from services.nudge_engine.domain.ids import nudge_id
from services.nudge_engine.domain.personalise import VARIANTS, Experiment, assign_variant, bucket, render

FACTS = {
    "step_goal": {"steps": 8_000, "goal": 10_000, "pct": 80},
    "bp_change": {"systolic": 142, "baseline": 128, "delta": 14, "direction": "higher", "readings": 9, "days": 5},
    "sleep_pattern": {"nights": 3, "avg_duration_min": 324, "min_hours": 6.0, "min_efficiency_pct": 80},
    "inactivity": {"hours": 48},
    "stale_data": {"metric": "blood_pressure"},
}


def test_nudge_id_is_deterministic_and_distinct():
    a = nudge_id("u-1", "step_goal", "2026-06-15")
    assert a == nudge_id("u-1", "step_goal", "2026-06-15")
    assert uuid.UUID(a).version == 5
    others = {
        nudge_id("u-2", "step_goal", "2026-06-15"),
        nudge_id("u-1", "bp_change", "2026-06-15"),
        nudge_id("u-1", "step_goal", "2026-06-16"),
    }
    assert a not in others
    assert len(others) == 3
    # No separator ambiguity between parts.
    assert nudge_id("u:1", "step_goal", "x") != nudge_id("u", "step_goal", "1:x")


def test_bucket_is_sha256_of_experiment_and_user():
    digest = hashlib.sha256(b"tone:u-1").digest()
    assert bucket("u-1", "tone") == int.from_bytes(digest[:8], "big") % 10_000
    assert 0 <= bucket("anyone", "tone") < 10_000


def test_variants_are_deterministic_and_follow_the_rollout():
    users = [f"u-{i}" for i in range(20_000)]
    arms = [assign_variant(u, "tone", ["a", "b"], 30) for u in users]
    assert arms == [assign_variant(u, "tone", ["a", "b"], 30) for u in users]
    share = 1 - arms.count("control") / len(users)
    assert 0.28 < share < 0.32
    assert abs(arms.count("a") - arms.count("b")) < 0.03 * len(users)
    # Growing the rollout keeps everyone's arm; it only adds users.
    wider = [assign_variant(u, "tone", ["a", "b"], 60) for u in users]
    assert all(w == a for a, w in zip(arms, wider, strict=True) if a != "control")
    assert {assign_variant(u, "tone", ["a"], 0) for u in users[:500]} == {"control"}
    assert "control" not in {assign_variant(u, "tone", ["a"], 100) for u in users[:500]}
    # A different experiment reshuffles users.
    other = [assign_variant(u, "layout", ["a", "b"], 30) for u in users]
    assert other != arms


def test_experiment_validation():
    with pytest.raises(ValueError, match="variants must be among"):
        Experiment("tone", variants=("shouty",))
    with pytest.raises(ValueError, match="rollout_pct"):
        Experiment("tone", rollout_pct=101)
    with pytest.raises(ValueError, match="at least one variant"):
        assign_variant("u-1", "tone", [], 50)


def test_display_name_or_there():
    title, body = render("bp_change", FACTS["bp_change"], "  Ann  ", "control")
    assert body.startswith("Hi Ann,")
    _, body = render("bp_change", FACTS["bp_change"], None, "control")
    assert body.startswith("Hi there,")
    # Without a name nothing is appended: no "80 % of your step goal, there" or "Keep it up, there!".
    title, _ = render("step_goal", FACTS["step_goal"], "", "control")
    assert title == "80 % of your step goal"
    for trigger in sorted(FACTS):
        for variant in ("default", *VARIANTS):
            title, body = render(trigger, FACTS[trigger], "   ", variant)
            assert ", there" not in title + body.replace("Hi there,", ""), (trigger, variant)


def test_texts_quote_the_users_numbers():
    _, body = render("step_goal", FACTS["step_goal"], "Ann", "control")
    assert "8,000 of your 10,000 steps" in body
    title, _ = render("step_goal", {"steps": 10_400, "goal": 10_000, "pct": 104}, "Ann", "control")
    assert title == "Step goal reached, Ann!"
    title, _ = render("bp_change", FACTS["bp_change"], "Ann", "brief")
    assert title == "Systolic 142 vs your usual 128 mmHg"
    _, body = render("sleep_pattern", FACTS["sleep_pattern"], "Ann", "control")
    assert "about 5 h 24 min a night over your last 3 nights" in body
    assert "under 6 hours" in body


FORBIDDEN = re.compile(
    r"diagnos|prescri|medicat|medicine|\bdose|dosage|hypertension|hypotension|insomnia|disease|disorder"
    r"|you have (a|an)\b|\bpill|\bdrug|increase your|stop taking|start taking",
    re.IGNORECASE,
)


@pytest.mark.parametrize("variant", ["default", "control", *VARIANTS])
@pytest.mark.parametrize("trigger", sorted(FACTS))
def test_no_diagnosis_or_prescription_language_and_schema_lengths(trigger, variant):
    title, body = render(trigger, FACTS[trigger], "Ann", variant)
    assert title
    assert body
    assert not FORBIDDEN.search(f"{title} {body}")
    long_title, long_body = render(trigger, FACTS[trigger], "A" * 200, variant)
    assert len(long_title) <= 80
    assert len(long_body) <= 500
    assert "A" * 41 not in long_title + long_body  # display names are capped
