"""Every trigger and policy number of the nudge engine, in one place, each with its source.

The driver builds these from settings (``HEARTWISE_NUDGE_ENGINE_*``); the defaults are the plan's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS


@dataclass(frozen=True, slots=True)
class TriggerParams:
    """When a trigger fires. Firing is not delivery: ``PolicyParams`` decides that."""

    # The plan: nudge when the day's steps reach 80 % of the user's goal (integer percent, compared as
    # total * 100 >= goal * pct so 79.9 % never rounds up).
    step_goal_pct: int = 80
    # Only when Preferences carry no step_goal: 10,000/day, the usual wearable default (not clinical).
    default_step_goal: int = 10_000
    # Dedup of step reading ids within the current local day: 1,440 = one reading a minute for 24 h.
    step_seen_ids_max: int = 1_440

    # The plan: |systolic − 7-day baseline| ≥ 10 mmHg.
    bp_delta_mmhg: float = 10.0
    # The plan: 7-day baseline, kept as daily means (one bucket per local date, today included).
    bp_baseline_days: int = 7
    # Engine choice: no baseline from one sitting; ≥ 3 readings over ≥ 2 local days before comparing.
    bp_min_readings: int = 3
    bp_min_days: int = 2
    # Redelivery dedup for BP reading ids (at-least-once input).
    bp_seen_ids_max: int = 32

    # The plan: 3 consecutive poor nights; poor = < 6 h asleep or sleep efficiency < 0.80.
    sleep_poor_nights: int = 3
    sleep_min_duration_min: int = 360
    sleep_min_efficiency: float = 0.80
    # Nights kept (by local date of the night's end); two weeks is plenty for a 3-night rule.
    sleep_history_nights: int = 14

    # The plan: inactivity nudge after 48 h without activity (steps count > 0).
    inactivity_ms: int = 48 * HOUR_MS
    # Engine choice: a device uploading a backlog delivers days-old activity while stream time (heartbeats)
    # is already "now". Silence is judged only once no activity has been processed for this long (stream
    # time), so a phone syncing 3 days at once is not told it was idle for 48 h; a user who really is silent
    # is unaffected (their last activity was processed when it happened).
    inactivity_sync_settle_ms: int = 20_000

    # Anomaly ids already turned into stale-data nudges (redelivery dedup).
    stale_seen_ids_max: int = 8


@dataclass(frozen=True, slots=True)
class PolicyParams:
    """Whether, and when, a fired nudge reaches the user."""

    # Operator kill switch for every nudge, and per trigger (reason ``kill_switch``).
    kill_switch: bool = False
    killed_triggers: frozenset[str] = field(default_factory=frozenset)
    # The plan: at most 3 nudges a day; a rolling 24 h window (no burst of 3 at 23:50 and 3 at 00:10).
    daily_cap: int = 3
    daily_window_ms: int = DAY_MS
    # Engine choice: the same trigger at most once per 24 h.
    cooldown_ms: int = DAY_MS
    # step_goal's cooldown: the plan's "one nudge that day" already spaces it (one nudge per local day, by
    # its id); 24 h would drop Tuesday's nudge of a user who reached 80 % earlier than on Monday.
    step_goal_cooldown_ms: int = 0
    # Engine choice: at least 1 h between any two nudges.
    min_gap_ms: int = HOUR_MS
    # Quiet hours when Preferences carry none, local minutes after midnight (22:00–07:00).
    # A user turns quiet hours off with quiet_start_min == quiet_end_min.
    default_quiet_start_min: int = 22 * 60
    default_quiet_end_min: int = 7 * 60
    # True: hold a nudge through quiet hours when it is still valid at their end, else drop it
    # (``quiet_hours_expired``). False: drop every nudge that falls in quiet hours.
    hold_in_quiet_hours: bool = True
    # Time to live per trigger, from the event that caused the nudge (``expires_at``). step_goal has
    # none here: it expires at the end of the user's local day (a 23:00 step nudge is useless at 07:00).
    bp_change_ttl_ms: int = DAY_MS
    sleep_pattern_ttl_ms: int = DAY_MS
    inactivity_ttl_ms: int = DAY_MS
    # Stale data stays worth a "sync your device" until the anomaly service would re-detect it.
    stale_data_ttl_ms: int = 3 * DAY_MS


DEFAULT_TRIGGER_PARAMS = TriggerParams()
DEFAULT_POLICY_PARAMS = PolicyParams()
