"""The offline, data-grounded responder: the default `Orchestrator`, and the LLM graph's grounded fallback.

Every number in a reply comes from the user's own data read through `UserData` (or from simple arithmetic
over it: averages, totals, percentages of the step goal, days since a reading). When there is no data it
says so; when the newest reading is older than 7 days it says the data is stale and asks to sync. It never
diagnoses and never advises on medication. The one guideline it quotes: when the user asks about a blood
pressure they wrote ("is 135/85 high?"), the 2017 ACC/AHA range those numbers fall in (services.common.clinical),
as information about a number, with its own range limits.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from services.common.clinical import BpCategory, bp_category
from services.common.logging import get_logger
from services.conversation.domain.intent import Question, parse_question
from services.conversation.domain.preferences import utc_offset_min
from services.conversation.domain.summaries import (
    METRIC_NAMES,
    METRICS,
    READING_NAMES,
    MetricSummary,
    days_ago,
    format_number,
    is_stale,
    local_date,
    local_datetime,
    summarise,
)
from services.conversation.orchestration import (
    AnomalyNote,
    Metric,
    ReadingPoint,
    TurnRequest,
    TurnResult,
    UserData,
)

log = get_logger(__name__)

# How far back the responder looks for a newest reading when the asked period has none (to tell "stale"
# from "never synced").
LOOKBACK_DAYS = 30
# Step-goal answers compare today with the days before it, at least a week of them.
GOAL_HISTORY_DAYS = 7
DAY_MS = 86_400_000

ANOMALY_DISCLAIMER = (
    "This is information about your readings, not a diagnosis. If you are worried or feel unwell, contact "
    "your clinician; in an emergency call 911 (or your local emergency number)."
)
# The plan's fallback text for a data outage (shared with the LLM orchestrator's fallback edge).
DATA_UNAVAILABLE_REPLY = (
    "I'm having trouble accessing your health data right now. Please try again in a few minutes."
)
CAPABILITIES = (
    "I can tell you about your blood pressure, heart rate, steps, sleep and weight from your own readings: "
    "the latest values, averages over a period, trends, your step goal progress, and anything unusual the "
    "monitoring flagged. Try \"What was my latest blood pressure?\" or \"How did I sleep this week?\"."
)
MEDICATION_REPLY = (
    "I can't advise on starting, stopping or changing any medication or dose. Please ask your clinician or "
    "pharmacist, who know your history. I'm happy to go through your readings with you so you can bring "
    "them to that conversation."
)
LIFESTYLE_REPLY = (
    "Habits with good evidence for heart health include regular physical activity, a diet rich in "
    "vegetables, fruit and whole grains with less salt, limiting alcohol, not smoking, regular sleep and "
    "managing stress. Your clinician can tell you which changes fit you best."
)


# "135/85", "135 / 85", "135 over 85": a blood pressure the user wrote. Plausible pairs only (a date like
# 12/25 is not one): systolic 60-300 above a diastolic of 30-200 mmHg.
_BP_PAIR = re.compile(r"(?<![\d/.])(\d{2,3})\s*(?:/|over)\s*(\d{2,3})(?![\d/.])")
_BP_RANGE_WORDS: dict[BpCategory, str] = {
    BpCategory.NORMAL: "is below 120/80 mmHg, the range the 2017 ACC/AHA guideline calls normal.",
    BpCategory.ELEVATED: ("is in the range the 2017 ACC/AHA guideline calls elevated (systolic 120 to 129 with "
                          "diastolic below 80)."),
    BpCategory.STAGE_1: ("is in the range the 2017 ACC/AHA guideline calls stage 1 high blood pressure (systolic "
                         "130 to 139 or diastolic 80 to 89)."),
    BpCategory.STAGE_2: ("is in the range the 2017 ACC/AHA guideline calls stage 2 high blood pressure (systolic "
                         "140 or more, or diastolic 90 or more)."),
    BpCategory.CRISIS: ("is above 180 and/or 120, the range the 2017 ACC/AHA guideline calls a hypertensive crisis. "
                        "If you have chest pain, shortness of breath, back pain, numbness or weakness, a change in "
                        "vision or difficulty speaking, call 911 or your local emergency number now. Otherwise rest "
                        "for 5 minutes and measure again, and contact your clinician right away if it stays this "
                        "high."),
}
_ONE_READING = ("One reading is not a diagnosis: the guideline classifies blood pressure by the average of readings "
                "taken on two or more occasions.")


def asked_blood_pressure(message: str) -> tuple[int, int] | None:
    """The first plausible systolic/diastolic pair the user wrote, else None."""
    for match in _BP_PAIR.finditer(message):
        systolic, diastolic = int(match.group(1)), int(match.group(2))
        if 60 <= systolic <= 300 and 30 <= diastolic <= 200 and systolic > diastolic:
            return systolic, diastolic
    return None


def blood_pressure_range_sentence(systolic: int, diastolic: int) -> str:
    category = bp_category(systolic, diastolic)
    sentence = f"A reading of {systolic}/{diastolic} mmHg {_BP_RANGE_WORDS[category]}"
    # the crisis text ends with what to do now; the others say why one reading is not a verdict
    return sentence if category in (BpCategory.NORMAL, BpCategory.CRISIS) else f"{sentence} {_ONE_READING}"


class OfflineResponder:
    """Implements `orchestration.Orchestrator` without any model."""

    async def respond(self, request: TurnRequest, data: UserData) -> TurnResult:
        question = parse_question(request.message)
        try:
            result = await self._answer(question, request, data)
        except Exception as error:  # noqa: BLE001 - the seam never raises: a data outage is a fallback reply
            log.warning("offline_responder_data_error", error_type=type(error).__name__)
            return TurnResult(DATA_UNAVAILABLE_REPLY, kind="fallback", flags=["data_unavailable"])
        asked = asked_blood_pressure(request.message)
        if asked is not None and question.aspect not in ("medication", "greeting", "help", "thanks"):
            # The range of the numbers they asked about first, then what their own readings say.
            result.reply = f"{blood_pressure_range_sentence(*asked)} {result.reply}"
            result.flags.append("bp_range_explained")
        return result

    async def _answer(self, question: Question, request: TurnRequest, data: UserData) -> TurnResult:
        now_ms = request.now_ms
        if question.aspect in ("greeting", "help", "thanks"):
            preferences = await data.preferences()
            name = preferences.get("display_name")
            hello = f"Hi {name}! " if isinstance(name, str) and name and question.aspect == "greeting" else ""
            if question.aspect == "thanks":
                return TurnResult("You're welcome! " + CAPABILITIES)
            return TurnResult(hello + CAPABILITIES)
        if question.aspect == "medication":
            return TurnResult(MEDICATION_REPLY, flags=["medication_question"])
        if question.aspect == "anomalies":
            return await self._anomalies(question, now_ms, data)
        if question.aspect == "goal":
            return await self._step_goal(question, now_ms, data)
        metrics = question.metrics or METRICS
        parts: list[str] = []
        flags: list[str] = []
        stale: list[str] = []
        missing: list[str] = []
        fetched = await asyncio.gather(*(_fetch(data, metric, question.days) for metric in metrics))
        for metric, (readings, newest) in zip(metrics, fetched, strict=True):
            if newest is None:
                missing.append(READING_NAMES[metric])
                continue
            if is_stale(newest, now_ms):
                stale.append(_stale_sentence(metric, newest, now_ms))
            if not readings:
                continue
            summary = summarise(metric, readings, now_ms, question.days)
            if question.metrics:
                parts.append(_describe(summary, question, now_ms))
            else:
                parts.append(_latest_sentence(metric, summary, now_ms))
        if question.aspect == "advice":
            parts.insert(0, LIFESTYLE_REPLY)
        text = _join(parts, stale, missing, question, flags)
        return TurnResult(text, flags=flags)

    async def _anomalies(self, question: Question, now_ms: int, data: UserData) -> TurnResult:
        parts: list[str] = []
        stale: list[str] = []
        missing: list[str] = []
        flags = ["anomalies_discussed"]
        notes_read = data.anomalies(question.days)
        fetched, notes = await asyncio.gather(
            asyncio.gather(*(_fetch(data, metric, question.days) for metric in question.metrics)), notes_read)
        for metric, (readings, newest) in zip(question.metrics, fetched, strict=True):
            if newest is None:
                missing.append(READING_NAMES[metric])
                continue
            if is_stale(newest, now_ms):
                stale.append(_stale_sentence(metric, newest, now_ms))
            if readings:
                parts.append(_describe(summarise(metric, readings, now_ms, question.days), question, now_ms))
        if question.metrics:
            notes = [note for note in notes if note.metric in question.metrics]
        parts.append(_anomaly_sentences(notes, question))
        text = _join(parts, stale, missing, question, flags)
        return TurnResult(text, disclaimer=ANOMALY_DISCLAIMER, flags=flags)

    async def _step_goal(self, question: Question, now_ms: int, data: UserData) -> TurnResult:
        preferences = await data.preferences()
        goal_value = preferences.get("step_goal")
        goal = int(goal_value) if isinstance(goal_value, int | float) else 0
        days = max(question.days, GOAL_HISTORY_DAYS)  # "today?" also gets a week of context
        readings, newest = await _fetch(data, "steps", days)
        flags: list[str] = []
        if newest is None:
            flags.append("no_data")
            return TurnResult(
                f"Your daily step goal is {goal:,} steps, but I don't have any step data from you in the last "
                f"{max(days, LOOKBACK_DAYS)} days. Once your device syncs, ask me again.", flags=flags)
        if goal <= 0:
            return TurnResult("You haven't set a daily step goal yet. You can set one in your preferences.")
        # Today in the user's time zone (preferences), or in the device's offset when none is saved.
        zone = preferences.get("timezone")
        offset = utc_offset_min(zone, now_ms) if isinstance(zone, str) and zone != "UTC" else newest.utc_offset_min
        today = local_date(now_ms, offset)
        summary = summarise("steps", readings, now_ms, days)
        totals = summary.daily_totals
        sentences = []
        if today in totals:
            done = totals[today]
            percent = int(done * 100 / goal)
            if done >= goal:
                sentences.append(f"Today you've taken {done:,} steps, so you've reached your goal of {goal:,} "
                                 f"({percent}%). Well done!")
            else:
                sentences.append(f"Today you've taken {done:,} steps so far: {percent}% of your {goal:,}-step goal, "
                                 f"{goal - done:,} to go.")
        else:
            sentences.append(f"I don't have any step data for today yet; your goal is {goal:,} steps a day.")
        first_day = local_date(now_ms - days * DAY_MS, offset)  # only partly inside the window: left out
        past = {day: total for day, total in totals.items() if day not in (today, first_day)}
        if past:
            reached = sum(1 for total in past.values() if total >= goal)
            sentences.append(f"Before today, you reached it on {reached} of the {len(past)} days with step data "
                             f"in the last {days} days.")
        stale = [_stale_sentence("steps", newest, now_ms)] if is_stale(newest, now_ms) else []
        if stale:
            flags.append("stale_data")
        return TurnResult(" ".join(sentences + stale), flags=flags)


async def _fetch(data: UserData, metric: Metric, days: int) -> tuple[list[ReadingPoint], ReadingPoint | None]:
    """Readings of the period, and the newest reading at all (looking back further when the period is empty)."""
    readings = await data.readings(metric, days)
    newest = max(readings, key=lambda r: r.measured_at) if readings else None
    if newest is None and days < LOOKBACK_DAYS:
        older = await data.readings(metric, LOOKBACK_DAYS)
        newest = max(older, key=lambda r: r.measured_at) if older else None
    return readings, newest


def _when(reading: ReadingPoint) -> str:
    moment = local_datetime(reading.measured_at, reading.utc_offset_min)
    return moment.strftime("on %a %d %b at %H:%M")


def _day(ms: int, offset: int) -> str:
    return local_datetime(ms, offset).strftime("%a %d %b")


def _minutes(value: float) -> str:
    total = round(value)
    hours, minutes = divmod(total, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def _period(days: int) -> str:
    return "today" if days == 1 else f"over the last {days} days"


def _latest_sentence(metric: Metric, summary: MetricSummary, now_ms: int) -> str:
    latest = summary.latest
    assert latest is not None
    v = latest.value
    if metric == "blood_pressure":
        pulse = f", pulse {_int(v.get('pulse'))} bpm" if v.get("pulse") is not None else ""
        return f"Your latest blood pressure was {_int(v.get('systolic'))}/{_int(v.get('diastolic'))} mmHg{pulse}, " \
               f"taken {_when(latest)}."
    if metric == "heart_rate":
        return f"Your latest heart rate was {_int(v.get('bpm'))} bpm, measured {_when(latest)}."
    if metric == "steps":
        day = local_date(latest.measured_at, latest.utc_offset_min)
        total = summary.daily_totals.get(day, 0)
        today = local_date(now_ms, latest.utc_offset_min)
        if day == today:
            return f"Today you've taken {total:,} steps so far."
        return f"On {_day(latest.measured_at, latest.utc_offset_min)}, your most recent day with step data, " \
               f"you took {total:,} steps."
    if metric == "sleep":
        efficiency = v.get("efficiency")
        extra = f" with {round(float(efficiency) * 100)}% sleep efficiency" if efficiency is not None else ""
        return f"Your last recorded night (ending {_day(latest.measured_at, latest.utc_offset_min)}) was " \
               f"{_minutes(float(v.get('duration_min') or 0))} of sleep{extra}."
    return f"Your latest weight was {format_number(float(v.get('kg') or 0), 1)} kg, measured {_when(latest)}."


def _average_sentence(metric: Metric, s: MetricSummary) -> str:
    a, lo, hi, n, period = s.averages, s.minimum, s.maximum, s.count, _period(s.days)
    readings = "reading" if n == 1 else "readings"
    if metric == "blood_pressure":
        return f"{period.capitalize()} your average blood pressure was {_fmt(a, 'systolic')}/" \
               f"{_fmt(a, 'diastolic')} mmHg across {n} {readings} (systolic from {_fmt(lo, 'systolic')} to " \
               f"{_fmt(hi, 'systolic')})."
    if metric == "heart_rate":
        return f"{period.capitalize()} your heart rate averaged {_fmt(a, 'bpm')} bpm across {n} {readings} " \
               f"(from {_fmt(lo, 'bpm')} to {_fmt(hi, 'bpm')} bpm)."
    if metric == "steps":
        days = len(s.daily_totals)
        day_word = "day" if days == 1 else "days"
        return f"{period.capitalize()} you averaged {_fmt(a, 'count')} steps a day over the {days} {day_word} " \
               f"with step data (from {_fmt(lo, 'count')} to {_fmt(hi, 'count')})."
    if metric == "sleep":
        nights = "night" if n == 1 else "nights"
        efficiency = ""
        if "efficiency" in a:
            efficiency = f", with an average sleep efficiency of {round(a['efficiency'] * 100)}%"
        return f"{period.capitalize()} you slept {_minutes(a['duration_min'])} a night on average over {n} " \
               f"{nights}{efficiency}."
    weigh_ins = "weigh-in" if n == 1 else "weigh-ins"
    return f"{period.capitalize()} your weight averaged {_fmt(a, 'kg', 1)} kg over {n} {weigh_ins} " \
           f"(from {_fmt(lo, 'kg', 1)} to {_fmt(hi, 'kg', 1)} kg)."


_UNITS = {"systolic": "mmHg", "bpm": "bpm", "count": "steps a day", "duration_min": "", "kg": "kg"}
_FIELD_NAMES = {"systolic": "systolic blood pressure", "bpm": "heart rate", "count": "daily steps",
                "duration_min": "nightly sleep", "kg": "weight"}


def _trend_sentence(s: MetricSummary) -> str:
    trend = s.trend
    if trend is None:
        return f"There aren't enough {READING_NAMES[s.metric]} readings {_period(s.days)} to describe a trend yet."
    decimals = 1 if trend.field == "kg" else 0
    if trend.field == "duration_min":
        before, after = _minutes(trend.earlier), _minutes(trend.later)
    else:
        unit = _UNITS[trend.field]
        before = f"{format_number(trend.earlier, decimals)} {unit}".strip()
        after = f"{format_number(trend.later, decimals)} {unit}".strip()
    word = {"up": "gone up", "down": "gone down", "stable": "stayed about the same"}[trend.direction]
    return f"Your average {_FIELD_NAMES[trend.field]} has {word}: {before} in the first half of the period " \
           f"and {after} in the second half ({_period(s.days)})."


def _describe(summary: MetricSummary, question: Question, now_ms: int) -> str:
    metric = summary.metric
    latest = _latest_sentence(metric, summary, now_ms)
    if question.aspect == "latest":
        return latest
    if question.aspect == "trend":
        return _trend_sentence(summary)
    if question.aspect == "average" or summary.count > 1:
        return f"{_average_sentence(metric, summary)} {latest}"
    return latest


def _anomaly_sentences(notes: Sequence[AnomalyNote], question: Question) -> str:
    scope = " and ".join(READING_NAMES[m] for m in question.metrics)
    scope = f" in your {scope} readings" if scope else " in your readings"
    if not notes:
        return f"Nothing unusual was flagged{scope} over the last {question.days} days."
    notes = sorted(notes, key=lambda n: n.detected_at, reverse=True)
    count = len(notes)
    lines = [f"{'One thing was' if count == 1 else f'{count} things were'} flagged{scope} over the last "
             f"{question.days} days:"]
    for note in notes[:5]:
        lines.append(f"- {_day(note.detected_at, 0)}: {note.message}")
    if count > 5:
        lines.append(f"(and {count - 5} more)")
    return "\n".join(lines)


def _stale_sentence(metric: Metric, newest: ReadingPoint, now_ms: int) -> str:
    ago = days_ago(newest.measured_at, now_ms)
    return f"Your most recent {READING_NAMES[metric]} reading is from " \
           f"{_day(newest.measured_at, newest.utc_offset_min)}, {ago} days ago, so this may be out of date. " \
           f"Please sync your device so I can use your latest data."


def _join(parts: list[str], stale: list[str], missing: list[str], question: Question, flags: list[str]) -> str:
    sentences = list(parts)
    if stale:
        flags.append("stale_data")
        sentences.extend(stale)
    if missing:
        flags.append("no_data")
        names = _list_words(missing)
        window = max(question.days, LOOKBACK_DAYS)
        if not parts and not stale:
            if question.metrics:
                sentences.append(f"I don't have any {names} readings from you in the last {window} days. "
                                 f"Once your device syncs, ask me again.")
            else:
                everything = _list_words([METRIC_NAMES[m] for m in METRICS]).replace(" or ", " and ")
                sentences.append(f"I don't have any readings from you in the last {window} days yet. Once your "
                                 f"devices sync, I can tell you about your {everything}.")
        elif question.metrics:
            sentences.append(f"I don't have any {names} readings from you in the last {window} days.")
    if not sentences:
        sentences.append(CAPABILITIES)
    return " ".join(sentences) if "\n" not in "".join(sentences) else "\n".join(sentences)


def _list_words(words: list[str]) -> str:
    if len(words) <= 2:
        return " or ".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _int(value: object) -> str:
    return format_number(float(value), 0) if isinstance(value, int | float) else "?"


def _fmt(values: dict[str, float], name: str, decimals: int = 0) -> str:
    return format_number(values[name], decimals) if name in values else "?"
