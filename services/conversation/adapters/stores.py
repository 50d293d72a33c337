"""Async stores over the Cassandra gateway. Every method is bound to the user id it is given, which the API
takes from the token's `sub` only. Failures surface as `StoreUnavailable`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.conversation.adapters.cassandra import CassandraGateway, StoreUnavailable, to_ms
from services.conversation.orchestration import AnomalyNote, Metric, ReadingPoint

MS_PER_DAY = 86_400_000
CONVERSATIONS_LIMIT = 1000  # rows read per user (30 days of conversations is far below this)
TURNS_LIMIT = 1000  # turns returned for one conversation
NUDGES_LIMIT = 500
ANOMALIES_LIMIT = 500
ESCALATIONS_PER_DAY_LIMIT = 1000


@dataclass(frozen=True)
class StoredTurn:
    created_at: int
    turn_id: str
    kind: str
    message_ct: bytes
    reply_ct: bytes
    key_id: str
    disclaimer: str | None


@dataclass(frozen=True)
class ConversationRow:
    conversation_id: str
    started_at: int | None
    last_turn_at: int | None


@dataclass(frozen=True)
class NudgeRow:
    nudge_id: str
    trigger: str
    title: str
    body: str
    variant: str
    created_at: int
    expires_at: int


@dataclass(frozen=True)
class EscalationRow:
    escalation_id: str
    day: str
    created_at: int
    user_id: str
    conversation_id: str
    turn_id: str
    category: str
    signals: tuple[str, ...]
    message_ct: bytes | None
    key_id: str | None
    acknowledged_at: int | None
    acknowledged_by: str | None


@dataclass(frozen=True)
class StoredReading:
    point: ReadingPoint
    source: str | None
    device_id: str | None


def utc_day(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d")


def months_between(since_ms: int, until_ms: int) -> list[str]:
    """'YYYY-MM' partitions of readings_by_user covering [since, until], newest first."""
    start = datetime.fromtimestamp(since_ms / 1000, tz=UTC).replace(day=1)
    end = datetime.fromtimestamp(until_ms / 1000, tz=UTC)
    months = []
    cursor = datetime(end.year, end.month, 1, tzinfo=UTC)
    while cursor >= start.replace(hour=0, minute=0, second=0, microsecond=0):
        months.append(cursor.strftime("%Y-%m"))
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    return months


class ChatStore:
    def __init__(self, gateway: CassandraGateway) -> None:
        self.db = gateway

    async def save_turn(self, *, user_id: str, conversation_id: str, turn_id: str, created_at: int, kind: str,
                        message_ct: bytes, reply_ct: bytes, key_id: str, disclaimer: str | None,
                        flags: list[str], language: str | None, latency_ms: int, new_conversation: bool,
                        timeout_s: float | None = None) -> None:
        turn: tuple[str, tuple[object, ...]] = ("insert_turn", (
            user_id, conversation_id, created_at, turn_id, kind, message_ct, reply_ct, key_id, disclaimer,
            set(flags) or None, language, latency_ms))
        conversation: tuple[str, tuple[object, ...]]
        if new_conversation:
            conversation = ("start_conversation", (user_id, conversation_id, created_at, created_at))
        else:
            conversation = ("touch_conversation", (created_at, user_id, conversation_id))
        await self.db.execute_batch([turn, conversation], timeout_s=timeout_s)

    async def recent_turns(self, user_id: str, conversation_id: str, limit: int) -> list[StoredTurn]:
        """Newest first."""
        rows = await self.db.execute("recent_turns", (user_id, conversation_id, limit))
        return [_turn(row) for row in rows]

    async def turns(self, user_id: str, conversation_id: str) -> list[StoredTurn]:
        """Oldest first."""
        rows = await self.db.execute("turns", (user_id, conversation_id, TURNS_LIMIT))
        return [_turn(row) for row in rows]

    async def conversations(self, user_id: str) -> list[ConversationRow]:
        rows = await self.db.execute("conversations", (user_id, CONVERSATIONS_LIMIT))
        found = [ConversationRow(row.conversation_id, to_ms(row.started_at), to_ms(row.last_turn_at)) for row in rows]
        return sorted(found, key=lambda c: c.last_turn_at or c.started_at or 0, reverse=True)


def _turn(row: object) -> StoredTurn:
    return StoredTurn(to_ms(row.created_at) or 0, row.turn_id, row.kind, row.message_ct or b"",  # type: ignore[attr-defined]
                      row.reply_ct or b"", row.key_id or "", row.disclaimer)  # type: ignore[attr-defined]


class InboxStore:
    def __init__(self, gateway: CassandraGateway) -> None:
        self.db = gateway

    async def nudges(self, user_id: str, *, since_ms: int | None, now_ms: int,
                     include_expired: bool = False) -> list[NudgeRow]:
        rows = await self.db.execute("nudges", (user_id, NUDGES_LIMIT))
        found = []
        for row in rows:
            created_at, expires_at = to_ms(row.created_at) or 0, to_ms(row.expires_at) or 0
            if since_ms is not None and created_at < since_ms:
                continue
            if not include_expired and expires_at and expires_at <= now_ms:
                continue
            found.append(NudgeRow(row.nudge_id, row.trigger, row.title, row.body, row.variant, created_at, expires_at))
        return sorted(found, key=lambda n: (n.created_at, n.nudge_id), reverse=True)


class AnomalyStore:
    def __init__(self, gateway: CassandraGateway) -> None:
        self.db = gateway

    async def anomalies(self, user_id: str, since_ms: int) -> list[AnomalyNote]:
        rows = await self.db.execute("anomalies", (user_id, since_ms, ANOMALIES_LIMIT))
        return [AnomalyNote(row.anomaly_id, row.metric, row.kind, row.severity, row.category, row.message,
                            to_ms(row.detected_at) or 0, row.reading_id) for row in rows]


class ReadingsStore:
    def __init__(self, gateway: CassandraGateway, max_rows: int) -> None:
        self.db = gateway
        self.max_rows = max_rows

    async def readings(self, user_id: str, metric: Metric, since_ms: int, until_ms: int,
                       limit: int | None = None) -> list[StoredReading]:
        """Newest first, at most `limit` rows. The month partitions are read together (a window spans one or two
        months for the usual 7/30 days), then concatenated newest month first."""
        limit = min(limit or self.max_rows, self.max_rows)
        months = months_between(since_ms, until_ms)
        pages = await asyncio.gather(*(self.db.execute("readings", (user_id, metric, month, since_ms, until_ms, limit))
                                       for month in months))
        found = [_reading(metric, row) for rows in pages for row in rows]
        return found[:limit]


def _reading(metric: Metric, row: object) -> StoredReading:
    r = row  # a driver named tuple
    values: dict[str, float | int | None] = {}
    if metric == "blood_pressure":
        values = {"systolic": r.systolic, "diastolic": r.diastolic, "pulse": r.pulse}  # type: ignore[attr-defined]
    elif metric == "heart_rate":
        values = {"bpm": r.bpm}  # type: ignore[attr-defined]
    elif metric == "steps":
        values = {"count": r.step_count, "interval_s": r.interval_s}  # type: ignore[attr-defined]
    elif metric == "sleep":
        values = {"duration_min": r.duration_min, "efficiency": r.efficiency}  # type: ignore[attr-defined]
    elif metric == "weight":
        values = {"kg": r.kg}  # type: ignore[attr-defined]
    point = ReadingPoint(
        reading_id=r.reading_id, metric=metric, measured_at=to_ms(r.measured_at) or 0,  # type: ignore[attr-defined]
        utc_offset_min=r.utc_offset_min or 0, value=values,  # type: ignore[attr-defined]
        flags=tuple(sorted(r.flags or ())),  # type: ignore[attr-defined]
    )
    return StoredReading(point, r.source, r.device_id)  # type: ignore[attr-defined]


class EscalationStore:
    def __init__(self, gateway: CassandraGateway) -> None:
        self.db = gateway

    async def recent(self, now_ms: int, days: int) -> list[EscalationRow]:
        """Escalations of the last `days` UTC days, newest first."""
        days_list = [utc_day(now_ms - i * MS_PER_DAY) for i in range(days)]
        results = await asyncio.gather(*(self.db.execute("escalations_of_day", (day, ESCALATIONS_PER_DAY_LIMIT))
                                         for day in days_list))
        rows = [_escalation(row) for day_rows in results for row in day_rows]
        return sorted(rows, key=lambda e: (e.created_at, e.escalation_id), reverse=True)

    async def get(self, escalation_id: str) -> EscalationRow | None:
        found = await self.db.execute("escalation_by_id", (escalation_id,))
        if not found:
            return None
        rows = await self.db.execute("escalation", (found[0].day, found[0].created_at, escalation_id))
        return _escalation(rows[0]) if rows else None

    async def acknowledge(self, escalation: EscalationRow, by: str, at_ms: int) -> bool:
        """True when this call recorded the acknowledgement; False when someone acknowledged it before."""
        rows = await self.db.execute("ack_escalation", (at_ms, by, escalation.day, escalation.created_at,
                                                         escalation.escalation_id))
        return bool(rows and rows[0][0])  # [applied]

    async def add(self, *, escalation_id: str, created_at: int, user_id: str, conversation_id: str, turn_id: str,
                  category: str, signals: list[str], message_ct: bytes, key_id: str) -> None:
        day = utc_day(created_at)
        await asyncio.gather(
            self.db.execute("insert_escalation", (day, created_at, escalation_id, user_id, conversation_id, turn_id,
                                                  category, signals, message_ct, key_id)),
            self.db.execute("insert_escalation_id", (escalation_id, day, created_at)),
        )


def _escalation(row: object) -> EscalationRow:
    r = row
    return EscalationRow(
        escalation_id=r.escalation_id, day=r.day, created_at=to_ms(r.created_at) or 0,  # type: ignore[attr-defined]
        user_id=r.user_id, conversation_id=r.conversation_id or "", turn_id=r.turn_id or "",  # type: ignore[attr-defined]
        category=r.category or "other", signals=tuple(r.signals or ()),  # type: ignore[attr-defined]
        message_ct=r.message_ct, key_id=r.key_id, acknowledged_at=to_ms(r.acknowledged_at),  # type: ignore[attr-defined]
        acknowledged_by=r.acknowledged_by,  # type: ignore[attr-defined]
    )


class DailyCounter:
    """Chat messages per user and local day, shared by every replica through a Cassandra counter.

    When Cassandra is unavailable the count falls back to this replica's memory: chat fails OPEN (a user may
    then send up to the limit per replica, and those messages are not added to the shared counter later).
    Emergencies never depend on this count: the chat path checks for an emergency first and never refuses one.
    """

    MEMORY_MAX_KEYS = 200_000  # bounded: oldest days are dropped first

    def __init__(self, gateway: CassandraGateway) -> None:
        self.db = gateway
        self._memory: dict[tuple[str, int], int] = {}

    async def count_message(self, user_id: str, day: int, *, timeout_s: float | None = None) -> tuple[int, bool]:
        """Counts one message; returns (messages today including this one, shared)."""
        try:
            await self.db.execute("count_message", (user_id, day), timeout_s=timeout_s)
            rows = await self.db.execute("messages_today", (user_id, day), timeout_s=timeout_s)
            return (int(rows[0].messages) if rows else 1), True
        except StoreUnavailable:
            return self._count_in_memory(user_id, day), False

    def _count_in_memory(self, user_id: str, day: int) -> int:
        key = (user_id, day)
        if key not in self._memory and len(self._memory) >= self.MEMORY_MAX_KEYS:
            for old in sorted(self._memory, key=lambda k: k[1])[: self.MEMORY_MAX_KEYS // 10]:
                del self._memory[old]
        self._memory[key] = self._memory.get(key, 0) + 1
        return self._memory[key]
