"""Value types shared by triggers, policy and engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, TypedDict

Trigger = Literal["step_goal", "bp_change", "sleep_pattern", "inactivity", "stale_data"]
TRIGGERS: tuple[Trigger, ...] = ("step_goal", "bp_change", "sleep_pattern", "inactivity", "stale_data")

# Why a fired nudge was not delivered now; names are metric label values.
Reason = Literal[
    "kill_switch",
    "flag_off",
    "disabled",
    "opted_out",
    "expired",
    "snoozed",
    "cooldown",
    "daily_cap",
    "quiet_hours_held",
    "quiet_hours_expired",
    "min_gap",
]
REASONS: tuple[Reason, ...] = (
    "kill_switch",
    "flag_off",
    "disabled",
    "opted_out",
    "expired",
    "snoozed",
    "cooldown",
    "daily_cap",
    "quiet_hours_held",
    "quiet_hours_expired",
    "min_gap",
)


# Whether a trigger's rollout flag (``nudge.<trigger>``) is on for the user being decided: the answer is
# looked up by the caller (services.common.flags.FlagStore) and passed in, so the domain stays pure. It is
# asked only when a nudge is decided, never per record.
TriggerGate = Callable[[str], bool]


def all_on(_trigger: str) -> bool:
    return True


class Nudge(TypedDict):
    """A ``nudges.v1`` record, field for field."""

    nudge_id: str
    user_id: str
    trigger: str
    title: str
    body: str
    variant: str
    experiment: str | None
    source_event_id: str | None
    source_ingested_at: int | None
    created_at: int
    expires_at: int


@dataclass(frozen=True, slots=True)
class Hit:
    """A trigger fired. ``window_key`` makes the nudge id (one nudge per user, trigger and window);
    ``facts`` are the numbers the text may quote."""

    trigger: Trigger
    window_key: str
    expires_at_ms: int
    source_event_id: str | None = None
    source_ingested_at: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decision:
    """``deliver`` now; or hold until ``deliver_at_ms`` (``reason`` says why); or drop (no
    ``deliver_at_ms``)."""

    deliver: bool
    reason: Reason | None = None
    deliver_at_ms: int | None = None

    @property
    def held(self) -> bool:
        return not self.deliver and self.deliver_at_ms is not None


class Suppression(NamedTuple):
    """One policy outcome other than immediate delivery (count by ``reason``, label by ``trigger``)."""

    trigger: str
    reason: Reason
    nudge_id: str


class EngineResult(NamedTuple):
    """Unpacks as ``state, nudges, suppressed``."""

    state: dict[str, Any]
    nudges: list[Nudge]
    suppressed: list[Suppression]
