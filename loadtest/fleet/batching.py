"""Grouping readings into `POST /v1/readings` requests, and pacing live traffic by event time.

A request carries readings of ONE (user, device): the device JWT's `sub` and `device_id` must match every
reading in it (DESIGN.md: a device may only write for its `sub`), and it carries at most `MAX_BATCH`
readings (the contract allows 500; real devices sync small batches, and 100 keeps requests ~25 KB).

For a time-ordered stream (a history replay), `windowed_batches` groups per device only within event-time
windows: grouping a whole 10-day history per device would send one user's 10 days before another user's
first day, and the stream processors' time-driven rules (48 h inactivity, 7-day staleness, driven by the
partition's stream time) would then see everyone else as silent. Within a window readings stay in order
per device; across devices the disorder is bounded by the window (default 6 h: four syncs a day).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from loadtest.fleet.model import Reading, measured_at_ms

MAX_BATCH: Final = 100
# 6 h: a phone app syncing its devices four times a day. Bigger windows give bigger requests (benchmarks);
# the event-time disorder across users stays far below the 48 h / 7 day timers either way.
DEFAULT_WINDOW_S: Final = 6 * 3600
_MAX_PENDING: Final = 1000  # readings already due are flushed at least this often (catch-up after a pause)


@dataclass(frozen=True, slots=True)
class Batch:
    """The body of one request: readings of one user's one device, in order."""

    user_id: str
    device_id: str
    readings: tuple[Reading, ...]

    def __len__(self) -> int:
        return len(self.readings)

    def body(self) -> dict[str, Any]:
        return {"readings": list(self.readings)}


def batch_readings(readings: Iterable[Reading], max_size: int = MAX_BATCH) -> list[Batch]:
    """Group by (user_id, device_id), in order of first appearance, each group cut into chunks of at most
    `max_size` readings (order inside a group is kept)."""
    if not 1 <= max_size <= MAX_BATCH:
        raise ValueError(f"max_size must be within 1..{MAX_BATCH}")
    groups: dict[tuple[str, str], list[Reading]] = {}
    for reading in readings:
        groups.setdefault((reading["user_id"], reading["device_id"]), []).append(reading)
    out = []
    for (user_id, device_id), items in groups.items():
        for i in range(0, len(items), max_size):
            out.append(Batch(user_id, device_id, tuple(items[i : i + max_size])))
    return out


def windowed_batches(
    stream: Iterable[Reading], *, window_s: float = DEFAULT_WINDOW_S, max_size: int = MAX_BATCH
) -> Iterator[Batch]:
    """Batches of a time-ordered stream, grouped per device within consecutive event-time windows of
    `window_s` seconds (lazily: memory holds one window)."""
    if window_s <= 0:
        raise ValueError("window_s must be > 0")
    window_ms = int(window_s * 1000)
    pending: list[Reading] = []
    window_end: int | None = None
    for reading in stream:
        ts = measured_at_ms(reading)
        if window_end is None:
            window_end = ts + window_ms
        elif ts >= window_end:
            yield from batch_readings(pending, max_size)
            pending = []
            window_end = ts + window_ms
        pending.append(reading)
    if pending:
        yield from batch_readings(pending, max_size)


async def realtime_batches(
    stream: Iterable[Reading],
    *,
    flush_s: float = 1.0,
    max_size: int = MAX_BATCH,
    clock: Callable[[], float] = time.time,
    stop_at: float | None = None,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> AsyncIterator[Batch]:
    """Live traffic in real time: each reading is released once the wall clock reaches its `measured_at`
    (ingest rejects readings more than 5 min in the future); what is due is flushed every `flush_s`.
    Stops when the stream ends or the clock passes `stop_at` (epoch seconds); `clock`/`sleep` are injectable."""
    pending: list[Reading] = []
    for reading in stream:
        due = measured_at_ms(reading) / 1000
        while due > clock():
            if pending:
                for batch in batch_readings(pending, max_size):
                    yield batch
                pending = []
            if stop_at is not None and clock() >= stop_at:
                return
            wait = min(flush_s, due - clock())
            if stop_at is not None:
                wait = min(wait, stop_at - clock())
            await sleep(max(0.0, wait))
        if stop_at is not None and due > stop_at:
            break
        pending.append(reading)
        if len(pending) >= _MAX_PENDING:
            for batch in batch_readings(pending, max_size):
                yield batch
            pending = []
    for batch in batch_readings(pending, max_size):
        yield batch
