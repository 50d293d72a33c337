"""GraphSettings (HEARTWISE_LLM_*, ANTHROPIC_API_KEY) and the factory the conversation service calls."""

from __future__ import annotations

import pytest
from graph_support import FakeOffline
from pydantic import SecretStr, ValidationError

from services.conversation.graph import GraphOrchestrator, GraphSettings, build_orchestrator


def test_env_prefix_and_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-secret-value")
    monkeypatch.setenv("HEARTWISE_LLM_MODEL", "claude-haiku-4-5")
    monkeypatch.setenv("HEARTWISE_LLM_FALLBACK_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("HEARTWISE_LLM_MAX_TOOL_ROUNDS", "2")
    monkeypatch.setenv("HEARTWISE_LLM_BREAKER_FAILURE_THRESHOLD", "7")
    s = GraphSettings()
    assert s.anthropic_api_key is not None and s.anthropic_api_key.get_secret_value() == "sk-secret-value"
    assert "sk-secret-value" not in repr(s) and "sk-secret-value" not in str(s.model_dump())
    assert s.model == "claude-haiku-4-5" and s.max_tool_rounds == 2 and s.breaker_failure_threshold == 7
    assert s.failover_configured


def test_prices_must_be_known_and_can_be_extended(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="no list price"):
        GraphSettings(model="claude-unknown-1")
    monkeypatch.setenv(
        "HEARTWISE_LLM_PRICES",
        '{"my-gateway-model": {"input": 0.2, "output": 1.0, "cache_write": 0.25, "cache_read": 0.02}}',
    )
    s = GraphSettings(model="my-gateway-model")
    assert s.price("my-gateway-model").cost_usd(1_000_000, 0, 0, 0) == pytest.approx(0.2)


def test_default_model_prices() -> None:
    s = GraphSettings()
    p = s.price(s.model)
    # 1,000 input + 200 output + 3,000 cache read + 500 cache write tokens at Haiku 5.5 list prices.
    assert p.cost_usd(1000, 200, 500, 3000) == pytest.approx(
        (1000 * 0.10 + 200 * 0.50 + 500 * 0.125 + 3000 * 0.01) / 1e6
    )
    assert not s.failover_configured


async def test_factory_with_graph_settings() -> None:
    orch = build_orchestrator(GraphSettings(anthropic_api_key=SecretStr("k")), FakeOffline())
    assert isinstance(orch, GraphOrchestrator) and len(orch.gateway.providers) == 1
    await orch.aclose()


async def test_factory_with_the_conversation_services_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    from services.conversation.graph.settings import get_graph_settings

    get_graph_settings.cache_clear()

    class OtherSettings:
        anthropic_api_key = SecretStr("from-the-service")

    orch = build_orchestrator(OtherSettings(), FakeOffline())  # type: ignore[arg-type]
    assert orch.settings.anthropic_api_key is not None
    assert orch.settings.anthropic_api_key.get_secret_value() == "from-the-service"
    await orch.aclose()
    get_graph_settings.cache_clear()


def test_factory_without_a_key_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(ValueError, match="ANTHROPIC_API_KEY"):
        build_orchestrator(GraphSettings(_env_file=None), FakeOffline())  # type: ignore[call-arg]
