"""Settings of the conversation service (env prefix HEARTWISE_CONVERSATION_), read through a cached getter."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from services.common.config import ServiceSettings
from services.conversation.guards.abuse import DAILY_MESSAGE_LIMIT


class ConversationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HEARTWISE_CONVERSATION_", env_file=".env", extra="ignore")

    service_name: str = "conversation"
    host: str = "127.0.0.1"
    port: int = 8002
    workers: int = Field(default=1, ge=1, le=16)  # uvicorn worker processes (each is one "replica" in memory)
    projector_health_port: int = 6063

    # Abuse policy switches. The numbers themselves live in guards/abuse.py (one place); the daily limit may
    # be lowered here for a demo, never raised above the plan's 100 without a deliberate change there.
    daily_message_limit: int = Field(default=DAILY_MESSAGE_LIMIT, ge=1, le=DAILY_MESSAGE_LIMIT)
    # Progressive delays for rapid repeats of the same message (per replica). Benchmarks that replay one
    # message for one user turn it off; the daily limit and the spam check stay on.
    burst_delays_enabled: bool = True

    # Preferences cache on the per-turn path: hits never touch the store; an outage is remembered briefly so
    # each turn does not wait for the store's timeout again.
    preferences_cache_ttl_s: float = Field(default=60.0, gt=0)
    preferences_cache_outage_ttl_s: float = Field(default=5.0, gt=0)
    preferences_cache_max_users: int = Field(default=100_000, ge=1)
    mongo_timeout_ms: int = Field(default=1500, ge=100)

    # Cassandra per-statement timeouts: the chat path must not hang on a sick node.
    cassandra_timeout_s: float = Field(default=2.0, gt=0)
    cassandra_reconnect_s: float = Field(default=5.0, gt=0)

    # Context and limits of the turn.
    history_turns: int = Field(default=10, ge=0, le=50)  # previous turns handed to the orchestrator
    max_readings_per_query: int = Field(default=20_000, ge=100)  # newest first; the rest is not read
    turn_timeout_s: float = Field(default=10.0, gt=0)  # orchestrator budget before the fallback reply
    event_queue_max: int = Field(default=50_000, ge=100)  # outgoing Kafka events waiting for the producer

    # The LLM orchestrator is used only when a key is configured (and services/conversation/graph provides it).
    anthropic_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ANTHROPIC_API_KEY", "HEARTWISE_CONVERSATION_ANTHROPIC_API_KEY"))


@lru_cache(maxsize=1)
def get_settings() -> ConversationSettings:
    return ConversationSettings()
