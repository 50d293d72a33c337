"""What a chat message asks about: metric(s), aspect and period. Pure keyword rules, no model.

Good enough for the common questions the offline responder answers ("what's my blood pressure", "average
heart rate this week", "am I reaching my step goal", "how did I sleep", "any unusual readings"). Anything
it does not recognise becomes an overview of the user's data, never an invented answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from services.conversation.orchestration import Metric

Aspect = Literal["latest", "average", "trend", "goal", "anomalies", "advice", "medication", "overview",
                 "greeting", "thanks", "help"]

# Periods the responder looks at when the question names none.
DEFAULT_DAYS: dict[str, int] = {"latest": 30, "average": 7, "trend": 30, "goal": 7, "anomalies": 30,
                                "advice": 7, "medication": 7, "overview": 7}
MAX_DAYS = 90  # the longest period answered from raw readings (retention of detail in the answer path)

_METRIC_WORDS: tuple[tuple[Metric, re.Pattern[str]], ...] = (
    ("blood_pressure", re.compile(r"\b(blood\s*pressure|bp|systolic|diastolic|hypertension|pressure|mmhg|"
                                  r"\d{2,3}\s*/\s*\d{2,3})\b")),
    ("heart_rate", re.compile(r"\b(heart\s*rate|heartrate|pulse|hr|bpm|resting\s+heart|heart\s*beat|"
                              r"heartbeat)\b")),
    ("steps", re.compile(r"\b(steps?|step\s*count|walk(?:ed|ing)?|activity|active|pedometer)\b")),
    ("sleep", re.compile(r"\b(sleep|slept|sleeping|asleep|bedtime|insomnia)\b")),
    ("weight", re.compile(r"\b(weight|weigh|weighed|kg|kilos?|pounds?|lbs?|scale|bmi)\b")),
)
_ASPECTS: tuple[tuple[Aspect, re.Pattern[str]], ...] = (
    ("medication", re.compile(r"\b(medication|medicine|meds?|pills?|dose|dosage|prescription|tablets?|"
                              r"lisinopril|amlodipine|metoprolol|statins?|stop taking|start taking)\b")),
    ("anomalies", re.compile(r"\b(anomal\w*|unusual|abnormal|alerts?|flag(?:ged|s)?|warnings?|worr\w*|"
                             r"concern\w*|normal|healthy|ok(?:ay)?\s+for|too\s+(?:high|low)|dangerous|"
                             r"should\s+i\s+be)\b")),
    ("goal", re.compile(r"\b(goal|target|progress|on\s+track|reach(?:ed|ing)?)\b")),
    ("trend", re.compile(r"\b(trend\w*|improv\w*|getting\s+(?:better|worse)|chang\w*|over\s+time|"
                         r"compar\w*|going\s+(?:up|down)|increas\w*|decreas\w*|rising|falling|better|worse)\b")),
    ("average", re.compile(r"\b(average|avg|mean|typical(?:ly)?|usually|overall|per\s+day|daily|"
                           r"this\s+(?:week|month)|last\s+(?:week|month)|past\s+(?:week|month))\b")),
    ("advice", re.compile(r"\b(how\s+(?:can|do|should)\s+i|what\s+can\s+i\s+do|tips?|advice|lower|reduce|"
                          r"improve|help\s+me)\b")),
    ("latest", re.compile(r"\b(latest|last|recent|current(?:ly)?|now|today'?s?|newest|most\s+recent|"
                          r"what(?:\s+is|\s+was|'s|s)|how\s+(?:much|many)|did\s+i)\b")),
)
_GREETING = re.compile(r"^\s*(hi|hello|hey|good\s+(?:morning|afternoon|evening)|hiya|howdy)\b[\s!.,]*$")
_THANKS = re.compile(r"^\s*(thanks?|thank\s+you|ty|ok(?:ay)?|great|cool|got\s+it|perfect|nice)\b[\s!.,]*"
                     r"(?:you|so\s+much|a\s+lot)?[\s!.,]*$")
_HELP = re.compile(r"\b(help|what\s+can\s+you\s+do|what\s+do\s+you\s+do|how\s+does\s+this\s+work)\b")
_PERIOD_NUMBER = re.compile(r"\b(\d{1,3})\s*(days?|weeks?|months?|nights?)\b")
_PERIOD_WORDS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(today|so\s+far\s+today)\b"), 1),
    (re.compile(r"\byesterday\b"), 2),
    (re.compile(r"\b(fortnight|two\s+weeks)\b"), 14),
    (re.compile(r"\b(this|last|past|a|per)\s+week\b|\bweekly\b|\bweek\b"), 7),
    (re.compile(r"\b(this|last|past|a)\s+month\b|\bmonthly\b|\bmonth\b"), 30),
    (re.compile(r"\b(three|3)\s+months?\b|\bquarter\b"), 90),
)


@dataclass(frozen=True)
class Question:
    metrics: tuple[Metric, ...]  # empty: not about one metric
    aspect: Aspect
    days: int
    explicit_period: bool


def parse_question(text: str) -> Question:
    lowered = " ".join(text.lower().replace("’", "'").split())
    metrics = tuple(metric for metric, pattern in _METRIC_WORDS if pattern.search(lowered))
    if not metrics:
        if _GREETING.match(lowered):
            return Question((), "greeting", DEFAULT_DAYS["overview"], False)
        if _THANKS.match(lowered):
            return Question((), "thanks", DEFAULT_DAYS["overview"], False)
        if _HELP.search(lowered):
            return Question((), "help", DEFAULT_DAYS["overview"], False)
    aspect: Aspect = "overview"
    for candidate, pattern in _ASPECTS:
        if pattern.search(lowered):
            aspect = candidate
            break
    if aspect == "goal" and not metrics:
        metrics = ("steps",)  # the only goal the user sets is the daily step goal
    if aspect == "latest" and not metrics:
        aspect = "overview"
    days, explicit = _period(lowered)
    if not explicit:
        days = DEFAULT_DAYS.get(aspect, DEFAULT_DAYS["overview"])
    return Question(metrics, aspect, days, explicit)


def _period(text: str) -> tuple[int, bool]:
    match = _PERIOD_NUMBER.search(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        if unit.startswith("week"):
            amount *= 7
        elif unit.startswith("month"):
            amount *= 30
        return max(1, min(MAX_DAYS, amount)), True
    for pattern, days in _PERIOD_WORDS:
        if pattern.search(text):
            return days, True
    return DEFAULT_DAYS["overview"], False
