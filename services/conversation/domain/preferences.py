"""User preferences: defaults, validation of a PATCH, and the preferences.v1 snapshot. Pure (no I/O, no clock).

The defaults and the nudge-trigger vocabulary come from the Avro contract (`schemas/`), so they are spelled
in one place. The ranges below come from the schema docs of preferences.v1.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from lingua import IsoCode639_1
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationInfo, field_validator

from services.common.contracts import Topic, load_schema

# preferences.v1 docs: "Daily step goal, steps, 1000..100000".
STEP_GOAL_MIN = 1_000
STEP_GOAL_MAX = 100_000
# preferences.v1 docs: "Year of birth, 1900..current year".
BIRTH_YEAR_MIN = 1900
# Product rule: a name the assistant addresses the user by fits a greeting line.
DISPLAY_NAME_MAX_CHARS = 50
# Product rule: nudges can be snoozed for at most a year ahead (longer means "turn nudges off").
SNOOZE_MAX_AHEAD_MS = 366 * 86_400_000
MINUTES_PER_DAY = 1440

_HH_MM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Fields of preferences.v1 a user may read back (everything except the key).
SNAPSHOT_FIELDS = ("step_goal", "timezone", "quiet_start_min", "quiet_end_min", "nudge_opt_outs",
                   "snoozed_until", "language", "birth_year", "display_name", "nudges_enabled", "updated_at")


@cache
def default_preferences() -> dict[str, Any]:
    """The schema defaults of preferences.v1 (shared: copy before changing)."""
    return {field["name"]: field["default"] for field in load_schema(Topic.PREFERENCES)["fields"] if "default" in field}


@cache
def nudge_triggers() -> frozenset[str]:
    """The NudgeTrigger symbols of nudges.v1: the only valid opt-outs."""
    for field in load_schema(Topic.NUDGES)["fields"]:
        if field["name"] == "trigger":
            return frozenset(field["type"]["symbols"])
    raise RuntimeError("nudges.v1 has no trigger enum")


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def hhmm_to_minutes(text: str) -> int:
    match = _HH_MM.match(text)
    if not match:
        raise ValueError("must be a time of day as HH:MM (00:00..23:59)")
    return int(match.group(1)) * 60 + int(match.group(2))


def minutes_to_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class PreferencesPatch(BaseModel):
    """Body of PATCH /v1/preferences: every field optional; null clears the nullable ones.

    The validation context carries `now_ms` (snooze must lie ahead, birth year not in the future).
    """

    model_config = ConfigDict(extra="forbid")  # unknown fields (incl. user_id) are refused with a reason

    step_goal: int | None = Field(default=None, ge=STEP_GOAL_MIN, le=STEP_GOAL_MAX, strict=True)
    timezone: str | None = None
    quiet_start: str | None = Field(default=None, description="HH:MM local time when quiet hours start")
    quiet_end: str | None = Field(default=None, description="HH:MM local time when quiet hours end")
    nudge_opt_outs: list[str] | None = Field(default=None, max_length=20)
    snoozed_until: int | datetime | None = Field(
        default=None, description="UTC epoch ms or an ISO 8601 time with offset; null ends the snooze")
    language: str | None = None
    birth_year: int | None = Field(default=None, strict=True)
    display_name: str | None = None
    nudges_enabled: StrictBool | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is None:
            raise ValueError("timezone cannot be cleared; send an IANA zone such as Europe/Berlin")
        if value not in _timezones():
            raise ValueError("not an IANA time zone name (e.g. America/New_York)")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("not an IANA time zone name") from error
        return value

    @field_validator("quiet_start", "quiet_end")
    @classmethod
    def _hhmm(cls, value: str | None) -> str | None:
        if value is None:
            raise ValueError("quiet hours cannot be cleared; set start equal to end to turn them off")
        hhmm_to_minutes(value)
        return value

    @field_validator("nudge_opt_outs")
    @classmethod
    def _opt_outs(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            raise ValueError("send [] to clear the opt-outs")
        unknown = sorted(set(value) - nudge_triggers())
        if unknown:
            raise ValueError(f"unknown nudge trigger(s) {unknown}; valid: {sorted(nudge_triggers())}")
        return sorted(set(value))

    @field_validator("snoozed_until")
    @classmethod
    def _snooze(cls, value: int | datetime | None, info: ValidationInfo) -> int | datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError("snoozed_until needs a UTC offset (e.g. 2026-12-01T08:00:00+01:00)")
            value = int(value.timestamp() * 1000)
        now_ms = _now_ms(info)
        if value <= now_ms:
            raise ValueError("snoozed_until must lie in the future")
        if value > now_ms + SNOOZE_MAX_AHEAD_MS:
            raise ValueError("snoozed_until may lie at most a year ahead; turn nudges off instead")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is None:
            raise ValueError("language cannot be cleared")
        try:
            IsoCode639_1.from_str(value.lower())
        except ValueError as error:
            raise ValueError("not a supported ISO 639-1 language code (e.g. en, de, es)") from error
        return value.lower()

    @field_validator("birth_year")
    @classmethod
    def _birth_year(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            return None
        current_year = datetime.fromtimestamp(_now_ms(info) / 1000, tz=UTC).year
        if not BIRTH_YEAR_MIN <= value <= current_year:
            raise ValueError(f"birth_year must lie in {BIRTH_YEAR_MIN}..{current_year}")
        return value

    @field_validator("display_name")
    @classmethod
    def _display_name(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = " ".join(value.split())
        if not value:
            return None
        if len(value) > DISPLAY_NAME_MAX_CHARS:
            raise ValueError(f"display_name may have at most {DISPLAY_NAME_MAX_CHARS} characters")
        if _CONTROL.search(value):
            raise ValueError("display_name may not contain control characters")
        return value

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, as preferences.v1 fields (HH:MM → minutes)."""
        sent = self.model_dump(exclude_unset=True)
        changes: dict[str, Any] = {}
        for name, value in sent.items():
            if name == "quiet_start":
                changes["quiet_start_min"] = hhmm_to_minutes(value)
            elif name == "quiet_end":
                changes["quiet_end_min"] = hhmm_to_minutes(value)
            else:
                changes[name] = value
        return changes


