"""services.common.rollout: the one deterministic per-user bucketing behind feature flags and nudge A/B."""

from __future__ import annotations

import hashlib

import pytest

from services.common.rollout import BUCKETS, bucket, buckets_for, in_rollout

USERS = [f"u-{i}" for i in range(10_000)]


def test_bucket_is_the_first_8_bytes_of_sha256_of_name_and_user_mod_10000():
    digest = hashlib.sha256(b"llm_orchestrator:u-42").digest()
    assert bucket("u-42", "llm_orchestrator") == int.from_bytes(digest[:8], "big") % 10_000
    assert BUCKETS == 10_000


def test_bucket_is_deterministic_and_in_range():
    first = [bucket(user, "guards.v2") for user in USERS[:500]]
    assert first == [bucket(user, "guards.v2") for user in USERS[:500]]
    assert all(0 <= b < BUCKETS for b in first)


def test_the_name_salts_the_bucket_so_flags_get_independent_slices():
    a = {user for user in USERS if in_rollout(user, "flag-a", 10)}
    b = {user for user in USERS if in_rollout(user, "flag-b", 10)}
    # Independent 10 % slices overlap in about 1 % of users, not 10 %.
    assert len(a & b) < 0.02 * len(USERS)


def test_nudge_personalise_uses_the_same_hashing():
    from services.nudge_engine.domain import personalise

    assert personalise.bucket is bucket
    assert personalise.BUCKETS == BUCKETS
    # A nudge experiment's treated users are exactly the users in the rollout of the same name and percent.
    for user in USERS[:2000]:
        treated = personalise.assign_variant(user, "tone", ["brief"], 30) != personalise.CONTROL
        assert treated == in_rollout(user, "tone", 30)


@pytest.mark.parametrize(("percent", "buckets"), [(0, 0), (0.01, 1), (10, 1000), (33.3, 3330), (100, BUCKETS)])
def test_buckets_for_a_percentage(percent, buckets):
    assert buckets_for(percent) == buckets


@pytest.mark.parametrize("percent", [-1, 100.5])
def test_percent_outside_0_to_100_is_refused(percent):
    with pytest.raises(ValueError, match=r"0\.\.100"):
        in_rollout("u-1", "x", percent)


def test_ten_percent_of_ten_thousand_ids_is_about_a_thousand():
    share = sum(in_rollout(user, "llm_orchestrator", 10) for user in USERS) / len(USERS)
    assert 0.085 <= share <= 0.115


def test_zero_is_nobody_and_hundred_is_everyone():
    assert not any(in_rollout(user, "guards.v2", 0) for user in USERS)
    assert all(in_rollout(user, "guards.v2", 100) for user in USERS)


def test_raising_the_percentage_only_adds_users():
    previous: set[str] = set()
    for percent in (1, 10, 25, 50, 100):
        current = {user for user in USERS if in_rollout(user, "nudge.step_goal", percent)}
        assert previous <= current
        previous = current
