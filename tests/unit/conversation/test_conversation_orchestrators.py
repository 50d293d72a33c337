"""The one place that picks the orchestrator: offline without a key or without the graph's factory."""

from __future__ import annotations

import sys
import types

import pytest

from services.conversation.config import ConversationSettings
from services.conversation.domain.responder import OfflineResponder
from services.conversation.orchestrators import select_orchestrator


@pytest.fixture
def offline() -> OfflineResponder:
    return OfflineResponder()


def settings(monkeypatch: pytest.MonkeyPatch, key: str | None) -> ConversationSettings:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("HEARTWISE_CONVERSATION_ANTHROPIC_API_KEY", raising=False)
    if key is not None:
        monkeypatch.setenv("ANTHROPIC_API_KEY", key)
    return ConversationSettings(_env_file=None)  # type: ignore[call-arg]


def fake_graph(monkeypatch: pytest.MonkeyPatch, factory: object | None) -> None:
    module = types.ModuleType("services.conversation.graph")
    if factory is not None:
        module.build_orchestrator = factory  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "services.conversation.graph", module)
    monkeypatch.setitem(sys.modules, "services.conversation.graph.graph", types.ModuleType("graph"))


def test_conversation_orchestrator_is_offline_without_an_api_key(monkeypatch, offline):
    fake_graph(monkeypatch, lambda s, o: pytest.fail("the graph must not be built without a key"))
    assert select_orchestrator(settings(monkeypatch, None), offline) == (offline, "offline")
    assert select_orchestrator(settings(monkeypatch, ""), offline) == (offline, "offline")


def test_conversation_orchestrator_is_the_graph_with_a_key_and_a_factory(monkeypatch, offline):
    built = []

    def factory(given_settings, given_offline):  # type: ignore[no-untyped-def]
        built.append((given_settings, given_offline))
        return "graph-orchestrator"

    fake_graph(monkeypatch, factory)
    conf = settings(monkeypatch, "sk-test")
    assert select_orchestrator(conf, offline) == ("graph-orchestrator", "graph")
    assert built == [(conf, offline)]
    assert conf.anthropic_api_key is not None and conf.anthropic_api_key.get_secret_value() == "sk-test"


def test_conversation_orchestrator_stays_offline_when_the_graph_is_missing_or_broken(monkeypatch, offline):
    fake_graph(monkeypatch, None)
    assert select_orchestrator(settings(monkeypatch, "sk-test"), offline) == (offline, "offline")

    def broken(_s, _o):  # type: ignore[no-untyped-def]
        raise ValueError("bad model name")

    fake_graph(monkeypatch, broken)
    assert select_orchestrator(settings(monkeypatch, "sk-test"), offline) == (offline, "offline")
