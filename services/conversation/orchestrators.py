"""The one place that picks the orchestrator of the chat endpoint.

At startup (`select_orchestrator`): the LangGraph + Claude orchestrator is built when ANTHROPIC_API_KEY is set
and `services.conversation.graph` provides `build_orchestrator(settings, offline) -> Orchestrator`; otherwise
(no key, no graph package yet, or the factory fails) there is only the offline, data-grounded responder. The
graph is imported lazily, so the service neither needs nor loads the LLM stack when no key is configured.

Per turn (`OrchestratorChoice.for_user`): the graph answers only users for whom the rollout flag
`llm_orchestrator` is on (phased rollout: internal → beta → 10 % → 100 %, changed at runtime); everyone else,
and everyone when no graph was built, gets the offline responder.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.common.flags import LLM_ORCHESTRATOR, FlagStore, known_default
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


@dataclass(frozen=True)
class OrchestratorChoice:
    """Which orchestrator answers a user's turn: ``llm`` where the ``llm_orchestrator`` flag is on for the user
    (and an LLM orchestrator exists), else ``offline``. Without a flag store the flag's code default applies."""

    offline: Orchestrator
    llm: Orchestrator | None = None
    flags: FlagStore | None = None

    def for_user(self, user_id: str) -> tuple[Orchestrator, str]:
        """(orchestrator, name) where name is "graph" or "offline"; a dict lookup and at most one hash."""
        if self.llm is None:
            return self.offline, "offline"
        on = self.flags.is_enabled(LLM_ORCHESTRATOR, user_id) if self.flags is not None \
            else known_default(LLM_ORCHESTRATOR)
        return (self.llm, "graph") if on else (self.offline, "offline")

    def all(self) -> list[Orchestrator]:
        return [self.offline] if self.llm is None else [self.llm, self.offline]


def choose_orchestrators(settings: ConversationSettings, offline: Orchestrator,
                         flags: FlagStore | None) -> OrchestratorChoice:
    """The per-user choice: the graph (when a key is configured and it builds) behind the rollout flag."""
    orchestrator, name = select_orchestrator(settings, offline)
    return OrchestratorChoice(offline=offline, llm=orchestrator if name == "graph" else None, flags=flags)
