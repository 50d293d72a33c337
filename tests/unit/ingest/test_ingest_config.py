"""Ingest settings: env prefix, defaults from the issue, the benchmark-only topic suffix refused in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.common.config import PlatformSettings
from services.ingest.config import IngestSettings


def production_platform() -> PlatformSettings:
    return PlatformSettings(env="production", jwt_algorithm="RS256", jwt_public_key="-----BEGIN PUBLIC KEY-----",
                            jwt_secret="not-the-dev-secret-" * 3, pseudonym_key="p" * 40,
                            encryption_keys="k1:" + "ab" * 32, encryption_active_key_id="k1")


def test_env_prefix_and_defaults(monkeypatch):
    monkeypatch.setenv("HEARTWISE_INGEST_PORT", "18001")
    monkeypatch.setenv("HEARTWISE_INGEST_SINK_HEALTH_PORT", "16062")
    settings = IngestSettings()
    assert settings.port == 18001 and settings.sink_health_port == 16062
    assert settings.validator_health_port == 6061
    assert settings.max_readings_per_request == 500
    assert settings.user_requests_per_s == 1000


def test_benchmark_topic_suffix_is_refused_in_production():
    assert IngestSettings(platform=production_platform()).topic_suffix == ""
    with pytest.raises(ValidationError, match="benchmarks"):
        IngestSettings(platform=production_platform(), topic_suffix=".bench-1")
