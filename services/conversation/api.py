"""The conversation API (DESIGN.md "Conversation API"). The user id always comes from the token's `sub`;
nothing in a path, query or body can name another user. Every data access is audited, refused ones included.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.common.auth import SCOPE_CHAT, SCOPE_CLINICIAN, Principal, authenticate
from services.common.contracts import Topic
from services.common.logging import get_logger
from services.conversation import metrics
from services.conversation.adapters.cassandra import StoreUnavailable
from services.conversation.adapters.preferences import PreferencesUnavailable
from services.conversation.chat import CONVERSATION_ID_MAX
from services.conversation.crypto import DecryptionError
from services.conversation.domain import preferences as prefs
from services.conversation.domain.events import emergency_event
from services.conversation.domain.summaries import METRICS, local_datetime
from services.conversation.guards.emergency import MAX_SCAN_CHARS
from services.conversation.ids import new_id
from services.conversation.orchestration import AnomalyNote
from services.conversation.runtime import Runtime

log = get_logger(__name__)

ID_PATTERN = rf"^[A-Za-z0-9_-]{{1,{CONVERSATION_ID_MAX}}}$"
READINGS_MAX_DAYS = 365
READINGS_DEFAULT_LIMIT = 1000
READINGS_MAX_LIMIT = 5000
ESCALATIONS_MAX_DAYS = 30
PREFERENCES_RETRY_AFTER_S = 30
HISTORY_UNAVAILABLE = "Your chat history is temporarily unavailable. Please try again in a few minutes."
INBOX_UNAVAILABLE = "Your nudges inbox is temporarily unavailable. Please try again in a few minutes."
READINGS_UNAVAILABLE = "Your readings are temporarily unavailable. Please try again in a few minutes."
PREFERENCES_UNAVAILABLE = "Your preferences are temporarily unavailable. Please try again in a few minutes."
ESCALATIONS_UNAVAILABLE = "The escalation queue is temporarily unavailable. Please try again in a minute."

_bearer = HTTPBearer(auto_error=False)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


async def runtime(request: Request) -> Runtime:
    # async (like every dependency here): FastAPI runs sync dependencies in a thread pool, a thread hop per call.
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(runtime)]


def _principal(scope: str, action: str) -> Callable[..., Awaitable[Principal]]:
    """Authenticates the caller and checks `scope`; refusals (401/403) are audited before they are raised."""

    async def dependency(request: Request, rt: RuntimeDep,
                         credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
        try:
            principal = authenticate(credentials)
        except HTTPException as error:
            rt.auditor.record(actor="anonymous", action=action, resource=request.url.path, subject=None,
                              outcome="denied", now_ms=now_ms(), reason=str(error.detail),
                              http_status=error.status_code)
            metrics.ACCESS.labels(action, "denied").inc()
            raise
        if scope not in principal.scopes:
            rt.auditor.record(actor=principal.actor, action=action, resource=request.url.path,
                              subject=principal.sub if scope == SCOPE_CHAT else None, outcome="denied",
                              now_ms=now_ms(), reason=f"scope {scope} required", http_status=403)
            metrics.ACCESS.labels(action, "denied").inc()
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"scope '{scope}' required")
        return principal

    return dependency


ChatUser = Annotated[Principal, Depends(_principal(SCOPE_CHAT, "chat.turn"))]
HistoryUser = Annotated[Principal, Depends(_principal(SCOPE_CHAT, "conversations.read"))]
NudgesUser = Annotated[Principal, Depends(_principal(SCOPE_CHAT, "nudges.read"))]
ReadingsUser = Annotated[Principal, Depends(_principal(SCOPE_CHAT, "readings.read"))]
PreferencesUser = Annotated[Principal, Depends(_principal(SCOPE_CHAT, "preferences.access"))]
Clinician = Annotated[Principal, Depends(_principal(SCOPE_CLINICIAN, "escalations.access"))]


def _audit(rt: Runtime, principal: Principal, action: str, resource: str, subject: str | None, outcome: str,
           **details: object) -> None:
    rt.auditor.record(actor=principal.actor, action=action, resource=resource, subject=subject, outcome=outcome,
                      now_ms=now_ms(), **details)
    metrics.ACCESS.labels(action, outcome).inc()


def _iso(ms: int | None, offset_min: int = 0) -> str | None:
    return local_datetime(ms, offset_min).isoformat() if ms is not None else None


def _parse_instant(value: str | None, name: str) -> int | None:
    """Epoch milliseconds or an ISO 8601 time with offset → epoch ms; 422 otherwise."""
    if value is None or value == "":
        return None
    if re.fullmatch(r"\d{1,16}", value):
        return int(value)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise HTTPException(422, detail=f"{name} must be epoch milliseconds or ISO 8601 with offset") from error
    if moment.tzinfo is None:
        raise HTTPException(422, detail=f"{name} needs a UTC offset (e.g. 2026-11-25T07:55:00-05:00)")
    return int(moment.timestamp() * 1000)


# -- chat ------------------------------------------------------------------------------------------------------

class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(max_length=MAX_SCAN_CHARS, description="The user's message (plain text)")
    conversation_id: str | None = Field(default=None, pattern=ID_PATTERN,
                                        description="Continue this conversation; omit to start a new one")

    @field_validator("message")
    @classmethod
    def _not_blank(cls, message: str) -> str:
        # Bad input, not a turn: a 422 with the reason, nothing counted against the daily limit.
        if not message.strip():
            raise ValueError("message must not be empty")
        return message


class ChatResponse(BaseModel):
    conversation_id: str
    turn_id: str
    reply: str
    kind: Literal["answer", "emergency", "off_topic", "unsupported_language", "refused", "fallback"]
    disclaimer: str | None = None


class RateLimitedResponse(BaseModel):
    kind: Literal["rate_limited"]
    reply: str
    retry_after_s: int


router = APIRouter(prefix="/v1")


@router.post("/chat", summary="Send a chat message", response_model=ChatResponse, response_model_exclude_none=True,
             responses={429: {"model": RateLimitedResponse}, 404: {"description": "unknown conversation"}})
async def chat(body: ChatRequest, principal: ChatUser, rt: RuntimeDep) -> JSONResponse:
    reply = await rt.chat.handle(user_id=principal.sub, actor=principal.actor, message=body.message,
                                 conversation_id=body.conversation_id, now_ms=now_ms())
    return JSONResponse(reply.body, status_code=reply.status_code, headers=reply.headers)


# -- history ---------------------------------------------------------------------------------------------------

@router.get("/conversations", summary="The user's conversations (30-day retention), newest first")
async def list_conversations(principal: HistoryUser, rt: RuntimeDep) -> dict[str, Any]:
    try:
        found = await rt.chats.conversations(principal.sub)
    except StoreUnavailable:
        metrics.DEPENDENCY_FAILURES.labels("cassandra", "conversations").inc()
        _audit(rt, principal, "conversations.list", "conversations", principal.sub, "error", reason="store_unavailable")
        return {"available": False, "detail": HISTORY_UNAVAILABLE, "conversations": []}
    _audit(rt, principal, "conversations.list", "conversations", principal.sub, "success", count=len(found))
    return {"available": True, "conversations": [
        {"conversation_id": c.conversation_id, "started_at": _iso(c.started_at), "last_turn_at": _iso(c.last_turn_at)}
        for c in found]}


@router.get("/conversations/{conversation_id}", summary="One of the user's conversations, oldest turn first",
            responses={404: {"description": "not one of the caller's conversations"}})
async def get_conversation(principal: HistoryUser, rt: RuntimeDep,
                           conversation_id: Annotated[str, Path(pattern=ID_PATTERN)]) -> dict[str, Any]:
    resource = f"conversation:{conversation_id}"
    try:
        turns = await rt.chats.turns(principal.sub, conversation_id)
    except StoreUnavailable:
        metrics.DEPENDENCY_FAILURES.labels("cassandra", "conversation").inc()
        _audit(rt, principal, "conversations.read", resource, principal.sub, "error", reason="store_unavailable")
        return {"available": False, "detail": HISTORY_UNAVAILABLE, "conversation_id": conversation_id, "turns": []}
    if not turns:
        _audit(rt, principal, "conversations.read", resource, principal.sub, "denied", reason="not_found")
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="conversation not found")
    out = []
    for turn in turns:
        try:
            message = rt.cipher.decrypt(turn.message_ct, turn.key_id, aad=principal.sub)
            reply = rt.cipher.decrypt(turn.reply_ct, turn.key_id, aad=principal.sub)
        except DecryptionError:
            continue  # its key was retired: the text is gone (crypto-shredded)
        item: dict[str, Any] = {"turn_id": turn.turn_id, "created_at": _iso(turn.created_at), "kind": turn.kind,
                                "message": message, "reply": reply}
        if turn.disclaimer:
            item["disclaimer"] = turn.disclaimer
        out.append(item)
    _audit(rt, principal, "conversations.read", resource, principal.sub, "success", turns=len(out))
    return {"available": True, "conversation_id": conversation_id, "turns": out}


# -- nudges inbox ----------------------------------------------------------------------------------------------

@router.get("/nudges", summary="The user's nudges inbox, newest first")
async def list_nudges(principal: NudgesUser, rt: RuntimeDep,
                      since: Annotated[str | None, Query(description="epoch ms or ISO 8601 with offset")] = None,
                      include_expired: bool = False) -> dict[str, Any]:
    since_ms = _parse_instant(since, "since")
    try:
        found = await rt.inbox.nudges(principal.sub, since_ms=since_ms, now_ms=now_ms(),
                                      include_expired=include_expired)
    except StoreUnavailable:
        metrics.DEPENDENCY_FAILURES.labels("cassandra", "nudges").inc()
        _audit(rt, principal, "nudges.read", "nudges", principal.sub, "error", reason="store_unavailable")
        return {"available": False, "detail": INBOX_UNAVAILABLE, "nudges": []}
    _audit(rt, principal, "nudges.read", "nudges", principal.sub, "success", count=len(found))
    return {"available": True, "nudges": [
        {"nudge_id": n.nudge_id, "trigger": n.trigger, "title": n.title, "body": n.body, "variant": n.variant,
         "created_at": _iso(n.created_at), "created_at_ms": n.created_at, "expires_at": _iso(n.expires_at)}
        for n in found]}


# -- readings --------------------------------------------------------------------------------------------------

@router.get("/readings", summary="The user's readings with their flags, newest first")
async def list_readings(
    principal: ReadingsUser, rt: RuntimeDep,
    metric: Annotated[Literal["blood_pressure", "heart_rate", "steps", "sleep", "weight"] | None,
                      Query(description="one metric; all when omitted")] = None,
    days: Annotated[int, Query(ge=1, le=READINGS_MAX_DAYS)] = 7,
    limit: Annotated[int, Query(ge=1, le=READINGS_MAX_LIMIT, description="per metric")] = READINGS_DEFAULT_LIMIT,
) -> dict[str, Any]:
    until = now_ms()
    since = until - days * 86_400_000
    metrics_asked = [metric] if metric else list(METRICS)
    out: list[dict[str, Any]] = []
    try:
        for name in metrics_asked:
            for stored in await rt.readings.readings(principal.sub, name, since, until, limit):
                point = stored.point
                out.append({
                    "reading_id": point.reading_id, "metric": point.metric,
                    "measured_at": _iso(point.measured_at, point.utc_offset_min), "measured_at_ms": point.measured_at,
                    "utc_offset_min": point.utc_offset_min,
                    "value": {k: v for k, v in point.value.items() if v is not None},
                    "flags": list(point.flags), "source": stored.source, "device_id": stored.device_id,
                })
    except StoreUnavailable:
        metrics.DEPENDENCY_FAILURES.labels("cassandra", "readings").inc()
        _audit(rt, principal, "readings.read", "readings", principal.sub, "error", reason="store_unavailable",
               metric=metric or "all", days=days)
        return {"available": False, "detail": READINGS_UNAVAILABLE, "readings": []}
    out.sort(key=lambda r: r["measured_at_ms"], reverse=True)
    anomalies_available = await _attach_anomalies(rt, principal.sub, since, out)
    _audit(rt, principal, "readings.read", "readings", principal.sub, "success", metric=metric or "all", days=days,
           count=len(out))
    return {"available": True, "metric": metric, "days": days, "anomalies_available": anomalies_available,
            "readings": out}


async def _attach_anomalies(rt: Runtime, user_id: str, since_ms: int, readings: list[dict[str, Any]]) -> bool:
    """Each reading's `flags` also name what the anomaly service found in it (its category codes), and its
    `anomalies` list those findings. Best effort: without the anomaly store the readings still come back with
    their ingest flags only (returns False)."""
    for reading in readings:
        reading["anomalies"] = []
    try:
        # anomalies are stamped with stream time (about the reading's measured_at): a day of slack
        notes = await rt.anomalies.anomalies(user_id, since_ms - 86_400_000)
    except StoreUnavailable:
        metrics.DEPENDENCY_FAILURES.labels("cassandra", "anomalies").inc()
        return False
    by_reading: dict[str, dict[str, AnomalyNote]] = {}
    for note in notes:  # a replayed anomaly may be stored twice (same id, another detected_at): once here
        if note.reading_id is not None:
            by_reading.setdefault(note.reading_id, {}).setdefault(note.anomaly_id, note)
    for reading in readings:
        for note in by_reading.get(reading["reading_id"], {}).values():
            reading["anomalies"].append({"anomaly_id": note.anomaly_id, "kind": note.kind,
                                         "severity": note.severity, "category": note.category,
                                         "message": note.message})
            if note.category not in reading["flags"]:
                reading["flags"].append(note.category)
    return True


# -- preferences -----------------------------------------------------------------------------------------------

@router.get("/preferences", summary="The user's preferences (defaults when none are saved)")
async def get_preferences(principal: PreferencesUser, rt: RuntimeDep) -> dict[str, Any]:
    try:
        stored = await rt.preferences_store.load(principal.sub)
    except PreferencesUnavailable:
        metrics.DEPENDENCY_FAILURES.labels("mongo", "preferences_read").inc()
        _audit(rt, principal, "preferences.read", "preferences", principal.sub, "error", reason="store_unavailable")
        return {"available": False, "detail": PREFERENCES_UNAVAILABLE}
    snapshot = stored if stored is not None else prefs.normalise(None)
    if stored is not None:
        rt.preferences.put(principal.sub, snapshot)
    _audit(rt, principal, "preferences.read", "preferences", principal.sub, "success")
    return {"available": True, **prefs.to_api(snapshot)}


@router.patch("/preferences", summary="Change some preferences; publishes the new snapshot on preferences.v1",
              responses={422: {"description": "invalid field(s), each with a reason"},
                         503: {"description": "the preferences store is down; nothing was changed"}})
async def patch_preferences(request: Request, principal: PreferencesUser, rt: RuntimeDep) -> Any:
    at = now_ms()
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="body must be a JSON object") from error
    if not isinstance(body, dict):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="body must be a JSON object")
    try:
        patch = prefs.parse_patch(body, at)
    except ValidationError as error:
        reasons = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "reason": e["msg"]} for e in error.errors()]
        _audit(rt, principal, "preferences.update", "preferences", principal.sub, "denied", reason="invalid",
               fields=",".join(r["field"] for r in reasons))
        raise HTTPException(422, detail=reasons) from None
    changes = patch.changes()
    if not changes:
        raise HTTPException(422, detail="no preference to change in the body")
    try:
        snapshot = await rt.preferences_store.apply(principal.sub, changes, at)
    except PreferencesUnavailable as error:
        # A write that could not happen: said plainly, nothing changed, retry later (the only 503 of this API).
        log.warning("preferences_write_failed", error_type=str(error))  # the driver's exception class, no data
        metrics.DEPENDENCY_FAILURES.labels("mongo", "preferences_write").inc()
        _audit(rt, principal, "preferences.update", "preferences", principal.sub, "error", reason="store_unavailable")
        return JSONResponse({"available": False, "detail": PREFERENCES_UNAVAILABLE + " Nothing was changed."},
                            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
                            headers={"Retry-After": str(PREFERENCES_RETRY_AFTER_S)})
    rt.preferences.put(principal.sub, snapshot)
    rt.publisher.publish(Topic.PREFERENCES, principal.sub, prefs.to_record(principal.sub, snapshot))
    _audit(rt, principal, "preferences.update", "preferences", principal.sub, "success",
           fields=",".join(sorted(changes)))
    return {"available": True, **prefs.to_api(snapshot)}


# -- escalations (clinicians) ----------------------------------------------------------------------------------

class EscalationRequest(BaseModel):
    """A clinician files an escalation by hand (e.g. after a phone call); it joins the same queue."""

    model_config = ConfigDict(extra="forbid")

    user_id: str = Field(min_length=1, max_length=128)
    category: str = Field(default="other", pattern=r"^[a-z][a-z0-9_]{0,39}$")
    note: str = Field(default="", max_length=2000)


@router.get("/escalations", summary="The emergency escalation queue (clinicians)")
async def list_escalations(principal: Clinician, rt: RuntimeDep,
                           state: Annotated[Literal["open", "acknowledged", "all"], Query(alias="status")] = "open",
                           days: Annotated[int, Query(ge=1, le=ESCALATIONS_MAX_DAYS)] = 7) -> dict[str, Any]:
    try:
        found = await rt.escalations.recent(now_ms(), days)
    except StoreUnavailable:
        metrics.DEPENDENCY_FAILURES.labels("cassandra", "escalations").inc()
        _audit(rt, principal, "escalations.list", "escalations", None, "error", reason="store_unavailable")
        return {"available": False, "detail": ESCALATIONS_UNAVAILABLE, "escalations": []}
    if state == "open":
        found = [e for e in found if e.acknowledged_at is None]
    elif state == "acknowledged":
        found = [e for e in found if e.acknowledged_at is not None]
    out = []
    for e in found:
        message = None
        if e.message_ct and e.key_id:
            try:
                message = rt.cipher.decrypt(e.message_ct, e.key_id)
            except DecryptionError:
                message = None
        out.append({"escalation_id": e.escalation_id, "user_id": e.user_id, "conversation_id": e.conversation_id,
                    "turn_id": e.turn_id, "category": e.category, "signals": list(e.signals), "message": message,
                    "created_at": _iso(e.created_at), "acknowledged_at": _iso(e.acknowledged_at),
                    "acknowledged_by": e.acknowledged_by})
    _audit(rt, principal, "escalations.list", "escalations", None, "success", count=len(out), status=state)
    return {"available": True, "escalations": out}


@router.post("/escalations", status_code=status.HTTP_202_ACCEPTED, summary="File an escalation (clinicians)")
async def create_escalation(body: EscalationRequest, principal: Clinician, rt: RuntimeDep) -> dict[str, Any]:
    at = now_ms()
    escalation_id = new_id()
    sealed = rt.cipher.encrypt(body.note)
    rt.publisher.publish(Topic.EMERGENCIES, body.user_id, emergency_event(
        escalation_id=escalation_id, user_id=body.user_id, conversation_id="", turn_id="", category=body.category,
        signals=["clinician_report"], message_ciphertext=sealed.blob, key_id=sealed.key_id, created_at=at))
    _audit(rt, principal, "escalation.create", f"escalation:{escalation_id}", body.user_id, "success",
           category=body.category)
    return {"escalation_id": escalation_id, "status": "queued"}


@router.post("/escalations/{escalation_id}/ack", summary="Acknowledge an escalation (clinicians)",
             responses={404: {"description": "unknown escalation"}, 409: {"description": "already acknowledged"},
                        503: {"description": "the queue is down; nothing was changed"}})
async def acknowledge_escalation(principal: Clinician, rt: RuntimeDep,
                                 escalation_id: Annotated[str, Path(pattern=ID_PATTERN)]) -> Any:
    resource = f"escalation:{escalation_id}"
    at = now_ms()
    try:
        escalation = await rt.escalations.get(escalation_id)
        if escalation is None:
            _audit(rt, principal, "escalation.ack", resource, None, "denied", reason="not_found")
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="escalation not found")
        recorded = await rt.escalations.acknowledge(escalation, principal.actor, at)
        if not recorded:
            current = await rt.escalations.get(escalation_id)
            _audit(rt, principal, "escalation.ack", resource, escalation.user_id, "denied",
                   reason="already_acknowledged")
            raise HTTPException(status.HTTP_409_CONFLICT, detail={
                "reason": "already acknowledged",
                "acknowledged_by": current.acknowledged_by if current else None,
                "acknowledged_at": _iso(current.acknowledged_at) if current else None})
    except StoreUnavailable:
        metrics.DEPENDENCY_FAILURES.labels("cassandra", "escalation_ack").inc()
        _audit(rt, principal, "escalation.ack", resource, None, "error", reason="store_unavailable")
        return JSONResponse({"available": False, "detail": ESCALATIONS_UNAVAILABLE + " Nothing was changed."},
                            status_code=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "10"})
    _audit(rt, principal, "escalation.ack", resource, escalation.user_id, "success", category=escalation.category)
    return {"escalation_id": escalation_id, "acknowledged_at": _iso(at), "acknowledged_by": principal.actor}
