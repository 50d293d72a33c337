"""Reading→nudge latency of the nudge engine at a steady input rate (issue 6 "Measure"). Prints figures only.

    uv run python loadtest/nudge_latency.py --via kafka --rates 2000,10000 --repeats 3 --search
    uv run python loadtest/nudge_latency.py --via http  --rates 2000,10000 --repeats 3 --search

What it measures: for probe readings (each one a fresh user sending 9,000 steps at local noon, so the step
goal nudge fires at once and no cap, cooldown or quiet hours intervene), the time from the reading's
`ingested_at` to the arrival of its nudge on nudges.v1 (`arrival − source_ingested_at`, one clock: every
process runs on this machine). The probes ride on background traffic so the engine carries the whole rate:
- `--via kafka`: readings are produced straight to readings.v1 (pre-encoded Avro with the registry's schema
  id; `ingested_at` is stamped as each record is produced), a fleet of `--users` users with a realistic mix
  of metrics. Ingest is not involved.
- `--via http`: the device-fleet generator (`loadtest/device_fleet.py`, a subprocess per step) posts the
  background readings to ingest's POST /v1/readings; the probes are posted by this script, one reading per
  request with the user's device JWT; ingest stamps `ingested_at`.
By default the script starts what it needs as fresh processes with their own run id, consumer groups and
state (nudge-engine; the anomaly worker, which also reads readings.v1; for http also ingest), committing the
new groups' offsets at the current end of their inputs first so nothing replays old traffic, and stops
them at the end. `--no-start` measures already running services instead (`--nudge-url`, `--ingest-url`).

Each step runs the rate for `--warmup` + `--duration` seconds; only probes sent after the warm-up count;
probes whose nudge has not arrived `--drain` seconds after the step are counted as missing (an infinite
latency, so a backlog shows as a failed p99 instead of a good-looking subset). A rate is *sustained* for a
bound when the generator achieved ≥ 95 % of it, nothing is missing and p99 < bound. `--search` climbs
`--search-rates` and reports the highest sustained rate for p99 < 500 ms and < 250 ms. Between steps the
engine's consumer lag is allowed to drain. Each step reports the engine's CPU and the 1-minute load average:
on a shared machine the figures move with other work, so `--repeats` repeats each headline rate and the
median is reported.

Loopback only; every step is bounded in time; the processes started here are stopped at the end and their
consumer groups and state changelog topics deleted (the readings produced stay: they are ordinary traffic).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import math
import multiprocessing as mp
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BOUNDS_MS = (500, 250)
READINGS_PER_USER_DAY = 60  # loadtest/fleet: ~63 readings per user per day (mostly heart rate and steps)
SUSTAINED_SHARE = 0.95  # the generator must reach this share of the target rate
PROBE_PREFIX = "bench-nl"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def noon_offset_min() -> int:
    """A UTC offset (multiple of 15 min, within −12 h..+14 h) at which it is about noon now: no quiet hours."""
    utc = datetime.now(UTC)
    offset = (12 * 60 - (utc.hour * 60 + utc.minute)) % 1440
    offset = round(offset / 15) * 15
    return offset - 1440 if offset > 840 else offset


# ------------------------------------------------------------------------------------------- processes

class Services:
    """The processes this run starts, each `python -m module` with its own port, run id and state dir."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id
        self.dir = Path(tempfile.mkdtemp(prefix=f"nudge-latency-{run_id}-"))
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "HEARTWISE_RUN_ID": self.run_id, "HEARTWISE_STATE_DIR": str(self.dir / "state"),
                "HEARTWISE_LOG_LEVEL": "WARNING", **extra}

    def start(self, name: str, module: str, port_env: str, ready_path: str = "/readyz", **extra: str) -> str:
        import httpx

        port = free_port()
        log = (self.dir / f"{name}.log").open("ab")
        proc = subprocess.Popen([sys.executable, "-m", module], cwd=ROOT,
                                env=self.env(**{port_env: str(port)}, **extra),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.procs[name] = proc
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {self.dir / (name + '.log')}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + ready_path, timeout=2).status_code == 200:
                    return url
            time.sleep(0.5)
        raise RuntimeError(f"{name} not ready after 180 s; see {self.dir / (name + '.log')}")

    def pid(self, name: str) -> int | None:
        proc = self.procs.get(name)
        return None if proc is None else proc.pid

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)


