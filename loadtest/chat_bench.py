"""Chat latency of the conversation service on the offline responder: 50 concurrent users, emergency path.

Starts `python -m services.conversation.main` on a free loopback port (or uses --base-url), seeds every bench
user with readings in `readings_by_user` (BP, heart rate, steps, sleep, weight over the last 2 weeks), then
runs each scenario with N concurrent users, each sending a mix of data questions, follow-ups in the same
conversation and (a share of) emergency messages. Reports the SERVER-SIDE latency (`Server-Timing: app`, which
the service measures from the request reaching the app, before auth and body parsing, to the response start)
and, for comparison, the client-side round trip; p50/p95/p99 per kind, per-stage medians, throughput, and the
load average. Prints figures; asserts nothing.

    uv run python loadtest/chat_bench.py                       # paced + saturated, 50 users, 3 repeats
    uv run python loadtest/chat_bench.py --scenarios paced --repeats 1 --messages 20

Scenarios:
- paced:     each user waits --think-min..--think-max ms between messages (people reading replies);
- saturated: no think time: 50 requests always in flight, so latency includes queueing for the CPU.
The service under test runs with burst delays off (one bench user sends faster than a person types); the
daily limit stays 100 per user, so --messages is capped below it. Loopback only; bounded by --timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from services.common.auth import mint_dev_token  # noqa: E402
from services.common.config import get_platform_settings  # noqa: E402

QUESTIONS = [
    "What was my latest blood pressure?",
    "What's my average heart rate this week?",
    "Am I on track for my step goal today?",
    "How did I sleep last night?",
    "Is my weight trending down this month?",
    "Any unusual readings lately?",
    "How is my blood pressure over the last 14 days?",
    "How many steps did I take yesterday?",
    "What's my resting heart rate?",
    "Give me a summary of my health data",
]
FOLLOW_UPS = ["And compared to last week?", "What about my pulse?", "thanks!", "And my sleep this week?"]
EMERGENCIES = ["I can't breathe", "crushing chest pain right now", "my face is drooping and my arm is weak",
               "I want to end my life"]
MAX_MESSAGES_PER_USER = 95  # below the daily limit of 100, with room for the warm-up


@dataclass
class Sample:
    kind: str  # answer | emergency | other reply kinds | error
    server_ms: float | None
    client_ms: float
    stages: dict[str, float] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def parse_server_timing(header: str | None) -> dict[str, float]:
    stages: dict[str, float] = {}
    for part in (header or "").split(","):
        name, _, duration = part.strip().partition(";dur=")
        if name and duration:
            stages[name] = float(duration)
    return stages


def seed_readings(users: list[str], now_ms: int) -> None:
    """Two weeks of readings per user, as ingest's sink writes them."""
    from cassandra.concurrent import execute_concurrent_with_args

    from services.common.cassandra import connect

    cluster, session = connect(get_platform_settings())
    try:
        insert = session.prepare(
            "INSERT INTO readings_by_user (user_id, metric, month, measured_at, reading_id, utc_offset_min, device_id,"
            " source, channel, systolic, diastolic, pulse, bpm, step_count, interval_s, duration_min, efficiency, kg,"
            " flags, ingested_at) VALUES (?, ?, ?, ?, ?, 0, 'bench', 'sensed', 'http', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?)")
        rows = []
        rng = random.Random(7)
        hour, day = 3_600_000, 86_400_000
        for user in users:
            for d in range(14):
                base = now_ms - d * day
                values = {
                    "blood_pressure": [(base - 2 * hour, (rng.randint(112, 142), rng.randint(70, 92),
                                                          rng.randint(58, 80), None, None, None, None, None, None))],
                    "heart_rate": [(base - h * hour, (None, None, None, rng.randint(55, 95), None, None, None, None,
                                                      None)) for h in range(1, 7)],
                    "steps": [(base - h * hour, (None, None, None, None, rng.randint(200, 1500), 3600, None, None,
                                                 None)) for h in range(1, 9)],
                    "sleep": [(base - 10 * hour, (None, None, None, None, None, None, float(rng.randint(330, 500)),
                                                  round(rng.uniform(0.75, 0.95), 2), None))],
                    "weight": [(base - 3 * hour, (None, None, None, None, None, None, None, None,
                                                  round(rng.uniform(78, 82), 1)))] if d % 2 == 0 else [],
                }
                for metric, points in values.items():
                    for measured_at, cols in points:
                        month = datetime.fromtimestamp(measured_at / 1000, tz=UTC).strftime("%Y-%m")
                        rows.append((user, metric, month, measured_at, uuid.uuid4().hex, *cols, None,
                                     measured_at + 500))
        execute_concurrent_with_args(session, insert, rows, concurrency=100)
        print(f"seeded {len(rows):,} readings for {len(users)} users")
    finally:
        cluster.shutdown()


