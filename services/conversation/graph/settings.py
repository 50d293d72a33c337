"""Settings of the LLM orchestrator (env prefix `HEARTWISE_LLM_`; the key itself is `ANTHROPIC_API_KEY`).

Read through `get_graph_settings()` (cached, never at import). The API key is a `SecretStr`: it is handed to the
SDK client and never logged or put in a metric label.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from services.common.config import ServiceSettings


class ModelPrice(BaseModel):
    """List prices in USD per million tokens (MTok)."""

    input: float
    output: float
    cache_write: float  # 5-minute cache writes
    cache_read: float  # cache hits and refreshes

    def cost_usd(self, input_tokens: int, output_tokens: int, cache_write_tokens: int, cache_read_tokens: int) -> float:
        return (
            input_tokens * self.input
            + output_tokens * self.output
            + cache_write_tokens * self.cache_write
            + cache_read_tokens * self.cache_read
        ) / 1_000_000


# Anthropic list prices (platform.claude.com "Pricing" and the model overview pages), USD per MTok, for prompts
# under the long-context threshold (Haiku 5.5 bills prompts over 100k tokens at a higher band; a chat turn here is
# a few thousand tokens). Override or extend with HEARTWISE_LLM_PRICES='{"model": {"input": ..., ...}}'.
DEFAULT_PRICES: dict[str, ModelPrice] = {
    "claude-haiku-5-5": ModelPrice(input=0.10, output=0.50, cache_write=0.125, cache_read=0.01),
    "claude-haiku-4-5": ModelPrice(input=1.00, output=5.00, cache_write=1.25, cache_read=0.10),
    "claude-haiku-4-5-20251001": ModelPrice(input=1.00, output=5.00, cache_write=1.25, cache_read=0.10),
    "claude-sonnet-4-5": ModelPrice(input=3.00, output=15.00, cache_write=3.75, cache_read=0.30),
    "claude-sonnet-4-5-20250929": ModelPrice(input=3.00, output=15.00, cache_write=3.75, cache_read=0.30),
}


class GraphSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HEARTWISE_LLM_", env_file=".env", extra="ignore")

    service_name: str = "conversation"

    # The key comes from the conventional variable; without it the conversation service keeps its offline responder.
    anthropic_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ANTHROPIC_API_KEY", "HEARTWISE_LLM_ANTHROPIC_API_KEY")
    )

    # Primary model and endpoint (None = the SDK's default, api.anthropic.com).
    model: str = "claude-haiku-5-5"
    base_url: str | None = None
    # Failover target: a second model and/or a second endpoint (another region, a gateway, another provider that
    # speaks the Messages API). Failover is configured when either is set; a separate key may be given for it.
    fallback_model: str | None = None
    fallback_base_url: str | None = None
    fallback_api_key: SecretStr | None = None

    # Time. A model call never waits longer than `timeout_s`, and no model work starts after `turn_budget_s`
    # from the start of the turn, so a failing turn answers with its fallback text within ~3 s (the plan's bound)
    # and the offline responder still has `offline_timeout_s` when an answer must be replaced.
    timeout_s: float = Field(default=2.0, gt=0)
    turn_budget_s: float = Field(default=2.5, gt=0)
    offline_timeout_s: float = Field(default=0.4, gt=0)
    min_call_s: float = Field(default=0.25, gt=0)  # no new attempt is started with less time left than this

    # Retries (tenacity, full jitter) for retryable errors only: 429, 529, 500/502/503/504, connection, timeout.
    max_attempts: int = Field(default=2, ge=1, le=5)
    retry_base_s: float = Field(default=0.1, ge=0)
    retry_max_s: float = Field(default=0.5, ge=0)

    # Circuit breaker per provider: opens after N consecutive failed attempts, half-opens after the cool-down.
    breaker_failure_threshold: int = Field(default=5, ge=1)
    breaker_reset_s: float = Field(default=30.0, gt=0)

    # Generation.
    max_output_tokens: int = Field(default=600, ge=64, le=4096)
    max_tool_rounds: int = Field(default=3, ge=0, le=6)
    max_tool_calls_per_round: int = Field(default=4, ge=1, le=10)
    thinking: Literal["model_default", "disabled", "adaptive"] = "disabled"  # off: latency budget is 2 s
    effort: Literal["low", "medium", "high", "xhigh", "max"] | None = None
    prompt_caching: bool = True

    # Context ("prompt compression"): what the model sees up front, and how much history.
    context_days: int = Field(default=7, ge=1, le=30)
    context_anomaly_days: int = Field(default=14, ge=1, le=90)
    history_max_turns: int = Field(default=12, ge=0, le=50)
    history_token_budget: int = Field(default=1500, ge=0)
    max_tool_days: int = Field(default=90, ge=1, le=365)

    # Ids that look like user ids; a reply naming any id other than the signed-in user's is blocked.
    user_id_pattern: str = r"\bu-[A-Za-z0-9][A-Za-z0-9_-]{0,63}\b"

    prices: dict[str, ModelPrice] = Field(default_factory=lambda: dict(DEFAULT_PRICES))

    @model_validator(mode="after")
    def _prices_known(self) -> GraphSettings:
        for model in (self.model, self.fallback_model):
            if model is not None and model not in self.prices:
                raise ValueError(f"no list price for model {model!r}: add it to HEARTWISE_LLM_PRICES")
        return self

    @property
    def failover_configured(self) -> bool:
        return bool(self.fallback_model or self.fallback_base_url)

    def price(self, model: str) -> ModelPrice:
        return self.prices[model]


@lru_cache(maxsize=1)
def get_graph_settings() -> GraphSettings:
    return GraphSettings()
