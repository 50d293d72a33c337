"""Output guards: what a model reply must pass before the user sees it.

Order and outcome:
1. canary or system-prompt text in the reply        → block (the offline responder answers instead)
2. an id of another user                            → block
3. diagnosis or prescription / dose-change phrasing → regenerate once, then the offline responder
4. numeric grounding: every number the reply states about the user's data (BP pairs, heart rate, steps, sleep,
   weight, averages, counts, percentages, dates, times) must match a value the context held or a tool returned,
   within rounding                                   → regenerate once, then the offline responder
5. anomalies discussed                               → the reply carries the disclaimer

Grounding works on "mentions": a number with its unit (read from the words after it), its sentence, and whether
the sentence is about the user's data. General guideline numbers are allowed only as references ("below
120/80"); numbers the user wrote in this message may be echoed; everything else said about the user must match
a registered fact. Earlier replies are not evidence. Hand-written (regular expressions): no locked dependency
extracts quantities with units, and the part that matters, whether a sentence states something about the user's
data, is specific to this assistant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from services.conversation.graph.facts import Facts, Kind
from services.conversation.graph.prompts import ANOMALY_DISCLAIMER, PromptKit, normalise_words, shingles
from services.conversation.graph.reference import BP_REFERENCE_PAIRS, EMERGENCY_NUMBERS, REFERENCE_NUMBERS
from services.conversation.graph.state import GuardVerdict

MentionKind = Literal["number", "pair", "time", "date", "compound"]

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS_NO_MAY = _MONTHS.replace("|may|", "|")
_MONTH_NUM = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "(?:" + "|".join([*_SMALL_NUMBERS, *_TENS, *_SCALES]) + ")"


def words_to_number(text: str) -> float:
    """'one hundred and thirty-five' → 135; 'twelve thousand four hundred' → 12400."""
    total = current = 0
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _SMALL_NUMBERS:
            current += _SMALL_NUMBERS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
    return float(total + current)


_MENTION = re.compile(
    rf"""
    (?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)
    |(?P<mdy>\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b)
    |(?P<time>\b\d{{1,2}}:\d{{2}}\b(?:\s*[ap]\.?m\b\.?)?|\b\d{{1,2}}\s*(?:[ap]\.m\.|[ap]m\b))
    |(?P<md>\b{_MONTHS}\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?)
    |(?P<dm>\b\d{{1,2}}(?:st|nd|rd|th)\s+(?:of\s+)?{_MONTHS}\b|\b\d{{1,2}}\s+(?:of\s+)?{_MONTHS_NO_MAY}\b)
    |(?P<pair>(?<![\d.,/])\d{{2,3}}\s*(?:/|\bover\b)\s*\d{{2,3}}(?![\d/]))
    |(?P<compound>\b\d{{1,2}}\s*(?:hours?|hrs?|h)\s*(?:and\s+)?\d{{1,2}}\s*(?:minutes?|mins?|m)\b)
    |(?P<half>\b\d{{1,2}}\s+and\s+a\s+half\b)
    |(?P<num>(?<![\w.])(?<![A-Za-z_]-)(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:k\b)?)
    |(?P<word>\b{_NUMBER_WORD}(?:(?:\s+|-)(?:and\s+)?{_NUMBER_WORD})*\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Unit words after a number. Symbol-like units must follow the number directly; nouns may come after up to two
# words ("5 blood pressure readings", "8,000 steps"); the nearest unit word wins and another number stops the search.
_ADJACENT_UNITS: dict[str, Kind] = {
    "bpm": "bpm", "beats": "bpm", "beat": "bpm", "percent": "pct", "%": "pct",
    "hours": "h", "hour": "h", "hrs": "h", "hr": "h", "h": "h",
    "minutes": "min", "minute": "min", "mins": "min", "min": "min",
    "kg": "kg", "kgs": "kg", "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "kilo": "kg",
    "lb": "lb", "lbs": "lb", "pounds": "lb", "pound": "lb",
}  # fmt: skip
_NOUN_UNITS: dict[str, Kind] = {
    "steps": "steps", "step": "steps", "days": "days", "day": "days", "nights": "days", "night": "days",
    "weeks": "days", "week": "days",
    "readings": "count", "reading": "count", "measurements": "count", "measurement": "count", "times": "count",
    "anomalies": "count", "anomaly": "count", "alerts": "count", "alert": "count", "flags": "count",
    "entries": "count", "checks": "count", "mornings": "count", "evenings": "count",
}  # fmt: skip
_TOKEN = re.compile(r"%|[A-Za-z]+|\d[\d,.]*")


def _unit_after(rest: str) -> tuple[Kind | None, float]:
    """The unit of the number followed by `rest`, and a multiplier (weeks → days)."""
    if re.match(r"^\s*mm\s*hg\b", rest, re.I):
        return "mmhg", 1.0
    if re.match(r"^\s*per\s+cent\b", rest, re.I):
        return "pct", 1.0
    for i, token in enumerate(_TOKEN.findall(rest[:60])[:3]):
        t = token.lower()
        if t[0].isdigit():
            return None, 1.0
        if i == 0 and t in _ADJACENT_UNITS:
            return _ADJACENT_UNITS[t], 1.0
        if t in _NOUN_UNITS:
            return _NOUN_UNITS[t], 7.0 if t.startswith("week") else 1.0
    return None, 1.0


_HEDGE = re.compile(
    r"\b(?:about|around|roughly|approximately|approx|nearly|almost|close\s+to|just\s+(?:over|under)|some)\s*$|~\s*$",
    re.I,
)
_REFERENCE_CUE = re.compile(
    r"\b(?:below|under|above|over|less\s+than|more\s+than|lower\s+than|higher\s+than|at\s+least|at\s+most|up\s+to|"
    r"between|target|aim|aiming|recommend\w*|guideline\w*|normal|healthy|typical\w*|range|threshold|"
    r"considered|classif\w*|stage|category|elevated|crisis|generally|adults|experts|ideal|optimal|defined|"
    r"need|needs|should)\b",
    re.I,
)
_EMERGENCY_CONTEXT = re.compile(r"\b(?:call|text|dial|lifeline|emergency|crisis\s+line)\b", re.I)
_DATA_CUE = re.compile(
    r"""
    \byour\s+(?:[a-z-]+\s+){0,2}?(?:blood\s+pressure|bp|systolic|diastolic|pressure|heart\s*rate|pulse|resting|
        steps?|step\s+count|goal|sleep|weight|readings?|average|averages|numbers|data|trend|progress|latest|last|
        nights?|week|days?|scale|cuff|watch|tracker|device|measurements?|records?|values?|levels?|results?|stats|
        streak|total|best|lowest|highest|daily)\b
    |\byou(?:'ve|\s+have)?\s+(?:slept|walked|took|taken|logged|recorded|measured|averaged|hit|reached|met|got|had|
        were|was|gained|lost|dropped|stayed|been|weigh|weighed|clocked|managed|completed|exceeded|beat)\b
    |\b(?:readings?|averaged?|averaging|latest|last\s+night|yesterday|today|tonight|this\s+(?:week|month|morning)|
        last\s+(?:week|month)|so\s+far|in\s+a\s+row|trend(?:ed|ing)?|recorded|logged|flagged|anomal\w*|
        up\s+from|down\s+from)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Conditional or imperative sentences give advice ("If it reaches 180/120, call 911", "Take two readings a minute
# apart"): they state nothing about the user's data, so only BP pairs and mmHg/bpm values are checked in them, and
# guideline numbers need no cue there.
_ADVICE = re.compile(
    r"^\W*(?:if|when|whenever|in\s+case|should|unless|take|try|sit|aim|measure|check|keep|avoid|consider|make|"
    r"remember\s+to|rest|walk|limit|cut|add|drink|eat|go|get|set|use|plan|schedule|book|talk|ask|call|record|log|"
    r"write|bring|wear|stand|breathe|reduce|increase|wait|stay|do|don't|never|\w+ing)\b",
    re.I,
)
_POST_REFERENCE_CUE = re.compile(
    r"^\s*(?:mm\s*hg\s*|bpm\s*|hours?\s*)?(?:or\s+(?:higher|above|more|over|greater|lower|below|less|under)|"
    r"and\s+(?:above|up|higher|over|below|under))\b",
    re.I,
)
_LABEL_BEFORE = re.compile(r"\b(?:stage|type|grade|class|category|step|phase|level|number|no\.)\s*$", re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")

_METRIC_WORDS: dict[str, re.Pattern[str]] = {
    "blood_pressure": re.compile(r"\b(?:blood\s+pressure|bp|systolic|diastolic|mm\s*hg)\b", re.I),
    "heart_rate": re.compile(r"\b(?:heart\s*rate|pulse|bpm|heartbeat)\b", re.I),
    "steps": re.compile(r"\b(?:steps?|walk\w*|step\s+goal)\b", re.I),
    "sleep": re.compile(r"\b(?:sleep\w*|slept|night|bed)\b", re.I),
    "weight": re.compile(r"\b(?:weigh\w*|kg|lbs?|pounds|kilos?)\b", re.I),
}
_METRIC_KINDS: dict[str, frozenset[Kind]] = {
    "blood_pressure": frozenset({"mmhg"}),
    "heart_rate": frozenset({"bpm"}),
    "steps": frozenset({"steps", "pct"}),
    "sleep": frozenset({"min", "h"}),
    "weight": frozenset({"kg", "lb"}),
}
_ALWAYS_COMPATIBLE: frozenset[Kind] = frozenset({"count", "days", "pct", "generic"})
_UNIT_COMPATIBLE: dict[Kind, frozenset[Kind]] = {
    "mmhg": frozenset({"mmhg", "generic"}),
    "bpm": frozenset({"bpm", "generic"}),
    "steps": frozenset({"steps", "generic"}),
    "pct": frozenset({"pct", "generic"}),
    "h": frozenset({"h"}),
    "min": frozenset({"min"}),
    "kg": frozenset({"kg"}),
    "lb": frozenset({"lb"}),
    "days": frozenset({"days", "count", "generic"}),
    "count": frozenset({"count", "days", "generic"}),
    "generic": frozenset({"generic"}),
}
_ALWAYS_CLAIM_UNITS: frozenset[Kind] = frozenset({"mmhg", "bpm"})
_GENERAL = re.compile(
    r"\b(?:adults?|people|most|everyone|guidelines?|recommend\w*|experts?|stud(?:y|ies)|research|typical\w*|normal|"
    r"healthy|generally|usually|often|can|may|might|could|helps?|aim|target|should|ideal|optimal|per\s+week|"
    r"a\s+week|each\s+week)\b",
    re.I,
)

# Diagnosis and prescription phrasing.
_CONDITIONS = (
    r"(?:stage\s*[12]\s+)?(?:hypertension|high\s+blood\s+pressure|hypotension|low\s+blood\s+pressure|diabetes|"
    r"pre-?diabetes|heart\s+disease|coronary\s+artery\s+disease|atrial\s+fibrillation|a-?fib|(?:an?\s+)?arrhythmia|"
    r"tachycardia|bradycardia|heart\s+failure|sleep\s+apnea|insomnia|obesity|an?\s+(?:heart|cardiac|medical)\s+condition)"
)
_DIAGNOSIS = [
    re.compile(
        r"\byou\s+(?:(?:most\s+)?(?:likely|probably|definitely|clearly|certainly)\s+)?(?:have|'ve\s+got|have\s+got|"
        r"are\s+suffering\s+from|suffer\s+from|are\s+developing|have\s+developed)\s+" + _CONDITIONS,
        re.I,
    ),
    re.compile(
        r"\byou(?:'re|\s+are)\s+(?:(?:likely|probably|definitely|clearly)\s+)?(?:hypertensive|diabetic|obese|prediabetic)\b",
        re.I,
    ),
    re.compile(r"\b(?:this|these|that|it)\s+(?:means?|confirms?|proves?)\s+(?:that\s+)?you\s+(?:have|are)\b", re.I),
    re.compile(r"\b(?:i|we)\s+(?:can\s+)?diagnose\b|\byour\s+diagnosis\s+is\b|\bdiagnos(?:ed|ing)\s+you\b", re.I),
]
_MEDS = (
    r"(?:medications?|medicines?|meds|pills?|tablets?|doses?|dosages?|insulin|prescriptions?|statins?|"
    r"beta[- ]blockers?|blood\s+thinners?|aspirin|lisinopril|amlodipine|losartan|metoprolol|atenolol|"
    r"hydrochlorothiazide|hctz|warfarin|apixaban|metformin|atorvastatin|rosuvastatin|diuretics?)"
)
_PRESCRIPTION = [
    re.compile(
        r"\b(?:take|taking|start(?:ing)?|stop(?:ping)?|skip(?:ping)?|increase|increasing|decrease|decreasing|reduce|"
        r"reducing|double|doubling|halve|halving|raise|raising|lower|lowering|adjust(?:ing)?|change|changing|"
        r"switch(?:ing)?|cut(?:ting)?)\s+(?:(?:your|the|a|an|some|more|less|extra|another|back\s+on)\s+)?(?:[a-z-]+\s+)?"
        + _MEDS
        + r"\b",
        re.I,
    ),
]
_DOSE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|milligrams?|micrograms?|units?|iu)\b", re.I)
_MEDS_WORD = re.compile(r"\b" + _MEDS + r"\b", re.I)
_CLINICIAN = re.compile(
    r"\b(?:doctor|physician|clinician|pharmacist|care\s+team|nurse|gp|cardiologist|provider|prescriber)s?\b|"
    r"\bas\s+(?:prescribed|directed)\b",
    re.I,
)
_NEGATION = re.compile(
    r"(?:\bnot\b|n't\b|\bnever\b|\bno\b|\bcannot\b|\bwhether\b|\bif\b|\bunless\b|\bwithout\b)[^.!?]{0,30}$", re.I
)
_ANOMALY_WORDS = re.compile(
    r"\b(?:anomal\w*|flagged|unusual|alert\w*|irregular|spike\w*|elevated|out\s+of\s+(?:your\s+)?(?:usual|normal)\s+range|"
    r"higher\s+than\s+usual|lower\s+than\s+usual)\b",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    text: str
    kind: MentionKind
    value: float  # the number; a pair's systolic; a time's hour*60+minute; a date's month*100+day
    start: int = 0  # position in its sentence
    end: int = 0
    second: float | None = None  # a pair's diastolic; a date's year
    unit: Kind | None = None
    decimals: int = 0
    scale_tol: float | None = None  # tolerance implied by the wording ("8.4k", "8,000", "7 h 30 min")
    hedged: bool = False
    reference_cue: bool = False
    has_clock: bool = True  # times: minutes were stated
    meridiem: str | None = None  # times: "am" / "pm"
    is_year_only: bool = False


@dataclass
class SentenceMentions:
    sentence: str
    mentions: list[Mention] = field(default_factory=list)


def _parse_number(text: str) -> tuple[float, int, float | None]:
    """(value, decimals, tolerance implied by the wording) of '8,432', '7.5', '8.4k', '8,000'."""
    t = text.lower().replace(",", "")
    scale = 1.0
    if t.endswith("k"):
        t, scale = t[:-1], 1000.0
    decimals = len(t.split(".", 1)[1]) if "." in t else 0
    value = float(t) * scale
    tol: float | None = None
    if scale == 1000.0:
        tol = 0.5 * 10 ** (3 - decimals)
    elif decimals == 0 and value >= 1000:
        zeros = len(t) - len(t.rstrip("0"))
        if zeros:  # "8,000" said for 8,432 is rounding to the thousand
            tol = 0.5 * 10**zeros
    return value, decimals, tol


def extract_mentions(text: str) -> list[SentenceMentions]:
    """Every numeric mention of a text, grouped by sentence."""
    text = re.sub(r"\b24\s*/\s*7\b", "around the clock", text)
    out: list[SentenceMentions] = []
    for sentence in _SENTENCE_SPLIT.split(text):
        if not sentence.strip():
            continue
        group = SentenceMentions(sentence)
        for m in _MENTION.finditer(sentence):
            mention = _mention_from_match(m, sentence)
            if mention is not None:
                group.mentions.append(mention)
        _link_ranges(group)
        out.append(group)
    return out


def _mention_from_match(m: re.Match[str], sentence: str) -> Mention | None:
    raw, start, end = m.group(0), m.start(), m.end()
    before, after = sentence[:start], sentence[end:]
    hedged = bool(_HEDGE.search(before))
    cue = bool(_REFERENCE_CUE.search(" ".join(before.split()[-6:])) or _POST_REFERENCE_CUE.match(after))
    common: dict[str, Any] = {"start": start, "end": end, "hedged": hedged, "reference_cue": cue}
    kind = m.lastgroup
    if kind == "iso":
        y, mo, d = (int(x) for x in raw.split("-"))
        return Mention(raw, "date", mo * 100 + d, second=y, **common)
    if kind == "mdy":
        mo, d, _y = (int(x) for x in raw.split("/"))
        return Mention(raw, "date", mo * 100 + d, **common)
    if kind == "time":
        digits = re.findall(r"\d+", raw)
        hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
        mer = "pm" if re.search(r"p\.?m", raw, re.I) else "am" if re.search(r"a\.?m", raw, re.I) else None
        return Mention(raw, "time", hour * 60 + minute, has_clock=len(digits) > 1, meridiem=mer, **common)
    if kind in ("md", "dm"):
        month_word = re.search(_MONTHS, raw, re.I)
        day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", raw)
        if month_word is None or day is None:
            return None
        month = _MONTH_NUM[month_word.group(0).lower()[:3]]
        year = re.search(r"\d{4}", raw)
        return Mention(
            raw, "date", month * 100 + int(day.group(1)), second=float(year.group(0)) if year else None, **common
        )
    if kind == "pair":
        a, b = (float(x) for x in re.findall(r"\d+", raw))
        if not (60 <= a <= 300 and 30 <= b <= 200 and a > b) and 1 <= a <= 12 and 1 <= b <= 31:
            return Mention(raw, "date", a * 100 + b, **common)  # "11/25"
        return Mention(raw, "pair", a, second=b, unit="mmhg", **common)
    if kind == "compound":
        h, mins = (int(x) for x in re.findall(r"\d+", raw))
        granularity = 7.5 if mins % 15 == 0 else 2.5 if mins % 5 == 0 else 0.5
        return Mention(raw, "compound", h * 60 + mins, unit="min", scale_tol=granularity, **common)
    if kind == "half":
        whole = int(re.findall(r"\d+", raw)[0])
        unit, _ = _unit_after(after)
        return Mention(raw, "number", whole + 0.5, unit=unit, decimals=1, scale_tol=0.25, **common)
    if kind == "word":
        unit, mult = _unit_after(after)
        value = words_to_number(raw)
        if len(raw.split()) == 1 and "-" not in raw and value <= 10 and unit is None:
            return None  # "one of the best ways", "a couple": not a stated quantity
        return Mention(raw, "number", value * mult, unit=unit, **common)
    if before.rstrip(" \t*-") == "" and re.match(r"^[.)]\s", after):  # "1. " / "2) " list markers
        return None
    if re.match(r"^(?:st|nd|rd|th)\b", after, re.I):  # an ordinal outside a date ("your 2nd reading")
        return None
    if _LABEL_BEFORE.search(before):  # a label, not a quantity ("stage 2", "type 2")
        return None
    value, decimals, tol = _parse_number(raw)
    unit, mult = _unit_after(after)
    if mult != 1.0:
        return Mention(raw, "number", value * mult, unit=unit, decimals=decimals, **common)
    if unit == "h" and decimals <= 1 and (value * 2).is_integer():
        tol = max(tol or 0.0, 0.25)  # "7.5 hours" for 7.4 is ordinary rounding to the half hour
    is_year = unit is None and decimals == 0 and 1990 <= value <= 2100 and "," not in raw
    return Mention(raw, "number", value, unit=unit, decimals=decimals, scale_tol=tol, is_year_only=is_year, **common)


def _link_ranges(group: SentenceMentions) -> None:
    """'7-9 hours', '60 to 100 bpm', 'between 60 and 100': the unit and the reference cue span the range.
    'one hundred thirty over eighty-five': two spelled-out numbers joined by 'over' are a BP pair."""
    ms = group.mentions
    i = 0
    while i < len(ms) - 1:
        a, b = ms[i], ms[i + 1]
        if (
            a.kind == "number" and b.kind == "number"
            and re.fullmatch(r"\s*over\s*", group.sentence[a.end : b.start])
            and 60 <= a.value <= 300 and 30 <= b.value <= 200
        ):  # fmt: skip
            text = group.sentence[a.start : b.end]
            ms[i : i + 2] = [replace(a, text=text, kind="pair", second=b.value, unit="mmhg", end=b.end)]
        i += 1
    for i in range(len(ms) - 1):
        a, b = ms[i], ms[i + 1]
        if a.kind != "number" or b.kind != "number":
            continue
        if re.fullmatch(r"\s*(?:-|–|—|to|and)\s*", group.sentence[a.end : b.start]):
            unit = a.unit or b.unit
            cue = a.reference_cue or b.reference_cue
            ms[i] = replace(a, unit=unit, reference_cue=cue)
            ms[i + 1] = replace(b, unit=b.unit or unit, reference_cue=cue)


def _close(m: Mention, stated: float, fact: float) -> bool:
    tol = 0.5 * 10 ** (-m.decimals) + 1e-9
    if m.scale_tol is not None:
        tol = max(tol, m.scale_tol)
    if abs(stated - fact) <= tol:
        return True
    return m.hedged and abs(stated - fact) <= 0.03 * abs(fact)


def _sentence_metric(group: SentenceMentions) -> str | None:
    """The one metric a sentence talks about (from its words and its units), or None."""
    found = {metric for metric, pattern in _METRIC_WORDS.items() if pattern.search(group.sentence)}
    for m in group.mentions:
        if m.kind == "pair" or m.unit == "mmhg":
            found.add("blood_pressure")
        elif m.unit in ("bpm", "steps", "kg", "lb"):
            found.add({"bpm": "heart_rate", "steps": "steps", "kg": "weight", "lb": "weight"}[m.unit])
    return found.pop() if len(found) == 1 else None


def _grounded(m: Mention, facts: Facts, sentence_metric: str | None) -> bool:
    if m.kind == "pair":
        second = m.second if m.second is not None else -1.0
        return any(_close(m, m.value, s) and _close(m, second, d) for s, d in facts.pairs)
    if m.kind == "time":
        hour, minute = divmod(int(m.value), 60)
        if m.meridiem == "pm" and hour < 12:
            hours = {hour + 12}
        elif m.meridiem == "am" and hour == 12:
            hours = {0}
        elif m.meridiem is None and hour < 12:
            hours = {hour, hour + 12}
        else:
            hours = {hour}
        return any(h in hours and (not m.has_clock or mi == minute) for h, mi in facts.times)
    if m.kind == "date":
        month, day = divmod(int(m.value), 100)
        if m.second is not None and int(m.second) not in facts.years:
            return False
        return (month, day) in facts.dates
    if m.is_year_only and int(m.value) in facts.years:
        return True
    kinds: frozenset[Kind] | None
    if m.unit is not None:
        kinds = _UNIT_COMPATIBLE[m.unit]
    elif sentence_metric is not None:
        kinds = _METRIC_KINDS[sentence_metric] | _ALWAYS_COMPATIBLE
    else:
        kinds = None
    return any(
        (kinds is None or f.kind in kinds)
        and (sentence_metric is None or f.metric is None or f.metric == sentence_metric)
        and _close(m, m.value, f.value)
        for f in facts.values
    )


def _is_reference(m: Mention) -> bool:
    if not m.reference_cue:
        return False
    if m.kind == "pair":
        return (int(m.value), int(m.second or 0)) in BP_REFERENCE_PAIRS
    return m.kind == "number" and m.value in REFERENCE_NUMBERS


def numbers_in(text: str) -> Facts:
    """The numbers the user wrote in this message: a reply may echo them ("a reading of 150/95 is ...")."""
    facts = Facts()
    for group in extract_mentions(text):
        for m in group.mentions:
            if m.kind == "pair" and m.second is not None:
                facts.add_pair(m.value, m.second)
            elif m.kind in ("number", "compound"):
                facts.add(m.value, m.unit or "generic")
            elif m.kind == "time":
                hour, minute = divmod(int(m.value), 60)
                facts.add_time(hour + 12 if m.meridiem == "pm" and hour < 12 else hour, minute)
            elif m.kind == "date":
                month, day = divmod(int(m.value), 100)
                facts.add_date(int(m.second) if m.second else 0, month, day)
    return facts


def _is_claim(m: Mention, *, advice: bool, about_data: bool, general: bool, metric: str | None) -> bool:
    """Is this number stated about the user's data?

    Advice ("Try…", "If…") and general statements ("Most adults…", "…can help") state only BP pairs, mmHg and bpm
    values as possible claims; a sentence about the user's data ("your average", "you slept", "last night") makes
    every number a claim; a neutral sentence ("Weight 79 kg.", "Steps: 7,812") makes every number with a unit, a
    date or time, or a metric named in the sentence a claim.
    """
    strong = m.kind == "pair" or m.unit in _ALWAYS_CLAIM_UNITS
    if advice:
        return strong
    if about_data:
        return True
    if general:
        return strong
    return strong or m.unit is not None or m.kind in ("compound", "time", "date") or metric is not None


def unsupported_numbers(reply: str, facts: Facts, *, echo_text: str = "") -> list[str]:
    """The numbers of `reply` that are about the user's data and supported by nothing we hold."""
    echo = numbers_in(echo_text) if echo_text else None
    bad: list[str] = []
    for group in extract_mentions(reply):
        sentence = group.sentence
        advice = bool(_ADVICE.search(sentence))
        about_data = bool(_DATA_CUE.search(sentence)) and not advice
        general = bool(_GENERAL.search(sentence))
        metric = _sentence_metric(group)
        emergency_ctx = bool(_EMERGENCY_CONTEXT.search(sentence))
        for m in group.mentions:
            if not _is_claim(m, advice=advice, about_data=about_data, general=general, metric=metric):
                continue  # general information, not a statement about the user's data
            if m.kind == "number" and m.value in EMERGENCY_NUMBERS and emergency_ctx:
                continue
            if _grounded(m, facts, metric) or _is_reference(replace(m, reference_cue=m.reference_cue or advice)):
                continue
            if echo is not None and _grounded(replace(m, unit=None), echo, None):
                continue  # the user's own number, echoed
            bad.append(m.text)
    return bad


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 40) : start]))


