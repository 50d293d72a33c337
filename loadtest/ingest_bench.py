"""Ingest benchmark (issue 4 "Measure"): HTTP -> readings.v1 through one gateway worker, then the sink.

1. HTTP -> topic. One gateway process (`python -m services.ingest.main`, one uvicorn worker) on the real
   stack; this script is the load: `--concurrency` requests in flight over keep-alive connections, each
   request one user's watch upload of `--batch` readings (heart rate and steps alternating) under that
   user's device token, `--users` users round-robin. A run sends `--requests` requests; readings/s =
   readings accepted (202) / wall time of the run, and the run only counts if the topic holds exactly those
   readings afterwards (sum of the partitions' high watermarks). Median of `--runs` runs; request latency
   p50/p99 over all runs (client-side, includes the broker ack: the gateway replies only after it).
2. Sink. One sink process (`python -m services.ingest.sink`) then drains everything the HTTP runs put on the
   topic (the "burst": `--runs` x `--requests` x `--batch` readings accepted at the measured ingest rate).
   rows/s = rows / time from the first row written to the last (the sink's own counter, /metrics); the
   table is then checked: every reading has its row (nothing lost).
   A 60 s burst at the measured ingest rate is `60 x rate` readings; the script reports the measured drain
   of the scaled-down burst and extrapolates the 60 s figure at the measured sink rate.

Isolation: the gateway and sink run with HEARTWISE_INGEST_TOPIC_SUFFIX, so all of this goes to throwaway
topics `readings.v1.bench-<id>` (etc.), created here and deleted at the end (the shared topics, which every
other service's tests replay from the start, get nothing). Cassandra rows of the bench users are deleted at
the end (one partition delete per user and metric). Only loopback addresses are accepted. Every wait is
bounded (`--timeout`).

Usage:
    uv run python loadtest/ingest_bench.py [--runs 3] [--requests 2000] [--batch 100] [--concurrency 32]

Measured (issue 4), shared 2-core VM, `--runs 3 --requests 1000`: with the idempotency keys written by the
sink instead of on the request path (services/ingest/adapters/idempotency.py), four invocations at load
2.6-3.8 gave medians of 15,974 / 21,034 / 22,373 / 25,894 readings/s, 36.6-49.5 gateway CPU-ms per 1,000
readings (was ~51 with the keys written per request, and 89-101 before the issue-4 changes); p99 219-322 ms.
The sink, now writing each reading's key and row, 14,400-18,300 rows/s (21,600-28,400 per sink CPU-second);
Cassandra itself spends more CPU per row than the sink and bounds the drain on this machine. Wall-clock
figures move with the machine's other load; the CPU figures much less.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PARTITIONS = 6
TOPICS = ("readings.raw.v1", "readings.v1", "readings.rejected.v1")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def check_loopback(address: str) -> None:
    host = address.rsplit(":", 1)[0].strip("[]")
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing non-loopback address {address}: this script creates and deletes topics")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}/{five:.2f}/{fifteen:.2f}, {os.cpu_count()} cores"


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the process exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"{url} not ready after {timeout_s} s")


def spawn(module: str, env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("ab") as log:
        return subprocess.Popen([sys.executable, "-m", module], cwd=REPO, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def cpu_seconds(process: subprocess.Popen[bytes]) -> float:
    """User + system CPU time the process has used so far (Linux /proc), to normalise for a shared machine."""
    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def high_watermarks(bootstrap: str, topic: str) -> int:
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"bench-probe-{uuid.uuid4().hex}"})
    try:
        return sum(consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in range(PARTITIONS))
    finally:
        consumer.close()


# --- load --------------------------------------------------------------------------------------------------


def body_for(user: str, device: str, seq: int, batch: int, now: datetime) -> bytes:
    """A watch upload: `batch` readings, heart rate and steps alternating, one per 30 s, ending now."""
    parts = []
    for j in range(batch):
        when = (now - timedelta(seconds=30 * (batch - j))).isoformat()
        if j % 2:
            value = f'"metric":"steps","value":{{"count":{20 + j % 50},"interval_s":30}}'
        else:
            value = f'"metric":"heart_rate","value":{{"bpm":{55 + j % 60}}}'
        parts.append(f'{{"reading_id":"b{seq}-{j}","user_id":"{user}","device_id":"{device}",'
                     f'"measured_at":"{when}",{value},"source":"sensed"}}')
    return ('{"readings":[' + ",".join(parts) + "]}").encode()


async def http_run(url: str, tokens: dict[str, str], run: int, args: argparse.Namespace) -> dict[str, Any]:
    import aiohttp

    users = list(tokens)
    now = datetime.now(UTC)
    # Bodies are built before the clock starts: the client's JSON building is not the gateway's work.
    bodies = [body_for(users[i % len(users)], "watch-1", run * 10_000_000 + i, args.batch, now)
              for i in range(args.requests)]
    latencies: list[float] = []
    accepted = 0
    failures: dict[int, int] = {}
    next_index = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal accepted, next_index
        while next_index < len(bodies):
            i = next_index
            next_index += 1
            headers = {"Authorization": f"Bearer {tokens[users[i % len(users)]]}",
                       "Content-Type": "application/json"}
            started = time.perf_counter()
            async with session.post(url, data=bodies[i], headers=headers) as response:
                payload = await response.read()
            latencies.append(time.perf_counter() - started)
            if response.status == 202:
                accepted += len(json.loads(payload)["accepted"])
            else:
                failures[response.status] = failures.get(response.status, 0) + 1

    connector = aiohttp.TCPConnector(limit=args.concurrency)
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(worker(session) for _ in range(args.concurrency))), args.timeout)
        elapsed = time.perf_counter() - started
    return {"accepted": accepted, "elapsed_s": elapsed, "rate": accepted / elapsed, "latencies": latencies,
            "failures": failures}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def sink_metric(url: str, name: str) -> float:
    import httpx

    for line in httpx.get(url, timeout=5).text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def count_rows(users: list[str]) -> int:
    from services.common.cassandra import connect

    cluster, session = connect()
    months = {datetime.now(UTC).strftime("%Y-%m"), (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m")}
    try:
        total = 0
        for user in users:
            for metric in ("heart_rate", "steps"):
                for month in months:
                    total += session.execute(
                        "SELECT COUNT(*) FROM readings_by_user WHERE user_id=%s AND metric=%s AND month=%s",
                        (user, metric, month), timeout=30).one()[0]
        return total
    finally:
        cluster.shutdown()


def delete_rows(users: list[str]) -> None:
    from services.common.cassandra import connect

    cluster, session = connect()
    months = {datetime.now(UTC).strftime("%Y-%m"), (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m")}
    try:
        for user in users:
            for metric in ("heart_rate", "steps"):
                for month in months:
                    session.execute("DELETE FROM readings_by_user WHERE user_id=%s AND metric=%s AND month=%s",
                                    (user, metric, month))
            session.execute("DELETE FROM reading_ids WHERE user_id=%s", (user,))
    finally:
        cluster.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=2000, help="requests per run")
    parser.add_argument("--batch", type=int, default=100, help="readings per request")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=300.0, help="bound on every wait, seconds")
    parser.add_argument("--skip-sink", action="store_true")
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args(argv)

    from confluent_kafka.admin import AdminClient, NewTopic

    from services.common.auth import SCOPE_READINGS_WRITE, mint_dev_token
    from services.common.config import get_platform_settings

    platform = get_platform_settings()
    check_loopback(platform.kafka_bootstrap)
    for host in platform.cassandra_contact_points:
        check_loopback(f"{host}:0")
    suffix = f".bench-{uuid.uuid4().hex[:8]}"
    topics = [name + suffix for name in TOPICS]
    admin = AdminClient({"bootstrap.servers": platform.kafka_bootstrap})
    for future in admin.create_topics([NewTopic(t, num_partitions=PARTITIONS, replication_factor=1)
                                       for t in topics]).values():
        future.result(30)
    log_dir = REPO / ".run" / "bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HEARTWISE_INGEST_TOPIC_SUFFIX": suffix, "HEARTWISE_RUN_ID": suffix.lstrip("."),
           "HEARTWISE_LOG_LEVEL": "WARNING"}
    users = [f"bench-{suffix[7:]}-{i:05d}" for i in range(args.users)]
    tokens = {user: mint_dev_token(user, [SCOPE_READINGS_WRITE], device_id="watch-1", ttl_s=7200) for user in users}
    processes: list[subprocess.Popen[bytes]] = []
    print(f"ingest bench: {args.runs} runs x {args.requests} requests x {args.batch} readings, "
          f"concurrency {args.concurrency}, {args.users} users; topics *{suffix}")
    print(f"at start: {load()}")
    try:
        port = free_port()
        gateway = spawn("services.ingest.main", {**env, "HEARTWISE_INGEST_PORT": str(port)}, log_dir / "gateway.log")
        processes.append(gateway)
        wait_ready(f"http://127.0.0.1:{port}/readyz", gateway, 90)
        url = f"http://127.0.0.1:{port}/v1/readings"
        asyncio.run(http_run(url, tokens, 99, argparse.Namespace(**{**vars(args), "requests": 200})))  # warm-up
        results = []
        for run in range(args.runs):
            before = high_watermarks(platform.kafka_bootstrap, "readings.v1" + suffix)
            cpu_before = cpu_seconds(gateway)
            client_before = time.process_time()
            result = asyncio.run(http_run(url, tokens, run, args))
            result["cpu_s"] = cpu_seconds(gateway) - cpu_before
            result["client_cpu_s"] = time.process_time() - client_before
            on_topic = high_watermarks(platform.kafka_bootstrap, "readings.v1" + suffix) - before
            result["on_topic"] = on_topic
            results.append(result)
            print(f"  run {run + 1}: {result['accepted']} accepted in {result['elapsed_s']:.2f} s = "
                  f"{result['rate']:,.0f} readings/s; gateway CPU {result['cpu_s']:.1f} s "
                  f"({result['accepted'] / result['cpu_s']:,.0f} readings per CPU-second = "
                  f"{1000 * result['cpu_s'] / result['accepted'] * 1000:.1f} CPU-ms per 1,000 readings, "
                  f"{result['cpu_s'] / result['elapsed_s']:.0%} of a core); load client CPU "
                  f"{result['client_cpu_s']:.1f} s; on the topic: {on_topic}; "
                  f"failures {result['failures']}; {load()}")
        stop(gateway)
        latencies = [lat for result in results for lat in result["latencies"]]
        rate = statistics.median(result["rate"] for result in results)
        per_cpu = statistics.median(result["accepted"] / result["cpu_s"] for result in results)
        print(f"HTTP -> readings.v1, one gateway worker: median {rate:,.0f} readings/s "
              f"({args.batch} per request, {rate / args.batch:,.0f} requests/s), {per_cpu:,.0f} readings per "
              f"gateway CPU-second ({1_000_000 / per_cpu:.1f} gateway CPU-ms per 1,000 readings); request latency "
              f"p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms; "
              f"all accepted readings on the topic: {all(r['on_topic'] >= r['accepted'] for r in results)}")

        if not args.skip_sink:
            burst = high_watermarks(platform.kafka_bootstrap, "readings.v1" + suffix)
            health = free_port()
            sink = spawn("services.ingest.sink", {**env, "HEARTWISE_INGEST_SINK_HEALTH_PORT": str(health)},
                         log_dir / "sink.log")
            processes.append(sink)
            wait_ready(f"http://127.0.0.1:{health}/readyz", sink, 90)
            metrics = f"http://127.0.0.1:{health}/metrics"
            sink_cpu = cpu_seconds(sink)
            deadline = time.monotonic() + args.timeout
            first_at = None
            written = 0.0
            while written < burst and time.monotonic() < deadline:
                written = sink_metric(metrics, "heartwise_ingest_sink_rows_written_total")
                if written > 0 and first_at is None:
                    first_at = time.monotonic()
                    sink_cpu = cpu_seconds(sink)
                time.sleep(0.2)
            done_at = time.monotonic()
            sink_cpu = cpu_seconds(sink) - sink_cpu
            stop(sink)
            drain_s = done_at - (first_at or done_at)
            sink_rate = written / drain_s if drain_s else 0.0
            stored = count_rows(users)
            verdict = "nothing lost" if stored == burst else "MISSING ROWS"
            print(f"sink, one process: {written:,.0f} rows in {drain_s:.1f} s = {sink_rate:,.0f} rows/s; sink CPU "
                  f"{sink_cpu:.1f} s ({written / sink_cpu if sink_cpu else 0:,.0f} rows per CPU-second); "
                  f"rows in Cassandra {stored:,} of {burst:,} readings ({verdict}); {load()}")
            if sink_rate:
                print(f"burst: {burst:,} readings = {burst / rate:.0f} s at the measured ingest rate, drained in "
                      f"{drain_s:.0f} s; a 60 s burst at {rate:,.0f}/s ({60 * rate:,.0f} readings) drains in "
                      f"~{60 * rate / sink_rate:.0f} s with one sink at the measured rate")
            delete_rows(users)
    finally:
        for process in processes:
            stop(process)
        for future in admin.delete_topics(topics + [t + ".dlq" for t in topics], operation_timeout=30).values():
            with contextlib.suppress(Exception):
                future.result(30)
        if not args.keep_logs:
            for log in log_dir.glob("*.log"):
                log.unlink()
    print(f"at end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
