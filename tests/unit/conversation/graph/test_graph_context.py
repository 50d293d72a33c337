"""Context loading ("prompt compression"): summaries, degraded data, stale data, history trimmed by token budget."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fake_anthropic import FakeAnthropic, MemoryUserData, reply
from graph_support import USER, turn

from services.conversation.graph import GraphOrchestrator
from services.conversation.graph.context import UserDataUnavailable, estimate_tokens, load_turn_context, trim_history
from services.conversation.graph.settings import GraphSettings
from services.conversation.graph.summaries import summarise
from services.conversation.orchestration import HistoryTurn, ReadingPoint

DAY = 86_400_000


def bp(i: int, s: int, d: int, now_ms: int) -> ReadingPoint:
    return ReadingPoint(f"r{i}", "blood_pressure", now_ms - i * DAY, 0, {"systolic": s, "diastolic": d})


def test_blood_pressure_summary(now_ms: int) -> None:
    points = [bp(0, 130, 85, now_ms), bp(1, 128, 84, now_ms), bp(2, 142, 91, now_ms), bp(3, 118, 76, now_ms)]
    s = summarise("blood_pressure", points, 7, now_ms)
    assert s["readings_count"] == 4
    assert s["latest"]["systolic"] == 130 and s["latest"]["diastolic"] == 85
    assert s["average"] == {"systolic": 129.5, "diastolic": 84}
    assert s["highest_systolic_reading"] == {"systolic": 142, "diastolic": 91}
    # oldest first: (118, 142) then (128, 130)
    assert s["trend"]["change"] == {"systolic": -1, "diastolic": 1}
    assert s["readings_count_by_aha_category"] == {
        "normal": 1,
        "elevated": 0,
        "stage_1": 2,
        "stage_2": 1,
        "crisis_range": 0,
    }


def test_history_is_trimmed_to_the_token_budget() -> None:
    turns = []
    for i in range(10):
        turns.append(HistoryTurn("user", f"question {i} " + "x" * 200, 2 * i))
        turns.append(HistoryTurn("assistant", f"answer {i} " + "y" * 200, 2 * i + 1))
    budget = 4 * estimate_tokens("answer 9 " + "y" * 200)
    messages = trim_history(turns, max_turns=12, token_budget=budget)
    assert messages[0]["role"] == "user"
    assert [m["role"] for m in messages] == ["user", "assistant"] * (len(messages) // 2)
    assert "question 8" in messages[0]["content"][0]["text"] and "answer 9" in messages[-1]["content"][0]["text"]
    assert sum(estimate_tokens(m["content"][0]["text"]) for m in messages) <= budget + 20  # + the tags
    assert trim_history(turns, max_turns=3, token_budget=10_000)[0]["content"][0]["text"].count("question 9") == 1
    assert trim_history(turns, max_turns=0, token_budget=10_000) == []


def test_history_merges_same_role_and_keeps_the_end_of_an_oversized_turn() -> None:
    turns = [HistoryTurn("assistant", "hello", 0), HistoryTurn("user", "a", 1), HistoryTurn("user", "b", 2)]
    messages = trim_history(turns, max_turns=10, token_budget=1000)
    assert len(messages) == 1 and messages[0]["role"] == "user"
    assert "a" in messages[0]["content"][0]["text"] and "b" in messages[0]["content"][0]["text"]
    long = [HistoryTurn("user", "start " + "z" * 5000 + " end", 0)]
    kept = trim_history(long, max_turns=10, token_budget=100)[0]["content"][0]["text"]
    assert "end" in kept and "start" not in kept


class PartlyBroken(MemoryUserData):
    async def readings(self, metric: str, days: int) -> list[Any]:
        if metric == "sleep":
            raise TimeoutError("cassandra timeout")
        return await super().readings(metric, days)


async def test_one_failing_metric_degrades_the_context(data: MemoryUserData, now_ms: int) -> None:
    broken = PartlyBroken(USER, now_ms, data.all_readings, preferences={"step_goal": 6000})
    ctx = await load_turn_context(turn("hi", now_ms), broken, GraphSettings())
    assert "sleep: unavailable right now" in ctx.text
    assert '"metric":"heart_rate"' in ctx.text


async def test_nothing_readable_raises(data: MemoryUserData, now_ms: int) -> None:
    data.fail = True
    with pytest.raises(UserDataUnavailable):
        await load_turn_context(turn("hi", now_ms), data, GraphSettings())


async def test_every_number_shown_is_a_fact(data: MemoryUserData, now_ms: int) -> None:
    ctx = await load_turn_context(turn("hi", now_ms), data, GraphSettings())
    numbers: list[float] = []

    def walk(value: object) -> None:
        if isinstance(value, bool):
            return
        if isinstance(value, int | float):
            numbers.append(float(value))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for line in ctx.text.splitlines():
        if ": {" in line or ": [" in line:
            walk(json.loads(line.split(": ", 1)[1] if ": {" in line else line[line.index("[") :]))
    assert numbers
    fact_values = {round(f.value, 6) for f in ctx.facts.values}
    assert all(round(abs(n), 6) in fact_values for n in numbers)


async def test_missing_metric_is_stale_and_flagged(
    fake: FakeAnthropic, orchestrator: GraphOrchestrator, now_ms: int
) -> None:
    old_weight = ReadingPoint("w", "weight", now_ms - 20 * DAY, 0, {"kg": 80.0})
    data = MemoryUserData(USER, now_ms, [old_weight, bp(0, 120, 80, now_ms)])
    fake.script(reply("Please sync your scale so I can see recent weight readings."))
    outcome = await orchestrator.run_turn(turn("how is my weight?", now_ms), data)
    context = fake.requests[0].body["system"][1]["text"]
    assert "weight: no readings in the last 7 days" in context and "suggest syncing" in context
    assert "stale_data" in outcome.result.flags


def test_step_progress_groups_by_the_devices_local_day() -> None:
    from services.conversation.graph.summaries import step_progress

    noon = 1_764_072_000_000  # 2025-11-25 12:00 UTC
    points = [
        ReadingPoint("a", "steps", noon, 0, {"count": 5000, "interval_s": 3600}),
        ReadingPoint("b", "steps", noon + 3_600_000, 0, {"count": 4000, "interval_s": 3600}),
        # 01:00 UTC on the 25th is still the 24th at UTC-5
        ReadingPoint("c", "steps", noon - 11 * 3_600_000, -300, {"count": 3000, "interval_s": 3600}),
    ]
    out = step_progress(points, noon + 7_200_000, 8000, "UTC")
    assert out["daily"] == [
        {"date": "2025-11-25", "steps": 9000, "percent_of_goal": 113},
        {"date": "2025-11-24", "steps": 3000, "percent_of_goal": 38},
    ]
    assert out["today_steps"] == 9000 and out["today_percent_of_goal"] == 113
    assert out["days_goal_met"] == 1 and out["average_daily_steps"] == 6000
