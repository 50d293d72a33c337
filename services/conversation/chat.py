"""One chat turn, end to end: input guards → abuse policy → context → orchestrator → persist + publish.

Order matters for safety:
1. The emergency guard runs first and wins over everything: an emergency gets its fixed 911/988 reply even
   from a user over the daily limit, sending rapid repeats or spamming, and even when every store is down
   (its count and its storage never hold up the reply).
2. Then the burst rule (progressive delays, per replica), the shared daily limit, identical-message spam,
   and the other input guards (size, injection, language, topic), each with a fixed reply.
3. Only a message that passed all of them reaches the orchestrator, with `UserData` bound to the token's user.

Rollout flags (services/common/flags.py, followed at runtime): `guards.v2` picks the input-guard version per
user, `llm_orchestrator` whether the LLM orchestrator or the offline responder answers. Neither can switch the
emergency guard off: every guard version runs it first, and it decides before any orchestrator is chosen.

Dependency outages degrade, never fail: without Cassandra the reply still comes (history said to be
unavailable, the daily count per replica); without the preferences store the defaults are used and the reply
says so; an orchestrator error or timeout gives the fallback reply.
"""

from __future__ import annotations

import asyncio
import inspect
import math
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field, replace
from typing import Any

from services.common.contracts import Topic
from services.common.flags import GUARDS_V2, FlagStore, known_default
from services.common.logging import get_logger
from services.conversation import metrics
from services.conversation.adapters.cassandra import StoreUnavailable
from services.conversation.adapters.events import Auditor, Publisher
from services.conversation.adapters.preferences import PreferencesCache
from services.conversation.adapters.stores import AnomalyStore, ChatStore, DailyCounter, ReadingsStore
from services.conversation.adapters.user_data import CassandraUserData
from services.conversation.crypto import DecryptionError, TextCipher
from services.conversation.domain.events import chat_turn_event, emergency_event
from services.conversation.domain.preferences import utc_offset_min
from services.conversation.domain.recent import RecentActivity
from services.conversation.guards import abuse, replies
from services.conversation.guards.pipeline import GuardResult, run_input_guards
from services.conversation.ids import new_id
from services.conversation.orchestration import HistoryTurn, Orchestrator, TurnRequest, TurnResult
from services.conversation.orchestrators import OrchestratorChoice

log = get_logger(__name__)

# The reply of an emergency must not wait on a sick store: its writes get this long, then go on in background.
EMERGENCY_STORE_TIMEOUT_S = 0.5
# The shared daily count is one counter update + read; a slow store is skipped after this (per-replica count).
COUNTER_TIMEOUT_S = 0.5

# Fallback replies (the plan's texts; kind "fallback").
FALLBACK_ERROR_REPLY = "Something went wrong on my side. Please try again in a moment."
FALLBACK_TIMEOUT_REPLY = "I'm experiencing high demand right now. Please try again in a moment."
# Said plainly when a store is down.
HISTORY_UNAVAILABLE_NOTE = (
    "(Note: I can't reach your chat history right now, so this conversation may not be saved.)"
)
PREFERENCES_UNAVAILABLE_NOTE = (
    "(Note: your preferences are temporarily unavailable, so I used the default settings.)"
)
CONVERSATION_ID_MAX = 64


@dataclass
class ChatReply:
    status_code: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class ConversationNotFound(Exception):
    """The conversation id is not one of this user's (or has expired)."""


