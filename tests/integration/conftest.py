"""Integration fixtures: the real Kafka, Cassandra, FerretDB and Apicurio Registry.

The session fixture reuses a running native stack, or starts it (and stops it again at the end); with
HEARTWISE_TEST_INFRA=containers and a working Docker engine it starts the same servers with testcontainers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from services.common.config import get_platform_settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/integration/" in str(item.fspath) or "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


def _native_stack() -> Iterator[None]:
    from services.infra import launcher
    from services.infra.paths import stack_paths
    from services.infra.servers import ALL_SERVERS

    paths = stack_paths()
    servers = list(ALL_SERVERS)
    # Stop at the end only what this session started: a server someone else runs is never ours to stop.
    started_here = [s for s in servers if not s.is_ready()]
    if started_here:
        launcher.up(paths, started_here)
    try:
        yield
    finally:
        if started_here and os.environ.get("HEARTWISE_KEEP_STACK") != "1":
            launcher.down(paths, started_here)


def _container_stack() -> Iterator[None]:  # pragma: no cover - needs a Docker engine, absent on CI here
    from testcontainers.cassandra import CassandraContainer
    from testcontainers.core.container import DockerContainer
    from testcontainers.kafka import KafkaContainer
    from testcontainers.mongodb import MongoDbContainer

    with KafkaContainer("apache/kafka:4.1.1").with_kraft() as kafka, \
            CassandraContainer("cassandra:5.0.6") as cassandra, \
            MongoDbContainer("mongo:7") as mongo:
        registry = (DockerContainer("apicurio/apicurio-registry:3.0.9").with_exposed_ports(8080)
                    .with_env("APICURIO_STORAGE_KIND", "kafkasql")
                    .with_env("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS", kafka.get_bootstrap_server()))
        with registry:
            host, port = registry.get_container_host_ip(), registry.get_exposed_port(8080)
            os.environ["HEARTWISE_KAFKA_BOOTSTRAP"] = kafka.get_bootstrap_server()
            os.environ["HEARTWISE_SCHEMA_REGISTRY_URL"] = f"http://{host}:{port}/apis/ccompat/v7"
            cassandra_host, cassandra_port = cassandra.get_contact_points()[0]
            os.environ["HEARTWISE_CASSANDRA_HOSTS"] = cassandra_host
            os.environ["HEARTWISE_CASSANDRA_PORT"] = str(cassandra_port)
            os.environ["HEARTWISE_MONGO_URL"] = mongo.get_connection_url()
            get_platform_settings.cache_clear()
            yield


@pytest.fixture(scope="session")
def stack() -> Iterator[None]:
    """The four servers, up and bootstrapped (topics, schemas, tables, indexes)."""
    runner = _container_stack if os.environ.get("HEARTWISE_TEST_INFRA") == "containers" else _native_stack
    generator = runner()
    next(generator)
    from services.infra.bootstrap import bootstrap

    bootstrap(get_platform_settings())
    yield
    next(generator, None)


@pytest.fixture
def user_id() -> str:
    """A fresh user per test, so tests sharing the real topics and tables never see each other's data."""
    return f"it-{uuid.uuid4().hex[:12]}"


class TopicTail:
    """Reads a topic from the offsets it had when the tail was made: sees only what a test produces after."""

    def __init__(self, topic: str, *, decode: bool = True) -> None:
        from confluent_kafka import Consumer, TopicPartition

        from services.common.kafka import AvroCodec

        settings = get_platform_settings()
        self.topic = topic
        self.codec = AvroCodec(settings) if decode else None
        self._consumer = Consumer({"bootstrap.servers": settings.kafka_bootstrap,
                                   "group.id": f"test-tail-{uuid.uuid4().hex}", "enable.auto.commit": False})
        partitions = self._consumer.list_topics(topic, timeout=10).topics[topic].partitions
        assignment = []
        for partition in partitions:
            _low, high = self._consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
            assignment.append(TopicPartition(topic, partition, high))
        self._consumer.assign(assignment)
        self.seen: list[tuple[int, str | None, object]] = []  # (partition, key, value)

    def poll(self, timeout_s: float = 0.5) -> None:
        for message in self._consumer.consume(500, timeout_s):
            if message.error():
                continue
            key = message.key().decode() if message.key() else None
            value = self.codec.decode(self.topic, message.value()) if self.codec else message.value()
            self.seen.append((message.partition(), key, value))

    def wait_for(self, predicate, count: int = 1, timeout_s: float = 30.0) -> list:  # type: ignore[no-untyped-def]
        import time

        deadline = time.monotonic() + timeout_s
        while True:
            matches = [entry for entry in self.seen if predicate(entry[1], entry[2])]
            if len(matches) >= count or time.monotonic() > deadline:
                return matches
            self.poll()

    def close(self) -> None:
        self._consumer.close()