def group_cpu_s(pgid: int | None) -> float | None:
    """CPU seconds (user + system) used so far by every live process of the service's process group (the
    server and its uvicorn workers): a figure the other load on the machine does not inflate the way it does
    latency."""
    if pgid is None:
        return None
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def start_service(port: int, run_id: str, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HEARTWISE_CONVERSATION_PORT": str(port), "HEARTWISE_RUN_ID": run_id,
           "HEARTWISE_CONVERSATION_BURST_DELAYS_ENABLED": "false", "HEARTWISE_CONVERSATION_WORKERS": str(workers),
           "HEARTWISE_LOG_LEVEL": "WARNING"}
    env.pop("ANTHROPIC_API_KEY", None)  # the offline responder is what this benchmark measures
    log = (REPO / ".run" / "chat_bench_service.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "services.conversation.main"], cwd=REPO, env=env,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)


async def wait_ready(base_url: str, timeout_s: float = 240) -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(f"{base_url}/readyz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.3)
    raise RuntimeError(f"service at {base_url} not ready")


class Client:
    """A small async HTTP client: aiohttp when installed (the bench extra brings it; it costs a fraction of
    httpx's CPU per request, which matters when client and server share 2 cores), else httpx."""

    def __init__(self, connections: int) -> None:
        self.connections = connections
        self._session: object | None = None

    async def __aenter__(self) -> Client:
        try:
            import aiohttp

            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self.connections),
                                                  timeout=aiohttp.ClientTimeout(total=30))
        except ImportError:
            limits = httpx.Limits(max_connections=self.connections, max_keepalive_connections=self.connections)
            self._session = httpx.AsyncClient(timeout=30, limits=limits)
        return self

    async def __aexit__(self, *exc: object) -> None:
        session = self._session
        if hasattr(session, "aclose"):
            await session.aclose()  # type: ignore[union-attr]
        else:
            await session.close()  # type: ignore[union-attr]

    async def post(self, url: str, body: dict[str, object], headers: dict[str, str]) -> tuple[int, str, dict]:
        """(status, Server-Timing header, JSON body)."""
        session = self._session
        if isinstance(session, httpx.AsyncClient):
            response = await session.post(url, json=body, headers=headers)
            return response.status_code, response.headers.get("server-timing", ""), response.json()
        async with session.post(url, json=body, headers=headers) as response:  # type: ignore[union-attr]
            return response.status, response.headers.get("server-timing", ""), await response.json()


async def one_user(client: Client, base_url: str, token: str, messages: int, think: tuple[int, int],
                   emergency_share: float, rng: random.Random, samples: list[Sample], deadline: float) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    conversation_id: str | None = None
    for n in range(messages):
        if time.monotonic() > deadline:
            return
        roll = rng.random()
        if roll < emergency_share:
            body: dict[str, object] = {"message": rng.choice(EMERGENCIES)}
        elif conversation_id and roll < emergency_share + 0.25:
            body = {"message": f"{rng.choice(FOLLOW_UPS)} ({n})", "conversation_id": conversation_id}
        else:
            # Numbered, so a user repeating a question is not refused as identical-message spam.
            body = {"message": f"{rng.choice(QUESTIONS)} ({n})"}
        began = time.perf_counter()
        try:
            status, timing, payload = await client.post(f"{base_url}/v1/chat", body, headers)
            client_ms = (time.perf_counter() - began) * 1000
            if status == 200:
                conversation_id = payload["conversation_id"]
                stages = parse_server_timing(timing)
                samples.append(Sample(payload["kind"], stages.get("app", stages.get("total")), client_ms, stages))
            else:
                samples.append(Sample(f"http_{status}", None, client_ms))
        except Exception as error:  # noqa: BLE001 - every failure is a sample, the run goes on
            samples.append(Sample(f"error_{type(error).__name__}", None, (time.perf_counter() - began) * 1000))
        if think[1] > 0:
            await asyncio.sleep(rng.uniform(think[0], think[1]) / 1000)


