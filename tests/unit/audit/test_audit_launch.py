"""The plan's launch metrics from the topics: daily active users, engagement, cost per conversation, nudges
acted on (definitions in services/audit/domain/launch.py)."""

from __future__ import annotations

from services.audit.domain.launch import ACTED_ON_WINDOW_MS, DAY_MS, HOUR_MS, LaunchMetrics, LaunchSnapshot

T0 = 1_780_000_000_000


def turn(user: str, at: int, conversation: str = "c1", cost: float = 0.0, kind: str = "answer") -> dict:
    return {"user_id": user, "conversation_id": conversation, "created_at": at, "cost_usd": cost, "kind": kind}


def reading(user: str, at: int, metric: str = "steps", source: str = "sensed") -> dict:
    return {"user_id": user, "metric": metric, "source": source, "ingested_at": at, "measured_at": at - 1000}


def nudge(user: str, at: int, trigger: str, nudge_id: str | None = None) -> dict:
    return {"user_id": user, "nudge_id": nudge_id or f"n-{user}-{trigger}-{at}", "trigger": trigger, "created_at": at}


def test_daily_active_reading_and_engaged_users_over_the_trailing_day():
    m = LaunchMetrics()
    m.observe("chat.turns.v1", turn("ann", T0))
    m.observe("chat.turns.v1", turn("ann", T0 + 1, conversation="c2"))
    m.observe("chat.turns.v1", turn("cat", T0, kind="rate_limited"))  # refused before any answer: not active
    for user in ("ann", "bob", "cat"):
        m.observe("readings.v1", reading(user, T0))
    assert m.snapshot(T0 + HOUR_MS) == LaunchSnapshot(active_users=1, reading_users=3, engaged_users=1,
                                                      conversations=2, chat_cost_usd=0.0)
    assert m.snapshot(T0 + DAY_MS + 2) == LaunchSnapshot(0, 0, 0, 0, 0.0)  # a day later all fell out


def test_cost_per_conversation_sums_turn_costs_per_hour_over_the_last_day():
    m = LaunchMetrics()
    m.observe("chat.turns.v1", turn("ann", T0, "c1", cost=0.01))
    m.observe("chat.turns.v1", turn("ann", T0 + 1000, "c1", cost=0.02))
    m.observe("chat.turns.v1", turn("bob", T0 + 2000, "c9", cost=0.03))
    now = T0 + 2 * HOUR_MS
    snapshot = m.snapshot(now)
    assert (snapshot.conversations, snapshot.chat_cost_usd) == (2, 0.06)
    assert m.snapshot(T0 + DAY_MS + 2 * HOUR_MS).chat_cost_usd == 0.0


def test_a_nudge_is_acted_on_by_a_chat_turn_or_the_reading_it_asks_for_within_the_window_once():
    m = LaunchMetrics()
    m.observe("nudges.v1", nudge("ann", T0, "bp_change"))
    m.observe("nudges.v1", nudge("bob", T0, "step_goal"))
    m.observe("nudges.v1", nudge("cat", T0, "stale_data"))
    m.observe("nudges.v1", nudge("dan", T0, "sleep_pattern"))
    m.observe("readings.v1", reading("ann", T0 + 5, "steps"))  # not the nudged metric
    m.observe("readings.v1", reading("ann", T0 + 10, "blood_pressure"))  # acted on
    m.observe("readings.v1", reading("ann", T0 + 11, "blood_pressure"))  # once only
    m.observe("readings.v1", reading("bob", T0 + 10, "steps"))  # sensed steps come anyway: not an action
    m.observe("readings.v1", reading("bob", T0 + 20, "steps", source="self_reported"))  # acted on
    m.observe("readings.v1", reading("cat", T0 + 10, "weight"))  # any reading: the device synced
    m.observe("chat.turns.v1", turn("dan", T0 + ACTED_ON_WINDOW_MS + 1))  # too late
    seen, acted = m.take_counts()
    assert seen == {"bp_change": 1, "step_goal": 1, "stale_data": 1, "sleep_pattern": 1}
    assert acted == {"bp_change": 1, "step_goal": 1, "stale_data": 1}
    assert m.take_counts() == ({}, {})
    snapshot = m.snapshot(T0 + HOUR_MS)
    assert snapshot.engaged_users == 3  # ann, bob and cat acted on a nudge and have readings


def test_an_action_before_the_nudge_does_not_count_and_pending_nudges_expire():
    m = LaunchMetrics()
    m.observe("nudges.v1", nudge("ann", T0, "inactivity"))
    m.observe("chat.turns.v1", turn("ann", T0 - 1))
    m.snapshot(T0 + ACTED_ON_WINDOW_MS + 1)  # the nudge expires unacted
    m.observe("chat.turns.v1", turn("ann", T0 + 10))  # a late-arriving earlier turn finds nothing pending
    assert m.take_counts() == ({"inactivity": 1}, {})


def test_records_without_a_user_or_time_are_ignored():
    m = LaunchMetrics()
    m.observe("chat.turns.v1", {"created_at": T0})
    m.observe("readings.v1", {"user_id": "ann"})
    m.observe("nudges.v1", {"user_id": "ann", "trigger": "unknown", "nudge_id": "n", "created_at": T0})
    m.observe("anomalies.v1", {"user_id": "ann"})
    assert m.snapshot(T0) == LaunchSnapshot(0, 0, 0, 0, 0.0)
    assert m.take_counts() == ({}, {})
