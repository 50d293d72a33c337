"""`/healthz` (alive), `/readyz` (dependencies reachable) and `/metrics` for every service.

FastAPI services include `health_router(checks)`; the Quix Streams workers, which have no web framework,
serve the same three paths from `serve_health_in_thread` on their own port.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

# A readiness check returns True when its dependency answers; exceptions count as not ready.
SyncCheck = Callable[[], bool]
AsyncCheck = Callable[[], Awaitable[bool]]


async def run_checks(checks: Mapping[str, AsyncCheck], timeout_s: float = 2.0) -> dict[str, bool]:
    async def one(check: AsyncCheck) -> bool:
        try:
            return bool(await asyncio.wait_for(check(), timeout_s))
        except Exception:  # noqa: BLE001 - a failing dependency is "not ready", never a 5xx
            return False

    results = await asyncio.gather(*(one(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


def health_router(checks: Mapping[str, AsyncCheck]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", summary="Dependencies are reachable", responses={503: {"description": "not ready"}})
    async def readyz() -> Response:
        results = await run_checks(checks)
        ready = all(results.values())
        body = {"status": "ready" if ready else "degraded", "checks": results}
        return Response(json.dumps(body), status_code=200 if ready else 503, media_type="application/json")

    @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def serve_health_in_thread(port: int, checks: Mapping[str, SyncCheck], host: str | None = None) -> ThreadingHTTPServer:
    """Health and metrics for a worker without a web framework; returns the server (call .shutdown()).

    `host` defaults to the platform's `bind_host` (HEARTWISE_BIND_HOST).
    """
    if host is None:
        from services.common.config import get_platform_settings

        host = get_platform_settings().bind_host

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/healthz":
                self._send(200, b'{"status":"ok"}', "application/json")
            elif self.path == "/readyz":
                results = {}
                for name, check in checks.items():
                    try:
                        results[name] = bool(check())
                    except Exception:  # noqa: BLE001
                        results[name] = False
                ready = all(results.values())
                body = json.dumps({"status": "ready" if ready else "degraded", "checks": results}).encode()
                self._send(200 if ready else 503, body, "application/json")
            elif self.path == "/metrics":
                self._send(200, generate_latest(), CONTENT_TYPE_LATEST)
            else:
                self._send(404, b'{"detail":"not found"}', "application/json")

        def _send(self, code: int, body: bytes, content_type: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            return  # probes every few seconds would flood the log

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, name=f"health-{port}", daemon=True).start()
    return server
