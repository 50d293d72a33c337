"""The output guards as pure functions, on labelled replies: grounded statements pass, invented numbers are caught."""

from __future__ import annotations

import pytest

from services.conversation.graph.facts import Facts
from services.conversation.graph.guards import (
    GuardInput,
    anomalies_discussed,
    check_reply,
    foreign_user_ids,
    medical_advice_problems,
    prompt_leak,
    unsupported_numbers,
)
from services.conversation.graph.prompts import ANOMALY_DISCLAIMER, new_prompt_kit


def user_facts() -> Facts:
    """What the context and the tools showed the model in these examples."""
    f = Facts()
    f.add_date(2026, 11, 25)
    f.add_json({
        "metric": "blood_pressure", "days": 7, "readings_count": 6,
        "latest": {"local_time": "2026-11-25 07:55", "systolic": 128, "diastolic": 82, "pulse_bpm": 70},
        "average": {"systolic": 131.4, "diastolic": 84.2},
        "highest_systolic_reading": {"systolic": 142, "diastolic": 88},
        "trend": {"change": {"systolic": -3.1, "diastolic": -1.0}},
    })  # fmt: skip
    f.add_json({"metric": "heart_rate", "days": 7, "average_bpm": 72.6, "lowest_bpm": 58, "highest_bpm": 96})
    f.add_json({
        "metric": "sleep", "days": 7, "average_duration_min": 432.5, "average_h": 7.2, "nights_count": 7,
        "nights_under_7_hours": 3, "latest": {"local_time": "2026-11-25 07:00", "duration_min": 405, "duration_h": 6.8},
    })  # fmt: skip
    f.add_json({
        "metric": "steps", "days": 7, "goal_steps": 8000, "days_goal_met": 4, "average_daily_steps": 7450,
        "today_steps": 4210, "today_percent_of_goal": 53,
        "daily": [{"date": "2026-11-24", "steps": 9120, "percent_of_goal": 114}],
    })  # fmt: skip
    f.add_json({"metric": "weight", "latest": {"local_time": "2026-11-24 07:05", "kg": 82.4}, "change_kg": -0.6})
    f.add_json({"days": 14, "anomalies_count": 1})
    return f


GROUNDED = [
    "Your latest reading was 128/82 mmHg, taken on Nov 25 at 7:55 am.",
    "Over the last 7 days your blood pressure averaged 131/84 across 6 readings.",
    "Your systolic pressure came down by about 3 points.",
    "Your highest reading this week was 142/88.",
    "Your heart rate averaged 73 bpm, ranging from 58 to 96 bpm.",
    "You slept about 7.2 hours a night on average; last night was 6 hours 45 minutes.",
    "Last night you slept 405 minutes, and 3 of the last 7 nights were under 7 hours.",
    "You averaged 7,450 steps a day and met your goal of 8,000 steps on 4 days.",
    "Today you're at 4,210 steps, 53% of your goal. Yesterday you walked 9,120 steps, 114% of your goal!",
    "You walked about 7.5k steps a day this week.",
    "You weigh 82.4 kg (about 182 lb), down 0.6 kg.",
    "There was 1 anomaly flagged in the last 14 days.",
    "Guidelines consider below 120/80 normal; 130/80 or higher is called stage 1 hypertension.",
    "Most adults need 7 to 9 hours of sleep, and a resting heart rate between 60 and 100 bpm is typical.",
    "Aim for at least 150 minutes of moderate activity a week.",
    "If it ever reaches 180/120, call 911 or your local emergency number right away.",
    "If your readings stay high for 2 weeks, book an appointment with your doctor.",
    "1. Sit quietly for 5 minutes before measuring.\n2. Take two readings a minute apart.",
    "Thanks! Let me know if you have any other questions.",
    "Your average blood pressure is 131 over 84.",
    "Your sleep averaged 7.2 hours, and 3 nights were below 7 hours.",
    "Your resting heart rate averaged 73 bpm, which is within the typical 60-100 range.",
    "Your latest weight, 82.4 kg, is 0.6 kg lower than a week ago.",
    "Walking 30 minutes a day, 5 days a week, helps heart health.",
    "Try adding 2,000 steps a day with a short walk after lunch.",
    "You can reach me 24/7.",
    "Your blood pressure averaged one hundred thirty-one over eighty-four.",
    "One of the best ways to lower blood pressure is regular activity.",
    "A 5% weight loss can help lower blood pressure.",
    "Losing even 2 kg may help.",
    "Sleep was 6.8 hours last night.",
]

