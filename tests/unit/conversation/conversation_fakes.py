"""In-memory neighbours of the conversation service for unit tests (stores, publisher, user data).

Each fake keeps the real component's interface and can be switched to "down", raising the same error the real
adapter raises when its store is unreachable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from services.conversation.adapters.cassandra import StoreUnavailable
from services.conversation.adapters.events import Auditor
from services.conversation.adapters.preferences import PreferencesCache, PreferencesUnavailable
from services.conversation.adapters.stores import (
    ConversationRow,
    DailyCounter,
    EscalationRow,
    NudgeRow,
    StoredReading,
    StoredTurn,
)
from services.conversation.chat import ChatService
from services.conversation.config import ConversationSettings
from services.conversation.crypto import TextCipher
from services.conversation.domain.preferences import default_preferences, normalise
from services.conversation.domain.recent import RecentActivity
from services.conversation.domain.responder import OfflineResponder
from services.conversation.orchestration import AnomalyNote, Metric, Orchestrator, ReadingPoint
from services.conversation.runtime import Runtime

MS_PER_DAY = 86_400_000
KEY_A = "11" * 32
KEY_B = "22" * 32


def cipher(active: str = "a", **keys: str) -> TextCipher:
    configured = keys or {"a": KEY_A}
    return TextCipher({key_id: bytes.fromhex(hex_key) for key_id, hex_key in configured.items()}, active)


class RecordingPublisher:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, dict[str, Any]]] = []

    def publish(self, topic: str, key: str, value: dict[str, Any]) -> bool:
        self.events.append((str(topic), key, value))
        return True

    def of(self, topic: str) -> list[dict[str, Any]]:
        return [value for t, _key, value in self.events if t == str(topic)]


class FakeGateway:
    """The counter statements of CassandraGateway, in memory."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, int], int] = defaultdict(int)
        self.down = False

    async def execute(self, name: str, params: tuple[Any, ...], *, timeout_s: float | None = None) -> list[Any]:
        if self.down:
            raise StoreUnavailable("down")
        if name == "count_message":
            self.counts[(params[0], params[1])] += 1
            return []
        if name == "messages_today":
            key = (params[0], params[1])
            return [SimpleNamespace(messages=self.counts[key])] if key in self.counts else []
        raise NotImplementedError(name)


class FakeChatStore:
    def __init__(self) -> None:
        self.turns_by: dict[tuple[str, str], list[StoredTurn]] = defaultdict(list)
        self.conversations_by: dict[str, dict[str, ConversationRow]] = defaultdict(dict)
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise StoreUnavailable("down")

    async def save_turn(self, *, user_id: str, conversation_id: str, turn_id: str, created_at: int, kind: str,
                        message_ct: bytes, reply_ct: bytes, key_id: str, disclaimer: str | None, flags: list[str],
                        language: str | None, latency_ms: int, new_conversation: bool,
                        timeout_s: float | None = None) -> None:
        self._check()
        self.turns_by[(user_id, conversation_id)].append(
            StoredTurn(created_at, turn_id, kind, message_ct, reply_ct, key_id, disclaimer))
        existing = self.conversations_by[user_id].get(conversation_id)
        started = existing.started_at if existing else created_at
        self.conversations_by[user_id][conversation_id] = ConversationRow(conversation_id, started, created_at)

    async def recent_turns(self, user_id: str, conversation_id: str, limit: int) -> list[StoredTurn]:
        self._check()
        return list(reversed(self.turns_by.get((user_id, conversation_id), [])))[:limit]

    async def turns(self, user_id: str, conversation_id: str) -> list[StoredTurn]:
        self._check()
        return list(self.turns_by.get((user_id, conversation_id), []))

    async def conversations(self, user_id: str) -> list[ConversationRow]:
        self._check()
        return sorted(self.conversations_by.get(user_id, {}).values(), key=lambda c: c.last_turn_at or 0,
                      reverse=True)


class FakeReadingsStore:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], list[StoredReading]] = defaultdict(list)
        self.down = False
        self.calls = 0

    def add(self, user_id: str, point: ReadingPoint, source: str = "sensed", device_id: str = "dev-1") -> None:
        self.rows[(user_id, point.metric)].append(StoredReading(point, source, device_id))

    async def readings(self, user_id: str, metric: Metric, since_ms: int, until_ms: int,
                       limit: int | None = None) -> list[StoredReading]:
        self.calls += 1
        if self.down:
            raise StoreUnavailable("down")
        found = [r for r in self.rows.get((user_id, metric), []) if since_ms <= r.point.measured_at <= until_ms]
        found.sort(key=lambda r: r.point.measured_at, reverse=True)
        return found[: limit or 20_000]


class FakeAnomalyStore:
    def __init__(self) -> None:
        self.notes: dict[str, list[AnomalyNote]] = defaultdict(list)
        self.down = False

    async def anomalies(self, user_id: str, since_ms: int) -> list[AnomalyNote]:
        if self.down:
            raise StoreUnavailable("down")
        return [n for n in self.notes.get(user_id, []) if n.detected_at >= since_ms]


class FakeInboxStore:
    def __init__(self) -> None:
        self.nudges_by: dict[str, dict[str, NudgeRow]] = defaultdict(dict)
        self.down = False

    def add(self, user_id: str, nudge: NudgeRow) -> None:
        self.nudges_by[user_id][nudge.nudge_id] = nudge  # keyed by id, as the table

    async def nudges(self, user_id: str, *, since_ms: int | None, now_ms: int,
                     include_expired: bool = False) -> list[NudgeRow]:
        if self.down:
            raise StoreUnavailable("down")
        found = [n for n in self.nudges_by.get(user_id, {}).values()
                 if (since_ms is None or n.created_at >= since_ms) and (include_expired or n.expires_at > now_ms)]
        return sorted(found, key=lambda n: n.created_at, reverse=True)


