"""Claude through the official SDK: providers, per-call timeout, retries, circuit breaker, accounting.

- Client: `AsyncAnthropic(api_key, base_url, timeout, max_retries=0)`. The SDK's own retries are switched off so
  that one policy decides: tenacity, full-jitter exponential backoff, only for retryable failures (429, 529,
  500/502/503/504, connection errors, timeouts), never past the turn's time budget, and never into an open circuit.
- Circuit breaker per provider (hand-written, ~40 lines: the maintained libraries are either sync-only or not among
  the locked dependencies, and this one must share state across concurrent turns on one event loop): it opens after
  N consecutive failed attempts, rejects calls instantly while open, lets one probe through after the cool-down
  (half-open) and closes again on the probe's success. A 4xx other than 429 is our request's fault, not the
  provider's health, and counts as a success for the breaker.
- Failover (a second model and/or base URL) is not decided here: the gateway reports a typed error and the graph
  takes its failover or fallback edge.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import anthropic
from anthropic import AsyncAnthropic
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_before_delay, wait_random_exponential

from services.common.logging import get_logger
from services.conversation.graph import metrics
from services.conversation.graph.settings import GraphSettings, ModelPrice
from services.conversation.graph.state import CallUsage, ErrorKind, ModelReply

log = get_logger(__name__)

BreakerState = Literal["closed", "open", "half_open"]
_BREAKER_GAUGE = {"closed": 0, "half_open": 1, "open": 2}


class CircuitBreaker:
    def __init__(
        self, name: str, failure_threshold: int, reset_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.name = name
        self.failure_threshold = failure_threshold
        self.reset_s = reset_s
        self._clock = clock
        self._state: BreakerState = "closed"
        self._failures = 0
        self._opened_at = 0.0
        self._probe_in_flight = False
        metrics.BREAKER_STATE.labels(provider=name).set(0)

    @property
    def state(self) -> BreakerState:
        if self._state == "open" and self._clock() - self._opened_at >= self.reset_s:
            return "half_open"
        return self._state

    def try_acquire(self) -> bool:
        """May a call go out now? In half-open, exactly one probe may."""
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._probe_in_flight:
            self._set("half_open")
            self._probe_in_flight = True
            return True
        return False

    def record_success(self) -> None:
        self._failures = 0
        self._probe_in_flight = False
        if self._state != "closed":
            log.info("llm_breaker_closed", provider=self.name)
        self._set("closed")

    def record_failure(self) -> None:
        self._probe_in_flight = False
        self._failures += 1
        if self._state == "half_open" or self._failures >= self.failure_threshold:
            if self._state != "open":
                log.warning("llm_breaker_open", provider=self.name, failures=self._failures)
            self._opened_at = self._clock()
            self._set("open")

    def _set(self, state: BreakerState) -> None:
        self._state = state
        metrics.BREAKER_STATE.labels(provider=self.name).set(_BREAKER_GAUGE[state])


class ModelCallError(Exception):
    def __init__(self, kind: ErrorKind, reason: str, *, retryable: bool, retry_after_s: float | None = None) -> None:
        super().__init__(reason)
        self.kind: ErrorKind = kind
        self.reason = reason
        self.retryable = retryable
        self.retry_after_s = retry_after_s


@dataclass
class Provider:
    name: str  # "primary" | "secondary"
    model: str
    base_url: str | None
    client: AsyncAnthropic
    breaker: CircuitBreaker
    price: ModelPrice


def _retry_after(exc: anthropic.APIStatusError) -> float | None:
    try:
        value = exc.response.headers.get("retry-after")
        return float(value) if value is not None else None
    except (ValueError, AttributeError):
        return None


def classify(exc: BaseException) -> tuple[ModelCallError, bool]:
    """The typed error for an SDK failure, and whether it counts against the provider's health."""
    if isinstance(exc, anthropic.APITimeoutError | TimeoutError):
        return ModelCallError("timeout", "timeout", retryable=True), True
    if isinstance(exc, anthropic.APIConnectionError):
        return ModelCallError("error", "connection", retryable=True), True
    if isinstance(exc, anthropic.APIStatusError):
        status = exc.status_code
        if status == 429:
            return ModelCallError("overloaded", "429", retryable=True, retry_after_s=_retry_after(exc)), True
        if status in (529, 503):
            return ModelCallError("overloaded", str(status), retryable=True, retry_after_s=_retry_after(exc)), True
        if status in (500, 502, 504):
            return ModelCallError("error", str(status), retryable=True), True
        if status >= 500:
            return ModelCallError("error", str(status), retryable=False), True
        return ModelCallError("error", str(status), retryable=False), False  # our request was refused
    return ModelCallError("error", type(exc).__name__, retryable=False), True


def _block_param(block: Any) -> dict[str, Any]:
    if block.type == "text":
        return {"type": "text", "text": block.text}
    if block.type == "tool_use":
        return {"type": "tool_use", "id": block.id, "name": block.name, "input": block.input}
    dumped: dict[str, Any] = block.model_dump(mode="json", exclude_none=True)  # thinking blocks go back unchanged
    return dumped