def delete_run_artifacts(bootstrap: str, run_id: str) -> None:
    """Delete the state changelog topics and consumer groups of the processes this run started."""
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": bootstrap})
    marker = f".{run_id}--"  # changelog__<group>--<topics>--<store>, group = <service>.<run id>
    topics = [t for t in admin.list_topics(timeout=10).topics if marker in t]
    for future in admin.delete_topics(topics, operation_timeout=30).values() if topics else ():
        with contextlib.suppress(Exception):
            future.result()
    groups = [g.group_id for g in admin.list_consumer_groups().result(timeout=10).valid
              if g.group_id.endswith(f".{run_id}") or g.group_id.startswith(f"{PROBE_PREFIX}-")]
    for future in admin.delete_consumer_groups(groups).values() if groups else ():
        with contextlib.suppress(Exception):
            future.result()


def start_from_the_end(bootstrap: str, group: str, topics: list[str]) -> None:
    """Commit a new consumer group's offsets at the current end of `topics`: it starts with new traffic."""
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        metadata = consumer.list_topics(timeout=10).topics
        offsets = [TopicPartition(topic, p, consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1])
                   for topic in topics if topic in metadata for p in metadata[topic].partitions]
        if offsets:
            consumer.commit(offsets=offsets, asynchronous=False)
    finally:
        consumer.close()


def cpu_seconds(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def metric_sum(base_url: str | None, name: str, **labels: str) -> float:
    import httpx

    if base_url is None:
        return float("nan")
    wanted = [f'{k}="{v}"' for k, v in labels.items()]
    try:
        text = httpx.get(f"{base_url}/metrics", timeout=5).text
    except httpx.HTTPError:
        return float("nan")
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith(name + "{") and all(w in line for w in wanted))


# ------------------------------------------------------------------------------------------- listener

def listen(bootstrap: str, prefix: str, out: Any, ready: Any, stop: Any) -> None:
    """Child process: every nudge of a probe user on nudges.v1 → (user, source_ingested_at, arrival ms)."""
    import fastavro
    from confluent_kafka import Consumer, TopicPartition

    from services.common.contracts import Topic, parsed_schema

    schema = parsed_schema(Topic.NUDGES)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"{prefix}-listener",
                         "enable.auto.commit": False, "fetch.wait.max.ms": 10})
    topic = Topic.NUDGES.value
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    consumer.assign([TopicPartition(topic, p, consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1])
                     for p in partitions])
    key_prefix = prefix.encode()
    ready.set()
    while not stop.is_set():
        batch = consumer.consume(1000, 0.05)
        arrival = now_ms()
        found = []
        for message in batch:
            key = message.key()
            if message.error() or key is None or not key.startswith(key_prefix):
                continue
            value = fastavro.schemaless_reader(io.BytesIO(message.value()[5:]), schema, schema)
            found.append((key.decode(), value["source_ingested_at"], arrival))  # type: ignore[call-overload]
        if found:
            out.put(found)
    consumer.close()


class Arrivals:
    def __init__(self, bootstrap: str, prefix: str) -> None:
        ctx = mp.get_context("spawn")
        self._queue = ctx.Queue()
        self._stop = ctx.Event()
        ready = ctx.Event()
        self._proc = ctx.Process(target=listen, args=(bootstrap, prefix, self._queue, ready, self._stop), daemon=True)
        self._proc.start()
        if not ready.wait(60):
            raise RuntimeError("nudges.v1 listener did not start")
        self.seen: dict[str, tuple[int, int]] = {}

    def drain(self) -> None:
        while True:
            try:
                batch = self._queue.get_nowait()
            except Exception:  # noqa: BLE001 - queue.Empty, from the multiprocessing module's own import
                return
            for user, ingested_at, arrival in batch:
                self.seen.setdefault(user, (ingested_at, arrival))  # a repeat (replay) keeps the first arrival

    def close(self) -> None:
        self._stop.set()
        self._proc.join(10)


