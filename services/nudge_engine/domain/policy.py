"""Delivery policy: whether a fired nudge reaches the user now, later, or never.

Checks, in order (the first that applies is the reason, counted by name):

1. ``kill_switch``  operator switch, global or per trigger (PolicyParams) → drop
1b. ``flag_off``    the trigger's rollout flag ``nudge.<trigger>`` is off for this user (phased rollout,
                    changed at runtime; the caller passes the answer in as ``trigger_on``) → drop
2. ``disabled``     the user turned nudges off (Preferences.nudges_enabled = false) → drop
3. ``opted_out``    the trigger is in Preferences.nudge_opt_outs → drop
4. ``expired``      already past its ``expires_at`` (late data, or stream time lagging) → drop
5. ``snoozed``      Preferences.snoozed_until in the future → drop. Not held: the user asked for
                    silence, and a queue released when the snooze ends would be a burst of stale news.
6. ``cooldown``     the same trigger was delivered less than ``cooldown_ms`` ago → drop (step_goal:
                    ``step_goal_cooldown_ms``, none by default: it is once per local day by itself)
7. ``daily_cap``    ``daily_cap`` deliveries in the rolling ``daily_window_ms`` → drop
8. quiet hours, in the user's own IANA zone (window may wrap midnight):
   ``quiet_hours_held``    still valid when quiet hours end → hold, deliver at their end
   ``quiet_hours_expired`` it expires before they end → drop.
   Hold, not drop, because a bp_change, sleep or stale-data nudge from 23:00 is still useful at 07:00;
   the ones that are not (step goal: end of the local day) carry their own ``expires_at``, so the same
   rule drops them. Held nudges are re-decided on release (opt-outs, caps, snooze apply then).
9. ``min_gap``      less than ``min_gap_ms`` since any delivery → hold until the gap ends when still
                    valid then, else drop. This also spaces several nudges released at quiet end.

A held nudge keeps one slot per trigger (a newer one replaces it). ``release_held`` (called by the
driver on stream time, and by every engine entry point) re-decides held nudges that are due.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

from .model import Decision, EngineResult, Nudge, Reason, Suppression, TriggerGate, all_on
from .params import DEFAULT_POLICY_PARAMS, DEFAULT_TRIGGER_PARAMS, PolicyParams
from .prefs import EffectivePrefs, effective_prefs
from .state import State, load
from .timeutil import in_window, minute_of_day, resolve_zone, window_end_ms

PrefsLike = EffectivePrefs | Mapping[str, Any] | None


def _prefs(prefs: PrefsLike, params: PolicyParams) -> EffectivePrefs:
    if isinstance(prefs, EffectivePrefs):
        return prefs
    return effective_prefs(prefs, DEFAULT_TRIGGER_PARAMS, params)


def user_zone(state: Mapping[str, Any], prefs: EffectivePrefs) -> tzinfo:
    return resolve_zone(prefs.timezone, state.get("off"))


def _drop(reason: Reason) -> Decision:
    return Decision(deliver=False, reason=reason)


def decide(
    state: Mapping[str, Any],
    candidate: Mapping[str, Any],
    prefs: PrefsLike,
    now_ms: int,
    params: PolicyParams = DEFAULT_POLICY_PARAMS,
    trigger_on: TriggerGate = all_on,
) -> Decision:
    """Pure: reads ``state`` (deliveries so far, zone fallback), never changes it. ``trigger_on`` answers
    whether the trigger's rollout flag is on for this user."""
    p = _prefs(prefs, params)
    trigger = candidate["trigger"]
    expires_at = int(candidate["expires_at"])
    if params.kill_switch or trigger in params.killed_triggers:
        return _drop("kill_switch")
    if not trigger_on(trigger):
        return _drop("flag_off")
    if not p.nudges_enabled:
        return _drop("disabled")
    if trigger in p.opt_outs:
        return _drop("opted_out")
    if expires_at <= now_ms:
        return _drop("expired")
    if p.snoozed_until_ms is not None and now_ms < p.snoozed_until_ms:
        return _drop("snoozed")
    last_by_trigger: Mapping[str, int] = state.get("last") or {}
    last_same = last_by_trigger.get(trigger)
    cooldown = params.step_goal_cooldown_ms if trigger == "step_goal" else params.cooldown_ms
    if last_same is not None and now_ms - last_same < cooldown:
        return _drop("cooldown")
    recent = [at for at, _ in state.get("sent") or () if now_ms - at < params.daily_window_ms]
    if len(recent) >= params.daily_cap:
        return _drop("daily_cap")
    tz = user_zone(state, p)
    if in_window(minute_of_day(now_ms, tz), p.quiet_start_min, p.quiet_end_min):
        quiet_end = window_end_ms(now_ms, tz, p.quiet_start_min, p.quiet_end_min)
        if params.hold_in_quiet_hours and expires_at > quiet_end:
            return Decision(deliver=False, reason="quiet_hours_held", deliver_at_ms=quiet_end)
        return _drop("quiet_hours_expired")
    if last_by_trigger:
        gap_end = max(last_by_trigger.values()) + params.min_gap_ms
        if now_ms < gap_end:
            if expires_at > gap_end:
                return Decision(deliver=False, reason="min_gap", deliver_at_ms=gap_end)
            return _drop("min_gap")
    return Decision(deliver=True, deliver_at_ms=now_ms)


