"""The one place that picks the orchestrator of the chat endpoint.

The LangGraph + Claude orchestrator is used when ANTHROPIC_API_KEY is set and `services.conversation.graph`
provides `build_orchestrator(settings, offline) -> Orchestrator`; otherwise (no key, no graph package yet, or
the factory fails) the offline, data-grounded responder answers. The graph is imported lazily, so the service
neither needs nor loads the LLM stack when no key is configured.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from services.common.logging import get_logger
from services.conversation.config import ConversationSettings
from services.conversation.orchestration import Orchestrator

log = get_logger(__name__)

GRAPH_MODULES = ("services.conversation.graph", "services.conversation.graph.graph")


def _graph_factory() -> Callable[..., Any] | None:
    for name in GRAPH_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            log.info("graph_module_unavailable", module=name, error=str(error)[:200])
            continue
        factory = getattr(module, "build_orchestrator", None)
        if callable(factory):
            return factory
    return None


def select_orchestrator(settings: ConversationSettings, offline: Orchestrator) -> tuple[Orchestrator, str]:
    """(orchestrator, name) where name is "graph" or "offline"."""
    if settings.anthropic_api_key is None or not settings.anthropic_api_key.get_secret_value():
        log.info("orchestrator_selected", orchestrator="offline", reason="no ANTHROPIC_API_KEY")
        return offline, "offline"
    factory = _graph_factory()
    if factory is None:
        log.warning("orchestrator_selected", orchestrator="offline",
                    reason="services.conversation.graph provides no build_orchestrator")
        return offline, "offline"
    try:
        orchestrator = factory(settings, offline)
    except Exception as error:  # noqa: BLE001 - a broken graph must not take the chat down
        log.error("orchestrator_factory_failed", error_type=type(error).__name__, error=str(error)[:300])
        return offline, "offline"
    log.info("orchestrator_selected", orchestrator="graph")
    return orchestrator, "graph"
