"""services.common.health (+ metrics): /healthz, /readyz, /metrics via FastAPI and via the worker thread."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from http.server import ThreadingHTTPServer

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import Histogram

from services.common.health import AsyncCheck, SyncCheck, health_router, run_checks, serve_health_in_thread
from services.common.metrics import LATENCY_BUCKETS_S, latency_histogram

PROMETHEUS_TEXT = "text/plain"


async def passing() -> bool:
    return True


async def failing() -> bool:
    return False


async def raising() -> bool:
    raise ConnectionRefusedError("kafka down")


async def slow() -> bool:
    await asyncio.sleep(30)
    return True


@pytest.fixture(scope="module")
def test_histogram() -> Histogram:
    # Registered once in the default registry, which /metrics serves.
    return latency_histogram("heartwise_common_test_latency_seconds", "Latency seen by the health tests", ("step",))


def _client(checks: Mapping[str, AsyncCheck]) -> TestClient:
    app = FastAPI()
    app.include_router(health_router(checks))
    return TestClient(app, raise_server_exceptions=False)


# --- run_checks --------------------------------------------------------------------------------------


async def test_run_checks_reports_each_check_by_name():
    results = await run_checks({"kafka": passing, "cassandra": failing, "mongo": raising})
    assert results == {"kafka": True, "cassandra": False, "mongo": False}


async def test_run_checks_times_out_a_slow_check_and_runs_checks_concurrently():
    started = time.monotonic()

    results = await run_checks({"slow_a": slow, "slow_b": slow, "ok": passing}, timeout_s=0.2)

    assert results == {"slow_a": False, "slow_b": False, "ok": True}
    assert time.monotonic() - started < 5  # two 30 s checks were cut off, not awaited


async def test_run_checks_coerces_truthy_results_to_bool():
    async def returns_object() -> bool:
        return {"ok": 1}  # type: ignore[return-value]

    assert await run_checks({"x": returns_object}) == {"x": True}


# --- FastAPI router ----------------------------------------------------------------------------------


def test_healthz_is_200_even_when_dependencies_fail():
    response = _client({"kafka": failing}).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_200_when_all_checks_pass():
    response = _client({"kafka": passing, "cassandra": passing}).get("/readyz")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"status": "ready", "checks": {"kafka": True, "cassandra": True}}


def test_readyz_without_checks_is_ready():
    assert _client({}).get("/readyz").status_code == 200


@pytest.mark.parametrize("bad", [failing, raising], ids=["failing", "raising"])
def test_readyz_is_503_with_per_check_booleans_when_one_fails(bad: AsyncCheck):
    response = _client({"kafka": passing, "cassandra": bad}).get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "checks": {"kafka": True, "cassandra": False}}


def test_readyz_is_503_not_500_nor_hanging_when_a_check_is_slow():
    started = time.monotonic()

    response = _client({"kafka": passing, "registry": slow}).get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"kafka": True, "registry": False}
    assert time.monotonic() - started < 10  # bounded by the per-check timeout, not the 30 s check


def test_metrics_serves_prometheus_text_with_platform_histogram(test_histogram: Histogram):
    test_histogram.labels(step="router").observe(0.3)

    response = _client({}).get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(PROMETHEUS_TEXT)
    body = response.text
    assert "# TYPE heartwise_common_test_latency_seconds histogram" in body
    assert 'heartwise_common_test_latency_seconds_bucket{le="0.25",step="router"} 0.0' in body
    assert 'heartwise_common_test_latency_seconds_bucket{le="0.5",step="router"} 1.0' in body


def test_latency_buckets_cover_the_slos():
    assert list(LATENCY_BUCKETS_S) == sorted(LATENCY_BUCKETS_S)
    assert 0.5 in LATENCY_BUCKETS_S  # reading→nudge budget
    assert 2.0 in LATENCY_BUCKETS_S  # chat p95 target
    assert LATENCY_BUCKETS_S[-1] >= 5.0


# --- worker thread server ----------------------------------------------------------------------------


def _get(port: int, path: str) -> tuple[int, str, str]:
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def _raises() -> bool:
    raise OSError("cassandra down")


@pytest.fixture
def serve() -> Iterator[object]:
    servers: list[ThreadingHTTPServer] = []

    def start(checks: Mapping[str, SyncCheck]) -> int:
        server = serve_health_in_thread(0, checks)  # port 0: the OS picks a free ephemeral port
        servers.append(server)
        return int(server.server_address[1])

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_thread_server_answers_healthz_readyz_and_metrics(serve, test_histogram: Histogram):
    test_histogram.labels(step="thread").observe(0.01)
    port = serve({"kafka": lambda: True, "state_store": lambda: True})

    assert _get(port, "/healthz") == (200, "application/json", '{"status":"ok"}')

    status, content_type, body = _get(port, "/readyz")
    assert (status, content_type) == (200, "application/json")
    assert json.loads(body) == {"status": "ready", "checks": {"kafka": True, "state_store": True}}

    status, content_type, body = _get(port, "/metrics")
    assert status == 200
    assert content_type.startswith(PROMETHEUS_TEXT)
    assert 'heartwise_common_test_latency_seconds_count{step="thread"}' in body


@pytest.mark.parametrize("bad", [lambda: False, _raises], ids=["failing", "raising"])
def test_thread_server_readyz_is_503_with_per_check_booleans(serve, bad: SyncCheck):
    port = serve({"kafka": lambda: True, "cassandra": bad})

    status, _content_type, body = _get(port, "/readyz")

    assert status == 503
    assert json.loads(body) == {"status": "degraded", "checks": {"kafka": True, "cassandra": False}}
    assert _get(port, "/healthz")[0] == 200  # still alive; the server survived the raising check


@pytest.mark.parametrize("path", ["/", "/health", "/readyz/extra", "/metricsx"])
def test_thread_server_answers_404_for_other_paths(serve, path: str):
    port = serve({})

    status, content_type, body = _get(port, path)

    assert (status, content_type) == (404, "application/json")
    assert json.loads(body) == {"detail": "not found"}


def test_thread_server_stops_on_shutdown():
    server = serve_health_in_thread(0, {})
    port = int(server.server_address[1])
    assert _get(port, "/healthz")[0] == 200

    server.shutdown()
    server.server_close()

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
