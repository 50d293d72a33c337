"""The four servers of the local stack, each built from registry artifacts and run as a plain process.

Why not testcontainers or docker compose here: the development and CI machines have no Docker engine, so
Kafka, Cassandra, FerretDB and Apicurio Registry run as local processes fetched from Maven Central and the
Go module proxy. `docker-compose.yml` and testcontainers stay the path for machines that have Docker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from services.infra import probes
from services.infra.paths import StackPaths

KAFKA_VERSION = "4.1.1"
CASSANDRA_VERSION = "5.0.6"
FERRETDB_VERSION = "1.24.2"
APICURIO_VERSION = "3.0.9"


class InfraError(RuntimeError):
    """A problem the person running the stack can fix; the message says how."""


@dataclass(frozen=True)
class Server:
    """How to fetch, configure, start and health-check one server."""

    name: str
    version: str
    port: int
    fetch: Callable[[StackPaths], None]
    is_fetched: Callable[[StackPaths], bool]
    command: Callable[[StackPaths], list[str]]
    is_ready: Callable[[], bool]
    env: Callable[[StackPaths], dict[str, str]] = field(default=lambda _paths: {})
    depends_on: tuple[str, ...] = ()
    ready_timeout_s: float = 120.0


def _run(cmd: list[str], what: str, cwd: Path | None = None) -> None:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise InfraError(f"{what} failed (exit {result.returncode}):\n{tail}")


def require_tool(tool: str, why: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise InfraError(f"`{tool}` is not on PATH; it is needed to {why}. Install it and retry.")
    return path


def java_binary() -> str:
    """JDK 17 runs all three JVM servers (Cassandra 5 supports 11 and 17, not later)."""
    java_home = os.environ.get("HEARTWISE_JAVA_HOME") or os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    for candidate in sorted(Path("/usr/lib/jvm").glob("java-17-*")):
        if (candidate / "bin" / "java").exists():
            return str(candidate / "bin" / "java")
    return require_tool("java", "run Kafka, Cassandra and Apicurio Registry (JDK 17)")


def _maven_copy_dependencies(pom_dir: str, target: Path, paths: StackPaths) -> None:
    mvn = require_tool("mvn", "download server jars from Maven Central")
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    _run(
        [mvn, "-q", "-B", "-f", str(paths.recipes / pom_dir / "pom.xml"), "dependency:copy-dependencies",
         f"-DoutputDirectory={partial}"],
        f"Maven download for {pom_dir}",
    )
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)  # a complete folder or none: an interrupted download is retried next time


def _render(template: Path, out: Path, **values: object) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(Template(template.read_text()).substitute({k: str(v) for k, v in values.items()}))
    return out


# --- Kafka -------------------------------------------------------------------------------------------

KAFKA_PORT = 9092
KAFKA_CONTROLLER_PORT = 9093


def _kafka_lib(paths: StackPaths) -> Path:
    return paths.cache / f"kafka-{KAFKA_VERSION}" / "lib"


def _kafka_command(paths: StackPaths) -> list[str]:
    data_dir = paths.data("kafka")
    props = _render(
        paths.recipes / "kafka" / "server.properties.tmpl", paths.conf("kafka") / "server.properties",
        port=KAFKA_PORT, controller_port=KAFKA_CONTROLLER_PORT, data_dir=data_dir,
    )
    java = java_binary()
    classpath = f"{_kafka_lib(paths)}/*"
    log4j = f"-Dlog4j2.configurationFile={paths.recipes / 'kafka' / 'log4j2.properties'}"
    if not (data_dir / "meta.properties").exists():
        # KRaft needs its storage formatted once with a cluster id before the first start.
        cluster_id = subprocess.run(  # noqa: S603
            [java, log4j, "-cp", classpath, "kafka.tools.StorageTool", "random-uuid"],
            capture_output=True, text=True, check=True,
        ).stdout.strip().splitlines()[-1]
        _run([java, log4j, "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", cluster_id,
              "-c", str(props), "--ignore-formatted"], "Kafka storage format")
    return [java, "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", log4j, "-cp", classpath, "kafka.Kafka", str(props)]


KAFKA = Server(
    name="kafka", version=KAFKA_VERSION, port=KAFKA_PORT,
    fetch=lambda paths: _maven_copy_dependencies("kafka", _kafka_lib(paths), paths),
    is_fetched=lambda paths: _kafka_lib(paths).is_dir(),
    command=_kafka_command,
    is_ready=lambda: probes.kafka_ready(f"127.0.0.1:{KAFKA_PORT}"),
    ready_timeout_s=90,
)

# --- Cassandra ---------------------------------------------------------------------------------------

CASSANDRA_PORT = 9042
CASSANDRA_STORAGE_PORT = 7000


def _cassandra_lib(paths: StackPaths) -> Path:
    return paths.cache / f"cassandra-{CASSANDRA_VERSION}" / "lib"


def _cassandra_command(paths: StackPaths) -> list[str]:
    data_dir = paths.data("cassandra")
    yaml_path = _render(
        paths.recipes / "cassandra" / "cassandra.yaml.tmpl", paths.conf("cassandra") / "cassandra.yaml",
        port=CASSANDRA_PORT, storage_port=CASSANDRA_STORAGE_PORT, data_dir=data_dir,
    )
    lib = _cassandra_lib(paths)
    jamm = next(lib.glob("jamm-*.jar"), None)
    if jamm is None:
        raise InfraError(f"no jamm jar in {lib}; run `heartwise infra fetch` again")
    options_file = paths.recipes / "cassandra" / "jvm17.options"
    options = [line.strip() for line in options_file.read_text().splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
    heap = os.environ.get("HEARTWISE_CASSANDRA_HEAP", "1g")
    return [
        java_binary(), f"-Xms{heap}", f"-Xmx{heap}", "-Xss512k", f"-javaagent:{jamm}", *options,
        f"-Dcassandra.config=file://{yaml_path}",
        f"-Dlogback.configurationFile={paths.recipes / 'cassandra' / 'logback.xml'}",
        f"-Dcassandra.storagedir={data_dir}", f"-Dcassandra.logdir={paths.logs}",
        "-cp", f"{lib}/*", "org.apache.cassandra.service.CassandraDaemon",
    ]


CASSANDRA = Server(
    name="cassandra", version=CASSANDRA_VERSION, port=CASSANDRA_PORT,
    fetch=lambda paths: _maven_copy_dependencies("cassandra", _cassandra_lib(paths), paths),
    is_fetched=lambda paths: _cassandra_lib(paths).is_dir(),
    command=_cassandra_command,
    is_ready=lambda: probes.cassandra_ready("127.0.0.1", CASSANDRA_PORT),
    ready_timeout_s=180,
)

# --- FerretDB ----------------------------------------------------------------------------------------

FERRETDB_PORT = 27017


def _ferretdb_binary(paths: StackPaths) -> Path:
    return paths.cache / f"ferretdb-{FERRETDB_VERSION}" / "ferretdb"


def _fetch_ferretdb(paths: StackPaths) -> None:
    go = require_tool("go", "build FerretDB from the Go module proxy")
    target = _ferretdb_binary(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    _run([go, "build", "-o", str(partial), "."], "FerretDB build", cwd=paths.recipes / "ferretdb")
    partial.rename(target)


FERRETDB = Server(
    name="ferretdb", version=FERRETDB_VERSION, port=FERRETDB_PORT,
    fetch=_fetch_ferretdb,
    is_fetched=lambda paths: _ferretdb_binary(paths).exists(),
    command=lambda paths: [str(_ferretdb_binary(paths)), "-listen", f"127.0.0.1:{FERRETDB_PORT}",
                           "-data", str(paths.data("ferretdb"))],
    is_ready=lambda: probes.mongo_ready(f"mongodb://127.0.0.1:{FERRETDB_PORT}"),
    ready_timeout_s=30,
)

# --- Apicurio Registry -------------------------------------------------------------------------------

REGISTRY_PORT = 8081


def _apicurio_dir(paths: StackPaths) -> Path:
    return paths.cache / f"apicurio-registry-{APICURIO_VERSION}"


def _fetch_apicurio(paths: StackPaths) -> None:
    mvn = require_tool("mvn", "download Apicurio Registry from Maven Central")
    download_dir = paths.cache / "downloads"
    _run([mvn, "-q", "-B", "dependency:copy",
          f"-Dartifact=io.apicurio:apicurio-registry-app:{APICURIO_VERSION}:zip:all",
          f"-DoutputDirectory={download_dir}"], "Apicurio Registry download")
    target = _apicurio_dir(paths)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with zipfile.ZipFile(download_dir / f"apicurio-registry-app-{APICURIO_VERSION}-all.zip") as archive:
        archive.extractall(partial)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)


APICURIO = Server(
    name="registry", version=APICURIO_VERSION, port=REGISTRY_PORT,
    fetch=_fetch_apicurio,
    is_fetched=lambda paths: (_apicurio_dir(paths) / f"apicurio-registry-app-{APICURIO_VERSION}-runner.jar").exists(),
    command=lambda paths: [
        java_binary(), "-Xmx384m", f"-Dquarkus.http.port={REGISTRY_PORT}", "-Dquarkus.http.host=127.0.0.1",
        "-jar", str(_apicurio_dir(paths) / f"apicurio-registry-app-{APICURIO_VERSION}-runner.jar"),
    ],
    # kafkasql keeps schemas in a Kafka topic, so they survive a registry restart; the default in-memory
    # H2 store forgets them and every Avro record's schema id would then dangle.
    env=lambda _paths: {
        "APICURIO_STORAGE_KIND": "kafkasql",
        "APICURIO_KAFKASQL_BOOTSTRAP_SERVERS": f"127.0.0.1:{KAFKA_PORT}",
        "QUARKUS_LOG_LEVEL": "WARN",
    },
    is_ready=lambda: probes.http_ok(f"http://127.0.0.1:{REGISTRY_PORT}/apis/ccompat/v7/subjects"),
    depends_on=("kafka",),
    ready_timeout_s=120,
)

ALL_SERVERS: tuple[Server, ...] = (KAFKA, CASSANDRA, FERRETDB, APICURIO)


def by_name(names: list[str] | None) -> list[Server]:
    if not names:
        return list(ALL_SERVERS)
    known = {server.name: server for server in ALL_SERVERS}
    unknown = [name for name in names if name not in known]
    if unknown:
        sys.exit(f"unknown server(s) {unknown}; choose from {sorted(known)}")
    return [known[name] for name in names]
