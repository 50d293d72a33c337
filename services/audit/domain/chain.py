"""Tamper-evident hash chain of audit entries.

Chains
    One chain per (Kafka partition, UTC day): ``chain_id(partition, day) == f"{day}:p{partition}"``, e.g.
    ``"2026-11-25:p3"``. Every producer keys by user id with murmur2, so partition ``p`` of every input topic
    is consumed by one audit consumer at a time, and that consumer alone appends to the chains of ``p``;
    chains therefore scale out with partitions and never need a cross-node lock. The day is the UTC day of
    the entry's ``recorded_at`` (the audit service's processing time, passed in), so a chain is closed at
    UTC midnight and its head can be anchored.

Entry
    The entry's content is the fields in ``ENTRY_FIELDS`` (which include ``prev_hash``). Its canonical form
    is JSON with sorted keys, no whitespace, UTF-8 (``ensure_ascii=False``). Values are only strings,
    integers (within +/-2**53) and null, and for those Python's output is byte-identical to RFC 8785 (JCS),
    so any JCS library can re-verify a chain.

        entry_hash = sha256( prev_hash as 64 ASCII hex chars || canonical_json ).hexdigest()

    i.e. ``printf '%s%s' "$prev_hash" "$canonical_json" | sha256sum`` reproduces it.

Genesis
    The first entry's ``prev_hash`` is ``sha256("heartwise.audit.v1/genesis/" + chain_id)``, not 64 zeros:
    it binds the chain to its id before any entry exists, so a verifier can check entry 1 with nothing but
    the chain id, and entries of one chain can't be passed off as the start of another.

Why plain SHA-256 chaining plus an externally anchored head, and no HMAC
    A keyed HMAC chain only stops an attacker who can write the store but lacks the key. The key has to live
    in the audit service (it appends), so whoever controls the writer controls the key too; and every
    verifier (compliance, an external auditor) would need the secret, which makes verification itself a
    leak risk. With plain SHA-256 anyone can verify, and editing, deleting or reordering any entry breaks
    every later link, so a consistent forgery must rewrite the whole tail. The anchored head (``ChainHead``:
    chain id, seq, hash) stored outside the audit store under different credentials (e.g. WORM object
    storage, or a compacted topic the audit writer can't delete from) catches that rewrite and a truncated
    tail. What remains unprotected is only the entries appended after the last anchor, which is why heads
    must be anchored often (at least at day close) and why a chain whose anchor is missing is itself a
    finding. If heads can't be stored apart from the writer, sign them (e.g. Ed25519, verifier holds only
    the public key) rather than HMAC the chain.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Final

from services.audit.domain.vocab import OUTCOMES

GENESIS_PREFIX: Final = "heartwise.audit.v1/genesis/"
_MAX_SAFE_INT: Final = 2**53  # JCS/JSON interoperable integer range (RFC 8785 section 3.2.2.3)
_HEX64 = re.compile(r"[0-9a-f]{64}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHAIN_ID = re.compile(r"(\d{4}-\d{2}-\d{2}):p(\d+)")

# The caller supplies these; make_entry adds seq and prev_hash, and computes entry_hash.
INPUT_FIELDS: Final = (
    "chain_id",
    "event_key",
    "topic",
    "event_type",
    "actor",
    "action",
    "resource",
    "subject",
    "outcome",
    "occurred_at",
    "recorded_at",
    "payload_digest",
)
# Everything that is hashed (the canonical JSON content of an entry).
ENTRY_FIELDS: Final = (*INPUT_FIELDS, "seq", "prev_hash")
_INT_FIELDS: Final = frozenset({"seq", "occurred_at", "recorded_at"})
_NULLABLE_FIELDS: Final = frozenset({"subject"})


class ChainError(ValueError):
    """Entry fields that can't go into a chain (missing, extra, wrongly typed, or the wrong chain/day)."""


