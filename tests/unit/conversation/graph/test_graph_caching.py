"""Prompt caching in the requests, and token + cost accounting per turn, per conversation and in Prometheus."""

from __future__ import annotations

from typing import Any

import pytest
from fake_anthropic import FakeAnthropic, MemoryUserData
from graph_support import fast_settings, turn
from prometheus_client import REGISTRY

from services.conversation.graph import GraphOrchestrator
from services.conversation.graph.settings import DEFAULT_PRICES
from services.conversation.orchestration import HistoryTurn, TurnResult

QUESTIONS = [
    "How has my blood pressure been this week?",
    "And my heart rate?",
    "How did I sleep?",
]


async def converse(orch: GraphOrchestrator, data: MemoryUserData, now_ms: int, conversation: str) -> list[Any]:
    history: tuple[HistoryTurn, ...] = ()
    outcomes = []
    for i, question in enumerate(QUESTIONS):
        outcome = await orch.run_turn(turn(question, now_ms, history=history, conversation=conversation, n=i), data)
        outcomes.append(outcome)
        history = (
            *history,
            HistoryTurn("user", question, now_ms + 2 * i),
            HistoryTurn("assistant", outcome.result.reply, now_ms + 2 * i + 1),
        )
    return outcomes


def breakpoints(body: dict[str, Any]) -> list[str]:
    found = [f"tool:{t['name']}" for t in body["tools"] if "cache_control" in t]
    found += [f"system:{i}" for i, b in enumerate(body["system"]) if "cache_control" in b]
    found += [
        f"message:{i}:{j}"
        for i, m in enumerate(body["messages"])
        for j, b in enumerate(m["content"])
        if "cache_control" in b
    ]
    return found


def counter(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_cache_control_is_on_the_stable_prefix_and_the_last_message(
    fake: FakeAnthropic, orchestrator: GraphOrchestrator, data: MemoryUserData, now_ms: int
) -> None:
    await converse(orchestrator, data, now_ms, "c-cache")
    assert len(fake.requests) == 6  # three turns, each with one tool round trip
    for record in fake.requests:
        body = record.body
        last = len(body["messages"]) - 1
        last_block = len(body["messages"][-1]["content"]) - 1
        assert breakpoints(body) == [
            f"tool:{body['tools'][-1]['name']}",  # the last tool definition caches the tools
            "system:0",  # the stable instructions (identical for every user and replica)
            f"message:{last}:{last_block}",  # the moving breakpoint: context + history within the conversation
        ]
        assert body["system"][0]["cache_control"] == {"type": "ephemeral"}
    # The stable block is byte-identical across turns, so it can be served from the cache.
    assert len({r.body["system"][0]["text"] for r in fake.requests}) == 1


async def test_token_and_cost_accounting_per_turn_and_conversation(
    fake: FakeAnthropic, orchestrator: GraphOrchestrator, data: MemoryUserData, now_ms: int
) -> None:
    price = DEFAULT_PRICES["claude-haiku-5-5"]
    tokens_before = counter(
        "heartwise_conversation_llm_tokens_total", model="claude-haiku-5-5", kind="answer", type="cache_read"
    )
    cost_before = counter("heartwise_conversation_llm_cost_usd_total", model="claude-haiku-5-5", kind="answer")

    outcomes = await converse(orchestrator, data, now_ms, "c-acct")

    for outcome in outcomes:
        usage = outcome.result.usage
        assert usage.model == "claude-haiku-5-5"
        assert usage.input_tokens == sum(c.input_tokens for c in outcome.calls)
        assert usage.cache_read_tokens == sum(c.cache_read_tokens for c in outcome.calls)
        expected = price.cost_usd(
            usage.input_tokens, usage.output_tokens, usage.cache_write_tokens, usage.cache_read_tokens
        )
        assert usage.cost_usd == pytest.approx(expected, rel=1e-6)
    # The tool round trip reads the prefix its first call wrote; later turns read the earlier turns' prefix.
    first, second, third = (o.calls for o in outcomes)
    assert first[0].cache_read_tokens == 0 and first[0].cache_write_tokens > 0
    assert first[1].cache_read_tokens >= first[0].cache_write_tokens
    assert second[0].cache_read_tokens > 0 and third[0].cache_read_tokens > second[0].cache_read_tokens

    total = orchestrator.conversation_usage("c-acct")
    assert total.cache_read_tokens == sum(o.result.usage.cache_read_tokens for o in outcomes)
    assert total.cost_usd == pytest.approx(sum(o.result.usage.cost_usd for o in outcomes), rel=1e-6)
    assert counter(
        "heartwise_conversation_llm_tokens_total", model="claude-haiku-5-5", kind="answer", type="cache_read"
    ) - tokens_before == pytest.approx(total.cache_read_tokens)
    assert counter(
        "heartwise_conversation_llm_cost_usd_total", model="claude-haiku-5-5", kind="answer"
    ) - cost_before == pytest.approx(total.cost_usd)


async def test_without_caching_there_are_no_breakpoints_and_it_costs_more(
    fake: FakeAnthropic, make_orchestrator: Any, data: MemoryUserData, now_ms: int
) -> None:
    cached = make_orchestrator(fast_settings(fake.base_url))
    await converse(cached, data, now_ms, "c-with")
    fake.reset()
    uncached = make_orchestrator(fast_settings(fake.base_url, prompt_caching=False))
    outcomes = await converse(uncached, data, now_ms, "c-without")

    assert all(breakpoints(r.body) == [] for r in fake.requests)
    assert all(o.result.usage.cache_read_tokens == 0 and o.result.usage.cache_write_tokens == 0 for o in outcomes)
    with_cache = cached.conversation_usage("c-with")
    without = uncached.conversation_usage("c-without")
    # Same conversation, same prompts: the uncached one pays full price for every input token.
    assert (
        without.input_tokens == with_cache.input_tokens + with_cache.cache_read_tokens + with_cache.cache_write_tokens
    )
    assert without.cost_usd > with_cache.cost_usd


async def test_fallback_turns_are_accounted_under_their_kind(
    fake: FakeAnthropic, orchestrator: GraphOrchestrator, data: MemoryUserData, now_ms: int
) -> None:
    before = counter("heartwise_conversation_graph_turns_total", kind="fallback", outcome="fallback_data")
    data.fail = True
    outcome = await orchestrator.run_turn(turn("hi", now_ms), data)
    assert isinstance(outcome.result, TurnResult) and outcome.result.kind == "fallback"
    assert outcome.result.usage.cost_usd == 0 and outcome.result.usage.model is None
    assert counter("heartwise_conversation_graph_turns_total", kind="fallback", outcome="fallback_data") == before + 1
