"""Retries, timeouts, the circuit breaker and failover, against the fake server through the real SDK."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fake_anthropic import FakeAnthropic, MemoryUserData, error, reply, slow
from graph_support import ManualClock, fast_settings, turn
from pydantic import SecretStr

from services.conversation.graph import GraphSettings
from services.conversation.graph.llm import CircuitBreaker
from services.conversation.graph.prompts import FALLBACK_ERROR, FALLBACK_HIGH_DEMAND

PLAIN = "Happy to help with your heart health."


@pytest.mark.parametrize("status", [429, 529, 500, 502, 503])
async def test_retryable_error_is_retried_then_answered(
    status: int, fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(fast_settings(fake.base_url))
    fake.script(error(status), reply(PLAIN))
    outcome = await orch.run_turn(turn("hello", now_ms), data)
    assert outcome.result.kind == "answer" and outcome.result.reply == PLAIN
    assert [r.status for r in fake.requests] == [status, 200]


@pytest.mark.parametrize(
    ("status", "text"), [(429, FALLBACK_HIGH_DEMAND), (529, FALLBACK_HIGH_DEMAND), (500, FALLBACK_ERROR)]
)
async def test_persistent_errors_fall_back_after_the_retry_budget(
    status: int, text: str, fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(fast_settings(fake.base_url, max_attempts=3))
    fake.script(*[error(status) for _ in range(5)])
    outcome = await orch.run_turn(turn("hello", now_ms), data)
    assert outcome.result.kind == "fallback" and outcome.result.reply == text
    assert len(fake.requests) == 3  # three attempts, then the fallback edge
    assert outcome.path == ("load_context", "generate", "fallback")


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_non_retryable_errors_are_not_retried(
    status: int, fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(fast_settings(fake.base_url, max_attempts=3))
    fake.script(error(status), reply(PLAIN))
    outcome = await orch.run_turn(turn("hello", now_ms), data)
    assert outcome.result.kind == "fallback" and outcome.result.reply == FALLBACK_ERROR
    assert len(fake.requests) == 1


async def test_retry_after_longer_than_the_budget_is_not_waited_for(
    fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(fast_settings(fake.base_url, max_attempts=3))
    fake.script(error(429, retry_after_s=30), reply(PLAIN))
    outcome = await orch.run_turn(turn("hello", now_ms), data)
    assert outcome.result.reply == FALLBACK_HIGH_DEMAND and len(fake.requests) == 1


async def test_slow_reply_times_out_and_falls_back_within_the_turn_bound(
    fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    # Production defaults (2 s per call, 2.5 s budget): a server that answers after 6 s.
    settings = GraphSettings(anthropic_api_key=SecretStr("k"), base_url=fake.base_url)
    orch = make_orchestrator(settings)
    fake.script(slow(6.0, reply(PLAIN)), slow(6.0, reply(PLAIN)))
    outcome = await orch.run_turn(turn("hello", now_ms), data)
    assert outcome.result.kind == "fallback" and outcome.result.reply == FALLBACK_ERROR
    assert "fallback_timeout" in outcome.result.flags
    # Bounded by the graph's budget (2.5 s by default, so the fallback arrives within the plan's 3 s), not by the
    # server's 6 s; the margin only absorbs scheduling noise on a busy runner.
    assert outcome.elapsed_s < settings.turn_budget_s + 1.0


async def test_slow_first_attempt_is_retried_within_budget(
    fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(fast_settings(fake.base_url, timeout_s=1.0, turn_budget_s=3.0))
    fake.script(slow(3.0, reply("too late")), reply(PLAIN))
    outcome = await orch.run_turn(turn("hello", now_ms), data)
    assert outcome.result.reply == PLAIN


async def test_breaker_opens_fails_fast_then_half_opens_and_closes(
    fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    clock = ManualClock()
    orch = make_orchestrator(
        fast_settings(fake.base_url, max_attempts=1, breaker_failure_threshold=3, breaker_reset_s=30), clock
    )
    breaker = orch.gateway.providers[0].breaker
    fake.script(*[error(500) for _ in range(3)])
    for i in range(3):
        await orch.run_turn(turn("hello", now_ms, n=i), data)
    assert breaker.state == "open"

    # Open: the turn fails fast without reaching the provider, with the high-demand text.
    before = len(fake.requests)
    clock.advance(29)
    outcome = await orch.run_turn(turn("hello again", now_ms), data)
    assert len(fake.requests) == before
    assert outcome.result.reply == FALLBACK_HIGH_DEMAND and "circuit_open" in outcome.result.flags

    # After the cool-down one probe goes through; a failing probe re-opens the circuit.
    clock.advance(1)
    assert breaker.state == "half_open"
    fake.script(error(503))
    await orch.run_turn(turn("probe 1", now_ms), data)
    assert len(fake.requests) == before + 1 and breaker.state == "open"

    # Next cool-down: the probe succeeds and the circuit closes.
    clock.advance(30)
    fake.script(reply(PLAIN))
    outcome = await orch.run_turn(turn("probe 2", now_ms), data)
    assert outcome.result.reply == PLAIN and breaker.state == "closed"


async def test_half_open_lets_exactly_one_probe_through(
    fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    clock = ManualClock()
    orch = make_orchestrator(
        fast_settings(fake.base_url, max_attempts=1, breaker_failure_threshold=1, breaker_reset_s=30), clock
    )
    fake.script(error(500))
    await orch.run_turn(turn("x", now_ms), data)
    clock.advance(30)
    fake.script(slow(0.2, reply(PLAIN)))
    before = len(fake.requests)
    results = await asyncio.gather(*(orch.run_turn(turn(f"q{i}", now_ms, n=i), data) for i in range(5)))
    assert len(fake.requests) == before + 1  # one probe, four fast fallbacks
    assert sorted(r.result.kind for r in results) == ["answer", "fallback", "fallback", "fallback", "fallback"]


async def test_failover_to_second_base_url(
    fake: FakeAnthropic, fake_b: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(fast_settings(fake.base_url, fallback_base_url=fake_b.base_url, max_attempts=2))
    fake.script(error(529), error(529))
    fake_b.script(reply(PLAIN))
    outcome = await orch.run_turn(turn("hello", now_ms), data)
    assert outcome.result.kind == "answer" and outcome.result.reply == PLAIN
    assert "failover" in outcome.result.flags
    assert outcome.path == ("load_context", "generate", "failover", "generate", "output_guards", "reply")
    assert len(fake.requests) == 2 and len(fake_b.requests) == 1
    assert outcome.calls[-1].provider == "secondary"


async def test_failover_to_second_model_mid_tool_loop(
    fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(fast_settings(fake.base_url, fallback_model="claude-haiku-4-5", max_attempts=1))
    from fake_anthropic import auto

    fake.script(auto(model="claude-haiku-5-5"), error(500, model="claude-haiku-5-5"), auto(model="claude-haiku-4-5"))
    outcome = await orch.run_turn(turn("how is my heart rate?", now_ms), data)
    assert outcome.result.kind == "answer" and "bpm" in outcome.result.reply
    models = [r.body["model"] for r in fake.requests]
    assert models == ["claude-haiku-5-5", "claude-haiku-5-5", "claude-haiku-4-5"]
    # The second model continues the same tool loop (the tool result is in its request).
    assert any(b.get("type") == "tool_result" for m in fake.requests[2].body["messages"] for b in m["content"])
    # Each call is priced at its own model's list price.
    assert {c.model for c in outcome.calls} == {"claude-haiku-5-5", "claude-haiku-4-5"}
    assert outcome.result.usage.model == "claude-haiku-4-5"


async def test_open_primary_circuit_fails_over_immediately(
    fake: FakeAnthropic, fake_b: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(
        fast_settings(fake.base_url, fallback_base_url=fake_b.base_url, max_attempts=1, breaker_failure_threshold=1)
    )
    fake.script(error(500))
    fake_b.script(reply(PLAIN), reply(PLAIN))
    await orch.run_turn(turn("one", now_ms), data)
    before = len(fake.requests)
    outcome = await orch.run_turn(turn("two", now_ms), data)
    assert len(fake.requests) == before  # primary skipped while open
    assert outcome.result.reply == PLAIN and "failover" in outcome.result.flags


async def test_both_providers_down_gives_the_fallback(
    fake: FakeAnthropic, fake_b: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    orch = make_orchestrator(fast_settings(fake.base_url, fallback_base_url=fake_b.base_url, max_attempts=1))
    fake.script(error(529))
    fake_b.script(error(529))
    outcome = await orch.run_turn(turn("hello", now_ms), data)
    assert outcome.result.kind == "fallback" and outcome.result.reply == FALLBACK_HIGH_DEMAND
    assert outcome.path == ("load_context", "generate", "failover", "generate", "fallback")


def test_breaker_unit_with_a_fake_clock() -> None:
    now = [0.0]
    b = CircuitBreaker("unit", failure_threshold=2, reset_s=10, clock=lambda: now[0])
    assert b.try_acquire()
    b.record_failure()
    assert b.state == "closed"
    b.record_success()  # a success resets the consecutive count
    b.record_failure()
    assert b.state == "closed"
    b.record_failure()
    assert b.state == "open" and not b.try_acquire()
    now[0] = 9.9
    assert not b.try_acquire()
    now[0] = 10.0
    assert b.state == "half_open" and b.try_acquire() and not b.try_acquire()
    b.record_success()
    assert b.state == "closed" and b.try_acquire()
