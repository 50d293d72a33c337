"""The plan's launch metrics, computed from the domain topics the audit worker consumes. Pure (time is passed in).

Definitions (trailing 24 h ending at ``now_ms``, "daily"; event times are the platform's: a turn's and a
nudge's ``created_at``, a reading's ``ingested_at``):

- daily active users: distinct users with a chat turn (``chat.turns.v1``, any kind but ``rate_limited``).
- engagement rate = engaged / reading users: of the distinct users with a reading (``readings.v1``), those who
  also chatted or acted on a nudge. Bounded by 1; a user whose devices sync but who never opens the assistant
  or follows a nudge is not engaged.
- cost per conversation = the LLM cost (``cost_usd``) of the turns / the distinct conversations with a turn.
  The cost is summed per UTC hour, so its window is the last 24 whole hours plus the current one.
- nudges acted on: a nudge (``nudges.v1``) followed, within ``ACTED_ON_WINDOW_MS`` of its ``created_at``, by
  its user doing what it asks or opening the assistant: a chat turn for every trigger; a reading of any
  metric for ``stale_data`` and ``inactivity`` (the device synced, the user is back); a ``blood_pressure``
  reading for ``bp_change`` (taking one is deliberate); a ``self_reported`` reading of the metric for
  ``step_goal`` and ``sleep_pattern`` (sensed steps and sleep arrive whether or not the user read the nudge).
  Counted once per nudge, when the action is seen.

Every user's events share one partition number in every topic and the audit worker takes the same partition
numbers of every topic (range assignor), so each worker computes exact numbers for its users and the sums over
workers are the platform's. State is in memory: after a restart or a rebalance the daily numbers refill over
the next 24 h (they start low, never high).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from services.audit.domain.vocab import CHAT_TURNS, NUDGES, READINGS

DAY_MS = 24 * 3_600_000
HOUR_MS = 3_600_000
ACTED_ON_WINDOW_MS = DAY_MS  # the plan's nudges are daily; a reaction a day later is not a reaction to it
# Which readings show the user followed a nudge of each trigger (None: a reading of any metric does).
ACTING_METRIC: Mapping[str, str | None] = {"stale_data": None, "inactivity": None, "bp_change": "blood_pressure",
                                           "step_goal": "steps", "sleep_pattern": "sleep"}
SELF_REPORTED_ONLY = frozenset({"step_goal", "sleep_pattern"})
MAX_PENDING_PER_USER = 20  # the policy caps nudges per day far below this; bounds memory against bad input


@dataclass(frozen=True)
class LaunchSnapshot:
    active_users: int
    reading_users: int
    engaged_users: int
    conversations: int
    chat_cost_usd: float


@dataclass(frozen=True)
class _Pending:
    nudge_id: str
    trigger: str
    created_at: int


class LaunchMetrics:
    """Feed it fresh (not redelivered) records with ``observe``; read ``snapshot(now_ms)``. The counters of
    nudges seen and acted on (by trigger) accumulate in ``nudges`` and ``acted_on`` until ``take_counts``."""

    def __init__(self) -> None:
        self._chat_last: dict[str, int] = {}
        self._reading_last: dict[str, int] = {}
        self._acted_last: dict[str, int] = {}
        self._conversation_last: dict[str, int] = {}
        self._cost_by_hour: dict[int, float] = {}
        self._pending: dict[str, list[_Pending]] = {}
        self.nudges: dict[str, int] = {}
        self.acted_on: dict[str, int] = {}

    # -- input ---------------------------------------------------------------------------------------------------

    def observe(self, topic: str, value: Mapping[str, Any]) -> None:
        user = value.get("user_id")
        if not isinstance(user, str) or not user:
            return
        if topic == CHAT_TURNS:
            self._turn(user, value)
        elif topic == READINGS:
            self._reading(user, value)
        elif topic == NUDGES:
            self._nudge(user, value)

    def _turn(self, user: str, value: Mapping[str, Any]) -> None:
        at = _ms(value.get("created_at"))
        if at is None or value.get("kind") == "rate_limited":
            return
        _latest(self._chat_last, user, at)
        conversation = value.get("conversation_id")
        if isinstance(conversation, str) and conversation:
            _latest(self._conversation_last, conversation, at)
        cost = value.get("cost_usd")
        if isinstance(cost, int | float) and cost > 0:
            hour = at // HOUR_MS
            self._cost_by_hour[hour] = self._cost_by_hour.get(hour, 0.0) + float(cost)
        self._act(user, at, lambda _pending: True)

    def _reading(self, user: str, value: Mapping[str, Any]) -> None:
        at = _ms(value.get("ingested_at")) or _ms(value.get("measured_at"))
        if at is None:
            return
        _latest(self._reading_last, user, at)
        metric, self_reported = value.get("metric"), value.get("source") == "self_reported"

        def follows(pending: _Pending) -> bool:
            wanted = ACTING_METRIC.get(pending.trigger)
            if wanted is None:
                return True
            return metric == wanted and (self_reported or pending.trigger not in SELF_REPORTED_ONLY)

        self._act(user, at, follows)

    def _nudge(self, user: str, value: Mapping[str, Any]) -> None:
        at, nudge_id, trigger = _ms(value.get("created_at")), value.get("nudge_id"), value.get("trigger")
        if at is None or not isinstance(nudge_id, str) or not isinstance(trigger, str) or trigger not in ACTING_METRIC:
            return
        self.nudges[trigger] = self.nudges.get(trigger, 0) + 1
        pending = self._pending.setdefault(user, [])
        pending.append(_Pending(nudge_id, trigger, at))
        del pending[:-MAX_PENDING_PER_USER]

    def _act(self, user: str, at: int, follows: Callable[[_Pending], bool]) -> None:
        pending = self._pending.get(user)
        if not pending:
            return
        keep = []
        for nudge in pending:
            if nudge.created_at <= at <= nudge.created_at + ACTED_ON_WINDOW_MS and follows(nudge):
                self.acted_on[nudge.trigger] = self.acted_on.get(nudge.trigger, 0) + 1
                _latest(self._acted_last, user, at)
            else:
                keep.append(nudge)
        if keep:
            self._pending[user] = keep
        else:
            del self._pending[user]

    # -- output --------------------------------------------------------------------------------------------------

    def snapshot(self, now_ms: int) -> LaunchSnapshot:
        """The daily numbers at ``now_ms``; forgets what fell out of the windows (memory stays one day deep)."""
        since = now_ms - DAY_MS
        for table in (self._chat_last, self._reading_last, self._acted_last, self._conversation_last):
            for key in [key for key, at in table.items() if at <= since]:
                del table[key]
        first_hour = since // HOUR_MS
        for hour in [hour for hour in self._cost_by_hour if hour < first_hour]:
            del self._cost_by_hour[hour]
        for user in list(self._pending):
            alive = [n for n in self._pending[user] if n.created_at + ACTED_ON_WINDOW_MS > now_ms]
            if alive:
                self._pending[user] = alive
            else:
                del self._pending[user]
        engaged = sum(1 for user in self._reading_last if user in self._chat_last or user in self._acted_last)
        return LaunchSnapshot(
            active_users=len(self._chat_last),
            reading_users=len(self._reading_last),
            engaged_users=engaged,
            conversations=len(self._conversation_last),
            chat_cost_usd=round(sum(self._cost_by_hour.values()), 6),
        )

    def take_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nudges seen, nudges acted on) by trigger since the last call, for counters."""
        counts = (self.nudges, self.acted_on)
        self.nudges, self.acted_on = {}, {}
        return counts


def _latest(table: dict[str, int], key: str, at: int) -> None:
    if at > table.get(key, -1):
        table[key] = at


def _ms(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)
