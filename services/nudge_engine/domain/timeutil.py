"""Local-time arithmetic on UTC epoch milliseconds (zoneinfo; DST-correct; never reads the clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MINUTES_PER_DAY = 24 * 60
# preferences.v1 `timezone` default (schemas/preferences.v1.avsc).
SCHEMA_DEFAULT_ZONE = "UTC"


@lru_cache(maxsize=1024)
def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def resolve_zone(tz_name: str | None, utc_offset_min: int | None) -> tzinfo:
    """The user's zone: the Preferences IANA name when valid, else the device's UTC offset, else UTC.

    The IANA name wins because it is one zone for every device of the user (a watch and a cuff set to
    different offsets would otherwise split a day), it is the zone the quiet hours are written in, and
    zoneinfo knows its DST rules for any instant, past or future. A fixed offset is only right for the
    instant it was measured at, so it is the fallback.

    ``"UTC"`` is the preferences.v1 schema default (the user never chose a zone), so it counts as unset
    when a device offset is known: a New York user who never opened the settings still gets New York days
    and quiet hours. A user who really lives on UTC loses nothing (their devices report offset 0).
    """
    if tz_name == SCHEMA_DEFAULT_ZONE and utc_offset_min is not None:
        tz_name = None
    if tz_name:
        zone = _zone(tz_name)
        if zone is not None:
            return zone
    if utc_offset_min is not None:
        return _offset_zone(int(utc_offset_min))
    return UTC


@lru_cache(maxsize=256)
def _offset_zone(minutes: int) -> tzinfo:
    return timezone(timedelta(minutes=minutes))  # a few dozen offsets exist: built once each, not per reading


def local_datetime(ms: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz)


def local_date(ms: int, tz: tzinfo) -> date:
    return local_datetime(ms, tz).date()


def interval_end_local_date(end_ms: int, tz: tzinfo) -> date:
    """Local date of an interval ending at ``end_ms``; the end is exclusive, so an interval ending at
    00:00:00.000 belongs to the day before."""
    return local_date(end_ms - 1, tz)


def wall_to_ms(day: date, minute_of_day: int, tz: tzinfo) -> int:
    """UTC ms of local wall time ``day`` + ``minute_of_day``. In a DST gap the pre-transition offset
    applies (fold=0), which lands on the instant just after the gap."""
    wall = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(minutes=minute_of_day)
    return int(wall.timestamp() * 1000)


def start_of_day_ms(day: date, tz: tzinfo) -> int:
    return wall_to_ms(day, 0, tz)


def end_of_day_ms(day: date, tz: tzinfo) -> int:
    """First instant of the next local day (23, 24 or 25 h after the start on DST days)."""
    return start_of_day_ms(day + timedelta(days=1), tz)


def minute_of_day(ms: int, tz: tzinfo) -> int:
    dt = local_datetime(ms, tz)
    return dt.hour * 60 + dt.minute


def in_window(minute: int, start_min: int, end_min: int) -> bool:
    """``[start, end)`` in local minutes; wraps midnight when start > end; empty when start == end."""
    if start_min == end_min:
        return False
    if start_min < end_min:
        return start_min <= minute < end_min
    return minute >= start_min or minute < end_min


def window_end_ms(ms: int, tz: tzinfo, start_min: int, end_min: int) -> int:
    """The next instant after ``ms`` at which the local window ``[start, end)`` ends (``ms`` inside it)."""
    dt = local_datetime(ms, tz)
    minute = dt.hour * 60 + dt.minute
    day = dt.date()
    if start_min > end_min and minute >= start_min:  # wrapped: ends tomorrow morning
        day += timedelta(days=1)
    end = wall_to_ms(day, end_min, tz)
    while end <= ms:  # only in DST oddities; never more than a day
        day += timedelta(days=1)
        end = wall_to_ms(day, end_min, tz)
    return end
