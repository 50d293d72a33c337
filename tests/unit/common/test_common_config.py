"""services.common.config: defaults, refusal of development secrets in production, the cached getter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.common.config import (
    DEV_ENCRYPTION_KEY,
    DEV_JWT_SECRET,
    DEV_PSEUDONYM_KEY,
    PlatformSettings,
    get_platform_settings,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
REAL_ENCRYPTION_KEY = "ab" * 32  # 32 bytes as hex, not the development key
FAKE_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMIIB...\n-----END PUBLIC KEY-----\n"


def _set_real_production_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARTWISE_ENV", "production")
    monkeypatch.setenv("HEARTWISE_JWT_ALGORITHM", "RS256")
    monkeypatch.setenv("HEARTWISE_JWT_PUBLIC_KEY", FAKE_PUBLIC_KEY)
    monkeypatch.setenv("HEARTWISE_JWT_SECRET", "a-real-secret-from-the-vault-0123456789abcdef")
    monkeypatch.setenv("HEARTWISE_PSEUDONYM_KEY", "a-real-pseudonym-key-from-the-vault")
    monkeypatch.setenv("HEARTWISE_ENCRYPTION_KEYS", f"k2026:{REAL_ENCRYPTION_KEY}")
    monkeypatch.setenv("HEARTWISE_ENCRYPTION_ACTIVE_KEY_ID", "k2026")


def test_defaults_are_the_local_development_stack(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("HEARTWISE_ENV")
    settings = PlatformSettings()

    assert settings.env == "development"
    assert not settings.is_production
    assert settings.kafka_bootstrap == "127.0.0.1:9092"
    assert settings.schema_registry_url == "http://127.0.0.1:8081/apis/ccompat/v7"
    assert settings.cassandra_contact_points == ["127.0.0.1"]
    assert settings.cassandra_port == 9042
    assert settings.mongo_url == "mongodb://127.0.0.1:27017"
    assert settings.jwt_algorithm == "HS256"
    assert settings.jwt_secret.get_secret_value() == DEV_JWT_SECRET
    assert settings.jwt_issuer == settings.jwt_audience == "heartwise"
    assert settings.pseudonym_key.get_secret_value() == DEV_PSEUDONYM_KEY
    assert settings.encryption_keys.get_secret_value() == f"dev1:{DEV_ENCRYPTION_KEY}"
    assert settings.encryption_active_key_id == "dev1"


def test_secrets_are_not_shown_in_repr():
    text = repr(PlatformSettings()) + str(PlatformSettings().model_dump())
    assert DEV_JWT_SECRET not in text
    assert DEV_PSEUDONYM_KEY not in text
    assert DEV_ENCRYPTION_KEY not in text


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTWISE_KAFKA_BOOTSTRAP", "kafka-0:9092,kafka-1:9092")
    monkeypatch.setenv("HEARTWISE_CASSANDRA_HOSTS", " c1 , c2,, c3 ")
    monkeypatch.setenv("HEARTWISE_CASSANDRA_PORT", "19042")

    settings = PlatformSettings()

    assert settings.env == "test"
    assert settings.kafka_bootstrap == "kafka-0:9092,kafka-1:9092"
    assert settings.cassandra_contact_points == ["c1", "c2", "c3"]
    assert settings.cassandra_port == 19042


def test_dotenv_file_in_working_directory_is_read(tmp_path: Path):
    (tmp_path / ".env").write_text("HEARTWISE_MONGO_DATABASE=from_dotenv\n", encoding="utf-8")
    assert PlatformSettings().mongo_database == "from_dotenv"


def test_unknown_environment_name_is_rejected(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTWISE_ENV", "prod")
    with pytest.raises(ValidationError):
        PlatformSettings()


def test_production_with_all_development_defaults_is_refused_naming_every_problem(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("HEARTWISE_ENV", "production")

    with pytest.raises(ValidationError) as caught:
        PlatformSettings()

    message = str(caught.value)
    assert "refusing development defaults in production" in message
    assert "HEARTWISE_JWT_ALGORITHM=HS256" in message
    assert "HEARTWISE_JWT_SECRET is the development secret" in message
    assert "HEARTWISE_PSEUDONYM_KEY is the development key" in message
    assert "HEARTWISE_ENCRYPTION_KEYS contains the development key" in message
    # No secret value is echoed back in the error.
    assert DEV_JWT_SECRET not in message
    assert DEV_PSEUDONYM_KEY not in message


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("HEARTWISE_JWT_ALGORITHM", "HS256", "HEARTWISE_JWT_ALGORITHM=HS256"),
        ("HEARTWISE_JWT_SECRET", DEV_JWT_SECRET, "HEARTWISE_JWT_SECRET is the development secret"),
        ("HEARTWISE_PSEUDONYM_KEY", DEV_PSEUDONYM_KEY, "HEARTWISE_PSEUDONYM_KEY is the development key"),
        ("HEARTWISE_ENCRYPTION_KEYS", f"dev1:{DEV_ENCRYPTION_KEY}", "contains the development key"),
        # The development key hidden among real ones (e.g. left over after a rotation) is still refused.
        (
            "HEARTWISE_ENCRYPTION_KEYS",
            f"k2026:{REAL_ENCRYPTION_KEY},dev1:{DEV_ENCRYPTION_KEY}",
            "contains the development key",
        ),
        # Same key spelled in upper-case hex is the same key.
        (
            "HEARTWISE_ENCRYPTION_KEYS",
            f"dev1:{DEV_ENCRYPTION_KEY.upper()}",
            "contains the development key",
        ),
    ],
)
def test_production_refuses_each_development_default_on_its_own(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, problem: str
):
    _set_real_production_env(monkeypatch)
    monkeypatch.setenv(variable, value)

    with pytest.raises(ValidationError, match="refusing development defaults in production") as caught:
        PlatformSettings()

    assert problem in str(caught.value)


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_production_asymmetric_algorithm_needs_a_public_key_or_jwks(
    monkeypatch: pytest.MonkeyPatch, algorithm: str
):
    _set_real_production_env(monkeypatch)
    monkeypatch.setenv("HEARTWISE_JWT_ALGORITHM", algorithm)
    monkeypatch.delenv("HEARTWISE_JWT_PUBLIC_KEY")

    with pytest.raises(ValidationError, match="HEARTWISE_JWT_PUBLIC_KEY or HEARTWISE_JWT_JWKS_URL"):
        PlatformSettings()


def test_production_with_rs256_public_key_and_real_secrets_is_accepted(monkeypatch: pytest.MonkeyPatch):
    _set_real_production_env(monkeypatch)

    settings = PlatformSettings()

    assert settings.is_production
    assert settings.jwt_algorithm == "RS256"
    assert settings.jwt_public_key == FAKE_PUBLIC_KEY
    assert settings.encryption_active_key_id == "k2026"


def test_production_with_jwks_url_instead_of_public_key_is_accepted(monkeypatch: pytest.MonkeyPatch):
    _set_real_production_env(monkeypatch)
    monkeypatch.delenv("HEARTWISE_JWT_PUBLIC_KEY")
    monkeypatch.setenv("HEARTWISE_JWT_JWKS_URL", "https://idp.example/.well-known/jwks.json")

    assert PlatformSettings().jwt_jwks_url == "https://idp.example/.well-known/jwks.json"


def test_production_validation_also_applies_to_keyword_arguments():
    with pytest.raises(ValidationError, match="refusing development defaults"):
        PlatformSettings(env="production")

    settings = PlatformSettings(
        env="production",
        jwt_algorithm="ES256",
        jwt_public_key=FAKE_PUBLIC_KEY,
        jwt_secret="a-real-secret-from-the-vault-0123456789abcdef",
        pseudonym_key="a-real-pseudonym-key-from-the-vault",
        encryption_keys=f"k1:{REAL_ENCRYPTION_KEY}",
        encryption_active_key_id="k1",
    )
    assert settings.is_production


@pytest.mark.parametrize("env", ["development", "test"])
def test_development_defaults_are_fine_outside_production(monkeypatch: pytest.MonkeyPatch, env: str):
    monkeypatch.setenv("HEARTWISE_ENV", env)
    assert PlatformSettings().jwt_secret.get_secret_value() == DEV_JWT_SECRET


def test_get_platform_settings_is_cached_until_cache_clear(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTWISE_KAFKA_BOOTSTRAP", "first:9092")
    first = get_platform_settings()

    monkeypatch.setenv("HEARTWISE_KAFKA_BOOTSTRAP", "second:9092")
    assert get_platform_settings() is first
    assert get_platform_settings().kafka_bootstrap == "first:9092"

    get_platform_settings.cache_clear()
    assert get_platform_settings().kafka_bootstrap == "second:9092"


def test_get_platform_settings_refuses_production_defaults_when_first_called(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTWISE_ENV", "production")
    with pytest.raises(ValidationError, match="refusing development defaults"):
        get_platform_settings()
    # A failure is not cached: fixing the environment is enough.
    _set_real_production_env(monkeypatch)
    assert get_platform_settings().is_production


_IMPORT_PROBE = """
import json, socket, sys

connections = []
real_connect = socket.socket.connect
def recording_connect(self, address):
    connections.append(repr(address))
    return real_connect(self, address)
socket.socket.connect = recording_connect

import services.common.config as config
import services.common.auth
import services.common.contracts
import services.common.health
import services.common.kafka
import services.common.logging
import services.common.metrics

cached = config.get_platform_settings.cache_info().currsize
try:
    config.get_platform_settings()
    error = None
except Exception as exc:
    error = type(exc).__name__
print(json.dumps({"connections": connections, "cached": cached, "error_on_call": error}))
"""


def test_importing_the_platform_modules_reads_no_env_and_connects_nowhere():
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("HEARTWISE_")}
    env.update({
        "HEARTWISE_ENV": "not-an-environment",
        "HEARTWISE_CASSANDRA_PORT": "not-a-port",
        "HEARTWISE_KAFKA_BOOTSTRAP": "192.0.2.1:9",  # TEST-NET-1: never routable
        "HEARTWISE_MONGO_URL": "mongodb://192.0.2.1:9",
    })

    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["connections"] == []
    assert report["cached"] == 0  # nothing built settings at import
    # The bogus environment is only noticed when settings are asked for: proof they are read at call time.
    assert report["error_on_call"] == "ValidationError"
