"""The offline, data-grounded responder over a fake UserData: it answers from the data, only with numbers the
data supports, says when there is none, and flags stale data."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from conversation_fakes import FakeUserData, point

from services.conversation.domain.intent import parse_question
from services.conversation.domain.preferences import normalise
from services.conversation.domain.responder import (
    ANOMALY_DISCLAIMER,
    DATA_UNAVAILABLE_REPLY,
    MEDICATION_REPLY,
    OfflineResponder,
)
from services.conversation.domain.summaries import round_to, summarise
from services.conversation.orchestration import AnomalyNote, TurnRequest

NOW = int(datetime(2026, 11, 25, 18, 0, tzinfo=UTC).timestamp() * 1000)
HOUR = 3_600_000
DAY = 24 * HOUR


def ask(text: str, data: FakeUserData):  # type: ignore[no-untyped-def]
    request = TurnRequest(user_id="u1", conversation_id="c1", turn_id="t1", message=text, now_ms=NOW)
    return OfflineResponder().respond(request, data)


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*(?:\.\d+)?", text))


def bp_data() -> FakeUserData:
    return FakeUserData(now_ms=NOW, points={"blood_pressure": [
        point("blood_pressure", NOW - 5 * DAY, systolic=120, diastolic=80, pulse=64),
        point("blood_pressure", NOW - 3 * DAY, systolic=130, diastolic=85, pulse=70),
        point("blood_pressure", NOW - 2 * HOUR, offset_min=-300, systolic=128, diastolic=82, pulse=71),
    ]})


async def test_conversation_responder_states_the_latest_blood_pressure_from_the_data():
    result = await ask("What was my latest blood pressure?", bp_data())
    assert result.kind == "answer"
    assert "128/82 mmHg" in result.reply and "pulse 71 bpm" in result.reply
    assert "Wed 25 Nov at 11:00" in result.reply  # local time of the device (UTC-5)
    assert numbers(result.reply) <= {"128/82", "128", "82", "71", "25", "11:00", "11", "00"}


async def test_conversation_responder_averages_over_the_asked_period_with_the_count():
    result = await ask("what's my average blood pressure this week", bp_data())
    # (120+130+128)/3 = 126.0 ; (80+85+82)/3 = 82.33 → 82
    assert "average blood pressure was 126/82 mmHg across 3 readings" in result.reply
    assert "systolic from 120 to 130" in result.reply
    # Every number is a value in the data, an average/count of it, or a date/time.
    allowed = {"126/82", "126", "82", "3", "120", "130", "128/82", "128", "71", "7", "25", "11", "00"}
    assert numbers(result.reply) <= allowed, numbers(result.reply) - allowed


async def test_conversation_responder_only_counts_readings_inside_the_period():
    result = await ask("average blood pressure over the last 4 days", bp_data())
    # The 5-day-old reading is outside: (130+128)/2 = 129 ; (85+82)/2 = 83.5 → 84 (half up)
    assert "129/84 mmHg across 2 readings" in result.reply


async def test_conversation_responder_says_so_when_there_is_no_data():
    result = await ask("How is my heart rate?", FakeUserData(now_ms=NOW))
    assert result.kind == "answer"
    assert "don't have any heart rate readings" in result.reply
    assert "no_data" in result.flags
    assert numbers(result.reply) <= {"30"}  # only the window it looked at


async def test_conversation_responder_flags_stale_data_and_asks_to_sync():
    data = FakeUserData(now_ms=NOW, points={"weight": [point("weight", NOW - 10 * DAY, kg=81.4)]})
    result = await ask("what is my weight?", data)
    assert "stale_data" in result.flags
    assert "10 days ago" in result.reply and "sync" in result.reply
    assert "81.4 kg" in result.reply


async def test_conversation_responder_finds_the_stale_newest_reading_outside_a_short_period():
    data = FakeUserData(now_ms=NOW, points={"heart_rate": [point("heart_rate", NOW - 12 * DAY, bpm=66)]})
    result = await ask("average heart rate this week", data)
    assert "stale_data" in result.flags and "12 days ago" in result.reply
    assert "66" not in result.reply  # not inside the asked week, so no average is stated


async def test_conversation_responder_step_goal_progress_in_the_users_day():
    prefs = normalise({"step_goal": 10_000, "timezone": "UTC"})
    data = FakeUserData(now_ms=NOW, prefs=prefs, points={"steps": [
        point("steps", NOW - 8 * HOUR, count=2400, interval_s=3600),
        point("steps", NOW - 2 * HOUR, count=4020, interval_s=3600),
        point("steps", NOW - 1 * DAY - 2 * HOUR, count=11_000, interval_s=3600),
        point("steps", NOW - 2 * DAY, count=7000, interval_s=3600),
    ]})
    result = await ask("am I on track for my step goal?", data)
    assert "Today you've taken 6,420 steps so far: 64% of your 10,000-step goal, 3,580 to go." in result.reply
    assert "you reached it on 1 of the 2 days with step data" in result.reply


async def test_conversation_responder_sleep_in_hours_and_minutes():
    data = FakeUserData(now_ms=NOW, points={"sleep": [
        point("sleep", NOW - 10 * HOUR, duration_min=432, efficiency=0.91),
        point("sleep", NOW - 34 * HOUR, duration_min=390, efficiency=0.85),
    ]})
    result = await ask("How did I sleep last night?", data)
    assert "7 h 12 min of sleep with 91% sleep efficiency" in result.reply
    weekly = await ask("how much did I sleep on average this week", data)
    assert "6 h 51 min a night on average over 2 nights" in weekly.reply  # (432+390)/2 = 411 min


async def test_conversation_responder_describes_a_trend_between_the_two_halves():
    points = [point("weight", NOW - d * DAY, kg=kg) for d, kg in ((28, 82.0), (25, 82.2), (20, 81.8),
                                                                   (10, 80.6), (6, 80.4), (2, 80.5))]
    result = await ask("is my weight trending down?", FakeUserData(now_ms=NOW, points={"weight": points}))
    assert "gone down: 82.0 kg in the first half of the period and 80.5 kg in the second half" in result.reply


async def test_conversation_responder_trend_over_the_days_a_new_user_has_data_for():
    points = [point("weight", NOW - d * DAY - HOUR, kg=80.0 + d / 10) for d in range(10)]  # 10 days, falling
    result = await ask("what's my weight trend?", FakeUserData(now_ms=NOW, points={"weight": points}))
    # halves of the 10 days with data: days 9..5 average 80.7 kg, days 4..0 80.2 kg
    assert "gone down: 80.7 kg in the first half of the period and 80.2 kg in the second half" in result.reply


@pytest.mark.parametrize(("message", "expected"), [
    ("is 135/85 high?", "A reading of 135/85 mmHg is in the range the 2017 ACC/AHA guideline calls stage 1"),
    ("my bp was 152 over 88 this morning, is that bad", "A reading of 152/88 mmHg is in the range the 2017 "
                                                        "ACC/AHA guideline calls stage 2"),
    ("what about 124/78?", "guideline calls elevated"),
    ("is 118/76 good", "A reading of 118/76 mmHg is below 120/80 mmHg, the range the 2017 ACC/AHA guideline "
                       "calls normal."),
    ("is 190/100 dangerous", "hypertensive crisis. If you have chest pain"),
])
async def test_conversation_responder_explains_the_range_of_a_blood_pressure_the_user_wrote(message, expected):
    points = [point("blood_pressure", NOW - HOUR, systolic=128, diastolic=82, pulse=70)]
    result = await ask(message, FakeUserData(now_ms=NOW, points={"blood_pressure": points}))
    assert result.reply.startswith(expected[:20]) or expected in result.reply
    assert expected in result.reply
    assert "bp_range_explained" in result.flags
    assert "128/82" in result.reply  # and the user's own latest reading for comparison


async def test_conversation_responder_a_date_is_not_a_blood_pressure():
    result = await ask("how was my blood pressure on 11/20?", FakeUserData(now_ms=NOW, points={}))
    assert "bp_range_explained" not in result.flags


async def test_conversation_responder_anomalies_carry_the_disclaimer():
    notes = [AnomalyNote("a1", "blood_pressure", "threshold", "review", "stage_2_hypertension",
                         "Your blood pressure reading was in a high range.", NOW - DAY),
             AnomalyNote("a2", "heart_rate", "outlier", "info", "tachycardia", "Your heart rate was unusually high.",
                         NOW - 2 * DAY)]
    data = bp_data()
    data.notes = notes
    result = await ask("Is my blood pressure normal?", data)
    assert result.disclaimer == ANOMALY_DISCLAIMER
    assert "Your blood pressure reading was in a high range." in result.reply
    assert "heart rate was unusually high" not in result.reply  # only the metric asked about
    everything = await ask("any unusual readings lately?", data)
    assert "2 things were flagged" in everything.reply and everything.disclaimer == ANOMALY_DISCLAIMER


async def test_conversation_responder_no_anomalies_is_said_with_the_disclaimer():
    result = await ask("any alerts in my readings?", FakeUserData(now_ms=NOW))
    assert "Nothing unusual was flagged" in result.reply
    assert result.disclaimer == ANOMALY_DISCLAIMER


async def test_conversation_responder_falls_back_when_the_data_cannot_be_read():
    result = await ask("what's my blood pressure", FakeUserData(now_ms=NOW, fail=True))
    assert result.kind == "fallback"
    assert result.reply == DATA_UNAVAILABLE_REPLY
    assert "data_unavailable" in result.flags


async def test_conversation_responder_never_advises_on_medication():
    result = await ask("Should I stop taking my lisinopril since my BP is fine?", bp_data())
    assert result.reply == MEDICATION_REPLY
    assert not numbers(result.reply)


async def test_conversation_responder_greets_by_display_name_and_lists_what_it_can_do():
    data = FakeUserData(now_ms=NOW, prefs=normalise({"display_name": "Ada"}))
    result = await ask("hello", data)
    assert result.reply.startswith("Hi Ada!")
    assert not numbers(result.reply)


async def test_conversation_responder_overview_lists_each_metric_with_data():
    data = bp_data()
    data.points["heart_rate"] = [point("heart_rate", NOW - HOUR, bpm=72)]
    result = await ask("give me a summary of my health data", data)
    assert "128/82 mmHg" in result.reply and "72 bpm" in result.reply
    assert "weight" not in result.reply.lower()


def test_conversation_summaries_round_half_up_and_daily_step_totals():
    assert round_to(82.5, 0) == 83 and round_to(80.45, 1) == 80.5 and round_to(-1.5, 0) == -2
    steps = [point("steps", NOW - 2 * HOUR, count=100), point("steps", NOW - 3 * HOUR, count=50),
             point("steps", NOW - DAY, count=70)]
    summary = summarise("steps", steps, NOW, 7)
    assert summary.daily_totals == {"2026-11-25": 150, "2026-11-24": 70}
    assert summary.averages["count"] == 110


@pytest.mark.parametrize(("text", "metrics", "aspect", "days"), [
    ("What was my latest blood pressure?", ("blood_pressure",), "latest", 30),
    ("average heart rate over the last 14 days", ("heart_rate",), "average", 14),
    ("how many steps did I take today", ("steps",), "latest", 1),
    ("am I reaching my goal", ("steps",), "goal", 7),
    ("is my weight going down this month", ("weight",), "trend", 30),
    ("How did I sleep this week?", ("sleep",), "average", 7),
    ("How did I sleep?", ("sleep",), "latest", 30),
    ("any unusual readings?", (), "anomalies", 30),
    ("hi", (), "greeting", 7),
    ("thanks!", (), "thanks", 7),
    ("what's my bp and pulse for 2 weeks", ("blood_pressure", "heart_rate"), "latest", 14),
])
def test_conversation_intent_parses_metric_aspect_and_period(text, metrics, aspect, days):
    question = parse_question(text)
    assert (question.metrics, question.aspect, question.days) == (metrics, aspect, days)


async def test_conversation_responder_steps_today_compares_with_the_week_before():
    prefs = normalise({"step_goal": 8_000, "timezone": "UTC"})
    data = FakeUserData(now_ms=NOW, prefs=prefs, points={"steps": [
        point("steps", NOW - 1 * HOUR, count=500, interval_s=3600),
        *(point("steps", NOW - d * DAY, count=9_000 if d % 2 else 3_000, interval_s=3600) for d in range(1, 5)),
    ]})
    result = await ask("How many steps did I take today compared to my goal?", data)
    assert "Today you've taken 500 steps so far" in result.reply
    assert "you reached it on 2 of the 4 days with step data in the last 7 days" in result.reply
