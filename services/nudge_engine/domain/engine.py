"""Entry points of the nudge engine: pure functions over the one per-user state value.

Each takes the state as stored (``None`` for a new user) and returns ``EngineResult(state, nudges,
suppressed)``: the new state to store, the ``nudges.v1`` records to produce now, and one
``Suppression(trigger, reason, nudge_id)`` per policy outcome to count (held ones included, as
``quiet_hours_held`` / ``min_gap``). The input state is never mutated.

``prefs`` is the user's Preferences record; ``None`` means "use the snapshot kept by
``on_preferences``", and defaults when there is none. ``trigger_on(trigger)`` answers whether the
trigger's rollout flag (``nudge.<trigger>``) is on for this user: the caller looks it up, the policy drops a
nudge whose flag is off as ``flag_off`` (asked only when a nudge is decided). Every entry point also
releases held nudges and checks inactivity at its ``now_ms``, so a user's own traffic advances their
timers too; ``on_tick`` is for stream time advanced by others (see ``triggers.inactivity``), at
``next_due_ms``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import policy
from .ids import nudge_id
from .model import EngineResult, Hit, Nudge, Suppression, TriggerGate, all_on
from .params import DEFAULT_POLICY_PARAMS, DEFAULT_TRIGGER_PARAMS, PolicyParams, TriggerParams
from .personalise import DEFAULT_VARIANT, Experiment, render
from .prefs import KEPT_FIELDS, EffectivePrefs, effective_prefs
from .state import State, load
from .timeutil import resolve_zone
from .triggers import bp_change, inactivity, sleep_pattern, stale_data, step_goal
from .triggers._reading import integer, text


class _Run:
    """One entry point's working set: the private state copy and what it emits."""

    def __init__(
        self,
        state: Mapping[str, Any] | None,
        prefs: Mapping[str, Any] | None,
        triggers: TriggerParams,
        policy_params: PolicyParams,
        experiment: Experiment | None,
        trigger_on: TriggerGate,
    ) -> None:
        self.st: State = load(state)
        self.prefs: EffectivePrefs = effective_prefs(
            prefs if prefs is not None else self.st.get("prefs"), triggers, policy_params
        )
        self.triggers = triggers
        self.policy = policy_params
        self.experiment = experiment
        self.trigger_on = trigger_on
        self.nudges: list[Nudge] = []
        self.suppressed: list[Suppression] = []

    def emit(self, hit: Hit, user_id: str, now_ms: int) -> None:
        if self.experiment is None:
            variant, experiment_name = DEFAULT_VARIANT, None
        else:
            variant, experiment_name = self.experiment.variant_for(user_id), self.experiment.name
        title, body = render(hit.trigger, hit.facts, self.prefs.display_name, variant)
        nudge: Nudge = {
            "nudge_id": nudge_id(user_id, hit.trigger, hit.window_key),
            "user_id": user_id,
            "trigger": hit.trigger,
            "title": title,
            "body": body,
            "variant": variant,
            "experiment": experiment_name,
            "source_event_id": hit.source_event_id,
            "source_ingested_at": hit.source_ingested_at,
            "created_at": now_ms,
            "expires_at": hit.expires_at_ms,
        }
        decision = policy.decide(self.st, nudge, self.prefs, now_ms, self.policy, self.trigger_on)
        outcome = policy.apply(self.st, nudge, decision, now_ms, self.policy)
        if isinstance(outcome, Suppression):
            self.suppressed.append(outcome)
        else:
            self.nudges.append(outcome)

    def tick(self, now_ms: int) -> None:
        delivered, suppressed = policy.release_into(self.st, self.prefs, now_ms, self.policy, self.trigger_on)
        self.nudges.extend(delivered)
        self.suppressed.extend(suppressed)
        user_id = self.st.get("uid")
        if user_id and inactivity.inactivity_due(self.st, now_ms, self.triggers):
            hit = inactivity.fire(self.st["act"], self.triggers, self.policy.inactivity_ttl_ms)
            self.emit(hit, user_id, now_ms)

    def result(self) -> EngineResult:
        return EngineResult(self.st, self.nudges, self.suppressed)


