"""The graph's state (one chat turn) and the per-turn dependencies handed to nodes as LangGraph runtime context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from services.conversation.graph.facts import Facts
from services.conversation.orchestration import AnomalyNote, Orchestrator, TurnRequest, TurnResult, UserData

if TYPE_CHECKING:
    from services.conversation.graph.llm import ModelGateway
    from services.conversation.graph.prompts import PromptKit
    from services.conversation.graph.settings import GraphSettings

# Why a turn could not be answered by the model: selects the fallback text.
#   overloaded: 429 / 529 / 503 or an open circuit   → "I'm experiencing high demand right now…"
#   data:       the user's data could not be loaded  → "I'm having trouble accessing your health data…"
#   timeout / error: anything else                   → "Something went wrong…"
ErrorKind = Literal["overloaded", "timeout", "error", "data"]

MessageParam = dict[str, Any]  # an Anthropic Messages API message, as sent


@dataclass(frozen=True)
class CallUsage:
    """Tokens and list-price cost of one model call."""

    provider: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0


@dataclass(frozen=True)
class ModelReply:
    content: list[dict[str, Any]]  # the assistant's content blocks, in the shape they are sent back
    stop_reason: str | None
    usage: CallUsage
    latency_s: float

    @property
    def text(self) -> str:
        return "".join(block.get("text", "") for block in self.content if block.get("type") == "text").strip()

    @property
    def tool_uses(self) -> list[dict[str, Any]]:
        return [block for block in self.content if block.get("type") == "tool_use"]


@dataclass(frozen=True)
class TurnContext:
    """What the model is shown up front about the user (built by context.py)."""

    text: str  # the <user_data> block of the system prompt
    facts: Facts
    anomalies: tuple[AnomalyNote, ...]
    history: tuple[MessageParam, ...]  # earlier turns, trimmed to the token budget
    stale_metrics: tuple[str, ...] = ()
    step_goal: int | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class GuardVerdict:
    action: Literal["pass", "regenerate", "block"]
    reasons: tuple[str, ...] = ()  # guard names that fired, e.g. ("numeric_grounding",)
    feedback: str | None = None  # the corrective note sent with a regeneration
    disclaimer: str | None = None


@dataclass
class TurnDeps:
    """Injected per turn as the LangGraph runtime context (never part of the state)."""

    data: UserData
    gateway: ModelGateway
    offline: Orchestrator
    settings: GraphSettings
    prompts: PromptKit
    metadata_user: str | None = None  # keyed pseudonym of the user for the provider's abuse tracking


class TurnState(TypedDict, total=False):
    request: TurnRequest
    started: float  # time.monotonic() at the start of the turn
    deadline: float  # no model work starts after this instant
    context: TurnContext
    facts: Facts  # context facts plus everything the tools returned
    messages: list[MessageParam]  # this turn's conversation with the model (history + user + tool rounds)
    provider_index: int
    tool_rounds: int
    regenerations: int
    reply: ModelReply | None
    error: ErrorKind | None
    verdict: GuardVerdict | None
    anomalies_returned: bool  # a tool returned at least one anomaly this turn
    usage: list[CallUsage]
    flags: list[str]
    path: list[str]  # nodes visited, for tests, traces and the benchmark
    model_time_s: float
    result: TurnResult
