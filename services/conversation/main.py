"""Entry point of the conversation API: `python -m services.conversation.main` (port HEARTWISE_CONVERSATION_PORT)."""

from __future__ import annotations

import gc
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.health import AsyncCheck, health_router
from services.common.logging import configure_logging, get_logger
from services.conversation import metrics
from services.conversation.api import router
from services.conversation.config import ConversationSettings, get_settings
from services.conversation.runtime import Runtime, build_runtime

log = get_logger(__name__)

RuntimeFactory = Callable[[ConversationSettings], Awaitable[Runtime]]


def create_app(settings: ConversationSettings | None = None, *,
               runtime_factory: RuntimeFactory | None = None) -> FastAPI:
    """The app; its runtime (stores, producer, orchestrator) is built in the lifespan by `runtime_factory`."""
    settings = settings or get_settings()
    factory = runtime_factory or build_runtime

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await factory(settings)
        app.state.runtime = runtime
        # ~100k long-lived objects exist now (guard vocabularies, models' wrappers, clients); a full collection
        # over them took ~60 ms, a stall on whatever turn triggered it. Frozen objects are never scanned again.
        gc.collect()
        gc.freeze()
        log.info("conversation_started", orchestrator=runtime.orchestrator_name,
                 flags_ready=runtime.flags is not None and runtime.flags.ready)
        try:
            yield
        finally:
            await runtime.close()
            log.info("conversation_stopped")

    app = FastAPI(title="Heartwise conversation API", version="1.0.0", lifespan=lifespan,
                  description="Chat, history, nudges inbox, readings, preferences (user JWT, scope chat) and the "
                              "escalation queue (scope clinician).")

    async def check(name: str) -> bool:
        runtime: Runtime | None = getattr(app.state, "runtime", None)
        if runtime is None:
            return False
        return bool(await runtime.checks[name]())

    checks: Mapping[str, AsyncCheck] = {name: _bound(check, name) for name in ("cassandra", "mongo", "kafka")}
    app.include_router(health_router(checks))
    app.include_router(router)
    app.add_middleware(ServerTimingMiddleware)
    return app


class ServerTimingMiddleware:
    """Adds `app;dur=<ms>` to Server-Timing: from the request reaching the app (before auth and body parsing)
    to the response start. Pure ASGI (no BaseHTTPMiddleware overhead on every request). Also observes
    heartwise_conversation_request_latency_seconds{route,status} of the user-facing routes (the availability
    SLO's requests and 5xx errors): the route template, never the path, so ids stay out of the labels."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 500  # an exception before the response started is a 5xx to the client

        async def timed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                duration = f"app;dur={(time.perf_counter() - began) * 1000:.2f}".encode()
                headers = list(message.get("headers", []))
                for index, (name, value) in enumerate(headers):
                    if name.lower() == b"server-timing":
                        headers[index] = (name, value + b", " + duration)
                        break
                else:
                    headers.append((b"server-timing", duration))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            route = _route_template(scope)
            if route not in _NOT_USER_FACING:
                metrics.REQUEST_LATENCY.labels(route, str(status)).observe(time.perf_counter() - began)


_NOT_USER_FACING = frozenset({"/healthz", "/readyz", "/metrics"})


def _route_template(scope: Scope) -> str:
    """The matched route's template (FastAPI puts the route in the scope); "unmatched" for a 404 of no route."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


def _bound(check: Callable[[str], Awaitable[bool]], name: str) -> AsyncCheck:
    async def bound() -> bool:
        return await check(name)

    return bound


def worker_app() -> FastAPI:
    """The app factory each uvicorn worker process calls (logging is per process)."""
    platform = get_settings().platform
    configure_logging(platform.log_level, platform.log_json)
    return create_app()


def main() -> None:
    settings = get_settings()
    platform = settings.platform
    configure_logging(platform.log_level, platform.log_json)
    options: dict[str, Any] = {"host": settings.host, "port": settings.port, "log_config": None,
                               "access_log": False, "timeout_graceful_shutdown": 10}
    if settings.workers > 1:
        # Startup (Cassandra connect, model and serializer warm-up) takes seconds under load: the supervisor
        # must not take a starting worker for a hung one.
        uvicorn.run("services.conversation.main:worker_app", factory=True, workers=settings.workers,
                    timeout_worker_healthcheck=60, **options)
    else:
        uvicorn.run(create_app(settings), **options)


if __name__ == "__main__":
    main()
