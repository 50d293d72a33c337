"""Preferences (``preferences.v1``) as the engine reads them, with defaults for a missing record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .params import PolicyParams, TriggerParams
from .timeutil import MINUTES_PER_DAY

# Fields of a Preferences record the engine keeps in its state (``on_preferences``); nothing else.
KEPT_FIELDS = (
    "step_goal",
    "timezone",
    "quiet_start_min",
    "quiet_end_min",
    "nudge_opt_outs",
    "snoozed_until",
    "language",
    "display_name",
    "nudges_enabled",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class EffectivePrefs:
    step_goal: int
    timezone: str | None
    quiet_start_min: int
    quiet_end_min: int
    opt_outs: frozenset[str]
    snoozed_until_ms: int | None
    display_name: str | None
    language: str
    nudges_enabled: bool


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _minute(value: Any, default: int) -> int:
    minute = _int_or_none(value)
    if minute is None or not 0 <= minute < MINUTES_PER_DAY:
        return default
    return minute


def effective_prefs(prefs: Mapping[str, Any] | None, triggers: TriggerParams, policy: PolicyParams) -> EffectivePrefs:
    """Defaults for a missing record or missing fields. Null quiet hours mean "not set" (defaults
    apply); a user turns them off with start == end."""
    if not prefs:
        return _defaults(triggers, policy)  # most users never saved preferences: once per params, not per record
    return _effective(prefs, triggers, policy)


@lru_cache(maxsize=8)
def _defaults(triggers: TriggerParams, policy: PolicyParams) -> EffectivePrefs:
    return _effective({}, triggers, policy)


def _effective(p: Mapping[str, Any], triggers: TriggerParams, policy: PolicyParams) -> EffectivePrefs:
    goal = _int_or_none(p.get("step_goal"))
    start = p.get("quiet_start_min")
    end = p.get("quiet_end_min")
    if start is None or end is None:
        start_min, end_min = policy.default_quiet_start_min, policy.default_quiet_end_min
    else:
        start_min = _minute(start, policy.default_quiet_start_min)
        end_min = _minute(end, policy.default_quiet_end_min)
    name = p.get("display_name")
    zone = p.get("timezone")
    language = p.get("language")
    enabled = p.get("nudges_enabled")
    return EffectivePrefs(
        step_goal=goal if goal is not None and goal > 0 else triggers.default_step_goal,
        timezone=zone if isinstance(zone, str) and zone else None,
        quiet_start_min=start_min,
        quiet_end_min=end_min,
        opt_outs=frozenset(p.get("nudge_opt_outs") or ()),
        snoozed_until_ms=_int_or_none(p.get("snoozed_until")),
        display_name=name.strip() if isinstance(name, str) and name.strip() else None,
        language=language if isinstance(language, str) and language else "en",
        nudges_enabled=True if enabled is None else bool(enabled),
    )
