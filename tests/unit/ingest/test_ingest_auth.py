"""The gateway's cache of verified device tokens (services/ingest/auth.py)."""

from __future__ import annotations

import time

import pytest

from services.common.auth import SCOPE_READINGS_WRITE, AuthError, mint_dev_token
from services.common.config import get_platform_settings
from services.ingest import auth


@pytest.fixture(autouse=True)
def _fresh_settings():
    get_platform_settings.cache_clear()


@pytest.fixture
def verifications(monkeypatch):
    calls: list[str] = []
    real = auth.decode_token

    def counting(token, settings=None):
        calls.append(token)
        return real(token, settings)

    monkeypatch.setattr(auth, "decode_token", counting)
    return calls


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def token(ttl_s: int = 3600) -> str:
    return mint_dev_token("u-1", [SCOPE_READINGS_WRITE], device_id="cuff-7", ttl_s=ttl_s)


def test_a_token_is_verified_once_then_served_from_the_cache(verifications):
    cache = auth.TokenCache()
    first = cache.principal(token_text := token())
    assert cache.principal(token_text) == first
    assert first.sub == "u-1"
    assert first.device_id == "cuff-7"
    assert len(verifications) == 1


def test_an_entry_lasts_at_most_the_ttl(verifications):
    clock = Clock()
    cache = auth.TokenCache(ttl_s=60, clock=clock)
    text = token()
    cache.principal(text)
    clock.now += 59
    cache.principal(text)
    clock.now += 2
    cache.principal(text)
    assert len(verifications) == 2


def test_an_entry_never_outlives_the_tokens_exp(verifications):
    clock = Clock()
    cache = auth.TokenCache(ttl_s=600, clock=clock)
    text = token(ttl_s=30)
    cache.principal(text)
    clock.now += 29
    cache.principal(text)
    assert len(verifications) == 1
    clock.now += 2  # past exp by the cache's clock, well within its TTL: verified again (and refused then)
    cache.principal(text)
    assert len(verifications) == 2


def test_an_expired_token_is_refused_even_right_after_a_valid_one():
    cache = auth.TokenCache()
    cache.principal(token())
    with pytest.raises(AuthError, match="expired"):
        cache.principal(token(ttl_s=-10))


def test_bad_tokens_are_never_cached(verifications):
    cache = auth.TokenCache()
    for _ in range(3):
        with pytest.raises(AuthError):
            cache.principal("not-a-jwt")
    assert len(verifications) == 3
    assert len(cache) == 0


def test_a_tampered_copy_of_a_cached_token_is_refused():
    cache = auth.TokenCache()
    text = token()
    cache.principal(text)
    header, claims, signature = text.split(".")
    forged = f"{header}.{claims}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    with pytest.raises(AuthError):
        cache.principal(forged)


def test_the_table_is_bounded():
    cache = auth.TokenCache(capacity=3)
    for index in range(5):
        cache.principal(mint_dev_token(f"u-{index}", [SCOPE_READINGS_WRITE], device_id="d"))
    assert len(cache) == 3


def test_nonsense_settings_are_refused():
    with pytest.raises(ValueError, match="capacity"):
        auth.TokenCache(capacity=0)
    with pytest.raises(ValueError, match="ttl_s"):
        auth.TokenCache(ttl_s=0)