class FakeEscalationStore:
    def __init__(self) -> None:
        self.rows: dict[str, EscalationRow] = {}
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise StoreUnavailable("down")

    async def recent(self, now_ms: int, days: int) -> list[EscalationRow]:
        self._check()
        return sorted((r for r in self.rows.values() if r.created_at >= now_ms - days * MS_PER_DAY),
                      key=lambda r: r.created_at, reverse=True)

    async def get(self, escalation_id: str) -> EscalationRow | None:
        self._check()
        return self.rows.get(escalation_id)

    async def acknowledge(self, escalation: EscalationRow, by: str, at_ms: int) -> bool:
        self._check()
        current = self.rows[escalation.escalation_id]
        if current.acknowledged_at is not None:
            return False
        self.rows[escalation.escalation_id] = EscalationRow(**{**current.__dict__, "acknowledged_at": at_ms,
                                                               "acknowledged_by": by})
        return True


class FakePreferencesStore:
    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.down = False
        self.loads = 0

    async def load(self, user_id: str) -> dict[str, Any] | None:
        self.loads += 1
        if self.down:
            raise PreferencesUnavailable("down")
        return normalise(self.docs[user_id]) if user_id in self.docs else None

    async def apply(self, user_id: str, changes: dict[str, Any], now_ms: int) -> dict[str, Any]:
        if self.down:
            raise PreferencesUnavailable("down")
        doc = self.docs.setdefault(user_id, dict(default_preferences()))
        doc.update(changes)
        doc["updated_at"] = now_ms
        return normalise(doc)


@dataclass
class FakeUserData:
    """`UserData` for the responder: fixed readings per metric, anomalies, preferences; can fail."""

    points: dict[str, list[ReadingPoint]] = field(default_factory=dict)
    notes: list[AnomalyNote] = field(default_factory=list)
    prefs: dict[str, Any] = field(default_factory=lambda: normalise(None))
    now_ms: int = 0
    fail: bool = False

    async def readings(self, metric: Metric, days: int) -> list[ReadingPoint]:
        if self.fail:
            raise StoreUnavailable("down")
        since = self.now_ms - days * MS_PER_DAY
        found = [p for p in self.points.get(metric, []) if since <= p.measured_at <= self.now_ms]
        return sorted(found, key=lambda p: p.measured_at, reverse=True)

    async def anomalies(self, days: int) -> list[AnomalyNote]:
        if self.fail:
            raise StoreUnavailable("down")
        return [n for n in self.notes if n.detected_at >= self.now_ms - days * MS_PER_DAY]

    async def preferences(self) -> dict[str, Any]:
        return dict(self.prefs)


def point(metric: Metric, measured_at: int, offset_min: int = 0, reading_id: str | None = None,
          flags: tuple[str, ...] = (), **value: float | int | None) -> ReadingPoint:
    return ReadingPoint(reading_id or f"r-{metric}-{measured_at}", metric, measured_at, offset_min, dict(value), flags)


@dataclass
class Fakes:
    chats: FakeChatStore
    gateway: FakeGateway
    counter: DailyCounter
    readings: FakeReadingsStore
    anomalies: FakeAnomalyStore
    inbox: FakeInboxStore
    escalations: FakeEscalationStore
    preferences_store: FakePreferencesStore
    preferences: PreferencesCache
    publisher: RecordingPublisher
    cipher: TextCipher
    chat: ChatService
    runtime: Runtime


def build_fakes(*, orchestrator: Orchestrator | None = None, daily_limit: int | None = None,
                burst_delays: bool = True, settings: ConversationSettings | None = None,
                text_cipher: TextCipher | None = None, turn_timeout_s: float = 10.0) -> Fakes:
    settings = settings or ConversationSettings()
    chats, gateway = FakeChatStore(), FakeGateway()
    counter = DailyCounter(gateway)  # type: ignore[arg-type]
    readings, anomalies, inbox = FakeReadingsStore(), FakeAnomalyStore(), FakeInboxStore()
    escalations, preferences_store = FakeEscalationStore(), FakePreferencesStore()
    preferences = PreferencesCache(preferences_store, ttl_s=60, outage_ttl_s=5, max_users=1000)
    publisher = RecordingPublisher()
    auditor = Auditor(publisher, "audit.v1")
    text_cipher = text_cipher or cipher()
    kwargs: dict[str, Any] = {}
    if daily_limit is not None:
        kwargs["daily_limit"] = daily_limit
    chat = ChatService(cipher=text_cipher, chat_store=chats, counter=counter, preferences=preferences,  # type: ignore[arg-type]
                       readings=readings, anomalies=anomalies, orchestrator=orchestrator or OfflineResponder(),  # type: ignore[arg-type]
                       publisher=publisher, auditor=auditor, recent=RecentActivity(), burst_delays=burst_delays,
                       turn_timeout_s=turn_timeout_s, **kwargs)
    runtime = Runtime(settings=settings, cipher=text_cipher, publisher=publisher, auditor=auditor,
                      preferences_store=preferences_store, preferences=preferences, chats=chats,  # type: ignore[arg-type]
                      inbox=inbox, readings=readings, anomalies=anomalies, escalations=escalations,  # type: ignore[arg-type]
                      chat=chat, checks={})
    return Fakes(chats, gateway, counter, readings, anomalies, inbox, escalations, preferences_store, preferences,
                 publisher, text_cipher, chat, runtime)