class _Stages:
    """Per-stage timings: Prometheus histograms and the Server-Timing header."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.timings: dict[str, float] = {}

    async def run(self, stage: str, awaitable: Awaitable[Any]) -> Any:
        begin = time.perf_counter()
        try:
            return await awaitable
        finally:
            self.observe(stage, time.perf_counter() - begin)

    def observe(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds
        metrics.STAGE_LATENCY.labels(stage).observe(seconds)

    def elapsed_ms(self) -> int:
        return int((time.perf_counter() - self.started) * 1000)

    def header(self) -> str:
        total = (time.perf_counter() - self.started) * 1000
        parts = [f"{name};dur={seconds * 1000:.2f}" for name, seconds in self.timings.items()]
        return ", ".join([*parts, f"total;dur={total:.2f}"])


class ChatService:
    def __init__(self, *, cipher: TextCipher, chat_store: ChatStore, counter: DailyCounter,
                 preferences: PreferencesCache, readings: ReadingsStore, anomalies: AnomalyStore,
                 orchestrator: Orchestrator | OrchestratorChoice, publisher: Publisher, auditor: Auditor,
                 recent: RecentActivity, daily_limit: int = abuse.DAILY_MESSAGE_LIMIT, burst_delays: bool = True,
                 history_turns: int = 10, turn_timeout_s: float = 10.0, store_timeout_s: float = 2.0,
                 flags: FlagStore | None = None) -> None:
        self.cipher = cipher
        self.chat_store = chat_store
        self.counter = counter
        self.preferences = preferences
        self.readings = readings
        self.anomalies = anomalies
        # A bare orchestrator answers every turn (tests, benchmarks); the runtime passes the per-user choice.
        self.orchestrators = orchestrator if isinstance(orchestrator, OrchestratorChoice) \
            else OrchestratorChoice(offline=orchestrator)
        self.flags = flags  # None: every flag at its code default
        self.publisher = publisher
        self.auditor = auditor
        self.recent = recent
        self.daily_limit = daily_limit
        self.burst_delays = burst_delays
        self.history_turns = history_turns
        self.turn_timeout_s = turn_timeout_s
        self.store_timeout_s = store_timeout_s
        self._background: set[asyncio.Task[Any]] = set()

    # -- the turn --------------------------------------------------------------------------------------------

    async def handle(self, *, user_id: str, actor: str, message: str, conversation_id: str | None,
                     now_ms: int) -> ChatReply:
        stages = _Stages()
        begin = time.perf_counter()
        guards_v2 = self._flag(GUARDS_V2, user_id)
        guard = input_guards(message, now_ms=now_ms, user_id=user_id, v2=guards_v2)
        stages.observe("guards", time.perf_counter() - begin)
        metrics.GUARD_VERSION_TURNS.labels("v2" if guards_v2 else "v1").inc()
        turn_id = new_id()
        if guard.kind == "emergency":
            return await self._emergency(stages, guard, user_id, actor, message, conversation_id, turn_id, now_ms)

        prefs = await stages.run("preferences", self.preferences.get(user_id))
        offset = utc_offset_min(str(prefs.snapshot.get("timezone") or "UTC"), now_ms)

        message_key = abuse.message_hash(message)
        if self.burst_delays:
            delay_s = abuse.progressive_delay_s(self.recent.repeat_times(user_id, now_ms, message_key), now_ms)
            if delay_s > 0:
                self.recent.record(user_id, now_ms, message_key, answered=False)
                return self._rate_limited(stages, "burst", replies.SLOW_DOWN_REPLY, math.ceil(delay_s), user_id,
                                          actor, message, conversation_id, turn_id, now_ms)

        # The shared count and the conversation's history are independent reads: do them together.
        counting = stages.run("daily_count", self.counter.count_message(
            user_id, abuse.local_day(now_ms, offset), timeout_s=COUNTER_TIMEOUT_S))
        if conversation_id is not None:
            (count, shared), loaded = await _count_and_history(
                counting, stages.run("history", self._history(user_id, conversation_id)))
        else:
            (count, shared), loaded = await counting, ()
        if not shared:
            metrics.COUNTER_FALLBACKS.inc()
        if count - 1 >= self.daily_limit:  # the messages before this one already reached the limit
            self.recent.record(user_id, now_ms, message_key, answered=False)
            return self._rate_limited(stages, "daily_limit", replies.RATE_LIMIT_REPLY,
                                      abuse.retry_after_s(now_ms, offset), user_id, actor, message,
                                      conversation_id, turn_id, now_ms)

        history: tuple[HistoryTurn, ...] = ()
        history_ok = True
        orchestrator_name: str | None = None  # which orchestrator answered (None: a guard or the spam rule did)
        new_conversation = conversation_id is None
        if isinstance(loaded, ConversationNotFound):
            self.auditor.record(actor=actor, action="chat.turn", resource=f"conversation:{conversation_id}",
                                subject=user_id, outcome="denied", now_ms=now_ms, reason="conversation_not_found")
            metrics.ACCESS.labels("chat.turn", "denied").inc()
            return ChatReply(404, {"detail": "conversation not found"})
        if isinstance(loaded, StoreUnavailable):
            metrics.DEPENDENCY_FAILURES.labels("cassandra", "history").inc()
            history_ok = False
        elif isinstance(loaded, tuple):
            history = loaded

        spam = abuse.is_identical_spam(self.recent.hashes(user_id, now_ms), message)
        self.recent.record(user_id, now_ms, message_key)
        conversation_id = conversation_id or new_id()

        if spam:
            metrics.GUARD_HITS.labels("spam", "identical").inc()
            result = TurnResult(replies.SPAM_REPLY)
            kind, flags = "refused", ["identical_spam"]
        elif guard.kind is not None:
            metrics.GUARD_HITS.labels(_guard_name(guard), guard.category or "none").inc()
            result = TurnResult(guard.reply or replies.REFUSED_REPLY)
            kind, flags = guard.kind, list(guard.flags)
        else:
            data = CassandraUserData(user_id, now_ms, self.readings, self.anomalies, self.preferences)
            request = TurnRequest(user_id=user_id, conversation_id=conversation_id, turn_id=turn_id, message=message,
                                  now_ms=now_ms, history=history, language=guard.category or "en")
            orchestrator, orchestrator_name = self.orchestrators.for_user(user_id)
            result = await stages.run("orchestrator", self._respond(orchestrator, request, data))
            metrics.ORCHESTRATOR_TURNS.labels(orchestrator_name, result.kind).inc()
            kind, flags = result.kind, list(result.flags)
            if not data.preferences_available:
                prefs = replace(prefs, available=False)

        reply = result.reply
        if not prefs.available and kind in ("answer", "fallback"):
            reply = f"{reply}\n\n{PREFERENCES_UNAVAILABLE_NOTE}"
            flags.append("preferences_unavailable")
        saved = await stages.run("persist", self._save(
            user_id=user_id, conversation_id=conversation_id, turn_id=turn_id, now_ms=now_ms, kind=kind,
            message=message, reply=reply, disclaimer=result.disclaimer, flags=flags, language=_language(guard),
            latency_ms=stages.elapsed_ms(), new_conversation=new_conversation, timeout_s=self.store_timeout_s))
        if not (saved and history_ok):
            reply = f"{reply}\n\n{HISTORY_UNAVAILABLE_NOTE}"
            flags.append("history_unavailable")

        body: dict[str, Any] = {"conversation_id": conversation_id, "turn_id": turn_id, "reply": reply, "kind": kind}
        if result.disclaimer:
            body["disclaimer"] = result.disclaimer
        self._finish(stages, kind, flags, result, user_id, actor, message, reply, conversation_id, turn_id, now_ms,
                     language=_language(guard), orchestrator=orchestrator_name, guards="v2" if guards_v2 else "v1")
        if new_conversation:
            metrics.CONVERSATIONS_STARTED.inc()
        return ChatReply(200, body, {"Server-Timing": stages.header()})

    async def _emergency(self, stages: _Stages, guard: GuardResult, user_id: str, actor: str, message: str,
                         conversation_id: str | None, turn_id: str, now_ms: int) -> ChatReply:
        """The fixed reply, an escalation on emergencies.v1 and an audit event. The count is not waited for, the
        turn's storage at most EMERGENCY_STORE_TIMEOUT_S (then it finishes in the background)."""
        metrics.GUARD_HITS.labels("emergency", guard.category or "other").inc()
        new_conversation = conversation_id is None
        conversation_id = conversation_id or new_id()
        reply = guard.reply or replies.EMERGENCY_REPLY
        escalation_id = new_id()
        sealed = self.cipher.encrypt(message)
        signals = [flag for flag in guard.flags if not flag.startswith("emergency:")]
        self.publisher.publish(Topic.EMERGENCIES, user_id, emergency_event(
            escalation_id=escalation_id, user_id=user_id, conversation_id=conversation_id, turn_id=turn_id,
            category=guard.category or "other", signals=signals, message_ciphertext=sealed.blob,
            key_id=sealed.key_id, created_at=now_ms))
        self.auditor.record(actor=actor, action="emergency.escalate", resource=f"escalation:{escalation_id}",
                            subject=user_id, outcome="success", now_ms=now_ms, category=guard.category,
                            conversation_id=conversation_id, turn_id=turn_id)
        # Counted towards the daily limit (it is a message) but never refused, and never waited for; the local
        # day comes from cached preferences only (no store read on this path).
        cached = self.preferences.peek(user_id)
        offset = utc_offset_min(str(cached.snapshot.get("timezone") or "UTC"), now_ms) if cached else 0
        self._in_background(self.counter.count_message(user_id, abuse.local_day(now_ms, offset),
                                                       timeout_s=COUNTER_TIMEOUT_S))
        self.recent.record(user_id, now_ms, abuse.message_hash(message))
        save = asyncio.ensure_future(self._save(
            user_id=user_id, conversation_id=conversation_id, turn_id=turn_id, now_ms=now_ms, kind="emergency",
            message=message, reply=reply, disclaimer=None, flags=list(guard.flags), language=None,
            latency_ms=stages.elapsed_ms(), new_conversation=new_conversation, timeout_s=self.store_timeout_s))
        begin = time.perf_counter()
        done, _pending = await asyncio.wait({save}, timeout=EMERGENCY_STORE_TIMEOUT_S)
        stages.observe("persist", time.perf_counter() - begin)
        if not done:
            self._background.add(save)
            save.add_done_callback(self._background.discard)
        result = TurnResult(reply)
        self._finish(stages, "emergency", list(guard.flags), result, user_id, actor, message, reply, conversation_id,
                     turn_id, now_ms, language=None)
        if new_conversation:
            metrics.CONVERSATIONS_STARTED.inc()
        body = {"conversation_id": conversation_id, "turn_id": turn_id, "reply": reply, "kind": "emergency"}
        return ChatReply(200, body, {"Server-Timing": stages.header()})

    def _rate_limited(self, stages: _Stages, reason: str, reply: str, retry_after: int, user_id: str, actor: str,
                      message: str, conversation_id: str | None, turn_id: str, now_ms: int) -> ChatReply:
        metrics.RATE_LIMITED.labels(reason).inc()
        self.auditor.record(actor=actor, action="chat.turn", resource="chat", subject=user_id, outcome="denied",
                            now_ms=now_ms, reason=reason, retry_after_s=retry_after)
        metrics.ACCESS.labels("chat.turn", "denied").inc()
        self._finish(stages, "rate_limited", [reason], TurnResult(reply), user_id, actor, message, reply,
                     conversation_id or "", turn_id, now_ms, language=None, audit=False)
        body = {"kind": "rate_limited", "reply": reply, "retry_after_s": retry_after}
        return ChatReply(429, body, {"Retry-After": str(retry_after), "Server-Timing": stages.header()})

    # -- steps -----------------------------------------------------------------------------------------------

    async def _history(self, user_id: str, conversation_id: str) -> tuple[HistoryTurn, ...]:
        """The last turns of the user's own conversation (oldest first); ConversationNotFound when it has none."""
        stored = await self.chat_store.recent_turns(user_id, conversation_id, max(1, self.history_turns))
        if not stored:
            raise ConversationNotFound(conversation_id)
        history: list[HistoryTurn] = []
        for turn in reversed(stored[: self.history_turns] if self.history_turns else []):
            try:
                history.append(HistoryTurn("user", self.cipher.decrypt(turn.message_ct, turn.key_id, aad=user_id),
                                           turn.created_at))
                history.append(HistoryTurn("assistant", self.cipher.decrypt(turn.reply_ct, turn.key_id, aad=user_id),
                                           turn.created_at))
            except DecryptionError:
                continue  # written with a retired key: that turn is gone (crypto-shredded)
        return tuple(history)

    def _flag(self, name: str, user_id: str) -> bool:
        return self.flags.is_enabled(name, user_id) if self.flags is not None else known_default(name)

    async def _respond(self, orchestrator: Orchestrator, request: TurnRequest, data: CassandraUserData) -> TurnResult:
        try:
            return await asyncio.wait_for(orchestrator.respond(request, data), self.turn_timeout_s)
        except TimeoutError:
            log.warning("orchestrator_timeout", timeout_s=self.turn_timeout_s)
            return TurnResult(FALLBACK_TIMEOUT_REPLY, kind="fallback", flags=["timeout"])
        except Exception as error:  # noqa: BLE001 - the seam promises not to raise; if it does, fall back
            log.error("orchestrator_error", error_type=type(error).__name__)
            return TurnResult(FALLBACK_ERROR_REPLY, kind="fallback", flags=["orchestrator_error"])

    async def _save(self, *, user_id: str, conversation_id: str, turn_id: str, now_ms: int, kind: str, message: str,
                    reply: str, disclaimer: str | None, flags: list[str], language: str | None, latency_ms: int,
                    new_conversation: bool, timeout_s: float) -> bool:
        message_sealed = self.cipher.encrypt(message, aad=user_id)
        reply_sealed = self.cipher.encrypt(reply, aad=user_id)
        try:
            await self.chat_store.save_turn(
                user_id=user_id, conversation_id=conversation_id, turn_id=turn_id, created_at=now_ms, kind=kind,
                message_ct=message_sealed.blob, reply_ct=reply_sealed.blob, key_id=message_sealed.key_id,
                disclaimer=disclaimer, flags=flags, language=language, latency_ms=latency_ms,
                new_conversation=new_conversation, timeout_s=timeout_s)
        except StoreUnavailable:
            metrics.DEPENDENCY_FAILURES.labels("cassandra", "save_turn").inc()
            return False
        return True

    def _finish(self, stages: _Stages, kind: str, flags: list[str], result: TurnResult, user_id: str, actor: str,
                message: str, reply: str, conversation_id: str, turn_id: str, now_ms: int, *, language: str | None,
                audit: bool = True, orchestrator: str | None = None, guards: str | None = None) -> None:
        """chat.turns.v1 (text only as ciphertext), the audit event, and the metrics of the turn."""
        latency_ms = stages.elapsed_ms()
        message_sealed = self.cipher.encrypt(message)
        reply_sealed = self.cipher.encrypt(reply)
        self.publisher.publish(Topic.CHAT_TURNS, user_id, chat_turn_event(
            turn_id=turn_id, conversation_id=conversation_id, user_id=user_id, kind=kind, safety_flags=flags,
            usage=result.usage, latency_ms=latency_ms, language=language,
            message_ciphertext=message_sealed.blob, reply_ciphertext=reply_sealed.blob,
            key_id=message_sealed.key_id, created_at=now_ms))
        if audit:
            # Which rollout variants served the turn (orchestrator, guard version): auditable per turn.
            self.auditor.record(actor=actor, action="chat.turn", resource=f"conversation:{conversation_id}",
                                subject=user_id, outcome="success", now_ms=now_ms, kind=kind, turn_id=turn_id,
                                orchestrator=orchestrator, guards=guards)
            metrics.ACCESS.labels("chat.turn", "success").inc()
        metrics.REPLIES.labels(kind).inc()
        metrics.TURN_LATENCY.labels(kind).observe(latency_ms / 1000)
        usage = result.usage
        for name, value in (("input", usage.input_tokens), ("output", usage.output_tokens),
                            ("cache_read", usage.cache_read_tokens), ("cache_write", usage.cache_write_tokens)):
            if value:
                metrics.TOKENS.labels(name).inc(value)
        if usage.cost_usd:
            metrics.COST.inc(usage.cost_usd)

    def _in_background(self, awaitable: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(awaitable)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self) -> None:
        """Wait for background writes (shutdown)."""
        if self._background:
            await asyncio.wait(set(self._background), timeout=5)


