"""Fixtures of the graph tests: a fake Anthropic server per test, the real SDK, in-memory user data."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from fake_anthropic import FakeAnthropic, MemoryUserData, sample_readings
from graph_support import USER, FakeOffline, fast_settings

from services.conversation.graph import GraphOrchestrator, GraphSettings
from services.conversation.graph.llm import ModelGateway
from services.conversation.orchestration import AnomalyNote


@pytest.fixture
def now_ms() -> int:
    return int(time.time() * 1000)


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


@pytest.fixture
def fake_b() -> Iterator[FakeAnthropic]:
    """A second provider (another base URL) for failover."""
    with FakeAnthropic() as server:
        yield server


@pytest.fixture
def data(now_ms: int) -> MemoryUserData:
    anomaly = AnomalyNote(
        anomaly_id="a-1",
        metric="blood_pressure",
        kind="threshold",
        severity="review",
        category="stage_2",
        message="Blood pressure reading above your usual range",
        detected_at=now_ms - 2 * 86_400_000,
    )
    return MemoryUserData(
        USER,
        now_ms,
        sample_readings(now_ms),
        anomalies=[anomaly],
        preferences={"step_goal": 8000, "timezone": "UTC", "display_name": "Alice"},
    )


@pytest.fixture
def offline() -> FakeOffline:
    return FakeOffline()


@pytest.fixture
async def make_orchestrator(offline: FakeOffline) -> AsyncIterator[Callable[..., GraphOrchestrator]]:
    made: list[GraphOrchestrator] = []

    def make(settings: GraphSettings, clock: Callable[[], float] = time.monotonic) -> GraphOrchestrator:
        orchestrator = GraphOrchestrator(settings, offline, ModelGateway.from_settings(settings, clock))
        made.append(orchestrator)
        return orchestrator

    yield make
    for orchestrator in made:
        await orchestrator.aclose()


@pytest.fixture
def orchestrator(fake: FakeAnthropic, make_orchestrator: Callable[..., GraphOrchestrator]) -> GraphOrchestrator:
    return make_orchestrator(fast_settings(fake.base_url))
