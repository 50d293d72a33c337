"""Rollout flags in the chat turn: llm_orchestrator picks the orchestrator per user, guards.v2 the guard
version, and no flag can turn the emergency path off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conversation_fakes import build_fakes

from services.common.flags import GUARDS_V2, INTERNAL, LLM_ORCHESTRATOR, Cohorts, FlagDefinition, FlagStore, nudge_flag
from services.conversation import chat as chat_module
from services.conversation.domain.responder import OfflineResponder
from services.conversation.orchestration import TurnResult, TurnUsage
from services.conversation.orchestrators import OrchestratorChoice

NOW = int(datetime(2026, 11, 25, 15, 0, tzinfo=UTC).timestamp() * 1000)
STAFF = Cohorts(internal_prefixes=("staff-",))


class FakeLLM:
    def __init__(self) -> None:
        self.users: list[str] = []

    async def respond(self, request, data):  # type: ignore[no-untyped-def]
        self.users.append(request.user_id)
        return TurnResult("from the model", usage=TurnUsage(model="claude-test", input_tokens=10, cost_usd=0.01))


def store(*definitions: FlagDefinition) -> FlagStore:
    return FlagStore.with_definitions(definitions, cohorts=STAFF)


def with_flags(flags: FlagStore, llm: FakeLLM | None):  # type: ignore[no-untyped-def]
    fakes = build_fakes()
    fakes.chat.flags = flags
    fakes.chat.orchestrators = OrchestratorChoice(offline=OfflineResponder(), llm=llm, flags=flags)
    return fakes


async def send(fakes, text: str, user: str, at: int = NOW):  # type: ignore[no-untyped-def]
    return await fakes.chat.handle(user_id=user, actor=f"user:{user}", message=text, conversation_id=None, now_ms=at)


def audited_turns(fakes):  # type: ignore[no-untyped-def]
    return [a for a in fakes.publisher.of("audit.v1") if a["action"] == "chat.turn" and a["outcome"] == "success"]


async def test_the_llm_orchestrator_answers_only_users_the_flag_is_on_for():
    llm = FakeLLM()
    fakes = with_flags(store(FlagDefinition(LLM_ORCHESTRATOR, enabled=True, percent=0, cohorts=(INTERNAL,))), llm)
    staff = await send(fakes, "How has my blood pressure been this week?", "staff-ann")
    user = await send(fakes, "How has my blood pressure been this week?", "u-bob", NOW + 1)
    assert staff.body["reply"] == "from the model"
    assert user.body["reply"] != "from the model"
    assert llm.users == ["staff-ann"]
    [turn_staff, turn_user] = fakes.publisher.of("chat.turns.v1")
    assert (turn_staff["model"], turn_user["model"]) == ("claude-test", None)
    assert [a["details"]["orchestrator"] for a in audited_turns(fakes)] == ["graph", "offline"]


async def test_without_a_key_the_offline_responder_answers_even_where_the_flag_is_on():
    fakes = with_flags(store(FlagDefinition(LLM_ORCHESTRATOR, enabled=True, percent=100)), llm=None)
    reply = await send(fakes, "How has my blood pressure been this week?", "u-bob")
    assert reply.status_code == 200 and reply.body["kind"] == "answer"
    assert [a["details"]["orchestrator"] for a in audited_turns(fakes)] == ["offline"]


def test_the_choice_follows_the_flags_code_default_without_a_store():
    llm, offline = FakeLLM(), OfflineResponder()
    assert OrchestratorChoice(offline=offline, llm=llm).for_user("u-1") == (offline, "offline")  # default: off
    assert OrchestratorChoice(offline=offline).for_user("u-1") == (offline, "offline")
    on = store(FlagDefinition(LLM_ORCHESTRATOR, enabled=True, percent=100))
    assert OrchestratorChoice(offline=offline, llm=llm, flags=on).for_user("u-1") == (llm, "graph")


async def test_guards_v2_decides_the_guard_version_passed_per_user(monkeypatch: pytest.MonkeyPatch):
    seen: list[tuple[str, bool]] = []
    real = chat_module.input_guards

    def spy(message: str, *, now_ms: int, user_id: str, v2: bool):  # type: ignore[no-untyped-def]
        seen.append((user_id, v2))
        return real(message, now_ms=now_ms, user_id=user_id, v2=v2)

    monkeypatch.setattr(chat_module, "input_guards", spy)
    fakes = with_flags(store(FlagDefinition(GUARDS_V2, enabled=True, percent=0, cohorts=(INTERNAL,))), None)
    await send(fakes, "How are my steps?", "staff-ann")
    await send(fakes, "How are my steps?", "u-bob", NOW + 1)
    assert seen == [("staff-ann", True), ("u-bob", False)]
    assert [a["details"]["guards"] for a in audited_turns(fakes)] == ["v2", "v1"]


@pytest.mark.parametrize("guards_v2", [True, False])
async def test_no_flag_turns_the_emergency_path_off(guards_v2: bool):
    everything_off = [FlagDefinition(name, enabled=False, percent=0)
                      for name in (LLM_ORCHESTRATOR, nudge_flag("step_goal"))]
    guards = FlagDefinition(GUARDS_V2, enabled=guards_v2, percent=100)
    llm = FakeLLM()
    fakes = with_flags(store(*everything_off, guards), llm)
    reply = await send(fakes, "I have crushing chest pain and can't breathe", "staff-ann")
    assert reply.body["kind"] == "emergency"
    assert "911" in reply.body["reply"]
    assert len(fakes.publisher.of("emergencies.v1")) == 1
    assert llm.users == []


# -- the open-escalation gauges' numbers (HeartwiseEmergencyUnacknowledged) ------------------------------------


def test_open_escalations_counts_the_unacknowledged_and_ages_the_oldest():
    from types import SimpleNamespace

    from services.conversation.domain.escalations import OpenEscalations, open_escalations

    rows = [SimpleNamespace(created_at=NOW - 20 * 60_000, acknowledged_at=NOW - 10 * 60_000),
            SimpleNamespace(created_at=NOW - 16 * 60_000, acknowledged_at=None),
            SimpleNamespace(created_at=NOW - 60_000, acknowledged_at=None)]
    assert open_escalations(rows, NOW) == OpenEscalations(2, 16 * 60.0)
    assert open_escalations(rows[:1], NOW) == OpenEscalations(0, 0.0)
    assert open_escalations([], NOW) == OpenEscalations(0, 0.0)


# -- request metrics of the availability SLO --------------------------------------------------------------------


def test_requests_are_counted_by_route_template_and_status_and_health_routes_are_not():
    from fastapi.testclient import TestClient
    from prometheus_client import REGISTRY

    from services.common.auth import mint_dev_token
    from services.conversation.config import ConversationSettings
    from services.conversation.main import create_app

    fakes = build_fakes()

    async def factory(_settings: ConversationSettings):  # type: ignore[no-untyped-def]
        return fakes.runtime

    def count(route: str, status: str) -> float:
        return REGISTRY.get_sample_value("heartwise_conversation_request_latency_seconds_count",
                                         {"route": route, "status": status}) or 0.0

    route = "/v1/conversations/{conversation_id}"
    before = (count(route, "404"), count(route, "401"), count("/healthz", "200"))
    with TestClient(create_app(ConversationSettings(), runtime_factory=factory)) as client:
        headers = {"Authorization": f"Bearer {mint_dev_token('alice', ['chat'], ttl_s=600)}"}
        assert client.get("/v1/conversations/c-unknown", headers=headers).status_code == 404
        assert client.get("/v1/conversations/c-unknown").status_code == 401
        assert client.get("/healthz").status_code == 200
    assert (count(route, "404"), count(route, "401"), count("/healthz", "200")) == (
        before[0] + 1, before[1] + 1, before[2])