@pytest.fixture
def tail(stack: None) -> Iterator:  # type: ignore[type-arg]
    tails: list[TopicTail] = []

    def make(topic: str, *, decode: bool = True) -> TopicTail:
        made = TopicTail(topic, decode=decode)
        tails.append(made)
        return made

    yield make
    for made in tails:
        made.close()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServiceProcess:
    """One service or worker as a real process (`python -m module`), so tests can SIGKILL and restart it."""

    def __init__(self, name: str, module: str, env: dict[str, str], health_url: str | None, log_dir) -> None:  # type: ignore[no-untyped-def]
        self.name, self.module, self.env, self.health_url = name, module, env, health_url
        self.log_path = log_dir / f"{name}.log"
        self.process = None

    def start(self, ready_timeout_s: float = 60.0) -> ServiceProcess:
        import subprocess
        import sys
        import time

        import httpx

        log = self.log_path.open("ab")
        self.process = subprocess.Popen([sys.executable, "-m", self.module], env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        if self.health_url is None:
            return self
        deadline = time.monotonic() + ready_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}); log:\n{self.log_tail()}")
            try:
                if httpx.get(self.health_url, timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} not ready at {self.health_url}; log:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no final commit: what a crash looks like."""
        import os
        import signal

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        import os
        import signal
        import subprocess

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


class ServiceRunner:
    """Starts services for a test session with their own ports, consumer groups and state dirs.

    The session id goes into every consumer group and state dir, so two test sessions on one machine (or a
    test and `make demo`) never share Kafka group assignments or RocksDB state.
    """

    def __init__(self, tmp_dir) -> None:  # type: ignore[no-untyped-def]
        self.session = uuid.uuid4().hex[:8]
        self.tmp_dir = tmp_dir
        self.started: list[ServiceProcess] = []

    def env(self, **overrides: str) -> dict[str, str]:
        env = {**os.environ, "HEARTWISE_ENV": "test", "HEARTWISE_LOG_JSON": "true",
               "HEARTWISE_RUN_ID": self.session, "HEARTWISE_STATE_DIR": str(self.tmp_dir / "state")}
        env.update(overrides)
        return env

    def start(self, name: str, module: str, *, port_env: str | None = None, health_path: str = "/readyz",
              env: dict[str, str] | None = None, ready_timeout_s: float = 60.0) -> tuple[ServiceProcess, str | None]:
        """Start `python -m module`; `port_env` names the env var that sets its HTTP port (allocated here)."""
        overrides = dict(env or {})
        base_url = None
        if port_env:
            port = free_port()
            overrides[port_env] = str(port)
            base_url = f"http://127.0.0.1:{port}"
        service = ServiceProcess(name, module, self.env(**overrides),
                                 f"{base_url}{health_path}" if base_url else None, self.tmp_dir)
        service.start(ready_timeout_s)
        self.started.append(service)
        return service, base_url

    def stop_all(self) -> None:
        for service in reversed(self.started):
            service.stop()


@pytest.fixture(scope="session")
def services(stack: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceRunner]:
    runner = ServiceRunner(tmp_path_factory.mktemp("services"))
    yield runner
    runner.stop_all()