def _now_ms(info: ValidationInfo) -> int:
    context = info.context or {}
    now_ms = context.get("now_ms")
    if not isinstance(now_ms, int):
        raise ValueError("validation needs now_ms in its context")  # programming error, surfaces in tests
    return now_ms


def parse_patch(body: Any, now_ms: int) -> PreferencesPatch:
    """Validates a PATCH body; raises pydantic.ValidationError with one reason per bad field."""
    return PreferencesPatch.model_validate(body, context={"now_ms": now_ms})


def normalise(stored: dict[str, Any] | None) -> dict[str, Any]:
    """A stored document (or none) as a complete preferences.v1 snapshot without user_id."""
    snapshot = dict(default_preferences())
    snapshot["nudge_opt_outs"] = list(snapshot["nudge_opt_outs"])
    snapshot["updated_at"] = 0
    for name in SNAPSHOT_FIELDS:
        if stored is not None and name in stored:
            snapshot[name] = stored[name]
    return snapshot


def to_record(user_id: str, snapshot: dict[str, Any]) -> dict[str, Any]:
    """The preferences.v1 value (exact schema fields) for a snapshot."""
    return {"user_id": user_id, **{name: snapshot[name] for name in SNAPSHOT_FIELDS}}


def to_api(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What GET/PATCH return: the schema fields plus the quiet hours as HH:MM."""
    return {**{name: snapshot[name] for name in SNAPSHOT_FIELDS},
            "quiet_start": minutes_to_hhmm(int(snapshot["quiet_start_min"])),
            "quiet_end": minutes_to_hhmm(int(snapshot["quiet_end_min"]))}


def utc_offset_min(timezone: str | None, now_ms: int) -> int:
    """The UTC offset of `timezone` at `now_ms`, minutes; 0 for a missing or unknown zone."""
    if not timezone:
        return 0
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    offset = datetime.fromtimestamp(now_ms / 1000, tz=zone).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0
