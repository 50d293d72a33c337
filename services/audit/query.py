"""Reading the audit log: query parameters, the indexed search and chain verification.

Times in the query (``since``/``until``) select entries by ``recorded_at`` (when the audit service chained
them, which is also the chain's day): ISO 8601 instants (an offset or ``Z``; a naive time is UTC), a date
``YYYY-MM-DD`` (its UTC midnight) or epoch milliseconds. The window is half-open ``[since, until)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from services.audit.domain.chain import AuditEntry, BreakReason, ChainHead, chain_id, verify_chain
from services.audit.metrics import BROKEN_CHAINS, CHAIN_VERIFICATIONS
from services.audit.timeutil import DAY_MS, days_covering

_EPOCH_MS = re.compile(r"\d{1,16}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadQuery(ValueError):
    """A parameter the API answers with 400 and this reason."""


class Pointer(Protocol):
    @property
    def recorded_at(self) -> int: ...
    @property
    def chain_id(self) -> str: ...
    @property
    def seq(self) -> int: ...


class ReadStore(Protocol):
    def pointers(self, column: str, value: str, day: str, since_ms: int, until_ms: int) -> Iterator[Pointer]: ...
    def get_entries(self, pointers: list[tuple[str, int]]) -> list[AuditEntry | None]: ...
    def anchors_of_day(self, day: str) -> dict[str, ChainHead]: ...
    def read_chain(self, cid: str, after_seq: int = 0, *, through_seq: int | None = None) -> Iterator[AuditEntry]: ...


def parse_instant(text: str, name: str) -> int:
    """Epoch milliseconds from ISO 8601, a YYYY-MM-DD date or epoch millis; ``BadQuery`` otherwise."""
    text = text.strip()
    if _EPOCH_MS.fullmatch(text):
        return int(text)
    try:
        if _DAY.fullmatch(text):
            return int(datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC).timestamp() * 1000)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadQuery(f"{name} must be ISO 8601 (e.g. 2026-11-25T08:00:00Z), YYYY-MM-DD or epoch ms") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp() * 1000)


def parse_day(text: str) -> str:
    text = text.strip()
    try:
        if _DAY.fullmatch(text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise BadQuery("day must be a UTC date YYYY-MM-DD")


@dataclass(frozen=True)
class AuditQuery:
    subject: str | None
    actor: str | None
    since_ms: int
    until_ms: int
    limit: int

    @property
    def days(self) -> list[str]:
        return days_covering(self.since_ms, self.until_ms)


def parse_query(*, subject: str | None, actor: str | None, since: str | None, until: str | None,
                limit: int | None, now_ms: int, default_window_s: int, max_days: int, default_limit: int,
                max_limit: int) -> AuditQuery:
    subject = (subject or "").strip() or None
    actor = (actor or "").strip() or None
    if subject is None and actor is None:
        raise BadQuery("give subject (whose data) or actor (who acted), or both")
    until_ms = parse_instant(until, "until") if until else now_ms
    since_ms = parse_instant(since, "since") if since else until_ms - default_window_s * 1000
    if since_ms >= until_ms:
        raise BadQuery("since must be before until")
    if until_ms - since_ms > max_days * DAY_MS:
        raise BadQuery(f"the window may span at most {max_days} days; narrow since/until")
    if limit is None:
        limit = default_limit
    if not 1 <= limit <= max_limit:
        raise BadQuery(f"limit must be between 1 and {max_limit}")
    return AuditQuery(subject, actor, since_ms, until_ms, limit)


@dataclass(frozen=True)
class SearchResult:
    entries: list[AuditEntry]
    truncated: bool
    dangling: int  # index rows whose entry is gone from the log (deleted): /v1/audit/verify says more


def search(store: ReadStore, query: AuditQuery, *, page: int = 200) -> SearchResult:
    """Entries matching the query, oldest first, at most ``query.limit``; read from the authoritative log."""
    column, value = ("subject", query.subject) if query.subject else ("actor", query.actor)
    assert value is not None
    found: list[AuditEntry] = []
    dangling = 0
    batch: list[Pointer] = []

    def drain() -> None:
        nonlocal dangling
        entries = store.get_entries([(p.chain_id, p.seq) for p in batch])
        batch.clear()
        for entry in entries:
            if entry is None:
                dangling += 1
            elif query.actor is None or entry.actor == query.actor:
                found.append(entry)

    for day in query.days:
        for pointer in store.pointers(column, value, day, query.since_ms, query.until_ms):
            batch.append(pointer)
            if len(batch) >= page:
                drain()
                if len(found) > query.limit:
                    return SearchResult(found[: query.limit], True, dangling)
    if batch:
        drain()
    return SearchResult(found[: query.limit], len(found) > query.limit, dangling)


@dataclass(frozen=True)
class ChainReport:
    chain_id: str
    day: str
    partition: int
    ok: bool
    checked: int
    anchored_seq: int | None
    first_broken_seq: int | None
    reason: str | None
    broken_entry: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "chain_id": self.chain_id, "day": self.day, "partition": self.partition, "ok": self.ok,
            "checked": self.checked, "anchored": self.anchored_seq is not None,
            "anchored_seq": self.anchored_seq, "first_broken_seq": self.first_broken_seq,
            "reason": self.reason, "broken_entry": self.broken_entry,
        }


def verify_day(store: ReadStore, day: str, partitions: int) -> list[ChainReport]:
    """Verify every chain of ``day``: those with an anchored head, and partitions 0..n-1 with entries.

    A chain without an anchored head is verified by its links only and reported ``anchored: false``
    (normal for the chain being written right now, a finding for a closed day).
    """
    anchors = store.anchors_of_day(day)
    candidates = sorted({*anchors, *(chain_id(p, day) for p in range(partitions))},
                        key=lambda cid: int(cid.rsplit(":p", 1)[1]))
    reports = []
    for cid in candidates:
        head = anchors.get(cid)
        entries = store.read_chain(cid, 0, through_seq=head.seq if head else None)
        result = verify_chain(entries, head=head, expected_chain_id=cid)
        if head is None and result.ok and result.checked == 0:
            continue  # no such chain
        broken_entry = None
        if result.first_broken_seq is not None and result.reason not in (BreakReason.SEQ_GAP,
                                                                          BreakReason.TRUNCATED):
            [entry] = store.get_entries([(cid, result.first_broken_seq)])
            broken_entry = entry.to_dict() if entry else None
        CHAIN_VERIFICATIONS.labels("ok" if result.ok else str(result.reason)).inc()
        reports.append(ChainReport(
            chain_id=cid, day=day, partition=int(cid.rsplit(":p", 1)[1]), ok=result.ok, checked=result.checked,
            anchored_seq=head.seq if head else None, first_broken_seq=result.first_broken_seq,
            reason=str(result.reason) if result.reason else None, broken_entry=broken_entry,
        ))
    return reports


def verify_days(store: ReadStore, days: list[str], partitions: int) -> list[ChainReport]:
    reports = [report for day in days for report in verify_day(store, day, partitions)]
    BROKEN_CHAINS.set(sum(1 for report in reports if not report.ok))
    return reports
