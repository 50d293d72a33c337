"""Anomaly worker throughput: readings/s one process sustains, against a plain consume→decode loop.

What runs (one fresh process, consumer group and state directory per run; median of --runs):
  (w) the anomaly worker as deployed — `services.anomaly.worker.create_app`: registry Avro in (the lean
      fastavro serde of `services.common.registry_avro`, schemas by id from the registry), readings +
      heartbeats time-aligned, one RocksDB state read and write per reading with changelog topics, the
      full domain (thresholds, baselines, conflicts, stale-data index), registry Avro out for every
      anomaly, at-least-once commits every second;
  (p) plain confluent-kafka: consume the same topic in batches and decode each value with the registry
      Avro deserializer the worker uses, nothing else: the ceiling for a Python consumer.

Input: --records Reading records (readings.v1 schema, registry-encoded, ~120-160 B) for --users users on
a private 6-partition topic: mostly normal blood pressure / heart rate / steps / weight / sleep values,
~1 % alarming ones and a few second devices, so a realistic few % of readings yield anomalies.

readings/s = (records processed − 1) / (time from the first record handed to the processing code until
the N-th record is processed). Group join and topic creation are excluded. "per CPU-second" divides the
same count by the CPU time the process (all its threads) used over that span: on a machine shared with
other work, the wall-clock rate measures the share of the CPUs the run got, the CPU figure the cost.

Usage (the local stack running; loopback broker and registry only):
    uv run python loadtest/anomaly_bench.py --records 200000 --runs 3

Bounded: each run is killed after --timeout (+ a startup grace). Every topic (input, output, heartbeat,
the worker's changelogs), consumer group and registry subject made here is deleted at the end.

Measured 2026-11-25, this 2-core machine shared with other sessions' builds and tests (load average in
brackets), `--records 200000 --runs 3`, medians:
  [load ~3]    worker 13,135 readings/s (19,770 per CPU-second); plain loop 79,956/s (113,846 per CPU-s);
               ratio 0.16 wall clock, 0.17 per CPU-second
  [load 6-9]   worker  7,605/s (17,553 per CPU-s); plain 82,973/s (117,070 per CPU-s); ratio 0.09 / 0.15
  [load 5-11]  worker  5,816/s (16,545 per CPU-s); plain 22,992/s (110,315 per CPU-s); ratio 0.25 / 0.15
Below the 25,000 readings/s and 0.3 targets even with a whole core (~20,000 per CPU-second). Where a
reading's ~50 µs of CPU go (variants of the same run, per CPU-second): Quix consume + this decoder + a
pass-through step ~60,000; + per-user RocksDB state and changelog ~36,000; + the domain and the step
~20,000 (evaluate_reading alone is ~14 µs here). The time-aligned read of readings + heartbeats (`concat`)
costs ~20 % of the worker (22,900 per CPU-second without it); the latency histogram ~5 %.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import platform
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PARTITIONS = 6  # readings.v1 (schemas/topics.yaml)
DEFAULT_RECORDS = 200_000
DEFAULT_USERS = 10_000
DEFAULT_RUNS = 3
DEFAULT_TIMEOUT_S = 180.0
STARTUP_GRACE_S = 90.0
MINUTE = 60_000
KINDS = {
    "w": "anomaly worker (Quix Streams, state, registry Avro in + out)",
    "p": "plain confluent-kafka consume→decode (the worker's registry Avro decoder)",
    "c": "plain consume→decode with confluent-kafka's AvroDeserializer (services.common serde)",
}


# ---------------------------------------------------------------- input


def make_reading(rng: random.Random, i: int, user: int, at_ms: int) -> dict[str, Any]:
    value: dict[str, Any] = dict.fromkeys(
        ("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min", "efficiency", "kg"))
    roll = rng.random()
    if roll < 0.5:
        metric = "blood_pressure"
        if rng.random() < 0.01:  # alarming: hypertensive crisis
            value.update(systolic=rng.randint(185, 240), diastolic=rng.randint(100, 130), pulse=rng.randint(60, 110))
        else:
            value.update(systolic=int(rng.gauss(118, 7)), diastolic=int(rng.gauss(76, 5)), pulse=rng.randint(55, 90))
    elif roll < 0.75:
        metric = "heart_rate"
        value["bpm"] = rng.randint(205, 220) if rng.random() < 0.005 else rng.randint(50, 110)
    elif roll < 0.85:
        metric = "steps"
        value.update(count=rng.randint(0, 2_000), interval_s=900)
    elif roll < 0.95:
        metric = "weight"
        value["kg"] = round(rng.gauss(60 + user % 40, 0.4), 1)
    else:
        metric = "sleep"
        value.update(duration_min=round(rng.gauss(420, 30), 1), efficiency=0.9)
    second_device = user % 10 == 0 and rng.random() < 0.5  # 10 % of users own two devices
    return {
        "reading_id": f"bench-{i:08d}", "user_id": f"bench-u-{user:06d}",
        "device_id": f"dev-{user}-{2 if second_device else 1}", "metric": metric, "measured_at": at_ms,
        "utc_offset_min": -300, "source": "sensed", "value": value, "flags": [], "channel": "http",
        "ingested_at": at_ms + rng.randint(200, 3_000),
    }


def fill(args: argparse.Namespace, topic: str) -> tuple[float, float]:
    from confluent_kafka import Producer

    from services.common.config import get_platform_settings
    from services.common.contracts import Topic
    from services.common.kafka import AvroCodec, producer_config

    codec = AvroCodec()
    producer = Producer(producer_config(get_platform_settings(), **{"linger.ms": 20, "batch.num.messages": 10_000}))
    rng = random.Random(20261125)  # reproducible content
    start = int(time.time() * 1000) - 24 * 3_600_000  # a day of readings, in measurement order
    step = max(1, 24 * 3_600_000 // args.records)
    total = 0
    t0 = time.perf_counter()
    for i in range(args.records):
        user = rng.randrange(args.users)
        data = codec.encode(Topic.READINGS, make_reading(rng, i, user, start + i * step))
        total += len(data)
        while True:
            try:
                producer.produce(topic, data, f"bench-u-{user:06d}".encode())
                break
            except BufferError:
                producer.poll(0.05)
        if i % 10_000 == 0:
            producer.poll(0)
    if producer.flush(60):
        raise SystemExit("fill: records not delivered")
    return total / args.records, args.records / (time.perf_counter() - t0)


# ---------------------------------------------------------------- workers (one per subprocess)


def _result(n: int, t_first: float | None, t_last: float | None, t_drained: float | None,
            cpu: float | None = None, **extra: Any) -> dict:
    res: dict[str, Any] = {"processed": n, **extra}
    if cpu:  # CPU seconds of the whole process (all threads) over the same span: a load-independent figure
        res["cpu_rate"] = (n - 1) / cpu
    if t_first is not None and t_last is not None and n > 1 and t_last > t_first:
        res["rate"] = (n - 1) / (t_last - t_first)
    if t_first is not None and t_drained is not None and n > 1 and t_drained > t_first:
        res["rate_drained"] = (n - 1) / (t_drained - t_first)
    return res


def worker_anomaly(args: argparse.Namespace) -> dict:
    from services.anomaly.config import AnomalySettings
    from services.anomaly.metrics import ANOMALIES
    from services.anomaly.worker import create_app
    from services.common.logging import configure_logging

    configure_logging("WARNING")
    settings = AnomalySettings(
        readings_topic=args.topic, anomalies_topic=args.out, heartbeat_topic=args.heartbeat,
        consumer_group=args.group,
    )
    stats: dict[str, Any] = {"n": 0, "t_first": None, "t_last": None}
    deadline = time.monotonic() + args.timeout
    holder: dict[str, Any] = {}

    def processed(topic: str, _partition: int, _offset: int) -> None:
        if topic != args.topic:
            return  # heartbeats are not readings
        n = stats["n"] = stats["n"] + 1
        if n == 1:
            stats["t_first"] = time.perf_counter()
            stats["cpu_first"] = time.process_time()
        if n >= args.records or (n % 1000 == 0 and time.monotonic() > deadline):
            stats["t_last"] = time.perf_counter()
            stats["cpu_last"] = time.process_time()
            holder["app"].stop()

    worker = create_app(settings, on_message_processed=processed)
    holder["app"] = worker.app
    worker.heartbeat.start()
    try:
        worker.app.run()
    finally:
        worker.heartbeat.stop()
    t_drained = time.perf_counter()
    if stats["t_last"] is None:
        stats["t_last"] = t_drained
    anomalies = sum(sample.value for metric in ANOMALIES.collect() for sample in metric.samples
                    if sample.name.endswith("_total"))
    n = stats["n"]
    cpu = stats["cpu_last"] - stats["cpu_first"] if "cpu_last" in stats else None
    return _result(n, stats["t_first"], stats["t_last"], t_drained, cpu, timed_out=n < args.records,
                   anomalies=int(anomalies))


def worker_plain(args: argparse.Namespace) -> dict:
    from confluent_kafka import Consumer, KafkaError

    from services.common.config import get_platform_settings
    from services.common.contracts import Topic
    from services.common.kafka import AvroCodec
    from services.common.registry_avro import registry_deserializer

    if args.worker == "p":  # the decoder the worker uses
        deserializer = registry_deserializer(Topic.READINGS.value, get_platform_settings())

        def decode(data: bytes) -> Any:
            return deserializer(data, None)  # type: ignore[arg-type]
    else:  # confluent-kafka's registry AvroDeserializer, as services.common.kafka / .streams use it
        codec = AvroCodec()

        def decode(data: bytes) -> Any:
            return codec.decode(Topic.READINGS.value, data)

    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": args.group,
                         "auto.offset.reset": "earliest", "enable.auto.commit": True})
    consumer.subscribe([args.topic])
    n, t_first, cpu_first = 0, None, 0.0
    deadline = time.monotonic() + args.timeout
    try:
        while n < args.records and time.monotonic() < deadline:
            for message in consumer.consume(num_messages=500, timeout=0.5):
                error = message.error()
                if error is not None:
                    if error.code() == KafkaError._PARTITION_EOF:
                        continue
                    raise RuntimeError(str(error))
                if t_first is None:
                    t_first, cpu_first = time.perf_counter(), time.process_time()
                key = message.key()
                decode(message.value())
                if key is not None:
                    key.decode()
                n += 1
        t_last, cpu_last = time.perf_counter(), time.process_time()
    finally:
        consumer.close()
    return _result(n, t_first, t_last, time.perf_counter(), cpu_last - cpu_first if t_first else None,
                   timed_out=n < args.records)


# ---------------------------------------------------------------- orchestration


def check_loopback(*addresses: str) -> None:
    for address in addresses:
        host = address.rsplit(":", 1)[0].strip("[]")
        addrs = {info[4][0] for info in socket.getaddrinfo(host, None)}
        if not addrs or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs):
            raise SystemExit(f"refusing non-loopback address {address!r}: this benchmark creates/deletes topics")


def spawn(args: argparse.Namespace, kind: str, topics: dict[str, str], group: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-anomaly-") as tmp:
        result_file = os.path.join(tmp, "result.json")
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", kind, "--bootstrap", args.bootstrap,
               "--topic", topics["in"], "--out", topics["out"], "--heartbeat", topics["heartbeat"],
               "--group", group, "--records", str(args.records), "--timeout", str(args.timeout),
               "--result-file", result_file]
        env = {k: v for k, v in os.environ.items() if k != "HEARTWISE_RUN_ID"}
        env["HEARTWISE_STATE_DIR"] = os.path.join(tmp, "state")
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        try:
            _, stderr = proc.communicate(timeout=args.timeout + STARTUP_GRACE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return {"error": f"killed after {args.timeout + STARTUP_GRACE_S:.0f} s"}
        if os.path.exists(result_file):
            with open(result_file) as f:
                return json.load(f)
        lines = [ln for ln in stderr.splitlines() if ln.strip()]
        return {"error": (lines[-1] if lines else f"exit code {proc.returncode}")[:300]}


def register_subject(registry: str, subject: str, schema: dict[str, Any]) -> None:
    import httpx

    reply = httpx.post(f"{registry}/subjects/{subject}/versions", json={"schema": json.dumps(schema)}, timeout=10)
    reply.raise_for_status()


def delete_subject(registry: str, subject: str) -> None:
    import httpx

    with contextlib.suppress(Exception):
        httpx.delete(f"{registry}/subjects/{subject}", timeout=10)
        httpx.delete(f"{registry}/subjects/{subject}", params={"permanent": "true"}, timeout=10)


def cleanup(admin: Any, suffix: str, groups: list[str]) -> list[str]:
    topics = [t for t in admin.list_topics(timeout=10).topics if suffix in t]
    if topics:
        for fut in admin.delete_topics(topics, operation_timeout=30).values():
            with contextlib.suppress(Exception):
                fut.result(30)
    if groups:
        with contextlib.suppress(Exception):
            for fut in admin.delete_consumer_groups(groups, request_timeout=10).values():
                with contextlib.suppress(Exception):
                    fut.result(15)
    return topics


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) / {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{pkg} {version(pkg)}" for pkg in ("quixstreams", "confluent-kafka", "fastavro")) + \
        f", python {platform.python_version()}"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    p.add_argument("--users", type=int, default=DEFAULT_USERS)
    p.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="processing bound per run, s")
    p.add_argument("--only", default="w,p", help="comma list: w (worker), p (plain loop), c (plain, confluent serde)")
    p.add_argument("--bootstrap", default=None, help="default: HEARTWISE_KAFKA_BOOTSTRAP or 127.0.0.1:9092")
    for internal in ("--worker", "--topic", "--out", "--heartbeat", "--group", "--result-file"):
        p.add_argument(internal, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not args.bootstrap:
        from services.common.config import get_platform_settings

        args.bootstrap = get_platform_settings().kafka_bootstrap
    args.only = [k for k in dict.fromkeys(x.strip() for x in args.only.split(",")) if k]
    if any(k not in KINDS for k in args.only) or args.records < 2 or args.runs < 1:
        p.error("--only takes w,p,c; --records >= 2; --runs >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        result = (worker_anomaly if args.worker == "w" else worker_plain)(args)
        with open(args.result_file, "w") as f:
            json.dump(result, f)
        return 0

    from confluent_kafka.admin import AdminClient, NewTopic

    from services.common.config import get_platform_settings
    from services.common.contracts import Topic, load_schema

    registry = get_platform_settings().schema_registry_url
    check_loopback(*args.bootstrap.split(","), urlparse(registry).netloc)
    admin = AdminClient({"bootstrap.servers": args.bootstrap})
    suffix = secrets.token_hex(4)
    topics = {name: f"bench.anomaly.{suffix}.{name}" for name in ("in", "out", "heartbeat")}
    out_subject = f"{topics['out']}-value"
    groups: list[str] = []
    results: dict[str, list[dict]] = {kind: [] for kind in args.only}
    print(f"before: {load()}")
    try:
        for fut in admin.create_topics([NewTopic(topics[n], num_partitions=PARTITIONS, replication_factor=1)
                                        for n in ("in", "out")]).values():
            fut.result(30)
        register_subject(registry, out_subject, load_schema(Topic.ANOMALIES))
        size, fill_rate = fill(args, topics["in"])
        print(f"topic {topics['in']}: {PARTITIONS} partitions, {args.records:,} readings of {args.users:,} users, "
              f"{size:.0f} B/record (registry Avro); filled at {fill_rate:,.0f}/s")
        print(f"{versions()}; fresh process, consumer group and state dir per run")
        for run in range(1, args.runs + 1):
            for kind in args.only:  # interleaved, so a burst of load elsewhere hits both alike
                group = f"bench-anomaly-{suffix}-{kind}-{run}"
                groups.append(group)
                res = spawn(args, kind, topics, group)
                results[kind].append(res)
                shown = f"{res['rate']:,.0f} readings/s" if "rate" in res else f"failed: {res.get('error')}"
                if "cpu_rate" in res:
                    shown += f", {res['cpu_rate']:,.0f} per CPU-second"
                if kind == "w" and "anomalies" in res:
                    shown += f" ({res['anomalies']:,} anomalies out)"
                print(f"  ({kind}) run {run}: {shown}; {load()}", flush=True)
        print()
        medians: dict[str, float] = {}
        cpu_medians: dict[str, float] = {}
        for kind, runs in results.items():
            rates = [r["rate"] for r in runs if "rate" in r]
            cpu_rates = [r["cpu_rate"] for r in runs if "cpu_rate" in r]
            if rates:
                medians[kind] = statistics.median(rates)
            if cpu_rates:
                cpu_medians[kind] = statistics.median(cpu_rates)
            shown = ", ".join(f"{r:,.0f}" for r in rates)
            print(f"({kind}) {KINDS[kind]}: median {medians.get(kind, 0):,.0f} readings/s  [{shown}]; "
                  f"median {cpu_medians.get(kind, 0):,.0f} per CPU-second")
        if "w" in medians and "p" in medians:
            print(f"ratio worker / plain loop: {medians['w'] / medians['p']:.2f} (wall clock), "
                  f"{cpu_medians['w'] / cpu_medians['p']:.2f} (per CPU-second)")
        print(f"after: {load()}")
    finally:
        deleted = cleanup(admin, suffix, groups)
        delete_subject(registry, out_subject)
        print(f"cleaned up {len(deleted)} topic(s) with suffix {suffix}, {len(groups)} group(s), {out_subject}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
