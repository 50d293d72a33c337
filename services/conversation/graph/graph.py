"""The chat-turn graph and the `Orchestrator` that runs it.

Nodes and edges ([...] = a conditional edge on the state):

    START → load_context
    load_context  → [no user data readable] fallback
                  → generate
    generate      → [model error, another provider configured, time left] failover → generate
                  → [model error otherwise: retries spent, circuit open, budget gone] fallback
                  → [tool_use, rounds < max_tool_rounds] tools → generate
                  → [tool_use after the last round] offline
                  → [text] output_guards
    output_guards → [pass] reply
                  → [ungrounded numbers / diagnosis / prescription, first time, time left] regenerate → generate
                  → [canary, prompt text, another user's id, model refusal, or still failing] offline
    reply, fallback, offline → END

Every failure path is a conditional edge on the state (`error`, `verdict`, `tool_rounds`, `provider_index`, the
time budget); nodes turn the exceptions they expect (model errors, store errors) into state.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Literal

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from services.common.logging import get_logger
from services.conversation.graph import metrics
from services.conversation.graph.context import UserDataUnavailable, load_turn_context
from services.conversation.graph.guards import GuardInput, check_reply
from services.conversation.graph.llm import ModelCallError, ModelGateway
from services.conversation.graph.prompts import (
    FALLBACK_DATA,
    FALLBACK_ERROR,
    FALLBACK_HIGH_DEMAND,
    PromptKit,
    guard_feedback,
    new_prompt_kit,
    wrap_user_text,
)
from services.conversation.graph.settings import GraphSettings
from services.conversation.graph.state import CallUsage, GuardVerdict, MessageParam, TurnDeps, TurnState
from services.conversation.graph.tools import ToolBox, ToolOutcome, tool_definitions
from services.conversation.orchestration import Orchestrator, TurnRequest, TurnResult, TurnUsage, UserData

log = get_logger(__name__)

FALLBACK_TEXTS = {
    "overloaded": FALLBACK_HIGH_DEMAND,
    "data": FALLBACK_DATA,
    "timeout": FALLBACK_ERROR,
    "error": FALLBACK_ERROR,
}
RECURSION_LIMIT = 64
CONVERSATIONS_TRACKED = 10_000  # per-process running sums; the durable per-turn record is chat.turns.v1


def _path(state: TurnState, node: str) -> list[str]:
    return [*state.get("path", []), node]


def _remaining(state: TurnState) -> float:
    return state["deadline"] - time.monotonic()


def _with_cache_breakpoint(messages: list[MessageParam]) -> list[MessageParam]:
    """A copy whose last content block carries the moving breakpoint (caches context + history within a turn)."""
    if not messages:
        return messages
    last = messages[-1]
    blocks = list(last["content"])
    blocks[-1] = {**blocks[-1], "cache_control": {"type": "ephemeral"}}
    return [*messages[:-1], {"role": last["role"], "content": blocks}]


def _without_thinking(messages: list[MessageParam]) -> list[MessageParam]:
    """Thinking blocks are bound to the model/account that made them: drop them when another provider takes over."""
    out = []
    for m in messages:
        blocks = [b for b in m["content"] if b.get("type") not in ("thinking", "redacted_thinking")]
        out.append({"role": m["role"], "content": blocks or [{"type": "text", "text": "…"}]})
    return out


def _usage(calls: list[CallUsage]) -> TurnUsage:
    return TurnUsage(
        model=calls[-1].model if calls else None,
        input_tokens=sum(c.input_tokens for c in calls),
        output_tokens=sum(c.output_tokens for c in calls),
        cache_read_tokens=sum(c.cache_read_tokens for c in calls),
        cache_write_tokens=sum(c.cache_write_tokens for c in calls),
        cost_usd=sum(c.cost_usd for c in calls),
    )


# ------------------------------------------------------------------------------------------------------- nodes


async def load_context(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    deps = runtime.context
    request = state["request"]
    try:
        ctx = await load_turn_context(request, deps.data, deps.settings)
    except UserDataUnavailable:
        return {"error": "data", "path": _path(state, "load_context")}
    messages = [dict(m, content=list(m["content"])) for m in ctx.history]
    user_block = {"type": "text", "text": wrap_user_text(request.message)}
    if messages and messages[-1]["role"] == "user":
        messages[-1]["content"].append(user_block)
    else:
        messages.append({"role": "user", "content": [user_block]})
    flags = [*state.get("flags", [])]
    if ctx.stale_metrics:
        flags.append("stale_data")
    return {
        "context": ctx,
        "facts": ctx.facts.copy(),
        "messages": messages,
        "flags": flags,
        "error": None,
        "path": _path(state, "load_context"),
    }


async def generate(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    deps = runtime.context
    s = deps.settings
    ctx = state["context"]
    messages = state["messages"]
    params = deps.gateway.request_params(
        system=deps.prompts.system_blocks(ctx.text, s.prompt_caching),
        messages=_with_cache_breakpoint(messages) if s.prompt_caching else messages,
        tools=tool_definitions(s.prompt_caching),
        tool_choice={"type": "none"} if state["tool_rounds"] >= s.max_tool_rounds else None,
        metadata_user=deps.metadata_user,
    )
    update: dict[str, Any] = {"path": _path(state, "generate")}
    try:
        reply = await deps.gateway.create(state["provider_index"], params, state["deadline"])
    except ModelCallError as exc:
        update.update(error=exc.kind, reply=None)
        if exc.reason == "circuit_open":
            update["flags"] = [*state["flags"], "circuit_open"]
        return update
    update.update(
        reply=reply,
        error=None,
        usage=[*state["usage"], reply.usage],
        model_time_s=state["model_time_s"] + reply.latency_s,
    )
    return update


async def run_tools(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    deps = runtime.context
    s = deps.settings
    ctx = state["context"]
    reply = state["reply"]
    assert reply is not None
    box = ToolBox(
        deps.data,
        now_ms=state["request"].now_ms,
        max_days=s.max_tool_days,
        step_goal=ctx.step_goal,
        timezone=ctx.timezone,
    )
    uses = reply.tool_uses
    allowed = uses[: s.max_tool_calls_per_round]
    outcomes: list[ToolOutcome] = list(
        await asyncio.gather(*(box.run(u["id"], u["name"], u.get("input")) for u in allowed))
    )
    outcomes += [
        ToolOutcome(u["id"], u["name"], {"error": "too many tool calls in one step"}, is_error=True)
        for u in uses[s.max_tool_calls_per_round :]
    ]
    facts = state["facts"].copy()
    for o in outcomes:
        if not o.is_error:
            facts.add_json(o.payload)
    flags = state["flags"]
    if any(o.data_error for o in outcomes) and "tool_data_error" not in flags:
        flags = [*flags, "tool_data_error"]
    messages = [
        *state["messages"],
        {"role": "assistant", "content": reply.content},
        {"role": "user", "content": [o.as_block() for o in outcomes]},
    ]
    return {
        "messages": messages,
        "facts": facts,
        "tool_rounds": state["tool_rounds"] + 1,
        "anomalies_returned": state["anomalies_returned"] or any(o.anomalies for o in outcomes),
        "flags": flags,
        "path": _path(state, "tools"),
    }


async def failover(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    nxt = state["provider_index"] + 1
    log.info("llm_failover", to=runtime.context.gateway.providers[nxt].name, reason=state.get("error"))
    return {
        "provider_index": nxt,
        "error": None,
        "messages": _without_thinking(state["messages"]),
        "flags": [*state["flags"], "failover"],
        "path": _path(state, "failover"),
    }


async def output_guards(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    deps = runtime.context
    s = deps.settings
    reply = state["reply"]
    assert reply is not None
    ctx = state["context"]
    request = state["request"]
    if reply.stop_reason == "refusal":
        verdict = GuardVerdict("block", ("model_refusal",))
        unsupported: list[str] = []
    else:
        verdict, unsupported = check_reply(
            GuardInput(
                reply=reply.text,
                user_id=request.user_id,
                user_message=request.message,
                facts=state["facts"],
                context_anomalies=len(ctx.anomalies),
                tool_anomalies=state["anomalies_returned"],
            ),
            deps.prompts,
            s.user_id_pattern,
        )
    for reason in verdict.reasons:
        metrics.OUTPUT_GUARD_HITS.labels(guard=reason).inc()
    if verdict.action == "regenerate":
        if state["regenerations"] >= 1 or _remaining(state) < s.min_call_s:
            verdict = replace(verdict, action="block")
        else:
            verdict = replace(verdict, feedback=guard_feedback(verdict.reasons, unsupported))
    return {"verdict": verdict, "path": _path(state, "output_guards")}


async def regenerate(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    verdict = state["verdict"]
    reply = state["reply"]
    assert verdict is not None and verdict.feedback is not None and reply is not None
    draft = [b for b in reply.content if b.get("type") == "text"] or [{"type": "text", "text": "…"}]
    flag = "ungrounded_regenerated" if "numeric_grounding" in verdict.reasons else "advice_regenerated"
    return {
        "messages": [
            *state["messages"],
            {"role": "assistant", "content": draft},
            {"role": "user", "content": [{"type": "text", "text": verdict.feedback}]},
        ],
        "regenerations": state["regenerations"] + 1,
        "flags": [*state["flags"], flag],
        "path": _path(state, "regenerate"),
    }


async def reply_node(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    reply, verdict = state["reply"], state["verdict"]
    assert reply is not None and verdict is not None
    result = TurnResult(
        reply=reply.text,
        kind="answer",
        disclaimer=verdict.disclaimer,
        flags=list(dict.fromkeys(state["flags"])),
        usage=_usage(state["usage"]),
    )
    return {"result": result, "path": _path(state, "reply")}


async def fallback(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    error = state.get("error") or "error"
    result = TurnResult(
        reply=FALLBACK_TEXTS[error],
        kind="fallback",
        flags=list(dict.fromkeys([*state.get("flags", []), f"fallback_{error}"])),
        usage=_usage(state.get("usage", [])),
    )
    return {"result": result, "path": _path(state, "fallback")}


async def offline(state: TurnState, runtime: Runtime[TurnDeps]) -> dict[str, Any]:
    """The offline, data-grounded responder answers instead of a blocked or still-ungrounded model reply."""
    deps = runtime.context
    verdict = state.get("verdict")
    reasons = verdict.reasons if verdict else ("tool_rounds_exhausted",)
    flags = [*state["flags"], *(f"blocked_{r}" for r in reasons), "offline_answer"]
    hard_deadline = state["started"] + deps.settings.turn_budget_s + deps.settings.offline_timeout_s
    try:
        result = await asyncio.wait_for(
            deps.offline.respond(state["request"], deps.data), timeout=max(0.05, hard_deadline - time.monotonic())
        )
    except Exception as exc:  # noqa: BLE001 - the offline responder must not take the turn down with it
        log.warning("graph_offline_failed", error=type(exc).__name__)
        fb = TurnResult(
            reply=FALLBACK_ERROR, kind="fallback", flags=[*flags, "fallback_error"], usage=_usage(state["usage"])
        )
        return {"result": fb, "path": _path(state, "offline")}
    usage = _usage(state["usage"])
    merged = TurnResult(
        reply=result.reply,
        kind=result.kind,
        disclaimer=result.disclaimer,
        flags=list(dict.fromkeys([*result.flags, *flags])),
        usage=usage,
    )
    return {"result": merged, "path": _path(state, "offline")}


# ------------------------------------------------------------------------------------------------------- edges

AfterGenerate = Literal["tools", "output_guards", "failover", "fallback", "offline"]


def route_after_context(state: TurnState) -> Literal["generate", "fallback"]:
    return "fallback" if state.get("error") else "generate"


def make_route_after_generate(providers: int, settings: GraphSettings) -> Any:
    def route_after_generate(state: TurnState) -> AfterGenerate:
        if state.get("error"):
            if state["provider_index"] + 1 < providers and _remaining(state) >= settings.min_call_s:
                return "failover"
            return "fallback"
        reply = state["reply"]
        assert reply is not None
        if reply.tool_uses:
            return "tools" if state["tool_rounds"] < settings.max_tool_rounds else "offline"
        return "output_guards"

    return route_after_generate


def route_after_guards(state: TurnState) -> Literal["reply", "regenerate", "offline"]:
    verdict = state["verdict"]
    assert verdict is not None
    return {"pass": "reply", "regenerate": "regenerate", "block": "offline"}[verdict.action]  # type: ignore[return-value]


def build_graph(providers: int, settings: GraphSettings) -> Any:
    g = StateGraph(TurnState, context_schema=TurnDeps)
    g.add_node("load_context", load_context)
    g.add_node("generate", generate)
    g.add_node("tools", run_tools)
    g.add_node("failover", failover)
    g.add_node("output_guards", output_guards)
    g.add_node("regenerate", regenerate)
    g.add_node("reply", reply_node)
    g.add_node("fallback", fallback)
    g.add_node("offline", offline)
    g.add_edge(START, "load_context")
    g.add_conditional_edges("load_context", route_after_context, ["generate", "fallback"])
    g.add_conditional_edges(
        "generate",
        make_route_after_generate(providers, settings),
        ["tools", "output_guards", "failover", "fallback", "offline"],
    )
    g.add_edge("tools", "generate")
    g.add_edge("failover", "generate")
    g.add_conditional_edges("output_guards", route_after_guards, ["reply", "regenerate", "offline"])
    g.add_edge("regenerate", "generate")
    g.add_edge("reply", END)
    g.add_edge("fallback", END)
    g.add_edge("offline", END)
    return g.compile()


# ------------------------------------------------------------------------------------------------ orchestrator


@dataclass(frozen=True)
class TurnOutcome:
    result: TurnResult
    path: tuple[str, ...]
    model_time_s: float
    elapsed_s: float
    calls: tuple[CallUsage, ...]


class GraphOrchestrator:
    """`Orchestrator` backed by the LangGraph graph and Claude; built by `build_orchestrator`."""

    def __init__(
        self,
        settings: GraphSettings,
        offline_responder: Orchestrator,
        gateway: ModelGateway,
        prompts: PromptKit | None = None,
    ) -> None:
        self.settings = settings
        self.offline = offline_responder
        self.gateway = gateway
        self.prompts = prompts or new_prompt_kit()
        self._graph = build_graph(len(gateway.providers), settings)
        self._pseudonym_key = settings.platform.pseudonym_key.get_secret_value().encode()
        self._conversations: OrderedDict[str, TurnUsage] = OrderedDict()

    async def respond(self, request: TurnRequest, data: UserData) -> TurnResult:
        return (await self.run_turn(request, data)).result

    async def run_turn(self, request: TurnRequest, data: UserData) -> TurnOutcome:
        s = self.settings
        started = time.monotonic()
        state: TurnState = {
            "request": request,
            "started": started,
            "deadline": started + s.turn_budget_s,
            "provider_index": 0,
            "tool_rounds": 0,
            "regenerations": 0,
            "reply": None,
            "error": None,
            "verdict": None,
            "anomalies_returned": False,
            "usage": [],
            "flags": [],
            "path": [],
            "model_time_s": 0.0,
        }
        deps = TurnDeps(
            data=data,
            gateway=self.gateway,
            offline=self.offline,
            settings=s,
            prompts=self.prompts,
            metadata_user=hmac.new(self._pseudonym_key, request.user_id.encode(), hashlib.sha256).hexdigest()[:32],
        )
        final: dict[str, Any] = {}
        try:
            # The designed failure paths are graph edges. This bound and handler only keep the Orchestrator
            # contract ("never raises") if something unforeseen (a bug) escapes a node.
            async with asyncio.timeout(s.turn_budget_s + s.offline_timeout_s + 0.1):
                final = await self._graph.ainvoke(state, config={"recursion_limit": RECURSION_LIMIT}, context=deps)
            result: TurnResult = final["result"]
        except Exception as exc:  # noqa: BLE001
            log.error("graph_turn_failed", user_id=request.user_id, error=type(exc).__name__)
            result = TurnResult(reply=FALLBACK_ERROR, kind="fallback", flags=["orchestrator_error"])
        elapsed = time.monotonic() - started
        calls = tuple(final.get("usage", []))
        self._account(request, result, calls, elapsed)
        path = tuple(final.get("path", []))
        log.info(
            "graph_turn",
            user_id=request.user_id,
            kind=result.kind,
            path=">".join(path),
            calls=len(calls),
            input_tokens=result.usage.input_tokens,
            output_tokens=result.usage.output_tokens,
            cache_read_tokens=result.usage.cache_read_tokens,
            latency_ms=round(elapsed * 1000),
        )
        return TurnOutcome(result, path, float(final.get("model_time_s", 0.0)), elapsed, calls)

    def _account(self, request: TurnRequest, result: TurnResult, calls: tuple[CallUsage, ...], elapsed: float) -> None:
        kind = result.kind
        for c in calls:
            for token_type, n in (
                ("input", c.input_tokens),
                ("output", c.output_tokens),
                ("cache_read", c.cache_read_tokens),
                ("cache_write", c.cache_write_tokens),
            ):
                if n:
                    metrics.LLM_TOKENS.labels(model=c.model, kind=kind, type=token_type).inc(n)
            if c.cost_usd:
                metrics.LLM_COST_USD.labels(model=c.model, kind=kind).inc(c.cost_usd)
        outcome = next(
            (f for f in reversed(result.flags) if f.startswith(("fallback_", "blocked_")) or f == "offline_answer"),
            "regenerated" if any(f.endswith("_regenerated") for f in result.flags) else "model",
        )
        metrics.GRAPH_TURNS.labels(kind=kind, outcome=outcome).inc()
        metrics.GRAPH_TURN_SECONDS.labels(kind=kind).observe(elapsed)
        total = self._conversations.pop(request.conversation_id, None) or TurnUsage()
        u = result.usage
        self._conversations[request.conversation_id] = TurnUsage(
            model=u.model or total.model,
            input_tokens=total.input_tokens + u.input_tokens,
            output_tokens=total.output_tokens + u.output_tokens,
            cache_read_tokens=total.cache_read_tokens + u.cache_read_tokens,
            cache_write_tokens=total.cache_write_tokens + u.cache_write_tokens,
            cost_usd=total.cost_usd + u.cost_usd,
        )
        while len(self._conversations) > CONVERSATIONS_TRACKED:
            self._conversations.popitem(last=False)

    def conversation_usage(self, conversation_id: str) -> TurnUsage:
        """Running token and cost totals of one conversation in this process (durable sums: chat.turns.v1)."""
        return self._conversations.get(conversation_id, TurnUsage())

    async def aclose(self) -> None:
        await self.gateway.aclose()
