"""Audit append throughput: the worker's batch handler on the real Cassandra, without Kafka.

Measures how many audit entries per second one worker process chains into Cassandra with the production
write path (event-key lookups, single-partition conditional batches, index rows, event keys, anchor LWTs),
for synthetic readings spread over the 6 partitions. Kafka and the analytics publish are left out (a
no-op publisher), so the figure is the store-side ceiling of one process.

Runs in a throwaway keyspace (`audit_bench_<random>`, migrated from deploy/migrations/cassandra/050_audit.cql,
dropped at the end): the shared audit log is never touched. Only a loopback Cassandra is accepted.

Usage:
    uv run python loadtest/audit_append.py --records 6000 --batch 500
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import secrets
import statistics
import time
from pathlib import Path
from typing import Any

from services.audit.adapters.store import CassandraAuditStore
from services.audit.domain.chain import chain_id, utc_day
from services.audit.pipeline import AuditPipeline
from services.common.cassandra import connect
from services.common.config import get_platform_settings
from services.common.kafka import Record

MIGRATION = Path(__file__).resolve().parents[1] / "deploy" / "migrations" / "cassandra" / "050_audit.cql"
PARTITIONS = 6


class NoPublisher:
    def publish(self, events: list[dict[str, Any]]) -> None:
        return None


def statements(cql: str) -> list[str]:
    text = "\n".join(line for line in cql.splitlines() if not line.strip().startswith("--"))
    return [part.strip() for part in text.split(";") if part.strip()]


def reading(i: int, now_ms: int, run: str) -> dict[str, Any]:
    value = dict.fromkeys(("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min",
                           "efficiency", "kg"))
    value.update(bpm=60 + i % 40)
    return {"reading_id": f"bench-{run}-{i}", "user_id": f"bench-user-{i % 1000}", "device_id": f"watch-{i % 1000}",
            "metric": "heart_rate", "measured_at": now_ms - 60_000, "utc_offset_min": 60, "source": "sensed",
            "value": value, "flags": [], "channel": "raw_topic", "ingested_at": now_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--batch", type=int, default=500, help="records per handler call (the consumer batch)")
    args = parser.parse_args()

    settings = get_platform_settings()
    for host in settings.cassandra_contact_points:
        if not ipaddress.ip_address(host).is_loopback:
            raise SystemExit(f"refusing a non-loopback Cassandra ({host}): this script creates keyspaces")
    keyspace = f"audit_bench_{secrets.token_hex(4)}"
    cluster, session = connect(settings, keyspace=False)
    try:
        session.execute(f"CREATE KEYSPACE {keyspace} WITH replication = "
                        "{'class': 'SimpleStrategy', 'replication_factor': 1}")
        session.set_keyspace(keyspace)
        for statement in statements(MIGRATION.read_text()):
            session.execute(statement, timeout=60)
        store = CassandraAuditStore(session)
        pipeline = AuditPipeline(store, NoPublisher(), pseudonym_key=b"bench-key-" * 4, reload_days=1,
                                 birth_year_cache_size=10_000,
                                 raw_of=lambda r: json.dumps(r.value, sort_keys=True).encode())
        run = secrets.token_hex(3)
        now_ms = int(time.time() * 1000)
        records = [Record("readings.v1", i % PARTITIONS, i // PARTITIONS, None, reading(i, now_ms, run), now_ms)
                   for i in range(args.records)]
        pipeline.handle(records[:PARTITIONS])  # load the (empty) chains once, outside the timing
        timings = []
        started = time.perf_counter()
        for start in range(PARTITIONS, len(records), args.batch):
            t0 = time.perf_counter()
            pipeline.handle(records[start:start + args.batch])
            timings.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        appended = len(records) - PARTITIONS
        day = utc_day(int(time.time() * 1000))
        chained = sum(1 for p in range(PARTITIONS) for _ in store.read_chain(chain_id(p, day)))
        print(f"{appended} entries in {elapsed:.2f} s: {appended / elapsed:,.0f} entries/s "
              f"(batch {args.batch}: median {statistics.median(timings) * 1000:.0f} ms, "
              f"max {max(timings) * 1000:.0f} ms); {chained} entries in the chains")
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=60)
        cluster.shutdown()


if __name__ == "__main__":
    main()