# ------------------------------------------------------------------------------------------- load

class KafkaLoad:
    """Background readings + probes produced straight to readings.v1 at a paced rate."""

    METRIC_MIX = (("heart_rate", 50), ("steps", 30), ("blood_pressure", 10), ("sleep", 5), ("weight", 5))

    def __init__(self, bootstrap: str, users: int, run: str) -> None:
        import random

        import fastavro
        from confluent_kafka import Producer

        from services.common.contracts import Topic, parsed_schema
        from services.common.kafka import AvroCodec, producer_config

        self.topic = Topic.READINGS.value
        self._schema = parsed_schema(Topic.READINGS)
        self._fastavro = fastavro
        sample = self._record("x", "u", "heart_rate", 0, {"bpm": 60})
        self.header = AvroCodec().encode(self.topic, sample)[:5]  # magic byte + the registry's id of our schema
        from services.common.config import get_platform_settings

        platform = get_platform_settings().model_copy(update={"kafka_bootstrap": bootstrap})
        self.producer = Producer(producer_config(platform, **{"queue.buffering.max.messages": 1_000_000}))
        rng = random.Random(7)
        names, weights = zip(*self.METRIC_MIX, strict=True)
        self.templates: list[tuple[str, bytes]] = []
        start = now_ms()
        for i in range(users):
            user = f"{PROBE_PREFIX}-{run}-u{i}"
            metric = rng.choices(names, weights)[0]
            value = {"heart_rate": {"bpm": rng.randint(55, 110)},
                     "steps": {"count": rng.randint(5, 60), "interval_s": 60},
                     "blood_pressure": {"systolic": rng.randint(110, 150), "diastolic": rng.randint(65, 90)},
                     "sleep": {"duration_min": float(rng.randint(300, 540)), "efficiency": 0.9},
                     "weight": {"kg": 60.0 + rng.random() * 40}}[metric]
            self.templates.append((user, self._middle(user, metric, start, rng.choice((-300, 0, 60, 330)), value)))
        self.probe_offset = noon_offset_min()
        self.run = run
        self.sent = 0
        self.probes_sent: dict[str, int] = {}
        self._counter = 0

    def _record(self, reading_id: str, user: str, metric: str, at: int, value: dict[str, Any], offset: int = 0,
                ingested_at: int = 0) -> dict[str, Any]:
        fields = ("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min", "efficiency", "kg")
        return {"reading_id": reading_id, "user_id": user, "device_id": "bench", "metric": metric, "measured_at": at,
                "utc_offset_min": offset, "source": "sensed", "value": {f: value.get(f) for f in fields},
                "flags": [], "channel": "http", "ingested_at": ingested_at}

    def _middle(self, user: str, metric: str, at: int, offset: int, value: dict[str, Any]) -> bytes:
        """The Avro body between reading_id (first field) and ingested_at (last field, 0 encodes as b"\\x00")."""
        buffer = io.BytesIO()
        self._fastavro.schemaless_writer(buffer, self._schema, self._record("", user, metric, at, value, offset))
        body = buffer.getvalue()
        assert body[0] == 0 and body[-1] == 0  # empty reading_id, ingested_at = 0
        return body[1:-1]

    @staticmethod
    def _long(value: int) -> bytes:
        zigzag = (value << 1) ^ (value >> 63)
        out = bytearray()
        while zigzag > 0x7F:
            out.append((zigzag & 0x7F) | 0x80)
            zigzag >>= 7
        out.append(zigzag)
        return bytes(out)

    def _send(self, user: str, middle: bytes) -> int:
        self._counter += 1
        reading_id = f"b{self.run}{self._counter}".encode()
        ingested_at = now_ms()
        value = self.header + self._long(len(reading_id)) + reading_id + middle + self._long(ingested_at)
        while True:
            try:
                self.producer.produce(self.topic, value=value, key=user.encode())
                return ingested_at
            except BufferError:
                self.producer.poll(0.01)

    def run_for(self, rate: float, seconds: float, probe_rate: float, count_probes_after: float) -> float:
        """Send at `rate` readings/s (probes included) for `seconds`; returns the achieved rate."""
        templates = self.templates
        n = len(templates)
        start = time.monotonic()
        sent = probes = 0
        probe_every = 1.0 / probe_rate if probe_rate > 0 else float("inf")
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= seconds:
                break
            while probes * probe_every <= elapsed:
                user = f"{PROBE_PREFIX}-{self.run}-p{self._counter}"
                middle = self._middle(user, "steps", now_ms() - 1_000, self.probe_offset,
                                      {"count": 9_000, "interval_s": 14_400})
                ingested_at = self._send(user, middle)
                if elapsed >= count_probes_after:
                    self.probes_sent[user] = ingested_at
                probes += 1
                sent += 1
            target = int(elapsed * rate)
            while sent < target:
                user, middle = templates[(sent + self._counter) % n]
                self._send(user, middle)
                sent += 1
            self.producer.poll(0)
            time.sleep(0.001)
        self.producer.flush(30)
        self.sent += sent
        return sent / seconds


