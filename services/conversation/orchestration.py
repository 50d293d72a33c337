"""The orchestrator seam: what the chat endpoint calls for every turn that passed the input guards.

Two implementations plug in here:
- the offline, data-grounded responder (the default; works with no API key), and
- the LangGraph orchestrator calling Claude (`services/conversation/graph/`), used when a key is configured,
  which falls back to the offline responder when the model fails or its answer is not grounded.

Both read the user's data only through `UserData`, which the conversation service binds to the user id from
the token, so nothing the model says can widen what it sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Metric = Literal["blood_pressure", "heart_rate", "steps", "sleep", "weight"]
ReplyKind = Literal["answer", "fallback"]


@dataclass(frozen=True)
class ReadingPoint:
    """One stored reading, as the conversation service reads it back (units as in readings.v1)."""

    reading_id: str
    metric: Metric
    measured_at: int  # UTC epoch ms
    utc_offset_min: int
    value: dict[str, float | int | None]  # systolic/diastolic/pulse, bpm, count/interval_s, duration_min/efficiency, kg
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnomalyNote:
    anomaly_id: str
    metric: str
    kind: str
    severity: str
    category: str
    message: str
    detected_at: int
    reading_id: str | None = None  # the reading it is about (None: about no single reading, e.g. stale data)


@dataclass(frozen=True)
class HistoryTurn:
    role: Literal["user", "assistant"]
    text: str
    created_at: int


class UserData(Protocol):
    """The signed-in user's own data. Implementations are bound to one user id; there is no id parameter."""

    async def readings(self, metric: Metric, days: int) -> list[ReadingPoint]:
        """Newest first, at most `days` back from now."""
        ...

    async def anomalies(self, days: int) -> list[AnomalyNote]:
        ...

    async def preferences(self) -> dict[str, object]:
        """preferences.v1 shape (step_goal, timezone, display_name, ...); defaults when none are stored."""
        ...


@dataclass(frozen=True)
class TurnRequest:
    user_id: str
    conversation_id: str
    turn_id: str
    message: str
    now_ms: int
    history: tuple[HistoryTurn, ...] = ()
    language: str = "en"


@dataclass
class TurnUsage:
    model: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0


@dataclass
class TurnResult:
    reply: str
    kind: ReplyKind = "answer"
    disclaimer: str | None = None
    flags: list[str] = field(default_factory=list)  # e.g. "stale_data", "ungrounded_regenerated", "failover"
    usage: TurnUsage = field(default_factory=TurnUsage)


class Orchestrator(Protocol):
    async def respond(self, request: TurnRequest, data: UserData) -> TurnResult:
        """Answer one turn. Never raises for model or data failures: returns kind='fallback' instead."""
        ...
