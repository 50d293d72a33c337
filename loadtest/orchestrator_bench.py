"""Benchmark of the LLM orchestrator (services/conversation/graph) against the fake Anthropic server.

    uv run python loadtest/orchestrator_bench.py [--overhead-turns 300] [--users 50] [--turns-per-user 4]

Prints three figures (loopback only, bounded: about a minute):
1. Orchestrator overhead per turn excluding model time (p50/p95): the fake server answers instantly; overhead is
   the turn's wall time minus the time spent inside the SDK's `messages.create` calls (context loading, summaries,
   prompt building, the graph, tools, output guards). Target p95 < 50 ms.
2. End-to-end turn latency under 50 concurrent users with the fake server answering at Haiku-like latency
   (uniform 0.4–0.8 s per call, one tool round trip per turn, so two calls). Target p95 < 2 s.
3. Tokens and cost of a scripted 5-turn conversation at list prices, with and without prompt caching, for the
   default model (Haiku 5.5) and Haiku 4.5. Budget $0.08 per conversation; aim ≤ $0.01.

The fake server runs in its own process for 1 and 2 (so its threads do not share this process's GIL) and in-process
for 3. Its usage numbers are modelled (see tests/support/fake_anthropic.py): tokens ∝ characters of each block, the
tool-use system prompt, and prompt caching with minimum prefix lengths, breakpoints, 20-block lookback and TTL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

from fake_anthropic import FakeAnthropic, MemoryUserData, request_blocks, sample_readings  # noqa: E402

from services.common.logging import configure_logging  # noqa: E402
from services.conversation.graph import GraphOrchestrator, GraphSettings  # noqa: E402
from services.conversation.graph.llm import ModelGateway  # noqa: E402
from services.conversation.orchestration import HistoryTurn, Orchestrator, TurnRequest, TurnResult, UserData  # noqa: E402

QUESTIONS = [
    "How has my blood pressure been this week?",
    "And my heart rate?",
    "How did I sleep lately?",
    "Am I hitting my step goal?",
    "What about my weight?",
]
BUDGET_PER_CONVERSATION_USD = 0.08


class StubOffline:
    async def respond(self, request: TurnRequest, data: UserData) -> TurnResult:
        return TurnResult("offline")


def offline_responder() -> Orchestrator:
    try:
        from services.conversation.domain.responder import OfflineResponder

        return OfflineResponder()
    except ImportError:
        return StubOffline()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def start_server(latency: tuple[float, float]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/support/fake_anthropic.py"), "--port", "0", "--latency", *map(str, latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("PORT "):
        proc.kill()
        raise RuntimeError(f"fake server did not start: {line!r}")
    return proc, f"http://127.0.0.1:{line.split()[1]}"


def settings(base_url: str, **overrides: Any) -> GraphSettings:
    return GraphSettings(anthropic_api_key=SecretStr("bench-key"), base_url=base_url, **overrides)


def request(
    user: str, conversation: str, n: int, message: str, now_ms: int, history: tuple[HistoryTurn, ...] = ()
) -> TurnRequest:
    return TurnRequest(user, conversation, f"t{n}", message, now_ms, history)


async def conversation(
    orch: GraphOrchestrator, user: str, conv: str, data: UserData, now_ms: int, questions: list[str]
) -> list[Any]:
    history: tuple[HistoryTurn, ...] = ()
    outcomes = []
    for i, q in enumerate(questions):
        outcome = await orch.run_turn(request(user, conv, i, q, now_ms, history), data)
        outcomes.append(outcome)
        history = (
            *history,
            HistoryTurn("user", q, now_ms + 2 * i),
            HistoryTurn("assistant", outcome.result.reply, now_ms + 2 * i + 1),
        )
    return outcomes


async def bench_overhead(turns: int) -> None:
    proc, url = start_server((0.0, 0.0))
    try:
        orch = GraphOrchestrator(settings(url), offline_responder(), ModelGateway.from_settings(settings(url)))
        now_ms = int(time.time() * 1000)
        data = MemoryUserData(
            "u-bench", now_ms, sample_readings(now_ms), preferences={"step_goal": 8000, "timezone": "UTC"}
        )
        for i in range(20):  # warm-up: imports, connection pool, graph compile paths
            await orch.run_turn(request("u-bench", "warm", i, QUESTIONS[i % 5], now_ms), data)
        overheads, totals, model = [], [], []
        kinds: dict[str, int] = {}
        cpu_started = time.process_time()
        for i in range(turns):
            out = await orch.run_turn(request("u-bench", f"c{i // 5}", i, QUESTIONS[i % 5], now_ms), data)
            overheads.append(out.elapsed_s - out.model_time_s)
            totals.append(out.elapsed_s)
            model.append(out.model_time_s)
            kinds[out.result.kind] = kinds.get(out.result.kind, 0) + 1
        cpu_ms = (time.process_time() - cpu_started) * 1000 / turns
        await orch.aclose()
    finally:
        proc.terminate()
        proc.wait(timeout=5)
    print(
        f"\n1. Orchestrator overhead per turn, model time excluded ({turns} sequential turns, 2 model calls each, "
        "fake server answering instantly)"
    )
    print(
        f"   overhead  p50 {pct(overheads, 50) * 1000:6.1f} ms   p95 {pct(overheads, 95) * 1000:6.1f} ms   "
        f"max {max(overheads) * 1000:6.1f} ms   (target p95 < 50 ms)"
    )
    print(f"   model     p50 {pct(model, 50) * 1000:6.1f} ms   (time inside the SDK's messages.create, loopback HTTP)")
    print(f"   turn      p50 {pct(totals, 50) * 1000:6.1f} ms   p95 {pct(totals, 95) * 1000:6.1f} ms   kinds {kinds}")
    print(
        f"   CPU of this process per turn (graph + SDK client, both calls): {cpu_ms:.1f} ms   "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )


async def bench_concurrent(users: int, turns_per_user: int, latency: tuple[float, float]) -> None:
    proc, url = start_server(latency)
    try:
        orch = GraphOrchestrator(settings(url), offline_responder(), ModelGateway.from_settings(settings(url)))
        now_ms = int(time.time() * 1000)
        datas = [
            MemoryUserData(f"u-{i}", now_ms, sample_readings(now_ms, seed=i), preferences={"step_goal": 8000})
            for i in range(users)
        ]
        latencies: list[float] = []
        kinds: dict[str, int] = {}

        async def user(i: int) -> None:
            await asyncio.sleep(i * 0.02)  # users arrive over one second, as a load generator would ramp
            history: tuple[HistoryTurn, ...] = ()
            for t in range(turns_per_user):
                q = QUESTIONS[(i + t) % 5]
                out = await orch.run_turn(request(f"u-{i}", f"cc-{i}", t, q, now_ms, history), datas[i])
                latencies.append(out.elapsed_s)
                label = out.result.kind
                if label == "fallback":
                    label += ":" + next((f for f in out.result.flags if f.startswith("fallback_")), "other")
                kinds[label] = kinds.get(label, 0) + 1
                history = (
                    *history,
                    HistoryTurn("user", q, now_ms + t),
                    HistoryTurn("assistant", out.result.reply, now_ms + t),
                )

        started, cpu_started = time.monotonic(), time.process_time()
        await asyncio.gather(*(user(i) for i in range(users)))
        wall, cpu = time.monotonic() - started, time.process_time() - cpu_started
        await orch.aclose()
    finally:
        proc.terminate()
        proc.wait(timeout=5)
    print(
        f"\n2. End to end under {users} concurrent users x {turns_per_user} turns, fake server at "
        f"{latency[0]}-{latency[1]} s per call, one tool round trip per turn"
    )
    print(
        f"   turn      p50 {pct(latencies, 50):5.2f} s   p95 {pct(latencies, 95):5.2f} s   "
        f"p99 {pct(latencies, 99):5.2f} s   max {max(latencies):5.2f} s   (target p95 < 2 s)"
    )
    print(
        f"   machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(the figures mean something only below ~1 per CPU)"
    )
    print(
        f"   {len(latencies)} turns in {wall:.1f} s ({len(latencies) / wall:.1f} turns/s)   kinds {kinds}   "
        f"CPU {cpu * 1000 / len(latencies):.1f} ms per turn"
    )


async def bench_cost() -> None:
    print("\n3. Tokens and cost of a scripted 5-turn conversation (one tool round trip per turn), list prices")
    now_ms = int(time.time() * 1000)
    with FakeAnthropic() as fake:
        for model in ("claude-haiku-5-5", "claude-haiku-4-5"):
            for caching in (True, False):
                fake.reset()
                s = settings(fake.base_url, model=model, prompt_caching=caching, timeout_s=5.0, turn_budget_s=10.0)
                orch = GraphOrchestrator(s, offline_responder(), ModelGateway.from_settings(s))
                rows = []
                for n, user in enumerate(("u-first", "u-second")):  # a cold cache, then a second user (warm prefix)
                    data = MemoryUserData(
                        user, now_ms, sample_readings(now_ms, seed=n), preferences={"step_goal": 8000}
                    )
                    outs = await conversation(orch, user, f"cost-{user}", data, now_ms, QUESTIONS)
                    total = orch.conversation_usage(f"cost-{user}")
                    rows.append((user, outs, total))
                await orch.aclose()
                p = s.price(model)
                print(
                    f"\n   {model}  caching {'on ' if caching else 'off'}  (prices $/MTok: in {p.input}, "
                    f"out {p.output}, cache write {p.cache_write}, cache read {p.cache_read})"
                )
                for user, outs, total in rows:
                    per_turn = " ".join(f"{o.result.usage.cost_usd * 1000:.3f}" for o in outs)
                    print(
                        f"     {'cold cache ' if user == 'u-first' else 'second user'}: input {total.input_tokens:6d}  "
                        f"cache write {total.cache_write_tokens:6d}  cache read {total.cache_read_tokens:6d}  "
                        f"output {total.output_tokens:5d}  -> ${total.cost_usd:.5f} per conversation "
                        f"({total.cost_usd / BUDGET_PER_CONVERSATION_USD:.1%} of the $0.08 budget); "
                        f"per turn m$ {per_turn}"
                    )
        body = fake.requests[0].body
        from fake_anthropic import PROFILES

        blocks = request_blocks(body, PROFILES["claude-haiku-4-5"])
        n_tools = len(body["tools"])
        stable = sum(b.tokens for b in blocks[: n_tools + 1])
        print(
            f"\n   prompt composition (Haiku 4.5 tokenizer model): tools + stable system prompt = {stable} tokens "
            f"(the cross-user cached prefix); first request total = {sum(b.tokens for b in blocks)} tokens"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--overhead-turns", type=int, default=300)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--turns-per-user", type=int, default=4)
    parser.add_argument("--latency", type=float, nargs=2, default=(0.4, 0.8))
    parser.add_argument("--skip", nargs="*", default=[], choices=["overhead", "concurrent", "cost"])
    args = parser.parse_args()
    configure_logging(level="ERROR")  # the degraded paths log warnings per call; the figures are the output
    if "overhead" not in args.skip:
        await bench_overhead(args.overhead_turns)
    if "concurrent" not in args.skip:
        await bench_concurrent(args.users, args.turns_per_user, (args.latency[0], args.latency[1]))
    if "cost" not in args.skip:
        await bench_cost()


if __name__ == "__main__":
    asyncio.run(main())