INVENTED = [
    ("Your blood pressure averaged 138/89 this week.", ["138/89"]),
    ("Your latest reading was 128/92 mmHg.", ["128/92"]),
    ("Your latest reading was 182/82.", ["182/82"]),
    ("You walked 12,345 steps yesterday.", ["12,345"]),
    ("You slept 8.5 hours last night.", ["8.5"]),
    ("You slept 6 hours 10 minutes last night.", ["6 hours 10 minutes"]),
    ("Your resting heart rate averaged 64 bpm.", ["64"]),
    ("Your heart rate hit 121 bpm during your walk.", ["121"]),
    ("You've lost 2.3 kg this month.", ["2.3"]),
    ("You weigh 190 lb.", ["190"]),
    ("That's 95% of your step goal.", ["95"]),
    ("Your systolic pressure dropped 9 points this week.", ["9"]),
    ("You had five readings above 135 this week.", ["five", "135"]),
    ("Over the last 30 days your blood pressure averaged 131/84.", ["30"]),
    ("Your reading on Nov 19 at 9:15 pm was high.", ["Nov 19", "9:15 pm"]),
    ("Your blood pressure is 120/80, which is normal.", ["120/80"]),
    ("Your average of 7,900 steps is close to your goal.", ["7,900"]),
    ("A reading of 141/91 mmHg is in stage 2.", ["141/91"]),
    ("Your average blood pressure is 135 over 88.", ["135 over 88"]),
    ("Average: 7,812 steps per day.", ["7,812"]),
    ("Last night: 5h 40m of sleep.", ["5h 40m"]),
    ("Your blood pressure improved from 140/90 to 128/82.", ["140/90"]),
    ("Your numbers: systolic 131, diastolic 91.", ["91"]),
    ("Three of your readings were above 140/90.", ["Three"]),
    ("Your steps are up 20% from last week.", ["20"]),
    ("You burned 2,300 calories yesterday.", ["2,300"]),
    ("Your blood pressure readings this week: 128/82, 135/85 and 131/84.", ["135/85"]),
    ("Weight 79 kg.", ["79"]),
    ("Steps: 7,812", ["7,812"]),
    ("On Nov 19 at 9:15 pm it was high.", ["Nov 19", "9:15 pm"]),
    (
        "Your blood pressure averaged one hundred thirty-eight over eighty-nine.",
        ["one hundred thirty-eight over eighty-nine"],
    ),
    ("You took twelve thousand steps yesterday.", ["twelve thousand"]),
    ("Heart rate 81 bpm at 9 am.", ["81", "9 am"]),
    ("Your numbers look better than 78% of users your age.", ["78"]),
]


@pytest.mark.parametrize("text", GROUNDED)
def test_grounded_statements_pass(text: str) -> None:
    assert unsupported_numbers(text, user_facts()) == []


@pytest.mark.parametrize(("text", "expected"), INVENTED)
def test_invented_numbers_are_caught(text: str, expected: list[str]) -> None:
    assert unsupported_numbers(text, user_facts()) == expected