def record_delivery(state: State, nudge: Nudge, now_ms: int, params: PolicyParams) -> None:
    """In place, on the engine's private copy: count a delivery for cap, cooldown and min gap."""
    keep_last = max(params.cooldown_ms, params.min_gap_ms)
    sent = [s for s in state["sent"] if now_ms - s[0] < params.daily_window_ms]
    sent.append([now_ms, nudge["trigger"]])
    state["sent"] = sent[-max(params.daily_cap, 1) :]
    last = {t: at for t, at in state["last"].items() if now_ms - at < keep_last}
    last[nudge["trigger"]] = now_ms
    state["last"] = last


def hold(state: State, nudge: Nudge, deliver_at_ms: int) -> None:
    """In place: keep ``nudge`` until ``deliver_at_ms``; one slot per trigger, the newest wins."""
    state["held"] = [h for h in state["held"] if h["nudge"]["trigger"] != nudge["trigger"]]
    state["held"].append({"at": deliver_at_ms, "nudge": nudge})


def apply(state: State, nudge: Nudge, decision: Decision, now_ms: int, params: PolicyParams) -> Nudge | Suppression:
    """In place: carry out ``decision``; the delivered nudge, or the suppression to count."""
    if decision.deliver:
        record_delivery(state, nudge, now_ms, params)
        return nudge
    if decision.deliver_at_ms is not None:
        hold(state, nudge, decision.deliver_at_ms)
    assert decision.reason is not None
    return Suppression(nudge["trigger"], decision.reason, nudge["nudge_id"])


def release_into(
    state: State, prefs: EffectivePrefs, now_ms: int, params: PolicyParams, trigger_on: TriggerGate = all_on
) -> tuple[list[Nudge], list[Suppression]]:
    """In place: re-decide the held nudges that are due. Delivered ones get ``created_at`` = now (the
    moment they enter nudges.v1); ones held again are not counted twice; dropped ones are counted."""
    delivered: list[Nudge] = []
    suppressed: list[Suppression] = []
    keep: list[dict[str, Any]] = []
    for entry in sorted(state["held"], key=lambda h: (h["at"], h["nudge"]["created_at"])):
        nudge: Nudge = entry["nudge"]
        if entry["at"] > now_ms:
            keep.append(entry)
            continue
        decision = decide(state, nudge, prefs, now_ms, params, trigger_on)
        if decision.deliver:
            released: Nudge = {**nudge, "created_at": now_ms}
            record_delivery(state, released, now_ms, params)
            delivered.append(released)
        elif decision.deliver_at_ms is not None:
            keep.append({"at": decision.deliver_at_ms, "nudge": nudge})
        else:
            assert decision.reason is not None
            suppressed.append(Suppression(nudge["trigger"], decision.reason, nudge["nudge_id"]))
    state["held"] = keep
    return delivered, suppressed


def release_held(
    state: Mapping[str, Any] | None,
    prefs: PrefsLike,
    now_ms: int,
    params: PolicyParams = DEFAULT_POLICY_PARAMS,
    trigger_on: TriggerGate = all_on,
) -> EngineResult:
    """Pure: emit held nudges whose time has come (quiet hours over, min gap passed)."""
    st = load(state)
    delivered, suppressed = release_into(st, _prefs(prefs, params), now_ms, params, trigger_on)
    return EngineResult(st, delivered, suppressed)


def next_release_ms(state: Mapping[str, Any]) -> int | None:
    held = state.get("held") or ()
    return min((int(h["at"]) for h in held), default=None)
