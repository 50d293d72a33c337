"""An in-memory stand-in for the Cassandra audit store, with the same write semantics (a helper, not a test):
conditional appends that never overwrite, anchors that only move from the expected seq, write-timestamp
resolution for birth years. ``fail_on`` makes one named method raise once, to simulate a crash there."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from services.audit.adapters.store import BUCKET_SIZE, Pointer, append_chunks, bucket_of
from services.audit.domain.chain import AuditEntry, ChainHead, parse_chain_id, utc_day


@dataclass
class FakeStore:
    log: dict[str, dict[int, AuditEntry]] = field(default_factory=dict)
    anchors: dict[str, ChainHead] = field(default_factory=dict)
    keys: dict[str, tuple[str, int, bool]] = field(default_factory=dict)
    by_subject: dict[tuple[str, str], set[tuple[int, str, int]]] = field(default_factory=dict)
    by_actor: dict[tuple[str, str], set[tuple[int, str, int]]] = field(default_factory=dict)
    birth_years: dict[str, tuple[int | None, int]] = field(default_factory=dict)
    fail_on: dict[str, BaseException] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    append_batch_max_bytes: int = 48 * 1024

    def _call(self, name: str) -> None:
        self.calls.append(name)
        error = self.fail_on.pop(name, None)
        if error is not None:
            raise error

    # chain
    def load_anchor(self, cid: str) -> ChainHead | None:
        self._call("load_anchor")
        return self.anchors.get(cid)

    def anchors_of_day(self, day: str) -> dict[str, ChainHead]:
        return {cid: head for cid, head in self.anchors.items() if parse_chain_id(cid)[1] == day}

    def read_chain(self, cid: str, after_seq: int = 0, *, through_seq: int | None = None) -> Iterator[AuditEntry]:
        self._call("read_chain")
        chain = self.log.get(cid, {})
        for seq in sorted(chain):
            if seq > after_seq:
                yield chain[seq]

    def append(self, entries: list[AuditEntry]) -> bool:
        self._call("append")
        for chunk in append_chunks(entries, self.append_batch_max_bytes):
            chain = self.log.setdefault(chunk[0].chain_id, {})
            if any(entry.seq in chain for entry in chunk):
                return False
            for entry in chunk:
                chain[entry.seq] = entry
        return True

    def anchor(self, head: ChainHead, previous_seq: int | None, anchored_at: int) -> bool:
        self._call("anchor")
        current = self.anchors.get(head.chain_id)
        if (current.seq if current else None) != previous_seq:
            return False
        self.anchors[head.chain_id] = head
        return True

    def get_entries(self, pointers: list[tuple[str, int]]) -> list[AuditEntry | None]:
        return [self.log.get(cid, {}).get(seq) for cid, seq in pointers]

    # idempotency
    def lookup_event_keys(self, keys: Iterable[str]) -> dict[str, bool]:
        self._call("lookup_event_keys")
        return {key: self.keys[key][2] for key in keys if key in self.keys}

    def put_event_keys(self, entries: list[AuditEntry]) -> None:
        self._call("put_event_keys")
        for entry in entries:
            self.keys[entry.event_key] = (entry.chain_id, entry.seq, True)

    def repair_event_keys(self, entries: list[AuditEntry]) -> None:
        self._call("repair_event_keys")
        for entry in entries:
            self.keys.setdefault(entry.event_key, (entry.chain_id, entry.seq, False))

    def mark_analytics_done(self, keys: list[str]) -> None:
        self._call("mark_analytics_done")
        for key in keys:
            cid, seq, _done = self.keys[key]
            self.keys[key] = (cid, seq, True)

    # indexes
    def put_indexes(self, entries: list[AuditEntry]) -> None:
        self._call("put_indexes")
        for e in entries:
            row = (e.recorded_at, e.chain_id, e.seq)
            if e.subject:
                self.by_subject.setdefault((e.subject, utc_day(e.recorded_at)), set()).add(row)
            self.by_actor.setdefault((e.actor, utc_day(e.recorded_at)), set()).add(row)

    def pointers(self, column: str, value: str, day: str, since_ms: int, until_ms: int) -> Iterator[Pointer]:
        index = self.by_subject if column == "subject" else self.by_actor
        for recorded_at, cid, seq in sorted(index.get((value, day), set())):
            if since_ms <= recorded_at < until_ms:
                yield Pointer(recorded_at, cid, seq)

    # birth years
    def get_birth_years(self, user_ids: list[str]) -> dict[str, int | None]:
        self._call("get_birth_years")
        return {u: self.birth_years[u][0] if u in self.birth_years else None for u in user_ids}

    def put_birth_years(self, snapshots: list[tuple[str, int | None, int]]) -> None:
        self._call("put_birth_years")
        for user_id, year, updated_at in snapshots:
            current = self.birth_years.get(user_id)
            if current is None or updated_at >= current[1]:  # USING TIMESTAMP updated_at: newest wins
                self.birth_years[user_id] = (year, updated_at)

    # helpers for assertions
    def entries(self) -> list[AuditEntry]:
        return [entry for chain in self.log.values() for entry in chain.values()]

    def chain(self, cid: str) -> list[AuditEntry]:
        return [self.log[cid][seq] for seq in sorted(self.log.get(cid, {}))]


@dataclass
class FakePublisher:
    published: list[dict[str, Any]] = field(default_factory=list)
    fail_next: BaseException | None = None

    def publish(self, events: list[dict[str, Any]]) -> None:
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error
        self.published.extend(events)


__all__ = ["BUCKET_SIZE", "FakePublisher", "FakeStore", "bucket_of"]
