"""Platform settings shared by every service: one `.env`, typed, read at call time, never at import.

Each service subclasses `ServiceSettings` with its own env prefix (e.g. `HEARTWISE_INGEST_`) and reads it
through a cached getter; the shared addresses live here once (`HEARTWISE_KAFKA_BOOTSTRAP`, ...).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Development-only secrets. They make `make demo` work on a fresh clone and are refused in production.
DEV_JWT_SECRET = "heartwise-dev-only-jwt-secret-do-not-use-in-production"  # noqa: S105
DEV_PSEUDONYM_KEY = "heartwise-dev-only-pseudonym-key"
# 32 bytes as 64 hex chars: AES-256-GCM key for chat text at rest in development.
DEV_ENCRYPTION_KEY = "00" * 16 + "de" * 16

Environment = Literal["development", "test", "production"]


class PlatformSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HEARTWISE_", env_file=".env", extra="ignore")

    env: Environment = "development"
    kafka_bootstrap: str = "127.0.0.1:9092"
    schema_registry_url: str = "http://127.0.0.1:8081/apis/ccompat/v7"
    cassandra_hosts: str = "127.0.0.1"  # comma-separated contact points
    cassandra_port: int = 9042
    cassandra_keyspace: str = "heartwise"
    cassandra_replication_factor: int = 1
    mongo_url: str = "mongodb://127.0.0.1:27017"
    mongo_database: str = "heartwise"

    # Auth: HS256 with a shared secret in development; RS256/ES256 with a public key or JWKS in production.
    jwt_algorithm: Literal["HS256", "RS256", "ES256"] = "HS256"
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_public_key: str | None = None
    jwt_jwks_url: str | None = None
    jwt_issuer: str = "heartwise"
    jwt_audience: str = "heartwise"

    # Keyed pseudonyms for analytics, and the encryption keys for chat text at rest ("id:hex,id:hex").
    pseudonym_key: SecretStr = SecretStr(DEV_PSEUDONYM_KEY)
    encryption_keys: SecretStr = SecretStr(f"dev1:{DEV_ENCRYPTION_KEY}")
    encryption_active_key_id: str = "dev1"

    log_level: str = "INFO"
    log_json: bool = True

    # Address the worker health servers bind to: loopback on a laptop, 0.0.0.0 in containers (compose, k8s).
    bind_host: str = "127.0.0.1"

    # A run id (tests, demo) suffixes consumer groups so concurrent runs never share group assignments.
    run_id: str | None = None
    # RocksDB state of the stream processors (one subfolder per service).
    state_dir: str = ".run/state"

    def consumer_group(self, base: str) -> str:
        return f"{base}.{self.run_id}" if self.run_id else base

    @property
    def cassandra_contact_points(self) -> list[str]:
        return [host.strip() for host in self.cassandra_hosts.split(",") if host.strip()]

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @model_validator(mode="after")
    def _refuse_development_secrets_in_production(self) -> PlatformSettings:
        if not self.is_production:
            return self
        problems = []
        if self.jwt_algorithm == "HS256":
            problems.append("HEARTWISE_JWT_ALGORITHM=HS256 (use RS256/ES256 with a public key or JWKS URL)")
        if self.jwt_secret.get_secret_value() == DEV_JWT_SECRET:
            problems.append("HEARTWISE_JWT_SECRET is the development secret")
        if self.jwt_algorithm != "HS256" and not (self.jwt_public_key or self.jwt_jwks_url):
            problems.append("HEARTWISE_JWT_PUBLIC_KEY or HEARTWISE_JWT_JWKS_URL is required")
        if self.pseudonym_key.get_secret_value() == DEV_PSEUDONYM_KEY:
            problems.append("HEARTWISE_PSEUDONYM_KEY is the development key")
        if DEV_ENCRYPTION_KEY in self.encryption_keys.get_secret_value().lower():  # hex is case-insensitive
            problems.append("HEARTWISE_ENCRYPTION_KEYS contains the development key")
        if problems:
            raise ValueError("refusing development defaults in production: " + "; ".join(problems))
        return self


class ServiceSettings(BaseSettings):
    """Base for one service's own settings; the shared platform settings hang off `.platform`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    service_name: str = "heartwise"
    platform: PlatformSettings = Field(default_factory=lambda: _platform_settings())


@lru_cache(maxsize=1)
def get_platform_settings() -> PlatformSettings:
    return PlatformSettings()


def _platform_settings() -> PlatformSettings:
    return get_platform_settings()
