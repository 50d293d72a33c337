"""`heartwise infra up | down | status | logs | fetch`: the native local stack as supervised processes.

Each server runs in its own process group with stdout in `<run>/logs/<name>.log`; a pid file records the
pid and the kernel start time, so `down` stops exactly what `up` started (never a reused pid).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from services.infra import probes
from services.infra.paths import StackPaths
from services.infra.servers import InfraError, Server


def say(message: str) -> None:
    print(message, flush=True)


# --- process bookkeeping -----------------------------------------------------------------------------

def _start_time(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22: start time in clock ticks since boot


def running_pid(paths: StackPaths, server: Server) -> int | None:
    """The pid of the process `up` started for this server, if it is still that process."""
    pid_file = paths.pid_file(server.name)
    try:
        pid_text, started = pid_file.read_text().split()
    except (OSError, ValueError):
        return None
    pid = int(pid_text)
    if _start_time(pid) != started:
        pid_file.unlink(missing_ok=True)  # stale: the process is gone or the pid was reused
        return None
    return pid


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# --- fetch ---------------------------------------------------------------------------------------------

def fetch(paths: StackPaths, servers: list[Server]) -> None:
    missing = [server for server in servers if not server.is_fetched(paths)]
    if not missing:
        return
    say(f"Fetching into {paths.cache} (once; later runs reuse the cache):")

    def one(server: Server) -> tuple[Server, float]:
        started = time.monotonic()
        say(f"  … {server.name} {server.version}")
        server.fetch(paths)
        return server, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=len(missing)) as pool:
        for server, seconds in pool.map(one, missing):
            say(f"  ✓ {server.name} {server.version} fetched in {seconds:.0f} s")


# --- up ------------------------------------------------------------------------------------------------

def _start(paths: StackPaths, server: Server) -> int:
    if probes.port_open("127.0.0.1", server.port):
        raise InfraError(
            f"port {server.port} is busy but not by a {server.name} that `heartwise infra up` started; "
            f"stop whatever listens there (`ss -ltnp 'sport = :{server.port}'`) or run `heartwise infra down`."
        )
    command = server.command(paths)
    log = paths.log_file(server.name).open("ab")
    log.write(f"\n=== {time.strftime('%Y-%m-%dT%H:%M:%S')} starting {server.name}\n".encode())
    log.flush()
    process = subprocess.Popen(  # noqa: S603 - our own fixed command line
        command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env={**os.environ, **server.env(paths)}, cwd=paths.data(server.name), start_new_session=True,
    )
    log.close()
    paths.pid_file(server.name).write_text(f"{process.pid} {_start_time(process.pid)}\n")
    return process.pid


def _wait_ready(paths: StackPaths, server: Server, started: float) -> None:
    deadline = time.monotonic() + server.ready_timeout_s
    while time.monotonic() < deadline:
        if running_pid(paths, server) is None:
            raise InfraError(f"{server.name} exited during start-up; last log lines:\n{tail(paths, server, 25)}")
        if server.is_ready():
            say(f"  ✓ {server.name:<9} ready on 127.0.0.1:{server.port} after {time.monotonic() - started:.1f} s")
            return
        time.sleep(0.5)
    raise InfraError(
        f"{server.name} not ready after {server.ready_timeout_s:.0f} s; last log lines:\n{tail(paths, server, 25)}"
    )


def up(paths: StackPaths, servers: list[Server]) -> float:
    """Start what is not running, in parallel (each after its dependencies); return seconds taken."""
    started = time.monotonic()
    fetch(paths, servers)
    selected = {server.name for server in servers}
    ready_events = {server.name: threading.Event() for server in servers}
    say("Starting the local stack:")

    def bring_up(server: Server) -> None:
        for dependency in server.depends_on:
            if dependency in selected and not ready_events[dependency].wait(timeout=300):
                raise InfraError(f"{server.name} not started: {dependency} did not become ready")
        if running_pid(paths, server) is not None and server.is_ready():
            say(f"  ✓ {server.name:<9} already running on 127.0.0.1:{server.port}")
        else:
            if running_pid(paths, server) is None:
                _start(paths, server)
                say(f"  … {server.name:<9} starting (log: {paths.log_file(server.name)})")
            _wait_ready(paths, server, started)
        ready_events[server.name].set()

    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        futures = [pool.submit(bring_up, server) for server in servers]
        errors = [future.exception() for future in futures if future.exception() is not None]
    if errors:
        raise InfraError("\n".join(str(error) for error in errors))
    return time.monotonic() - started


# --- down / status / logs ------------------------------------------------------------------------------

def down(paths: StackPaths, servers: list[Server], timeout_s: float = 30.0) -> None:
    # Dependents first: the registry writes to Kafka until it stops.
    for server in sorted(servers, key=lambda s: -len(s.depends_on)):
        pid = running_pid(paths, server)
        if pid is None:
            say(f"  · {server.name:<9} not running")
            continue
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and _start_time(pid) is not None and not _is_zombie(pid):
            time.sleep(0.2)
        if _start_time(pid) is not None and not _is_zombie(pid):
            os.killpg(pid, signal.SIGKILL)
            say(f"  ✗ {server.name:<9} did not stop in {timeout_s:.0f} s; killed")
        else:
            say(f"  ✓ {server.name:<9} stopped")
        paths.pid_file(server.name).unlink(missing_ok=True)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def status(paths: StackPaths, servers: list[Server]) -> bool:
    all_ready = True
    say(f"{'server':<10}{'version':<9}{'port':<7}{'pid':<9}{'RSS MB':<8}state")
    for server in servers:
        pid = running_pid(paths, server)
        if pid is None:
            state, all_ready = "stopped", False
        elif server.is_ready():
            state = "ready"
        else:
            state, all_ready = "running, not ready", False
        memory = rss_mb(pid) if pid else None
        say(f"{server.name:<10}{server.version:<9}{server.port:<7}{pid or '-':<9}"
            f"{f'{memory:.0f}' if memory else '-':<8}{state}")
    return all_ready


def tail(paths: StackPaths, server: Server, lines: int) -> str:
    try:
        content = paths.log_file(server.name).read_text(errors="replace").splitlines()
    except OSError:
        return "(no log yet)"
    return "\n".join(content[-lines:])


def logs(paths: StackPaths, servers: list[Server], lines: int) -> None:
    for server in servers:
        say(f"==> {paths.log_file(server.name)} <==")
        say(tail(paths, server, lines))


def fail(error: InfraError) -> None:
    print(f"heartwise infra: {error}", file=sys.stderr)
    sys.exit(1)