def medical_advice_problems(reply: str) -> list[str]:
    problems = []
    for sentence in _SENTENCE_SPLIT.split(reply):
        if any((m := p.search(sentence)) and not _negated(sentence, m.start()) for p in _DIAGNOSIS):
            problems.append("diagnosis")
        if _CLINICIAN.search(sentence):
            continue  # "ask your doctor before changing your dose" is a referral, not advice
        advice = any((m := p.search(sentence)) and not _negated(sentence, m.start()) for p in _PRESCRIPTION)
        if advice or (_DOSE.search(sentence) and _MEDS_WORD.search(sentence)):
            problems.append("prescription")
    return sorted(set(problems))


def prompt_leak(reply: str, prompts: PromptKit) -> str | None:
    """'canary' when the process's canary appears (even re-spaced or re-cased), 'prompt_leak' when a run of the
    instructions is quoted, else None."""
    squashed = re.sub(r"[^a-z0-9]", "", reply.lower())
    canary_core = re.sub(r"[^a-z0-9]", "", prompts.canary.lower())
    if canary_core in squashed or prompts.canary.split("-")[-1].lower() in squashed:
        return "canary"
    if shingles(normalise_words(reply)) & prompts.leak_shingles:
        return "prompt_leak"
    return None


def foreign_user_ids(reply: str, own_user_id: str, pattern: str) -> list[str]:
    return [m.group(0) for m in re.finditer(pattern, reply) if m.group(0) != own_user_id]