async def run_scenario(base_url: str, users: list[str], messages: int, think: tuple[int, int],
                       emergency_share: float, timeout_s: float, seed: int) -> tuple[list[Sample], float]:
    tokens = {user: mint_dev_token(user, ["chat"], ttl_s=3600) for user in users}
    samples: list[Sample] = []
    async with Client(len(users) + 5) as client:
        began = time.perf_counter()
        deadline = time.monotonic() + timeout_s
        # Users start spread over the first think interval, as people do.
        async def staggered(i: int, user: str) -> None:
            await asyncio.sleep(random.Random(seed - i).uniform(0, think[1]) / 1000 if think[1] else 0)
            await one_user(client, base_url, tokens[user], messages, think, emergency_share,
                           random.Random(seed + i), samples, deadline)

        await asyncio.gather(*(staggered(i, u) for i, u in enumerate(users)))
        elapsed = time.perf_counter() - began
    return samples, elapsed


def summarise(name: str, samples: list[Sample], elapsed: float) -> dict[str, float]:
    ok = [s for s in samples if s.server_ms is not None]
    answers = [s.server_ms for s in ok if s.kind != "emergency" and s.server_ms is not None]
    emergencies = [s.server_ms for s in ok if s.kind == "emergency" and s.server_ms is not None]
    overall = [s.server_ms for s in ok if s.server_ms is not None]
    client_all = [s.client_ms for s in samples]
    failures = len(samples) - len(ok)
    kinds: dict[str, int] = {}
    for s in samples:
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
    figures = {
        "requests": len(samples), "rps": len(samples) / elapsed if elapsed else 0.0, "failures": failures,
        "p50": percentile(overall, 50), "p95": percentile(overall, 95), "p99": percentile(overall, 99),
        "answer_p50": percentile(answers, 50), "answer_p95": percentile(answers, 95),
        "emergency_p50": percentile(emergencies, 50), "emergency_p95": percentile(emergencies, 95),
        "emergencies": len(emergencies),
        "client_p50": percentile(client_all, 50), "client_p95": percentile(client_all, 95),
    }
    stage_names = sorted({k for s in ok for k in s.stages})
    stage_medians = {k: statistics.median([s.stages[k] for s in ok if k in s.stages]) for k in stage_names}
    print(f"  {name}: {len(samples)} turns in {elapsed:.1f} s ({figures['rps']:.0f}/s), kinds {kinds}")
    print(f"    server-side  all p50 {figures['p50']:.1f} ms  p95 {figures['p95']:.1f} ms  p99 {figures['p99']:.1f} ms")
    print(f"    server-side  non-emergency p50 {figures['answer_p50']:.1f} / p95 {figures['answer_p95']:.1f} ms; "
          f"emergency (n={len(emergencies)}) p50 {figures['emergency_p50']:.1f} / "
          f"p95 {figures['emergency_p95']:.1f} ms")
    print(f"    client round trip p50 {figures['client_p50']:.1f} ms  p95 {figures['client_p95']:.1f} ms")
    print("    stage medians: " + ", ".join(f"{k} {v:.2f} ms" for k, v in stage_medians.items()))
    slow = [s for s in ok if s.server_ms is not None and s.server_ms >= figures["p95"]]
    if slow:
        tail = {k: statistics.median([s.stages.get(k, 0.0) for s in slow]) for k in stage_names}
        print("    slowest 5% stage medians: " + ", ".join(f"{k} {v:.2f} ms" for k, v in tail.items()))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=40, help="per user and scenario run")
    parser.add_argument("--scenarios", default="paced,saturated")
    parser.add_argument("--think-min", type=int, default=1000, help="ms, paced scenario")
    parser.add_argument("--think-max", type=int, default=3000, help="ms, paced scenario")
    parser.add_argument("--emergency-share", type=float, default=0.1)
    parser.add_argument("--repeats", type=int, default=3, help="runs per scenario; medians are reported")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of the service under test")
    parser.add_argument("--base-url", default=None, help="use a running service (loopback) instead of starting one")
    parser.add_argument("--timeout", type=float, default=300, help="bound per scenario run, seconds")
    args = parser.parse_args()
    if args.base_url and not args.base_url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("loopback only")
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    runs_per_user = len(scenarios) * args.repeats
    if args.messages > MAX_MESSAGES_PER_USER:
        parser.error(f"--messages must stay below the daily limit ({MAX_MESSAGES_PER_USER})")

    # SIGTERM (e.g. `timeout`) unwinds like Ctrl-C, so the service started here is stopped in `finally`.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    run_id = f"chatbench-{uuid.uuid4().hex[:6]}"
    process = None
    pgid: int | None = None
    base_url = args.base_url
    try:
        if base_url is None:
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            process = start_service(port, run_id, args.workers)
            pgid = process.pid  # start_new_session: the server leads its own process group
        asyncio.run(wait_ready(base_url))
        now_ms = time.time_ns() // 1_000_000
        # Fresh users for every scenario run: the daily limit is per user and day.
        user_sets = [[f"{run_id}-{r}-{i}" for i in range(args.users)] for r in range(runs_per_user)]
        seed_readings([u for users in user_sets for u in users], now_ms)
        warm = [f"{run_id}-warm-{i}" for i in range(5)]
        asyncio.run(run_scenario(base_url, warm, 10, (0, 0), 0.2, 60, 0))  # JIT-free, but warms caches and pools
        cores = os.cpu_count()
        print(f"conversation chat benchmark: {args.users} users, {args.messages} messages each, emergency share "
              f"{args.emergency_share:.0%}, {args.workers} worker(s), {cores} cores, offline responder")
        results: dict[str, list[dict[str, float]]] = {s: [] for s in scenarios}
        index = 0
        for repeat in range(args.repeats):
            for scenario in scenarios:
                think = (args.think_min, args.think_max) if scenario == "paced" else (0, 0)
                load_before = os.getloadavg()[0]
                cpu_before = group_cpu_s(pgid)
                samples, elapsed = asyncio.run(run_scenario(base_url, user_sets[index], args.messages, think,
                                                            args.emergency_share, args.timeout, seed=repeat * 1000))
                cpu_after = group_cpu_s(pgid)
                index += 1
                print(f"run {repeat + 1}/{args.repeats} {scenario} (load avg before {load_before:.2f}, after "
                      f"{os.getloadavg()[0]:.2f})")
                figures = summarise(scenario, samples, elapsed)
                if cpu_before is not None and cpu_after is not None and samples:
                    figures["cpu_ms_per_turn"] = (cpu_after - cpu_before) * 1000 / len(samples)
                    print(f"    service CPU {figures['cpu_ms_per_turn']:.2f} ms per turn (all its processes)")
                results[scenario].append(figures)
        print("\nmedians over runs (server-side, ms):")
        for scenario, runs in results.items():
            def med(key: str, runs: list[dict[str, float]] = runs) -> float:
                return statistics.median(r[key] for r in runs)

            print(f"  {scenario:9s} all p50 {med('p50'):6.1f}  p95 {med('p95'):6.1f} | non-emergency p95 "
                  f"{med('answer_p95'):6.1f} | emergency p50 {med('emergency_p50'):6.1f}  "
                  f"p95 {med('emergency_p95'):6.1f} | {med('rps'):5.0f} turns/s | "
                  f"client p95 {med('client_p95'):6.1f} | failures "
                  f"{int(sum(r['failures'] for r in runs))}"
                  + (f" | CPU {med('cpu_ms_per_turn'):.2f} ms/turn" if all("cpu_ms_per_turn" in r for r in runs)
                     else ""))
        print("targets: p95 < 50 ms overall, < 30 ms for emergencies (server-side)")
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)


if __name__ == "__main__":
    main()