def utc_day(ms: int) -> str:
    """The UTC calendar day (YYYY-MM-DD) of an epoch-millisecond instant."""
    return datetime.fromtimestamp(ms // 1000, tz=UTC).date().isoformat()


def chain_id(partition: int, day: str) -> str:
    """Id of the chain for a Kafka partition number and a UTC day (YYYY-MM-DD)."""
    if isinstance(partition, bool) or not isinstance(partition, int) or partition < 0:
        raise ChainError(f"partition must be a non-negative int, got {partition!r}")
    try:
        valid = _DAY.fullmatch(day) is not None and date.fromisoformat(day).isoformat() == day
    except ValueError:
        valid = False
    if not valid:
        raise ChainError(f"day must be a real YYYY-MM-DD date, got {day!r}")
    return f"{day}:p{partition}"


def parse_chain_id(cid: str) -> tuple[int, str]:
    """Inverse of ``chain_id``: ``(partition, day)``."""
    m = _CHAIN_ID.fullmatch(cid)
    if m is None:
        raise ChainError(f"not a chain id: {cid!r}")
    return int(m.group(2)), m.group(1)


def genesis_hash(cid: str) -> str:
    """The ``prev_hash`` of entry 1 of chain ``cid``."""
    return hashlib.sha256((GENESIS_PREFIX + cid).encode("utf-8")).hexdigest()


def payload_digest(raw: bytes) -> str:
    """sha256 hex of the source record's bytes (as consumed: the Confluent-framed Avro value)."""
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last entry of a chain as anchored outside the audit store."""

    chain_id: str
    seq: int
    entry_hash: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One link of the chain. ``entry_hash`` covers every other field (see the module doc)."""

    chain_id: str
    seq: int
    event_key: str
    topic: str
    event_type: str
    actor: str
    action: str
    resource: str
    subject: str | None
    outcome: str
    occurred_at: int
    recorded_at: int
    payload_digest: str
    prev_hash: str
    entry_hash: str

    @property
    def head(self) -> ChainHead:
        return ChainHead(self.chain_id, self.seq, self.entry_hash)

    def content(self) -> dict[str, Any]:
        """The hashed fields (everything but ``entry_hash``)."""
        return {name: getattr(self, name) for name in ENTRY_FIELDS}

    def to_dict(self) -> dict[str, Any]:
        """All fields including ``entry_hash``, for storage and the query API."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditEntry:
        """Rebuild from storage. Does not verify; run ``verify_chain`` for that."""
        return cls(**{f.name: data[f.name] for f in fields(cls)})


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8. Rejects anything but the entry fields with str/int/None values."""
    _check_content(content)
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def compute_hash(content: Mapping[str, Any]) -> str:
    """``sha256(prev_hash || canonical_json(content))`` as lowercase hex."""
    prev = content.get("prev_hash")
    if not isinstance(prev, str) or not _HEX64.fullmatch(prev):
        raise ChainError("prev_hash must be 64 lowercase hex characters")
    return hashlib.sha256(prev.encode("ascii") + canonical_json(content)).hexdigest()


def make_entry(prev: ChainHead | None, entry_fields: Mapping[str, Any]) -> AuditEntry:
    """Append an entry after ``prev`` (``None`` starts the chain named in ``entry_fields["chain_id"]``).

    ``entry_fields`` must hold exactly ``INPUT_FIELDS``; ``seq`` and ``prev_hash`` come from ``prev``.
    The entry's ``recorded_at`` must fall on the chain's UTC day.
    """
    keys = set(entry_fields)
    missing = set(INPUT_FIELDS) - keys
    extra = keys - set(INPUT_FIELDS)
    if missing or extra:
        raise ChainError(f"entry fields: missing {sorted(missing)}, unexpected {sorted(extra)}")
    cid = entry_fields["chain_id"]
    if not isinstance(cid, str):
        raise ChainError("chain_id must be a string")
    if prev is None:
        seq, prev_hash = 1, genesis_hash(cid)
    else:
        if prev.chain_id != cid:
            raise ChainError(f"entry for chain {cid!r} appended after head of {prev.chain_id!r}")
        seq, prev_hash = prev.seq + 1, prev.entry_hash
    content = {**entry_fields, "seq": seq, "prev_hash": prev_hash}
    _check_day(content)
    return AuditEntry(**content, entry_hash=compute_hash(content))


class BreakReason(StrEnum):
    """Why verification stopped. Values are stable strings for the query API."""

    CHAIN_MISMATCH = "chain_mismatch"  # entry of another chain, or head of another chain
    SEQ_GAP = "seq_gap"  # a seq is missing: deleted entry (or reordered storage)
    SEQ_REGRESSION = "seq_regression"  # seq repeats or goes back: duplicated or reordered entries
    PREV_HASH_MISMATCH = "prev_hash_mismatch"  # link to the previous entry broken: deleted/reordered/replaced
    HASH_MISMATCH = "hash_mismatch"  # entry content no longer matches its hash: edited field
    MALFORMED = "malformed"  # an entry that can't be canonicalised (wrong types, bad hash format, wrong day)
    TRUNCATED = "truncated"  # fewer entries than the anchored head says
    HEAD_MISMATCH = "head_mismatch"  # the entry at the anchored seq has another hash: tail rewritten


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    checked: int  # entries verified good before the first break (all of them when ok)
    first_broken_seq: int | None
    reason: BreakReason | None


def verify_chain(
    entries: Iterable[AuditEntry],
    *,
    head: ChainHead | None = None,
    expected_chain_id: str | None = None,
) -> VerifyResult:
    """Verify one chain, given its entries in storage order (by seq).

    Detects an edited field (``hash_mismatch`` at that seq), a deleted entry (``seq_gap`` at the missing
    seq, or ``prev_hash_mismatch`` if seqs were renumbered), reordering (``seq_gap``/``seq_regression``, or
    ``hash_mismatch`` when the contents were swapped under unchanged seqs) and, given the separately
    stored ``head``, a truncated tail (``truncated``) or a rewritten tail (``head_mismatch``). Entries after
    the anchored head are verified by their links only: an anchor may lag the chain.

    The chain id is taken from ``head``, else ``expected_chain_id``, else the first entry.
    """
    cid = head.chain_id if head is not None else expected_chain_id
    if head is not None and expected_chain_id is not None and head.chain_id != expected_chain_id:
        return VerifyResult(False, 0, None, BreakReason.CHAIN_MISMATCH)
    expected_seq = 1
    expected_prev: str | None = genesis_hash(cid) if cid is not None else None
    hash_at_head: str | None = None
    checked = 0
    for entry in entries:
        if cid is None:
            cid = entry.chain_id
            expected_prev = genesis_hash(cid)
        broken = _check_entry(entry, cid, expected_seq, expected_prev)
        if broken is not None:
            return VerifyResult(False, checked, *broken)
        checked += 1
        expected_seq += 1
        expected_prev = entry.entry_hash
        if head is not None and entry.seq == head.seq:
            hash_at_head = entry.entry_hash
    if head is not None:
        if checked < head.seq:
            return VerifyResult(False, checked, checked + 1, BreakReason.TRUNCATED)
        if hash_at_head != head.entry_hash:
            return VerifyResult(False, checked, head.seq, BreakReason.HEAD_MISMATCH)
    return VerifyResult(True, checked, None, None)


def _check_entry(
    entry: AuditEntry, cid: str, expected_seq: int, expected_prev: str | None
) -> tuple[int, BreakReason] | None:
    if entry.chain_id != cid:
        return expected_seq, BreakReason.CHAIN_MISMATCH
    if isinstance(entry.seq, bool) or not isinstance(entry.seq, int):
        return expected_seq, BreakReason.MALFORMED
    if entry.seq > expected_seq:
        return expected_seq, BreakReason.SEQ_GAP
    if entry.seq < expected_seq:
        return expected_seq, BreakReason.SEQ_REGRESSION
    if entry.prev_hash != expected_prev:
        return entry.seq, BreakReason.PREV_HASH_MISMATCH
    try:
        content = entry.content()
        _check_day(content)
        recomputed = compute_hash(content)
    except (ChainError, TypeError, ValueError):
        return entry.seq, BreakReason.MALFORMED
    if recomputed != entry.entry_hash:
        return entry.seq, BreakReason.HASH_MISMATCH
    return None


def _check_content(content: Mapping[str, Any]) -> None:
    if set(content) != set(ENTRY_FIELDS):
        raise ChainError("entry content must hold exactly the entry fields")
    for name, value in content.items():
        if name in _INT_FIELDS:
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < _MAX_SAFE_INT:
                raise ChainError(f"{name} must be a non-negative int below 2**53")
        elif value is None:
            if name not in _NULLABLE_FIELDS:
                raise ChainError(f"{name} must not be null")
        elif not isinstance(value, str):
            raise ChainError(f"{name} must be a string")
    if content["outcome"] not in OUTCOMES:
        raise ChainError(f"outcome must be one of {sorted(OUTCOMES)}")
    if not _HEX64.fullmatch(content["payload_digest"]):
        raise ChainError("payload_digest must be 64 lowercase hex characters")
    if content["seq"] < 1:
        raise ChainError("seq starts at 1")


def _check_day(content: Mapping[str, Any]) -> None:
    _, day = parse_chain_id(content["chain_id"])
    recorded_at = content["recorded_at"]
    if isinstance(recorded_at, bool) or not isinstance(recorded_at, int):
        raise ChainError("recorded_at must be an int")
    if utc_day(recorded_at) != day:
        raise ChainError(f"recorded_at is not on the chain's UTC day {day}")
