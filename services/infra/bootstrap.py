"""Idempotent bootstrap after the stack starts: topics, schemas, Cassandra migrations, Mongo indexes.

Safe to run any number of times: existing topics are left as they are, a schema already registered keeps its
id, applied migrations are recorded in `schema_migrations` and skipped.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient, NewTopic

from services.common.config import PlatformSettings, get_platform_settings
from services.common.contracts import load_schema, load_topics
from services.common.kafka import subject_for
from services.infra.paths import REPO_ROOT

MIGRATIONS_DIR = REPO_ROOT / "deploy" / "migrations" / "cassandra"
MONGO_INDEXES_FILE = REPO_ROOT / "deploy" / "migrations" / "mongo_indexes.json"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.cql$")


def say(message: str) -> None:
    print(message, flush=True)


def create_topics(settings: PlatformSettings) -> list[str]:
    admin = AdminClient({"bootstrap.servers": settings.kafka_bootstrap})
    existing = set(admin.list_topics(timeout=10).topics)
    wanted = [
        NewTopic(spec.name, num_partitions=spec.partitions, replication_factor=spec.replication_factor,
                 config=dict(spec.config))
        for spec in load_topics().values() if spec.name not in existing
    ]
    if not wanted:
        return []
    created = []
    for name, future in admin.create_topics(wanted, operation_timeout=30).items():
        try:
            future.result()
            created.append(name)
        except KafkaException as error:
            if "TOPIC_ALREADY_EXISTS" not in str(error):
                raise
    return created


def register_schemas(settings: PlatformSettings) -> dict[str, int]:
    """Register each topic's value schema under BACKWARD compatibility; a 409 means an incompatible change."""
    base = settings.schema_registry_url.rstrip("/")
    ids: dict[str, int] = {}
    with httpx.Client(timeout=10) as http:
        http.put(f"{base}/config", json={"compatibility": "BACKWARD"}).raise_for_status()
        for spec in load_topics().values():
            subject = subject_for(spec.name)
            response = http.post(f"{base}/subjects/{subject}/versions",
                                 json={"schema": json.dumps(load_schema(spec.name)), "schemaType": "AVRO"})
            if response.status_code == 409:
                raise RuntimeError(f"registry refused {subject}: not backward compatible: {response.text}")
            response.raise_for_status()
            ids[subject] = response.json()["id"]
    return ids


def migrations() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.cql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"migration file {path.name} must be named NNN_description.cql")
        found.append((int(match.group(1)), path))
    versions = [version for version, _ in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"two Cassandra migrations share a version number in {MIGRATIONS_DIR}")
    return found


def _statements(cql: str) -> list[str]:
    without_comments = "\n".join(line for line in cql.splitlines() if not line.strip().startswith("--"))
    return [statement.strip() for statement in without_comments.split(";") if statement.strip()]


def migrate_cassandra(settings: PlatformSettings) -> list[str]:
    from services.common.cassandra import connect

    cluster, session = connect(settings, keyspace=False)
    try:
        keyspace = settings.cassandra_keyspace
        session.execute(
            f"CREATE KEYSPACE IF NOT EXISTS {keyspace} WITH replication = "
            f"{{'class': 'SimpleStrategy', 'replication_factor': {settings.cassandra_replication_factor}}}"
        )
        session.set_keyspace(keyspace)
        session.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                        "(version int PRIMARY KEY, name text, applied_at timestamp)")
        applied = {row.version for row in session.execute("SELECT version FROM schema_migrations")}
        done = []
        for version, path in migrations():
            if version in applied:
                continue
            for statement in _statements(path.read_text()):
                session.execute(statement, timeout=60)
            session.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                            (version, path.name, datetime.now(UTC)))
            done.append(path.name)
        return done
    finally:
        cluster.shutdown()


async def create_mongo_indexes(settings: PlatformSettings) -> list[str]:
    from services.common.mongo import build_client, database

    if not MONGO_INDEXES_FILE.exists():
        return []
    client = build_client(settings, timeout_ms=5000)
    try:
        db = database(client, settings)
        created = []
        for spec in json.loads(MONGO_INDEXES_FILE.read_text()):
            name = await db[spec["collection"]].create_index(
                [(field, direction) for field, direction in spec["keys"]],
                unique=spec.get("unique", False), name=spec["name"],
            )
            created.append(f"{spec['collection']}.{name}")
        return created
    finally:
        await client.close()


def bootstrap(settings: PlatformSettings | None = None) -> None:
    settings = settings or get_platform_settings()
    started = time.monotonic()
    say("Bootstrapping:")
    created = create_topics(settings)
    say(f"  ✓ topics: {len(load_topics())} declared, {len(created)} created")
    ids = register_schemas(settings)
    say(f"  ✓ schemas: {len(ids)} registered (BACKWARD compatibility)")
    applied = migrate_cassandra(settings)
    say(f"  ✓ cassandra: keyspace {settings.cassandra_keyspace}, {len(applied)} migration(s) applied")
    indexes = asyncio.run(create_mongo_indexes(settings))
    say(f"  ✓ mongo: {len(indexes)} index(es) ensured")
    say(f"Bootstrap done in {time.monotonic() - started:.1f} s.")
