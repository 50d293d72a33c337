"""Helpers of the graph tests (a plain module: test modules import it; conftest holds only fixtures)."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from services.conversation.graph import GraphSettings
from services.conversation.orchestration import HistoryTurn, TurnRequest, TurnResult, UserData

USER = "u-alice"
OFFLINE_REPLY = "From your own readings: your latest blood pressure was {s}/{d} mmHg."


class FakeOffline:
    """Stands in for the conversation service's offline responder: answers from the data, records calls."""

    def __init__(self) -> None:
        self.calls = 0

    async def respond(self, request: TurnRequest, data: UserData) -> TurnResult:
        self.calls += 1
        points = await data.readings("blood_pressure", 7)
        latest = points[0].value
        return TurnResult(OFFLINE_REPLY.format(s=latest["systolic"], d=latest["diastolic"]), flags=["offline_stub"])


class ManualClock:
    """Breaker time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def fast_settings(base_url: str, **overrides: Any) -> GraphSettings:
    """Fast retries; timeouts generous enough that a GC pause on a busy CI runner does not fail a happy path."""
    values: dict[str, Any] = {
        "anthropic_api_key": SecretStr("test-key"),
        "base_url": base_url,
        "timeout_s": 2.0,
        "turn_budget_s": 4.0,
        "offline_timeout_s": 0.4,
        "min_call_s": 0.1,
        "retry_base_s": 0.01,
        "retry_max_s": 0.02,
        "breaker_reset_s": 0.3,
    }
    values.update(overrides)
    return GraphSettings(**values)


def turn(
    message: str, now_ms: int, *, history: tuple[HistoryTurn, ...] = (), conversation: str = "c-1", n: int = 1
) -> TurnRequest:
    return TurnRequest(
        user_id=USER, conversation_id=conversation, turn_id=f"t-{n}", message=message, now_ms=now_ms, history=history
    )
