"""`python -m services.audit.main`: the compliance API over the audit log (port HEARTWISE_AUDIT_PORT, 8005).

- ``GET /v1/audit?subject=&actor=&since=&until=&limit=``: entries about a user and/or by an actor.
- ``GET /v1/audit/verify?day=``: walks the chains of a day (default: the recent days) and reports the
  first broken link of each.

Both need scope ``audit:read`` (401 without a valid token, 403 without the scope). Reading the audit log is
itself audited: every request with a known caller publishes an ``audit.v1`` event (actor = the caller).
A read whose access event the broker does not take is refused with 503: no unaudited reads. When
Cassandra is down the API answers 503 with a reason (never a 500); bad parameters get 400 with a reason.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Annotated, Any

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Query, Request, status

from services.audit.adapters.kafka import AccessAuditor, access_event
from services.audit.adapters.store import CassandraAuditStore, StoreConnection, StoreUnavailable
from services.audit.config import AuditSettings, get_settings
from services.audit.domain.vocab import AUDITED_TOPICS
from services.audit.metrics import ACCESS_REQUESTS
from services.audit.query import BadQuery, parse_day, parse_query, search, verify_days
from services.audit.timeutil import recent_days
from services.common.auth import SCOPE_AUDIT_READ, Principal, authenticate
from services.common.contracts import load_topics
from services.common.health import health_router
from services.common.kafka import EventProducer
from services.common.logging import configure_logging, get_logger

log = get_logger(__name__)


@lru_cache(maxsize=1)
def chain_partitions() -> int:
    """Chains per day: one per partition number of the audited topics (all have the same count)."""
    topics = load_topics()
    return max(topics[topic].partitions for topic in AUDITED_TOPICS)


def _now_ms() -> int:
    return int(time.time() * 1000)


class AuditApi:
    """What the routes need, built in the lifespan."""

    def __init__(self, settings: AuditSettings) -> None:
        self.settings = settings
        self.connection = StoreConnection(settings.platform,
                                          append_batch_max_bytes=settings.append_batch_max_bytes)
        self.producer = EventProducer(settings.platform)
        self.auditor = AccessAuditor(self.producer, timeout_s=settings.access_audit_timeout_s)

    def store(self) -> CassandraAuditStore:
        """The store, connecting on first use; ``StoreUnavailable`` while Cassandra is unreachable."""
        return self.connection.store()

    def audit(self, principal: Principal, action: str, resource: str, *, subject: str | None, outcome: str,
              details: dict[str, str], wait: bool) -> bool:
        event = access_event(actor=principal.actor, action=action, resource=resource, subject=subject,
                             outcome=outcome, details=details)
        return self.auditor.publish(event, wait=wait)

    def close(self) -> None:
        self.producer.flush(10)
        self.connection.close()


def _api(request: Request) -> AuditApi:
    api: AuditApi = request.app.state.api
    return api


Api = Annotated[AuditApi, Depends(_api)]


def require_audit_reader(request: Request, principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
    """``audit:read`` or 403; a refused caller is audited too (the attempt is what compliance wants)."""
    if SCOPE_AUDIT_READ not in principal.scopes:
        action = "audit.verify" if request.url.path.endswith("/verify") else "audit.query"
        _api(request).audit(principal, action, "audit_log", subject=None,
                            outcome="denied", details={"reason": "missing_scope", "http_status": "403"},
                            wait=False)
        ACCESS_REQUESTS.labels(request.url.path, "forbidden").inc()
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"scope '{SCOPE_AUDIT_READ}' required")
    return principal


ComplianceReader = Annotated[Principal, Depends(require_audit_reader)]


def _bad_request(api: AuditApi, principal: Principal, action: str, error: BadQuery, endpoint: str) -> HTTPException:
    api.audit(principal, action, "audit_log", subject=None, outcome="denied",
              details={"reason": "bad_request", "http_status": "400"}, wait=False)
    ACCESS_REQUESTS.labels(endpoint, "bad_request").inc()
    return HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error))


def _refuse_unaudited(endpoint: str) -> HTTPException:
    ACCESS_REQUESTS.labels(endpoint, "unaudited").inc()
    return HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                         detail="the access could not be recorded in the audit log (Kafka unavailable), "
                                "so it is refused; retry later")


def _store_down(api: AuditApi, principal: Principal, action: str, subject: str | None, endpoint: str,
                error: StoreUnavailable) -> HTTPException:
    log.warning("audit_store_unavailable", error=str(error)[:300])
    api.audit(principal, action, "audit_log", subject=subject, outcome="error",
              details={"reason": "store_unavailable", "http_status": "503"}, wait=False)
    ACCESS_REQUESTS.labels(endpoint, "unavailable").inc()
    return HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                         detail="audit store (Cassandra) unavailable; retry later")


def create_app(settings: AuditSettings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = settings or get_settings()
        configure_logging(resolved.platform.log_level, resolved.platform.log_json)
        app.state.api = AuditApi(resolved)
        try:
            yield
        finally:
            app.state.api.close()

    app = FastAPI(title="Heartwise audit", version="1", lifespan=lifespan,
                  description="Tamper-evident audit log for compliance (scope audit:read).")

    async def cassandra_ready() -> bool:
        import asyncio

        api: AuditApi = app.state.api
        return await asyncio.to_thread(api.connection.ping)

    app.include_router(health_router({"cassandra": cassandra_ready}))

    @app.get("/v1/audit", summary="Audit entries about a subject and/or by an actor",
             responses={400: {"description": "bad parameters"}, 401: {"description": "no or bad token"},
                        403: {"description": "scope audit:read required"},
                        503: {"description": "audit store unavailable, or the access could not be audited"}})
    def query_audit(
        api: Api,
        principal: ComplianceReader,
        subject: Annotated[str | None, Query(description="user id whose data was touched")] = None,
        actor: Annotated[str | None, Query(description="who acted, e.g. device:cuff-7, service:anomaly")] = None,
        since: Annotated[str | None, Query(description="ISO 8601, YYYY-MM-DD or epoch ms (recorded_at)")] = None,
        until: Annotated[str | None, Query(description="exclusive end; default now")] = None,
        limit: Annotated[int | None, Query(description="max entries (default 100, at most 1000)")] = None,
    ) -> dict[str, Any]:
        endpoint = "/v1/audit"
        cfg = api.settings
        try:
            query = parse_query(subject=subject, actor=actor, since=since, until=until, limit=limit,
                                now_ms=_now_ms(), default_window_s=cfg.query_default_window_s,
                                max_days=cfg.query_max_days, default_limit=cfg.query_default_limit,
                                max_limit=cfg.query_max_limit)
        except BadQuery as error:
            raise _bad_request(api, principal, "audit.query", error, endpoint) from error
        try:
            result = search(api.store(), query)
        except StoreUnavailable as error:
            raise _store_down(api, principal, "audit.query", query.subject, endpoint, error) from error
        details = {"since": str(query.since_ms), "until": str(query.until_ms), "returned": str(len(result.entries)),
                   "http_status": "200"}
        if query.actor:
            details["actor_filter"] = query.actor
        if not api.audit(principal, "audit.query", "audit_log", subject=query.subject, outcome="success",
                         details=details, wait=True):
            raise _refuse_unaudited(endpoint)
        ACCESS_REQUESTS.labels(endpoint, "ok").inc()
        return {
            "entries": [entry.to_dict() for entry in result.entries],
            "count": len(result.entries),
            "truncated": result.truncated,
            "dangling_index_rows": result.dangling,
            "since": query.since_ms,
            "until": query.until_ms,
        }

    @app.get("/v1/audit/verify", summary="Verify the hash chains of a day (default: the recent days)",
             responses={400: {"description": "bad day"}, 401: {"description": "no or bad token"},
                        403: {"description": "scope audit:read required"},
                        503: {"description": "audit store unavailable, or the access could not be audited"}})
    def verify_audit(
        api: Api,
        principal: ComplianceReader,
        day: Annotated[str | None, Query(description="UTC day YYYY-MM-DD; default the recent days")] = None,
        days: Annotated[int | None, Query(description="how many recent days when no day is given")] = None,
    ) -> dict[str, Any]:
        endpoint = "/v1/audit/verify"
        cfg = api.settings
        try:
            if day is not None:
                wanted = [parse_day(day)]
            else:
                count = cfg.verify_default_days if days is None else days
                if not 1 <= count <= cfg.verify_max_days:
                    raise BadQuery(f"days must be between 1 and {cfg.verify_max_days}")
                wanted = recent_days(_now_ms(), count)
        except BadQuery as error:
            raise _bad_request(api, principal, "audit.verify", error, endpoint) from error
        try:
            reports = verify_days(api.store(), wanted, chain_partitions())
        except StoreUnavailable as error:
            raise _store_down(api, principal, "audit.verify", None, endpoint, error) from error
        broken = [report for report in reports if not report.ok]
        if not api.audit(principal, "audit.verify", "audit_log", subject=None, outcome="success",
                         details={"days": ",".join(wanted), "chains": str(len(reports)),
                                  "broken": str(len(broken)), "http_status": "200"}, wait=True):
            raise _refuse_unaudited(endpoint)
        ACCESS_REQUESTS.labels(endpoint, "ok").inc()
        if broken:
            log.warning("audit_chain_broken", chains=[report.chain_id for report in broken])
        return {
            "ok": not broken,
            "days": wanted,
            "chains": [report.to_dict() for report in reports],
            "broken": len(broken),
        }

    return app


def main() -> None:
    settings = get_settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level=settings.platform.log_level.lower(), access_log=False)


if __name__ == "__main__":
    main()