class ModelGateway:
    def __init__(self, settings: GraphSettings, providers: list[Provider]) -> None:
        self.settings = settings
        self.providers = providers

    @classmethod
    def from_settings(cls, settings: GraphSettings, clock: Callable[[], float] = time.monotonic) -> ModelGateway:
        """Clients and breakers from settings; `clock` drives the breakers' cool-down (tests pass a manual one)."""
        if settings.anthropic_api_key is None:
            raise ValueError("ANTHROPIC_API_KEY is not set")
        key = settings.anthropic_api_key.get_secret_value()

        def provider(name: str, model: str, base_url: str | None, api_key: str) -> Provider:
            client = AsyncAnthropic(api_key=api_key, base_url=base_url, timeout=settings.timeout_s, max_retries=0)
            breaker = CircuitBreaker(name, settings.breaker_failure_threshold, settings.breaker_reset_s, clock)
            return Provider(name, model, base_url, client, breaker, settings.price(model))

        providers = [provider("primary", settings.model, settings.base_url, key)]
        if settings.failover_configured:
            fallback_key = settings.fallback_api_key.get_secret_value() if settings.fallback_api_key else key
            providers.append(
                provider(
                    "secondary",
                    settings.fallback_model or settings.model,
                    settings.fallback_base_url or settings.base_url,
                    fallback_key,
                )
            )
        return cls(settings, providers)

    async def aclose(self) -> None:
        for p in self.providers:
            await p.client.close()

    def request_params(
        self, *, system: list[dict[str, Any]], messages: list[dict[str, Any]], tools: list[dict[str, Any]],
        tool_choice: dict[str, Any] | None, metadata_user: str | None,
    ) -> dict[str, Any]:  # fmt: skip
        s = self.settings
        params: dict[str, Any] = {
            "max_tokens": s.max_output_tokens,
            "system": system,
            "messages": messages,
            "tools": tools,
        }
        if tool_choice is not None:
            params["tool_choice"] = tool_choice
        if s.thinking != "model_default":
            params["thinking"] = {"type": s.thinking}
        if s.effort is not None:
            params["output_config"] = {"effort": s.effort}
        if metadata_user:
            params["metadata"] = {"user_id": metadata_user}
        return params

    async def create(self, provider_index: int, params: dict[str, Any], deadline: float) -> ModelReply:
        """One model call on one provider, with retries inside the budget. Raises ModelCallError."""
        s = self.settings
        provider = self.providers[provider_index]
        budget = deadline - time.monotonic()
        if budget < s.min_call_s:
            raise ModelCallError("timeout", "turn budget exhausted", retryable=False)

        def worth_retrying(exc: BaseException) -> bool:
            if not (isinstance(exc, ModelCallError) and exc.retryable):
                return False
            remaining = deadline - time.monotonic()
            return exc.retry_after_s is None or exc.retry_after_s <= remaining - s.min_call_s

        retrying = AsyncRetrying(
            stop=stop_after_attempt(s.max_attempts) | stop_before_delay(max(0.0, budget - s.min_call_s)),
            wait=wait_random_exponential(multiplier=s.retry_base_s, max=s.retry_max_s),
            retry=retry_if_exception(worth_retrying),
            reraise=True,
        )
        reply: ModelReply | None = None
        async for attempt in retrying:
            with attempt:
                if attempt.retry_state.attempt_number > 1:
                    metrics.LLM_RETRIES.labels(provider=provider.name).inc()
                reply = await self._attempt(provider, params, deadline)
        assert reply is not None
        return reply

    async def _attempt(self, provider: Provider, params: dict[str, Any], deadline: float) -> ModelReply:
        s = self.settings
        timeout = min(s.timeout_s, deadline - time.monotonic())
        if timeout < s.min_call_s / 2:
            raise ModelCallError("timeout", "turn budget exhausted", retryable=False)
        if not provider.breaker.try_acquire():
            metrics.LLM_CALLS.labels(provider=provider.name, model=provider.model, outcome="circuit_open").inc()
            raise ModelCallError("overloaded", "circuit_open", retryable=False)
        started = time.monotonic()
        recorded = False
        try:
            async with asyncio.timeout(timeout + 0.05):  # a hard bound over the SDK's per-phase httpx timeouts
                message = await provider.client.messages.create(model=provider.model, timeout=timeout, **params)
            provider.breaker.record_success()
            recorded = True
        except (anthropic.AnthropicError, TimeoutError) as exc:
            error, counts = classify(exc)
            if counts:
                provider.breaker.record_failure()
            else:
                provider.breaker.record_success()
            recorded = True
            metrics.LLM_CALLS.labels(provider=provider.name, model=provider.model, outcome=error.reason).inc()
            log.warning("llm_call_failed", provider=provider.name, model=provider.model, reason=error.reason)
            raise error from exc
        finally:
            if not recorded:  # cancelled mid-call: count it, so a half-open probe never stays "in flight"
                provider.breaker.record_failure()
        latency = time.monotonic() - started
        metrics.LLM_CALLS.labels(provider=provider.name, model=provider.model, outcome="ok").inc()
        metrics.LLM_CALL_SECONDS.labels(provider=provider.name).observe(latency)
        u = message.usage
        cache_write = u.cache_creation_input_tokens or 0
        cache_read = u.cache_read_input_tokens or 0
        usage = CallUsage(
            provider=provider.name,
            model=provider.model,
            input_tokens=u.input_tokens,
            output_tokens=u.output_tokens,
            cache_read_tokens=cache_read,
            cache_write_tokens=cache_write,
            cost_usd=provider.price.cost_usd(u.input_tokens, u.output_tokens, cache_write, cache_read),
        )
        return ModelReply(
            content=[_block_param(b) for b in message.content],
            stop_reason=message.stop_reason,
            usage=usage,
            latency_s=latency,
        )
