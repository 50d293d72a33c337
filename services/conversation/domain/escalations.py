"""The state of the clinician queue as two numbers for the emergency-ack SLO. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

# How far back the queue is scanned for open escalations (days of escalations_by_day). A week, not the list
# endpoint's default: an escalation nobody acknowledged must keep the alert firing, not age out of view.
OPEN_SCAN_DAYS = 7


class _Escalation(Protocol):
    @property
    def created_at(self) -> int: ...

    @property
    def acknowledged_at(self) -> int | None: ...


@dataclass(frozen=True)
class OpenEscalations:
    count: int
    oldest_age_s: float  # 0 when none is open


def open_escalations(escalations: Iterable[_Escalation], now_ms: int) -> OpenEscalations:
    """How many escalations wait for a clinician and how long the oldest has waited."""
    waiting = [e.created_at for e in escalations if e.acknowledged_at is None]
    if not waiting:
        return OpenEscalations(0, 0.0)
    return OpenEscalations(len(waiting), max(0.0, (now_ms - min(waiting)) / 1000))
