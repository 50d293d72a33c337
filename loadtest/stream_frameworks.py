"""Stream-framework benchmark behind DESIGN.md "Stream processing: Quix Streams, measured".

Keeps the framework choice checkable: on a real broker it measures, one fresh process per run, how many
reading-like records per second each candidate moves through the same pipeline:

    consume -> Avro decode -> per-key state update -> Avro encode -> produce to an output topic

  (a) plain confluent-kafka (dict state, the ceiling for a Python consumer on librdkafka);
  (b) Quix Streams 3.x Application: `sdf.update(fn, stateful=True)` (RocksDB + changelog) + `to_topic`;
  (c) faust-streaming: one agent, per-message table update (memory store + changelog) + `send`.

Records: N Avro records of ~78 bytes (5-byte Confluent header included), keyed by ~1,000 user ids, on a
fresh 6-partition `bench.*` topic. Encoding is plain fastavro schemaless + the 5-byte Confluent header with
a fixed, *unregistered* schema id; no framework talks to the schema registry (so registry lookups are not
part of any figure; DESIGN.md's "Avro decode via the registry" row is not reproduced here). Quix Streams
decodes with a small `Deserializer` around the same fastavro call (not quixstreams' AvroDeserializer, which
without a registry expects no header), so (a), (b) and (c) run identical codec code.

msgs/s = (records processed - 1) / (time from the first record handed to the processing code until the
N-th record is processed). "incl. drain" also counts the final producer flush + offset commit ((a), (c))
or the whole of Quix's final checkpoint and shutdown ((b)). Broker group join and state recovery are
excluded everywhere.

Usage (bench extra installed, e.g. `uv sync --extra bench`):
    uv run python loadtest/stream_frameworks.py --records 200000 --runs 3 [--only a,b,c]

Every run is bounded (`--timeout`, default 120 s, then the worker stops itself and reports the rate over
what it processed; it is killed if still alive 60 s later) and every topic (input, outputs, the frameworks'
changelog/assignor topics) and consumer group created here is deleted at the end.
Only loopback brokers are accepted: this script creates and deletes topics.
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
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from typing import Any

import fastavro

PARTITIONS = 6  # DESIGN.md measured a 6-partition topic
USERS = 1_000  # distinct keys (user ids)
DEFAULT_RECORDS = 200_000
DEFAULT_RUNS = 3
DEFAULT_TIMEOUT_S = 120.0
STARTUP_GRACE_S = 60.0  # on top of --timeout: process start, group join, shutdown
FRAMEWORKS = {
    "a": "confluent-kafka (dict state)",
    "b": "Quix Streams (RocksDB state)",
    "c": "faust-streaming (table)",
}
# Not registered anywhere: records carry the Confluent wire-format header, but no framework resolves it.
BENCH_SCHEMA_ID = 1
_HEADER = b"\x00" + struct.pack(">I", BENCH_SCHEMA_ID)

# A trimmed Reading (schemas/readings.v1.avsc): the same kinds of fields, ~78 bytes encoded with header.
BENCH_SCHEMA: dict[str, Any] = {
    "type": "record",
    "name": "BenchReading",
    "namespace": "io.heartwise.bench",
    "fields": [
        {"name": "reading_id", "type": "string"},
        {"name": "user_id", "type": "string"},
        {"name": "device_id", "type": "string"},
        {
            "name": "metric",
            "type": {
                "type": "enum",
                "name": "Metric",
                "symbols": ["blood_pressure", "heart_rate", "steps", "sleep", "weight"],
            },
        },
        {"name": "measured_at", "type": "long"},
        {"name": "utc_offset_min", "type": "int"},
        {"name": "source", "type": {"type": "enum", "name": "Source", "symbols": ["sensed", "self_reported"]}},
        {"name": "systolic", "type": ["null", "int"], "default": None},
        {"name": "diastolic", "type": ["null", "int"], "default": None},
        {"name": "pulse", "type": ["null", "int"], "default": None},
        {"name": "bpm", "type": ["null", "int"], "default": None},
        {"name": "count", "type": ["null", "int"], "default": None},
        {"name": "kg", "type": ["null", "float"], "default": None},
        {"name": "flags", "type": {"type": "array", "items": "string"}, "default": []},
        {"name": "channel", "type": "string"},
        {"name": "ingested_at", "type": "long"},
    ],
}
_PARSED = fastavro.parse_schema(BENCH_SCHEMA)


# ---------------------------------------------------------------- shared codec and state update


def encode(record: dict[str, Any]) -> bytes:
    buf = BytesIO()
    buf.write(_HEADER)
    fastavro.schemaless_writer(buf, _PARSED, record)
    return buf.getvalue()


def decode(data: bytes) -> dict[str, Any]:
    if len(data) < 5 or data[0] != 0:
        raise ValueError("not Confluent wire format")
    return fastavro.schemaless_reader(BytesIO(data[5:]), _PARSED)


def update_state(prev: dict[str, Any] | None, rec: dict[str, Any]) -> dict[str, Any]:
    """A baseline-like per-user update: count, running mean of the primary value, last event time."""
    value = rec["systolic"] or rec["bpm"] or rec["count"] or rec["kg"] or 0
    if prev is None:
        return {"n": 1, "mean": float(value), "last_ms": rec["measured_at"]}
    n = prev["n"] + 1
    return {
        "n": n,
        "mean": prev["mean"] + (value - prev["mean"]) / n,
        "last_ms": max(prev["last_ms"], rec["measured_at"]),
    }


def make_record(rng: random.Random, i: int, user: int, now_ms: int) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "reading_id": f"{rng.getrandbits(64):016x}-{i:07d}",
        "user_id": f"u-{user:06d}",
        "device_id": f"cuff-{user % 10}",
        "metric": "blood_pressure",
        "measured_at": now_ms - rng.randint(0, 3_600_000),
        "utc_offset_min": rng.choice((-300, 0, 60, 330)),
        "source": "sensed",
        "systolic": None,
        "diastolic": None,
        "pulse": None,
        "bpm": None,
        "count": None,
        "kg": None,
        "flags": [],
        "channel": "http",
        "ingested_at": now_ms,
    }
    kind = i % 4
    if kind < 2:
        rec.update(systolic=rng.randint(100, 160), diastolic=rng.randint(60, 95), pulse=rng.randint(50, 100))
    elif kind == 2:
        rec.update(metric="heart_rate", bpm=rng.randint(45, 150))
    else:
        rec.update(metric="steps", count=rng.randint(0, 5_000))
    return rec


# ---------------------------------------------------------------- workers (one per subprocess)


def _result(n: int, t_first: float | None, t_last: float | None, t_drained: float | None, **extra: Any) -> dict:
    res: dict[str, Any] = {"processed": n, **extra}
    if t_first is not None and t_last is not None and n > 1 and t_last > t_first:
        res["rate"] = (n - 1) / (t_last - t_first)
    if t_first is not None and t_drained is not None and n > 1 and t_drained > t_first:
        res["rate_drained"] = (n - 1) / (t_drained - t_first)
    return res


def emit(args: argparse.Namespace, res: dict) -> None:
    """Hand the result to the parent through a file: faust owns the terminal (spinner escapes, log redirects)."""
    tmp = args.result_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump(res, f)
    os.replace(tmp, args.result_file)


def _producer_conf(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "bootstrap.servers": args.bootstrap,
        "linger.ms": 5,  # as services/common/kafka.py
        "compression.type": args.compression,
        "partitioner": "murmur2_random",  # = Java/aiokafka murmur2 (DESIGN.md)
    }


def worker_confluent(args: argparse.Namespace) -> dict:
    from confluent_kafka import Consumer, KafkaError, Producer

    consumer = Consumer(
        {
            "bootstrap.servers": args.bootstrap,
            "group.id": args.group,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": True,
            "auto.commit.interval.ms": 5_000,  # as Quix Streams' default commit_interval
        }
    )
    producer = Producer(_producer_conf(args))
    consumer.subscribe([args.topic])
    state: dict[bytes, dict[str, Any]] = {}
    n, t_first, t_last = 0, None, None
    deadline = time.monotonic() + args.timeout
    try:
        while n < args.records and time.monotonic() < deadline:
            msgs = consumer.consume(num_messages=500, timeout=0.5)
            for msg in msgs:
                err = msg.error()
                if err is not None:
                    if err.code() == KafkaError._PARTITION_EOF:
                        continue
                    raise RuntimeError(str(err))
                if t_first is None:
                    t_first = time.perf_counter()
                key = msg.key()
                rec = decode(msg.value())
                state[key] = update_state(state.get(key), rec)
                out = encode(rec)
                while True:
                    try:
                        producer.produce(args.out, out, key)
                        break
                    except BufferError:
                        producer.poll(0.05)
                n += 1
            producer.poll(0)
        t_last = time.perf_counter()
        producer.flush(30)
        with contextlib.suppress(Exception):
            consumer.commit(asynchronous=False)
        t_drained = time.perf_counter()
    finally:
        consumer.close()
    return _result(n, t_first, t_last, t_drained, timed_out=n < args.records, keys=len(state))


def worker_quix(args: argparse.Namespace) -> dict:
    from quixstreams import Application
    from quixstreams.models.serializers import Deserializer, Serializer

    class AvroIn(Deserializer):
        def __call__(self, value: bytes, ctx: Any) -> Any:
            return decode(value)

    class AvroOut(Serializer):
        def __call__(self, value: Any, ctx: Any) -> bytes:
            return encode(value)

    stats: dict[str, Any] = {"n": 0, "t_first": None, "t_last": None}
    deadline = time.monotonic() + args.timeout
    with tempfile.TemporaryDirectory(prefix="bench-quix-state-") as state_dir:
        app = Application(
            broker_address=args.bootstrap,
            consumer_group=args.group,
            auto_offset_reset="earliest",
            state_dir=state_dir,
            loglevel="WARNING",
            producer_extra_config={
                k: v for k, v in _producer_conf(args).items() if k not in ("bootstrap.servers", "partitioner")
            },
        )
        src = app.topic(args.topic, key_deserializer="bytes", value_deserializer=AvroIn())
        out = app.topic(args.out, key_serializer="bytes", value_serializer=AvroOut())
        sdf = app.dataframe(src)

        def step(value: dict[str, Any], state: Any) -> None:
            if stats["t_first"] is None:
                stats["t_first"] = time.perf_counter()
            state.set("agg", update_state(state.get("agg"), value))
            stats["n"] += 1
            n = stats["n"]
            if n >= args.records or (n % 1000 == 0 and time.monotonic() > deadline):
                stats["t_last"] = time.perf_counter()
                app.stop()

        sdf = sdf.update(step, stateful=True)
        sdf.to_topic(out)
        app.run()
        t_drained = time.perf_counter()
    if stats["t_last"] is None:
        stats["t_last"] = t_drained
    n = stats["n"]
    return _result(n, stats["t_first"], stats["t_last"], t_drained, timed_out=n < args.records)


def worker_faust(args: argparse.Namespace) -> dict:
    import faust

    app = faust.App(
        args.group,
        broker=f"kafka://{args.bootstrap}",
        store="memory://",  # faust's RocksDB store needs an extra not installed; memory + changelog
        topic_partitions=PARTITIONS,
        topic_replication_factor=1,
        web_enabled=False,
        consumer_auto_offset_reset="earliest",
        producer_compression_type=None if args.compression == "none" else args.compression,
        producer_linger_ms=5,
    )
    src = app.topic(args.topic, key_type=bytes, value_type=bytes, value_serializer="raw", partitions=PARTITIONS)
    out = app.topic(args.out, key_type=bytes, value_type=bytes, value_serializer="raw", partitions=PARTITIONS)
    table = app.Table("state", partitions=PARTITIONS, key_type=bytes)  # values: JSON (faust default)
    worker = faust.Worker(app, loglevel="WARNING", quiet=True)
    stats: dict[str, Any] = {"n": 0, "t_first": None, "done": False}
    started = time.monotonic()

    async def finish(timed_out: bool) -> None:
        if stats["done"]:
            return
        stats["done"] = True
        t_last = time.perf_counter()
        with contextlib.suppress(Exception):
            await app.producer.flush()
        with contextlib.suppress(Exception):
            await app.consumer.commit()
        t_drained = time.perf_counter()
        emit(args, _result(stats["n"], stats["t_first"], t_last, t_drained, timed_out=timed_out))
        os.kill(os.getpid(), signal.SIGTERM)  # the worker's own graceful shutdown path

    @app.agent(src)
    async def process(stream: Any) -> None:
        async for key, value in stream.items():
            if stats["done"]:
                continue
            if stats["t_first"] is None:
                stats["t_first"] = time.perf_counter()
            rec = decode(value)
            table[key] = update_state(table.get(key), rec)
            await out.send(key=key, value=encode(rec))
            stats["n"] += 1
            if stats["n"] >= args.records:
                await finish(False)

    @app.timer(1.0)
    async def watchdog() -> None:
        if time.monotonic() - started > args.timeout:
            await finish(True)

    with contextlib.suppress(SystemExit):
        worker.execute_from_commandline()
    return {}  # finish() emitted the result


def run_worker(args: argparse.Namespace) -> int:
    fn = {"a": worker_confluent, "b": worker_quix, "c": worker_faust}[args.worker]
    res = fn(args)
    if res:
        emit(args, res)
    return 0


# ---------------------------------------------------------------- orchestration


def check_loopback(bootstrap: str) -> None:
    for server in bootstrap.split(","):
        host = server.strip().rsplit(":", 1)[0].strip("[]")
        addrs = {info[4][0] for info in socket.getaddrinfo(host, None)}
        if not addrs or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs):
            raise SystemExit(f"refusing non-loopback broker {server!r}: this benchmark creates/deletes topics")


def create_topics(admin: Any, names: list[str]) -> None:
    from confluent_kafka.admin import NewTopic

    futures = admin.create_topics([NewTopic(n, num_partitions=PARTITIONS, replication_factor=1) for n in names])
    for fut in futures.values():
        fut.result(30)


def fill(args: argparse.Namespace, topic: str) -> tuple[float, float]:
    from confluent_kafka import Producer

    producer = Producer({**_producer_conf(args), "linger.ms": 20, "batch.num.messages": 10_000})
    rng = random.Random(20251125)  # reproducible content
    now_ms = int(time.time() * 1000)
    total_bytes = 0
    t0 = time.perf_counter()
    for i in range(args.records):
        user = rng.randrange(USERS)
        value = encode(make_record(rng, i, user, now_ms))
        total_bytes += len(value)
        while True:
            try:
                producer.produce(topic, value, f"u-{user:06d}".encode())
                break
            except BufferError:
                producer.poll(0.05)
        if i % 10_000 == 0:
            producer.poll(0)
    remaining = producer.flush(60)
    if remaining:
        raise SystemExit(f"fill: {remaining} records not delivered")
    return total_bytes / args.records, args.records / (time.perf_counter() - t0)


def spawn(args: argparse.Namespace, fw: str, topic: str, out: str, group: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-sf-") as tmp:
        result_file = os.path.join(tmp, "result.json")
        return _spawn(args, fw, topic, out, group, result_file)


def _spawn(args: argparse.Namespace, fw: str, topic: str, out: str, group: str, result_file: str) -> dict:
    cmd = [
        sys.executable,
        os.path.abspath(__file__),
        "--worker", fw,
        "--bootstrap", args.bootstrap,
        "--topic", topic,
        "--out", out,
        "--group", group,
        "--records", str(args.records),
        "--timeout", str(args.timeout),
        "--compression", args.compression,
        "--result-file", result_file,
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    killed = False
    try:
        _, stderr = proc.communicate(timeout=args.timeout + STARTUP_GRACE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        killed = True
        _, stderr = proc.communicate()
    if os.path.exists(result_file):
        with open(result_file) as f:
            res = json.load(f)
        if "rate" not in res:
            return {"error": f"timeout after {args.timeout:.0f} s ({res.get('processed', 0)} processed)"}
        return res  # a timed-out run still measured a steady rate over what it processed
    if killed:
        return {"error": f"killed after {args.timeout + STARTUP_GRACE_S:.0f} s without a result"}
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "Traceback" not in ln and ("Error" in ln or "Exception" in ln)]
    reason = errors[-1] if errors else None
    reason = reason or (lines[-1] if lines else f"exit code {proc.returncode}, no output")
    return {"error": reason[:200]}


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


def fmt_rate(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def print_table(args: argparse.Namespace, results: dict[str, list[dict]]) -> None:
    def median(rows: list[dict], key: str) -> float | None:
        vals = [r[key] for r in rows if key in r]
        return statistics.median(vals) if vals and len(vals) == len(rows) else None

    base = median(results.get("a", []), "rate")
    header = ("framework", "msgs/s (median)", "runs (msgs/s)", "vs (a)", "incl. drain (median)")
    rows = []
    for fw, runs in results.items():
        errors = [r["error"] for r in runs if "error" in r]
        med = median(runs, "rate")
        if errors and med is None and not any("rate" in r for r in runs):
            rows.append((f"({fw}) {FRAMEWORKS[fw]}", f"failed: {errors[0]}", "", "", ""))
            continue
        per_run = ", ".join(
            (fmt_rate(r["rate"]) + ("*" if r.get("timed_out") else "")) if "rate" in r else "failed" for r in runs
        )
        ratio = f"{med / base:.2f}x" if med is not None and base else "-"
        drained = fmt_rate(median(runs, "rate_drained"))
        rows.append((f"({fw}) {FRAMEWORKS[fw]}", fmt_rate(med), per_run, ratio, drained))
        for e in dict.fromkeys(errors):
            rows.append(("", f"failed run: {e}", "", "", ""))
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    partial = [(fw, r) for fw, runs in results.items() for r in runs if r.get("timed_out") and "rate" in r]
    for fw, r in partial:
        print(f"* ({fw}) hit --timeout {args.timeout:.0f} s after {r['processed']:,} of {args.records:,} records;"
              " its rate is over the records it processed")  # fmt: skip


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"python {platform.python_version()}"]
    for pkg in ("confluent-kafka", "quixstreams", "faust-streaming", "aiokafka", "fastavro"):
        try:
            parts.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            parts.append(f"{pkg} missing")
    return ", ".join(parts)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bootstrap", default=None, help="default: $HEARTWISE_KAFKA_BOOTSTRAP or 127.0.0.1:9092")
    p.add_argument("--records", type=int, default=DEFAULT_RECORDS, help="records per run (input topic size)")
    p.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="runs per framework (median is reported)")
    p.add_argument("--only", default="a,b,c", help="comma list of frameworks: a,b,c")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="processing bound per run, s")
    p.add_argument("--compression", default="lz4", choices=("lz4", "none"), help="input + output batches")
    # internal: one framework in this process
    p.add_argument("--worker", choices=tuple(FRAMEWORKS), help=argparse.SUPPRESS)
    p.add_argument("--topic", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--group", help=argparse.SUPPRESS)
    p.add_argument("--result-file", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.bootstrap = args.bootstrap or os.environ.get("HEARTWISE_KAFKA_BOOTSTRAP") or "127.0.0.1:9092"
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    if not only or any(x not in FRAMEWORKS for x in only):
        p.error("--only takes a comma list of a, b, c")
    args.only = list(dict.fromkeys(only))
    if args.records < 2 or args.runs < 1:
        p.error("--records must be >= 2 and --runs >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return run_worker(args)
    check_loopback(args.bootstrap)
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": args.bootstrap})
    suffix = secrets.token_hex(4)
    topic = f"bench.stream_frameworks.{suffix}.in"
    outs = {fw: f"bench.stream_frameworks.{suffix}.out.{fw}" for fw in args.only}
    groups: list[str] = []
    results: dict[str, list[dict]] = {}
    try:
        create_topics(admin, [topic, *outs.values()])
        size, fill_rate = fill(args, topic)
        print(f"broker {args.bootstrap}; topic {topic}: {PARTITIONS} partitions, {args.records:,} records, "
              f"{USERS:,} keys, {size:.1f} B/record (Avro schemaless + 5-byte header, no registry), "
              f"{args.compression} batches; filled at {fill_rate:,.0f}/s")  # fmt: skip
        print(f"{versions()}; {os.cpu_count()} CPUs; {args.runs} run(s) each, fresh process + group per run")
        for fw in args.only:
            results[fw] = []
            for run in range(1, args.runs + 1):
                group = f"bench-sf-{suffix}-{fw}-{run}"
                groups.append(group)
                res = spawn(args, fw, topic, outs[fw], group)
                results[fw].append(res)
                shown = fmt_rate(res["rate"]) + " msgs/s" if "rate" in res else f"failed: {res['error']}"
                if res.get("timed_out") and "rate" in res:
                    shown += f" (timeout after {res['processed']:,} records)"
                print(f"  ({fw}) run {run}: {shown}", flush=True)
        print()
        print_table(args, results)
    finally:
        deleted = cleanup(admin, suffix, groups)
        print(f"\ncleaned up {len(deleted)} topic(s) with suffix {suffix} and {len(groups)} consumer group(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