def anomalies_discussed(reply: str, *, context_anomalies: int, tool_anomalies: bool) -> bool:
    return tool_anomalies or (context_anomalies > 0 and bool(_ANOMALY_WORDS.search(reply)))


@dataclass(frozen=True)
class GuardInput:
    reply: str
    user_id: str
    user_message: str
    facts: Facts
    context_anomalies: int
    tool_anomalies: bool


def check_reply(inp: GuardInput, prompts: PromptKit, user_id_pattern: str) -> tuple[GuardVerdict, list[str]]:
    """The verdict on one reply, and the unsupported numbers (for the corrective note; never logged)."""
    if not inp.reply.strip():
        return GuardVerdict("block", ("empty_reply",)), []
    if leak := prompt_leak(inp.reply, prompts):
        return GuardVerdict("block", (leak,)), []
    if foreign_user_ids(inp.reply, inp.user_id, user_id_pattern):
        return GuardVerdict("block", ("other_user_id",)), []
    reasons = list(medical_advice_problems(inp.reply))
    # Earlier replies are not evidence: a number is repeated only if the data (context or tools) still holds it.
    unsupported = unsupported_numbers(inp.reply, inp.facts, echo_text=inp.user_message)
    if unsupported:
        reasons.append("numeric_grounding")
    if reasons:
        return GuardVerdict("regenerate", tuple(reasons)), unsupported
    disclaimer = (
        ANOMALY_DISCLAIMER
        if anomalies_discussed(inp.reply, context_anomalies=inp.context_anomalies, tool_anomalies=inp.tool_anomalies)
        else None
    )
    return GuardVerdict("pass", disclaimer=disclaimer), []