def test_the_users_own_numbers_may_be_echoed() -> None:
    reply = "A home reading of 150/95 is higher than your average of 131/84; mention it to your doctor."
    assert unsupported_numbers(reply, user_facts(), echo_text="my neighbour's cuff said 150/95 yesterday") == []
    assert unsupported_numbers(reply, user_facts()) == ["150/95"]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("You have hypertension.", ["diagnosis"]),
        ("You probably have sleep apnea.", ["diagnosis"]),
        ("You are diabetic.", ["diagnosis"]),
        ("These numbers mean you have a heart condition.", ["diagnosis"]),
        ("You should stop taking your lisinopril.", ["prescription"]),
        ("Try doubling your dose tonight.", ["prescription"]),
        ("Take 10 mg of amlodipine each morning.", ["prescription"]),
        ("This doesn't mean you have hypertension.", []),
        ("If you have high blood pressure, regular walks help.", []),
        ("Please talk to your doctor before changing your medication.", []),
        ("Don't stop taking your medication without checking with your pharmacist.", []),
        ("Keep sodium under 1,500 mg a day.", []),
        ("Take your medication as prescribed.", []),
    ],
)
def test_diagnosis_and_prescription_phrasing(text: str, problems: list[str]) -> None:
    assert medical_advice_problems(text) == problems


def test_canary_and_prompt_leaks() -> None:
    kit = new_prompt_kit()
    assert prompt_leak(f"the marker is {kit.canary}", kit) == "canary"
    assert prompt_leak(kit.canary.upper().replace("-", " "), kit) == "canary"
    quote = " ".join(kit.stable_text.split()[200:230])
    assert prompt_leak(f"My rules: {quote}", kit) == "prompt_leak"
    assert prompt_leak("Your average was 131/84. Talk to your doctor if it stays high.", kit) is None


def test_other_user_ids() -> None:
    pattern = r"\bu-[A-Za-z0-9][A-Za-z0-9_-]{0,63}\b"
    assert foreign_user_ids("compare with u-bob and u-alice", "u-alice", pattern) == ["u-bob"]
    assert foreign_user_ids("your readings, u-alice", "u-alice", pattern) == []


def test_anomaly_disclaimer_rules() -> None:
    assert anomalies_discussed("Nothing special.", context_anomalies=0, tool_anomalies=True)
    assert anomalies_discussed("One reading was flagged as unusual.", context_anomalies=1, tool_anomalies=False)
    assert not anomalies_discussed("One reading was flagged as unusual.", context_anomalies=0, tool_anomalies=False)
    assert not anomalies_discussed("Great walking this week!", context_anomalies=2, tool_anomalies=False)


def test_check_reply_verdicts() -> None:
    kit = new_prompt_kit()
    pattern = r"\bu-[A-Za-z0-9][A-Za-z0-9_-]{0,63}\b"

    def verdict(text: str, **kw: object) -> tuple[str, tuple[str, ...], str | None]:
        args = {"reply": text, "user_id": "u-alice", "user_message": "", "facts": user_facts(),
                "context_anomalies": 1, "tool_anomalies": False}  # fmt: skip
        args.update(kw)
        v, _ = check_reply(GuardInput(**args), kit, pattern)  # type: ignore[arg-type]
        return v.action, v.reasons, v.disclaimer

    assert verdict("Your latest reading was 128/82.") == ("pass", (), None)
    assert verdict("One reading was flagged as unusual.") == ("pass", (), ANOMALY_DISCLAIMER)
    assert verdict("Your average was 150/99.") == ("regenerate", ("numeric_grounding",), None)
    assert verdict("You have hypertension; your average was 150/99.") == (
        "regenerate", ("diagnosis", "numeric_grounding"), None,
    )  # fmt: skip
    assert verdict(f"secret {kit.canary}")[0:2] == ("block", ("canary",))
    assert verdict("u-bob walks more")[0:2] == ("block", ("other_user_id",))
    assert verdict("   ")[0:2] == ("block", ("empty_reply",))
    # Earlier replies are not evidence: a number not in the data is not supported by having been said before.
    assert verdict("As I said, your 30-day average was 133/85.")[0:2] == ("regenerate", ("numeric_grounding",))