def on_reading(
    state: Mapping[str, Any] | None,
    reading: Mapping[str, Any],
    prefs: Mapping[str, Any] | None,
    now_ms: int,
    *,
    triggers: TriggerParams = DEFAULT_TRIGGER_PARAMS,
    policy_params: PolicyParams = DEFAULT_POLICY_PARAMS,
    experiment: Experiment | None = None,
    trigger_on: TriggerGate = all_on,
) -> EngineResult:
    """A ``readings.v1`` record: step goal, BP change, sleep pattern, activity for inactivity."""
    run = _Run(state, prefs, triggers, policy_params, experiment, trigger_on)
    st = run.st
    user_id = text(reading, "user_id") or st.get("uid")
    if not user_id:
        return run.result()
    st["uid"] = user_id
    offset = integer(reading, "utc_offset_min")
    if offset is not None:
        st["off"] = offset
    tz = resolve_zone(run.prefs.timezone, st["off"])

    inactivity.observe_activity(st["act"], reading, now_ms)
    metric = text(reading, "metric")
    hit: Hit | None = None
    if metric == "steps":
        hit = step_goal.observe(st["steps"], reading, tz, run.prefs.step_goal, triggers)
    elif metric == "blood_pressure":
        hit = bp_change.observe(st["bp"], reading, tz, triggers, policy_params.bp_change_ttl_ms)
    elif metric == "sleep":
        hit = sleep_pattern.observe(st["sleep"], reading, tz, triggers, policy_params.sleep_pattern_ttl_ms)

    run.tick(now_ms)
    if hit is not None:
        run.emit(hit, user_id, now_ms)
    return run.result()


def on_anomaly(
    state: Mapping[str, Any] | None,
    anomaly: Mapping[str, Any],
    prefs: Mapping[str, Any] | None,
    now_ms: int,
    *,
    triggers: TriggerParams = DEFAULT_TRIGGER_PARAMS,
    policy_params: PolicyParams = DEFAULT_POLICY_PARAMS,
    experiment: Experiment | None = None,
    trigger_on: TriggerGate = all_on,
) -> EngineResult:
    """An ``anomalies.v1`` record: ``stale_data`` becomes a "sync your device" nudge."""
    run = _Run(state, prefs, triggers, policy_params, experiment, trigger_on)
    user_id = text(anomaly, "user_id") or run.st.get("uid")
    if not user_id:
        return run.result()
    run.st["uid"] = user_id
    hit = stale_data.observe(run.st["stale"], anomaly, now_ms, triggers, policy_params.stale_data_ttl_ms)
    run.tick(now_ms)
    if hit is not None:
        run.emit(hit, user_id, now_ms)
    return run.result()


def on_tick(
    state: Mapping[str, Any] | None,
    prefs: Mapping[str, Any] | None,
    stream_now_ms: int,
    *,
    triggers: TriggerParams = DEFAULT_TRIGGER_PARAMS,
    policy_params: PolicyParams = DEFAULT_POLICY_PARAMS,
    experiment: Experiment | None = None,
    trigger_on: TriggerGate = all_on,
) -> EngineResult:
    """Stream time passed: release held nudges that are due, fire inactivity when due."""
    run = _Run(state, prefs, triggers, policy_params, experiment, trigger_on)
    run.tick(stream_now_ms)
    return run.result()


def on_preferences(state: Mapping[str, Any] | None, prefs: Mapping[str, Any] | None) -> State:
    """Keep the fields of a ``preferences.v1`` snapshot the engine uses (a tombstone clears them).
    Held nudges are re-decided against them when they are next due."""
    st = load(state)
    if prefs is None:
        st["prefs"] = None
        return st
    kept = {key: prefs.get(key) for key in KEPT_FIELDS}
    kept["nudge_opt_outs"] = list(prefs.get("nudge_opt_outs") or ())
    st["prefs"] = kept
    if not st.get("uid") and isinstance(prefs.get("user_id"), str):
        st["uid"] = prefs["user_id"]
    return st


def next_due_ms(state: Mapping[str, Any] | None, triggers: TriggerParams = DEFAULT_TRIGGER_PARAMS) -> int | None:
    """The earliest stream time at which ``on_tick`` has work for this user (for the driver's due-time
    index), or None."""
    if not state:
        return None
    dues = [
        due
        for due in (policy.next_release_ms(state), inactivity.due_at_ms(state.get("act") or {}, triggers))
        if due is not None
    ]
    return min(dues, default=None)