async def _count_and_history(counting: Awaitable[tuple[int, bool]], loading: Awaitable[tuple[HistoryTurn, ...]],
                             ) -> tuple[tuple[int, bool], tuple[HistoryTurn, ...] | Exception]:
    """Both at once; the history's expected failures come back as values, anything else is raised."""
    count, loaded = await asyncio.gather(counting, loading, return_exceptions=True)
    if isinstance(count, BaseException):
        raise count
    if isinstance(loaded, BaseException) and not isinstance(loaded, ConversationNotFound | StoreUnavailable):
        raise loaded
    return count, loaded


# guards.v2 is passed to the guard pipeline as `v2=`; the pipeline gains that parameter in a parallel change
# (services/conversation/guards/). Until it has it, both versions run the current guards.
_GUARDS_TAKE_VERSION = "v2" in inspect.signature(run_input_guards).parameters


def input_guards(message: str, *, now_ms: int, user_id: str, v2: bool) -> GuardResult:
    """The input guards of the version the `guards.v2` flag chose for the user. Emergency detection runs first
    in every version (guards/pipeline.py), so no flag can turn it off."""
    if _GUARDS_TAKE_VERSION:
        return run_input_guards(message, now_ms=now_ms, own_user_id=user_id, v2=v2)  # type: ignore[call-arg,unused-ignore]
    return run_input_guards(message, now_ms=now_ms, own_user_id=user_id)


def _guard_name(guard: GuardResult) -> str:
    if guard.kind == "refused":
        return "injection" if guard.category == "injection" else "size"
    return {"unsupported_language": "language", "off_topic": "topic"}.get(guard.kind or "", guard.kind or "none")


def _language(guard: GuardResult) -> str | None:
    if guard.kind in (None, "unsupported_language"):
        return guard.category
    return None

