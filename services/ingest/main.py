"""Ingest HTTP gateway: `python -m services.ingest.main` (FastAPI on HEARTWISE_INGEST_PORT, default 8001).

`create_app()` builds the app; its lifespan connects Kafka (producer + delivery poller), Cassandra (the
idempotency lookups) and the schema registry, and tears them down again. Tests may pass a ready `Gateway`
(with a fake producer) instead; then the lifespan connects nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from confluent_kafka.admin import AdminClient
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from services.common.contracts import Topic
from services.common.health import AsyncCheck, health_router
from services.common.logging import configure_logging, get_logger
from services.ingest.adapters.cassandra import connect_cassandra
from services.ingest.adapters.idempotency import Deduplicator, ReadingIdStore, RecentIds
from services.ingest.adapters.kafka import AckingProducer
from services.ingest.api import Gateway, router
from services.ingest.config import IngestSettings, get_settings
from services.ingest.gc_tuning import tune_gc
from services.ingest.metrics import REQUEST_LATENCY
from services.ingest.openapi import request_components
from services.ingest.pipeline import IngestPipeline
from services.ingest.throttle import UserThrottle

log = get_logger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

READINGS_PATH = "/v1/readings"


class RequestLatency:
    """Pure ASGI middleware: the latency histogram of POST /v1/readings by status (a BaseHTTPMiddleware
    would cost a task and a body copy per request on the hot path)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != READINGS_PATH:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_code = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            REQUEST_LATENCY.labels(str(status_code)).observe(time.perf_counter() - started)


def build_gateway(settings: IngestSettings, producer: AckingProducer, store: ReadingIdStore | None) -> Gateway:
    return Gateway(
        pipeline=IngestPipeline(producer, Deduplicator(store, RecentIds(settings.recent_ids_capacity))),
        throttle=UserThrottle(settings.user_requests_per_s, settings.user_burst, settings.throttle_max_users),
        max_body_bytes=settings.max_body_bytes,
        max_readings=settings.max_readings_per_request,
    )


def readiness_checks(settings: IngestSettings, producer: AckingProducer, session: Any) -> dict[str, AsyncCheck]:
    platform = settings.platform
    admin = AdminClient({"bootstrap.servers": platform.kafka_bootstrap})

    async def kafka() -> bool:
        metadata = await asyncio.to_thread(admin.list_topics, topic=Topic.READINGS, timeout=1.5)
        topic = metadata.topics.get(Topic.READINGS)
        return topic is not None and topic.error is None

    async def cassandra() -> bool:
        await asyncio.to_thread(session.execute, "SELECT release_version FROM system.local", timeout=1.5)
        return True

    async def schema_registry() -> bool:
        # Resolves (once) the schema ids the encoders need, so the first request does not pay for it.
        for topic in (Topic.READINGS, Topic.READINGS_REJECTED):
            await asyncio.to_thread(producer.encoder(topic).schema_header)
        return True

    return {"kafka": kafka, "cassandra": cassandra, "schema_registry": schema_registry}


async def warm_up(producer: AckingProducer) -> None:
    """Resolve the schema ids now, off the event loop, so no request ever waits for the registry."""
    for topic in (Topic.READINGS, Topic.READINGS_REJECTED):
        try:
            await asyncio.to_thread(producer.encoder(topic).schema_header)
        except Exception as error:  # noqa: BLE001 - registry down: /readyz says so; retried on first use
            log.warning("schema_registry_unavailable", topic=topic, error=type(error).__name__)


def create_app(settings: IngestSettings | None = None, *, gateway: Gateway | None = None) -> FastAPI:
    settings = settings or get_settings()
    checks: dict[str, AsyncCheck] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if gateway is not None:
            app.state.gateway = gateway
            yield
            return
        platform = settings.platform
        producer = AckingProducer(platform, produce_timeout_s=settings.produce_timeout_s,
                                  topic_suffix=settings.topic_suffix).start()
        cluster, session = await asyncio.to_thread(connect_cassandra, platform)
        try:
            store = ReadingIdStore(session, timeout_s=settings.dedup_timeout_s)
            app.state.gateway = build_gateway(settings, producer, store)
            await warm_up(producer)
            checks.update(readiness_checks(settings, producer, session))
            tune_gc()
            log.info("ingest_started", port=settings.port)
            yield
        finally:
            await asyncio.to_thread(producer.close)
            await asyncio.to_thread(cluster.shutdown)

    app = FastAPI(
        title="Heartwise ingest",
        version="1.0.0",
        description="Device readings in: validated, deduplicated, published to readings.v1, stored by the sink.",
        lifespan=lifespan,
    )
    app.include_router(router)
    app.include_router(health_router(checks))
    app.add_middleware(RequestLatency)

    @app.exception_handler(RequestValidationError)
    async def malformed(_request: Request, error: RequestValidationError) -> JSONResponse:
        # DESIGN.md: malformed requests are 400 with a reason (FastAPI's default would be 422).
        return JSONResponse({"detail": f"malformed request: {len(error.errors())} problem(s)"}, status_code=400)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(request_components())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def main() -> None:
    settings = get_settings()
    configure_logging(settings.platform.log_level, settings.platform.log_json)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, access_log=False,
                log_config=None, loop="uvloop", http="httptools", timeout_graceful_shutdown=10)


if __name__ == "__main__":
    main()
