"""Validation of one raw reading (DESIGN.md "Readings") into a `readings.v1` Reading or reason codes.

Pure: no I/O, no clock (the caller passes `now_ms`). `validate_reading` never raises on its input, whatever
JSON-like value it gets; it collects every applicable reason instead of stopping at the first.

Strictness, on purpose:
- unexpected keys inside `value` are `invalid_value` (a typo such as `sys` would otherwise silently drop
  a measurement); unexpected top-level keys are ignored (they do not change what the numbers mean);
- numbers must be JSON numbers: no strings, no booleans, no NaN/Infinity. The int fields of
  `readings.v1` are emitted as int: `count` and `interval_s` must be whole (1200.0 is fine, 12.5 is
  `invalid_value`); mmHg and bpm are rounded half up first (120.5 -> 121). The rest are emitted as float;
- `measured_at` must be ISO-8601 with a UTC offset: without one we cannot know the device's local time.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from services.ingest.domain import rules

__all__ = [
    "ValidationOutcome",
    "parse_timestamp",
    "valid_identifier",
    "validate_reading",
]

_ID_RE = re.compile(rules.ID_PATTERN)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)
_ONE_MINUTE = timedelta(minutes=1)
_MAX_ECHOED_KEYS = 3
_MAX_ECHOED_KEY_CHARS = 32
# Per metric, computed once: the value keys in check order (required first) and the set of allowed keys.
_ORDERED_VALUE_KEYS = {metric: (*req, *opt) for metric, (req, opt) in rules.METRIC_VALUE_KEYS.items()}
_ALLOWED_VALUE_KEYS = {metric: frozenset(keys) for metric, keys in _ORDERED_VALUE_KEYS.items()}


class ValidationOutcome(NamedTuple):
    """The verdict on one raw reading (immutable; a NamedTuple because the gateway builds 20,000 a second
    and a frozen dataclass costs ~4x as much to construct).

    Accepted iff `reasons` is empty; then `reading` is the `readings.v1` Reading dict. `reading_id`,
    `user_id` and `device_id` are set whenever the raw reading carried a valid one, also on rejection, so
    the adapters can answer per reading and fill `readings.rejected.v1`. `detail` names fields and bounds,
    never the submitted values.
    """

    reading_id: str | None
    reading: dict[str, Any] | None
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    detail: str
    user_id: str | None = None
    device_id: str | None = None

    @property
    def accepted(self) -> bool:
        return not self.reasons


class _Findings:
    """Reasons and warnings collected while checking one reading, each with a human-readable note."""

    __slots__ = ("notes", "reasons", "warnings")

    def __init__(self) -> None:
        self.reasons: list[str] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def reject(self, code: str, note: str) -> None:
        if code not in self.reasons:
            self.reasons.append(code)
        self.notes.append(f"{code}: {note}")

    def warn(self, code: str, note: str) -> None:
        if code not in self.warnings:
            self.warnings.append(code)
        self.notes.append(f"{code}: {note}")

    def ordered_reasons(self) -> tuple[str, ...]:
        if not self.reasons:
            return ()
        return tuple(code for code in rules.REJECTION_CODES if code in self.reasons)

    def detail(self) -> str:
        return "; ".join(self.notes)


def valid_identifier(value: object) -> str | None:
    """`value` if it is a well-formed id (see `rules.ID_PATTERN`), else None."""
    if isinstance(value, str) and len(value) <= rules.MAX_ID_CHARS and _ID_RE.fullmatch(value):
        return value
    return None


def parse_timestamp(value: object) -> tuple[int, int] | None:
    """ISO-8601 date-time WITH a UTC offset -> (UTC epoch ms, offset in minutes); None if not one.

    Rejects: non-strings, text without an offset (or a date alone), offsets that are not whole minutes or
    lie outside UTC-12:00..UTC+14:00, and anything `datetime.fromisoformat` cannot read.
    """
    if not isinstance(value, str) or not value or len(value) > rules.MAX_TIMESTAMP_CHARS:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        offset = parsed.utcoffset()
        if offset is None:
            return None
        epoch_ms = (parsed - _EPOCH) // _ONE_MS
    except (ValueError, OverflowError):  # unparsable text; or a year-1/9999 time that leaves the range
        return None
    offset_min, remainder = divmod(offset, _ONE_MINUTE)
    if remainder or not rules.UTC_OFFSET_MIN_MIN <= offset_min <= rules.UTC_OFFSET_MAX_MIN:
        return None
    return epoch_ms, offset_min


def validate_reading(raw: object, *, now_ms: int, channel: str) -> ValidationOutcome:
    """Validate one raw reading (a decoded JSON value) received at `now_ms` through `channel`.

    Returns the `readings.v1` Reading (with `flags`, `channel` and `ingested_at = now_ms`) when no rule is
    broken; otherwise every reason code that applies, in `rules.REJECTION_CODES` order. Never raises on
    `raw`; raises ValueError only for a `channel` outside `rules.CHANNELS` (a programming error).
    """
    if channel not in rules.CHANNELS:
        raise ValueError(f"channel must be one of {rules.CHANNELS}")
    if not isinstance(raw, dict):
        return ValidationOutcome(
            reading_id=None,
            reading=None,
            reasons=(rules.INVALID_VALUE,),
            warnings=(),
            detail=f"{rules.INVALID_VALUE}: a reading must be a JSON object",
        )

    found = _Findings()
    reading_id = _identifier(raw, "reading_id", found)
    user_id = _identifier(raw, "user_id", found)
    device_id = _identifier(raw, "device_id", found)
    source = _source(raw, found)
    timestamp = _measured_at(raw, now_ms, found)
    metric_value = _metric_and_value(raw, found)

    reasons = found.ordered_reasons()
    warnings = tuple(code for code in rules.WARNING_CODES if code in found.warnings) if found.warnings else ()
    reading: dict[str, Any] | None = None
    if reasons:
        warnings = ()  # warnings describe accepted readings only
    else:
        # All parts were checked above; None for any of them would have added a reason.
        assert timestamp is not None
        assert metric_value is not None
        metric, value = metric_value
        measured_at, utc_offset_min = timestamp
        reading = {
            "reading_id": reading_id,
            "user_id": user_id,
            "device_id": device_id,
            "metric": metric,
            "measured_at": measured_at,
            "utc_offset_min": utc_offset_min,
            "source": source,
            "value": value,
            "flags": list(warnings),
            "channel": channel,
            "ingested_at": now_ms,
        }
    return ValidationOutcome(reading_id, reading, reasons, warnings, found.detail() if found.notes else "",
                             user_id, device_id)


def _identifier(raw: dict[Any, Any], key: str, found: _Findings) -> str | None:
    value = raw.get(key)
    ident = valid_identifier(value)
    if value is None:
        found.reject(rules.INVALID_VALUE, f"{key} missing")
    elif ident is None:
        found.reject(
            rules.INVALID_VALUE,
            f"{key} must be a string of 1-{rules.MAX_ID_CHARS} letters, digits and . _ : @ | + -",
        )
    return ident


def _source(raw: dict[Any, Any], found: _Findings) -> str:
    source = raw.get("source")
    if source is None:
        return rules.DEFAULT_SOURCE
    if not isinstance(source, str) or source not in rules.SOURCES:
        found.reject(rules.INVALID_VALUE, f"source must be one of {'|'.join(rules.SOURCES)}")
        return rules.DEFAULT_SOURCE
    return source


def _measured_at(raw: dict[Any, Any], now_ms: int, found: _Findings) -> tuple[int, int] | None:
    value = raw.get("measured_at")
    if value is None:
        found.reject(rules.INVALID_VALUE, "measured_at missing")
        return None
    parsed = parse_timestamp(value)
    if parsed is None:
        found.reject(
            rules.INVALID_VALUE,
            "measured_at must be an ISO-8601 date-time with a UTC offset (e.g. 2026-11-25T07:55:00-05:00)",
        )
        return None
    measured_at, _offset = parsed
    if measured_at > now_ms + rules.FUTURE_SKEW_ALLOWANCE_MS:
        skew_min = rules.FUTURE_SKEW_ALLOWANCE_MS // rules.MS_PER_MINUTE
        found.reject(rules.FUTURE_TIMESTAMP, f"measured_at more than {skew_min} min in the future")
    elif measured_at < rules.EARLIEST_MEASURED_AT_MS:
        found.reject(rules.IMPLAUSIBLE_VALUE, "measured_at before 2005-01-01 (device clock reset?)")
    elif now_ms - measured_at > rules.LATE_DATA_AFTER_MS:
        found.warn(
            rules.LATE_DATA,
            f"measured_at more than {rules.LATE_DATA_AFTER_MS // rules.MS_PER_DAY} days before ingestion",
        )
    return parsed


def _metric_and_value(raw: dict[Any, Any], found: _Findings) -> tuple[str, dict[str, Any]] | None:
    metric = raw.get("metric")
    if metric is None:
        found.reject(rules.INVALID_VALUE, "metric missing")
        return None
    if not isinstance(metric, str):
        found.reject(rules.INVALID_VALUE, "metric must be a string")
        return None
    if metric not in rules.METRIC_VALUE_KEYS:
        found.reject(rules.UNKNOWN_METRIC, f"metric must be one of {'|'.join(rules.METRICS)}")
        return None
    value = _value(metric, raw.get("value"), found)
    return None if value is None else (metric, value)


def _value(metric: str, value: object, found: _Findings) -> dict[str, Any] | None:
    """Check `value` for `metric`; the full nine-key value dict, or None after recording the problems."""
    if not isinstance(value, dict):
        found.reject(rules.INVALID_VALUE, f"value must be an object for {metric}")
        return None
    required = rules.METRIC_VALUE_KEYS[metric][0]
    allowed = _ALLOWED_VALUE_KEYS[metric]
    unexpected = [key for key in value if key not in allowed]
    if unexpected:
        names = ", ".join(repr(str(key)[:_MAX_ECHOED_KEY_CHARS]) for key in unexpected[:_MAX_ECHOED_KEYS])
        more = ", ..." if len(unexpected) > _MAX_ECHOED_KEYS else ""
        found.reject(
            rules.INVALID_VALUE,
            f"value for {metric} has unexpected keys {names}{more}; allowed: {', '.join(sorted(allowed))}",
        )

    ok = not unexpected
    numbers: dict[str, int | float] = {}
    for key in _ORDERED_VALUE_KEYS[metric]:
        field = value.get(key)
        if field is None:
            if key in required:
                found.reject(rules.INVALID_VALUE, f"value.{key} is required for {metric}")
                ok = False
            continue
        number = _number(key, field, found)
        if number is None:
            ok = False
            continue
        bound = rules.VALUE_BOUNDS[key]
        if not bound.contains(number):
            found.reject(rules.IMPLAUSIBLE_VALUE, f"value.{key} outside {bound.describe()}")
            ok = False
            continue
        numbers[key] = number

    ok = _cross_field_checks(metric, numbers, found) and ok
    if not ok:
        return None
    out: dict[str, Any] = dict.fromkeys(rules.VALUE_KEYS)
    for key, number in numbers.items():
        out[key] = int(number) if key in rules.INTEGER_VALUE_KEYS else float(number)
    return out


def _number(key: str, field: object, found: _Findings) -> int | float | None:
    """A JSON number that may be compared with the bounds; None (and a reason) for anything else.

    Ints are kept as Python ints (exact comparisons, even for huge ones); bools are not numbers here.
    """
    if isinstance(field, bool) or not isinstance(field, int | float):
        found.reject(rules.INVALID_VALUE, f"value.{key} must be a number")
        return None
    if isinstance(field, float) and not math.isfinite(field):
        found.reject(rules.INVALID_VALUE, f"value.{key} must be finite")
        return None
    if isinstance(field, float) and key in rules.WHOLE_VALUE_KEYS:
        if not field.is_integer():
            found.reject(rules.INVALID_VALUE, f"value.{key} must be a whole number")
            return None
        return int(field)
    if isinstance(field, float) and key in rules.ROUNDED_VALUE_KEYS:
        return math.floor(field + 0.5)  # half up; the bounds then apply to the value we will emit
    return field


def _cross_field_checks(metric: str, numbers: dict[str, int | float], found: _Findings) -> bool:
    """Rules between fields of one value, run on the fields that passed their own bounds."""
    if metric == rules.BLOOD_PRESSURE and "systolic" in numbers and "diastolic" in numbers:
        return _systolic_above_diastolic(numbers["systolic"], numbers["diastolic"], found)
    if metric == rules.STEPS and "count" in numbers and "interval_s" in numbers:
        return _within_cadence(int(numbers["count"]), int(numbers["interval_s"]), found)
    return True


def _systolic_above_diastolic(systolic: float, diastolic: float, found: _Findings) -> bool:
    if systolic <= diastolic:
        found.reject(rules.IMPLAUSIBLE_VALUE, "value.systolic must be greater than value.diastolic")
        return False
    return True


def _within_cadence(count: int, interval_s: int, found: _Findings) -> bool:
    # Integer arithmetic: interval_s is bounded above, count may be a huge int; no float overflow.
    ceiling = rules.STEPS_MAX_CADENCE_PER_S * interval_s + rules.STEPS_BURST_ALLOWANCE
    if count > ceiling:
        found.reject(
            rules.IMPLAUSIBLE_VALUE,
            f"value.count above {rules.STEPS_MAX_CADENCE_PER_S} steps/s over value.interval_s "
            f"(+{rules.STEPS_BURST_ALLOWANCE} steps)",
        )
        return False
    return True
