"""The LLM orchestrator: a LangGraph graph that lets Claude help with the user's own data, safely.

The conversation service calls `build_orchestrator(settings, offline)` when `ANTHROPIC_API_KEY` is set and uses
the returned object through the `Orchestrator` seam (`services/conversation/orchestration.py`). Without a key it
keeps its offline responder, which this graph also uses to replace replies it cannot vouch for.
"""

from __future__ import annotations

from pydantic import SecretStr

from services.common.config import ServiceSettings
from services.conversation.graph.graph import GraphOrchestrator, TurnOutcome
from services.conversation.graph.llm import ModelGateway
from services.conversation.graph.settings import GraphSettings, get_graph_settings
from services.conversation.orchestration import Orchestrator

__all__ = ["GraphOrchestrator", "GraphSettings", "TurnOutcome", "build_orchestrator", "get_graph_settings"]


def build_orchestrator(settings: ServiceSettings | None, offline: Orchestrator) -> GraphOrchestrator:
    """The Claude-backed orchestrator, falling back to `offline` where the model's answer cannot be used.

    `settings` may be the graph's own `GraphSettings`; for any other settings object (e.g. the conversation
    service's) the graph reads `get_graph_settings()` (env prefix `HEARTWISE_LLM_`, key from `ANTHROPIC_API_KEY`)
    and takes the key from `settings.anthropic_api_key` when the environment has none.
    Raises ValueError when no API key is configured. Call `await orchestrator.aclose()` on shutdown.
    """
    graph_settings = settings if isinstance(settings, GraphSettings) else get_graph_settings()
    given_key = getattr(settings, "anthropic_api_key", None)
    if graph_settings.anthropic_api_key is None and isinstance(given_key, SecretStr):
        graph_settings = graph_settings.model_copy(update={"anthropic_api_key": given_key})
    return GraphOrchestrator(graph_settings, offline, ModelGateway.from_settings(graph_settings))