class HttpLoad:
    """Background readings from the device-fleet generator over HTTP; probes posted by this process."""

    def __init__(self, ingest_url: str, users: int, run: str, services: Services) -> None:
        from loadtest.fleet.sender import DevTokens

        self.url = ingest_url
        self.users = users
        self.run = run
        self.services = services
        self.tokens = DevTokens()
        self.probes_sent: dict[str, int] = {}
        self.sent = 0
        self._counter = 0

    def run_for(self, rate: float, seconds: float, probe_rate: float, count_probes_after: float) -> float:
        summary = self.services.dir / f"fleet-{self._counter}.json"
        # Enough history for the step (a fleet user makes ~60 readings a day), at most the 7 days ingest keeps.
        days = max(1, min(7, math.ceil(rate * seconds / (self.users * READINGS_PER_USER_DAY)) + 1))
        log = (self.services.dir / "fleet.log").open("ab")
        fleet = subprocess.Popen(
            [sys.executable, str(ROOT / "loadtest" / "device_fleet.py"), "--base-url", self.url,
             "--rate", str(max(1.0, rate - probe_rate)), "--duration", str(seconds), "--users", str(self.users),
             "--days", str(days), "--no-scenarios", "--prefix", f"{PROBE_PREFIX}-{self.run}-f{self._counter}",
             "--progress-every", "5", "--summary-json", str(summary)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        asyncio.run(self._probes(seconds, probe_rate, count_probes_after))
        try:
            fleet.wait(seconds + 120)
        except subprocess.TimeoutExpired:
            os.killpg(fleet.pid, signal.SIGKILL)
        sent, fleet_rate = 0, 0.0
        with contextlib.suppress(OSError, ValueError, KeyError):
            fleet_summary = json.loads(summary.read_text())
            sent, fleet_rate = int(fleet_summary["accepted"]), float(fleet_summary["readings_per_s"])
        self.sent += sent + int(seconds * probe_rate)
        return fleet_rate + probe_rate  # the generator's own pace while it sent (its start-up excluded)

    async def _probes(self, seconds: float, probe_rate: float, count_after: float) -> None:
        import httpx

        offset = noon_offset_min()
        start = time.monotonic()
        async with httpx.AsyncClient(base_url=self.url, timeout=10) as client:
            tasks: list[asyncio.Task[None]] = []
            n = 0
            while time.monotonic() - start < seconds:
                due = start + n / probe_rate
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                self._counter += 1
                user = f"{PROBE_PREFIX}-{self.run}-p{self._counter}"
                counted = time.monotonic() - start >= count_after
                tasks.append(asyncio.create_task(self._post(client, user, offset, counted)))
                n += 1
            await asyncio.gather(*tasks)

    async def _post(self, client: Any, user: str, offset: int, counted: bool) -> None:
        local = timezone(timedelta(minutes=offset))
        measured = datetime.fromtimestamp(time.time() - 1, tz=local).isoformat(timespec="milliseconds")
        body = {"readings": [{"reading_id": f"{user}-r", "user_id": user, "device_id": "bench", "metric": "steps",
                              "measured_at": measured, "value": {"count": 9_000, "interval_s": 14_400},
                              "source": "sensed"}]}
        token = self.tokens(user, "bench")
        reply = await client.post("/v1/readings", json=body, headers={"Authorization": f"Bearer {token}"})
        if counted and reply.status_code == 202 and reply.json().get("accepted"):
            self.probes_sent[user] = 0  # ingest stamps ingested_at; the nudge carries it back


# ------------------------------------------------------------------------------------------- steps

@dataclass
class Step:
    rate: int
    achieved: float
    probes: int
    missing: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    engine_cpu_pct: float
    load1: float
    lag_after: float
    per_cpu_second: float  # readings the engine handled per second of its own CPU: its capacity on a free core
    latencies: list[float] = field(default_factory=list, repr=False)

    def sustained(self, bound_ms: int) -> bool:
        return self.achieved >= SUSTAINED_SHARE * self.rate and self.missing == 0 and self.p99_ms < bound_ms

    def line(self) -> str:
        return (f"{self.rate:>7,}/s  sent {self.achieved:>8,.0f}/s  probes {self.probes:>5} missing {self.missing:>4}  "
                f"p50 {self.p50_ms:>7.1f} ms  p99 {self.p99_ms:>7.1f} ms  max {self.max_ms:>7.1f} ms  "
                f"engine CPU {self.engine_cpu_pct:>5.0f} % ({self.per_cpu_second:,.0f} readings/CPU-s)  "
                f"load1 {self.load1:>4.1f}  lag after {self.lag_after:,.0f}")


def run_step(load: Any, arrivals: Arrivals, rate: int, args: argparse.Namespace, nudge_urls: list[str],
             engine_pids: list[int]) -> Step:
    load.probes_sent.clear()
    arrivals.drain()
    cpu0, t0, handled0 = sum(cpu_seconds(pid) for pid in engine_pids), time.monotonic(), handled(nudge_urls)
    achieved = load.run_for(rate, args.warmup + args.duration, args.probe_rate, args.warmup)
    # The warm-up is excluded from the achieved rate too (the generator ramps up in it).
    deadline = time.monotonic() + args.drain
    while time.monotonic() < deadline:
        arrivals.drain()
        if all(user in arrivals.seen for user in load.probes_sent):
            break
        time.sleep(0.1)
    cpu_s = sum(cpu_seconds(pid) for pid in engine_pids) - cpu0
    cpu = cpu_s / max(1e-9, time.monotonic() - t0) * 100
    per_cpu_s = (handled(nudge_urls) - handled0) / cpu_s if cpu_s > 0 else float("nan")
    latencies, missing = [], 0
    for user, ingested_at in load.probes_sent.items():
        seen = arrivals.seen.get(user)
        if seen is None:
            missing += 1
            continue
        source_ingested_at, arrival = seen
        latencies.append(float(arrival - (source_ingested_at or ingested_at)))
    ranked = latencies + [float("inf")] * missing
    step = Step(rate, achieved, len(load.probes_sent), missing, percentile(ranked, 50), percentile(ranked, 99),
                max(ranked, default=float("nan")), cpu, os.getloadavg()[0], lag(nudge_urls), per_cpu_s, latencies)
    print("  " + step.line(), flush=True)
    wait_for_catch_up(nudge_urls)
    return step


def handled(nudge_urls: list[str]) -> float:
    return sum(metric_sum(url, "heartwise_nudge_records_total", topic="readings.v1") for url in nudge_urls)


def lag(nudge_urls: list[str]) -> float:
    return sum(metric_sum(url, "heartwise_nudge_consumer_lag", topic="readings.v1") for url in nudge_urls)


def wait_for_catch_up(nudge_urls: list[str], limit_s: float = 180.0) -> None:
    deadline = time.monotonic() + limit_s
    while nudge_urls and time.monotonic() < deadline:
        if not lag(nudge_urls) > 0:
            return
        time.sleep(1)


def summarise(name: str, steps: list[Step]) -> dict[str, Any]:
    return {"rate": name, "runs": len(steps), "p50_ms_median": statistics.median(s.p50_ms for s in steps),
            "p99_ms_median": statistics.median(s.p99_ms for s in steps),
            "achieved_median": statistics.median(s.achieved for s in steps),
            "engine_cpu_pct_median": statistics.median(s.engine_cpu_pct for s in steps),
            "readings_per_cpu_s_median": statistics.median(s.per_cpu_second for s in steps),
            "load1_median": statistics.median(s.load1 for s in steps)}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--via", choices=("kafka", "http"), default="kafka", help="how readings enter (default kafka)")
    p.add_argument("--rates", default="2000,10000", help="headline rates, readings/s (default 2000,10000)")
    p.add_argument("--repeats", type=int, default=3, help="runs per headline rate; the median is reported")
    p.add_argument("--search", action="store_true", help="also find the highest sustained rate per p99 bound")
    p.add_argument("--search-rates", default="1000,2000,3000,4000,5000,6000,8000,10000,12000,15000",
                   help="ladder climbed by --search (stops after two failures of the 500 ms bound)")
    p.add_argument("--duration", type=float, default=30.0, help="measured seconds per step (default 30)")
    p.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds before each step (default 5)")
    p.add_argument("--drain", type=float, default=15.0, help="seconds to wait for late nudges (default 15)")
    p.add_argument("--probe-rate", type=float, default=20.0, help="probe readings/s within the rate (default 20)")
    p.add_argument("--users", type=int, default=20_000, help="background users, --via kafka (default 20,000)")
    p.add_argument("--fleet-users", type=int, default=2_000,
                   help="device-fleet users, --via http (default 2,000: the generator starts in seconds)")
    p.add_argument("--engines", type=int, default=1, help="nudge-engine processes in the group (1..6, default 1)")
    p.add_argument("--with", dest="with_", default="anomaly",
                   help="extra services to run besides nudge-engine (and ingest for http): anomaly,sink or none")
    p.add_argument("--no-start", action="store_true", help="measure services that are already running")
    p.add_argument("--nudge-url", default=None, help="with --no-start: the nudge engine's health URL (/metrics)")
    p.add_argument("--ingest-url", default="http://127.0.0.1:8001", help="with --no-start and --via http")
    p.add_argument("--out", type=Path, default=None, help="also write every step as JSON here")
    args = p.parse_args(argv)
    args.rate_list = [int(r) for r in args.rates.split(",") if r.strip()]
    args.search_list = [int(r) for r in args.search_rates.split(",") if r.strip()]
    if args.duration <= 0 or args.duration > 600 or args.warmup < 0 or args.repeats < 1:
        p.error("--duration must be within (0, 600] s, --warmup >= 0, --repeats >= 1")
    if not 1 <= args.engines <= 6:
        p.error("--engines must be within 1..6 (the topics have 6 partitions)")
    if max(args.rate_list + args.search_list) > 50_000:
        p.error("rates above 50,000/s are out of this machine's reach; refusing")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from services.common.config import get_platform_settings
    from services.common.contracts import Topic
    from services.nudge_engine.config import NudgeSettings

    platform = get_platform_settings()
    host = platform.kafka_bootstrap.split(",")[0].rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"refusing a non-loopback broker {platform.kafka_bootstrap}", file=sys.stderr)
        return 2
    run = secrets.token_hex(3)
    extras = {name.strip() for name in args.with_.split(",") if name.strip() and name.strip() != "none"}
    services = Services(f"bench{run}")
    nudge_urls = [args.nudge_url] if args.nudge_url else []
    ingest_url = args.ingest_url
    arrivals: Arrivals | None = None
    steps: dict[str, list[Step]] = {}
    try:
        if not args.no_start:
            nudge = NudgeSettings()
            inputs = [Topic.READINGS.value, Topic.ANOMALIES.value]
            start_from_the_end(platform.kafka_bootstrap, f"{nudge.consumer_group}.{services.run_id}",
                               [*inputs, nudge.heartbeat_topic])
            nudge_urls = [services.start(f"nudge-engine-{i + 1}", "services.nudge_engine.worker",
                                         "HEARTWISE_NUDGE_HEALTH_PORT") for i in range(args.engines)]
            if "anomaly" in extras and (ROOT / "services" / "anomaly" / "worker.py").exists():
                from services.anomaly.config import AnomalySettings

                anomaly = AnomalySettings()
                start_from_the_end(platform.kafka_bootstrap, f"{anomaly.consumer_group}.{services.run_id}",
                                   [Topic.READINGS.value, anomaly.heartbeat_topic])
                services.start("anomaly", "services.anomaly.worker", "HEARTWISE_ANOMALY_HEALTH_PORT")
            if args.via == "http":
                ingest_url = services.start("ingest", "services.ingest.main", "HEARTWISE_INGEST_PORT")
                if "sink" in extras:
                    services.start("ingest-sink", "services.ingest.sink", "HEARTWISE_INGEST_SINK_HEALTH_PORT")
        print(f"run {run}: via {args.via}; services: {', '.join(services.procs) or 'already running'}; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
              f"logs in {services.dir}", flush=True)
        arrivals = Arrivals(platform.kafka_bootstrap, f"{PROBE_PREFIX}-{run}-p")
        load: Any = (KafkaLoad(platform.kafka_bootstrap, args.users, run) if args.via == "kafka"
                     else HttpLoad(ingest_url, args.fleet_users, run, services))
        engine_pids = [pid for name in services.procs if name.startswith("nudge-engine")
                       if (pid := services.pid(name)) is not None]
        wait_for_catch_up(nudge_urls)
        for rate in args.rate_list:
            print(f"rate {rate:,}/s × {args.repeats}", flush=True)
            runs = steps[str(rate)] = []
            for _ in range(args.repeats):
                runs.append(run_step(load, arrivals, rate, args, nudge_urls, engine_pids))
                if runs[-1].missing > runs[-1].probes / 2:
                    print("  overloaded (most probes missing): no further runs at this rate", flush=True)
                    break
        best: dict[int, int | None] = dict.fromkeys(BOUNDS_MS)
        if args.search:
            print("search", flush=True)
            failures = 0
            for rate in args.search_list:
                step = run_step(load, arrivals, rate, args, nudge_urls, engine_pids)
                steps.setdefault(f"search {rate}", []).append(step)
                for bound in BOUNDS_MS:
                    if step.sustained(bound):
                        best[bound] = rate
                failures = 0 if step.sustained(max(BOUNDS_MS)) else failures + 1
                if failures >= 2:
                    break
        print("\nsummary (medians over runs)")
        for name, runs in steps.items():
            s = summarise(name, runs)
            print(f"  {name:>12}: p50 {s['p50_ms_median']:7.1f} ms  p99 {s['p99_ms_median']:7.1f} ms  "
                  f"sent {s['achieved_median']:8,.0f}/s  engine CPU {s['engine_cpu_pct_median']:4.0f} % "
                  f"({s['readings_per_cpu_s_median']:,.0f}/CPU-s)  "
                  f"load1 {s['load1_median']:.1f}  ({s['runs']} run(s))")
        if args.search:
            for bound in BOUNDS_MS:
                print(f"  highest sustained rate with p99 < {bound} ms: "
                      f"{'none of the ladder' if best[bound] is None else f'{best[bound]:,}/s'}")
        print(f"  machine: {os.cpu_count()} CPUs; command: {' '.join(sys.argv)}")
        if args.out:
            args.out.write_text(json.dumps({name: [asdict(s) | {"latencies": None} for s in runs]
                                            for name, runs in steps.items()}, indent=2, default=str))
    finally:
        if arrivals is not None:
            arrivals.close()
        services.stop_all()
        if services.procs:
            delete_run_artifacts(platform.kafka_bootstrap, services.run_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
