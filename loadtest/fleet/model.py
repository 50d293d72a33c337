"""A simulated fleet of Heartwise users and their devices: profiles and realistic days of readings.

Pure: no I/O, no clock reads. Every random draw comes from a `random.Random` seeded with text built from
(fleet seed, user id, local date, purpose), so `day_of_readings(user, day)` is a pure function of its
arguments, whatever order days or users are generated in, and a fleet is identical for the same seed.

Readings are dicts in the exact HTTP shape of `POST /v1/readings` (DESIGN.md "Readings"):
`reading_id, user_id, device_id, metric, measured_at (ISO-8601 with the user's UTC offset), value, source`.
`reading_id` = `<device_id>:<metric code>:<UTC time>`: unique and deterministic per user/device/time, so a
re-run of the same fleet over the same days resends the same ids (ingest answers `duplicate`, no copies).

A user's day (local date D, in the user's IANA zone, DST-correct: all arithmetic is done in UTC):
- the night ending on the morning of D: one `sleep` reading from the ring at wake-up;
- `steps` from the watch for the 24 (23/25 on DST days) hourly intervals of D, following a daily rhythm
  (asleep ~0, morning, commute, lunch, evening and exercise peaks);
- `heart_rate` from the watch every ~30 min awake, every ~2 h asleep, higher when walking/exercising;
- a morning `blood_pressure` (+ pulse) from the cuff on most days, sometimes an evening one;
- a morning `weight` from the scale on most days.

Scenario users (see `scenarios.py`) carry a `script` that edits their days relative to an anchor instant
("now"): `history()` and `live()` pass theirs down.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo

Reading = dict[str, Any]
Timed = tuple[int, Reading]  # (UTC epoch ms of measured_at, reading)

# --- Vocabulary (DESIGN.md "Vocabulary"; the contract, not ours to change) ----------------------------------
BLOOD_PRESSURE: Final = "blood_pressure"
HEART_RATE: Final = "heart_rate"
STEPS: Final = "steps"
SLEEP: Final = "sleep"
WEIGHT: Final = "weight"
METRICS: Final = (BLOOD_PRESSURE, HEART_RATE, STEPS, SLEEP, WEIGHT)
SENSED: Final = "sensed"
SELF_REPORTED: Final = "self_reported"

# Short metric codes inside reading ids (ids stay short and readable: `watch-demo-u-0001:hr:20261125T125500Z`).
METRIC_CODES: Final = {BLOOD_PRESSURE: "bp", HEART_RATE: "hr", STEPS: "st", SLEEP: "sl", WEIGHT: "wt"}

STEP_INTERVAL_S: Final = 3600  # hourly step intervals (the brief; watches sync hourly aggregates)

# --- Simulation envelope for ordinary users -----------------------------------------------------------------
# Ordinary users stay inside these so only the scripted scenario users trip the alarming rules: no
# hypertensive crisis (anomaly rule: > 180 / > 120), no low-BP pair (< 90 / < 60), HR within 40..200.
NORMAL_SYSTOLIC_RANGE: Final = (95, 175)
NORMAL_DIASTOLIC_RANGE: Final = (62, 108)
MIN_PULSE_PRESSURE: Final = 22  # systolic - diastolic; below ~25 mmHg is unusual, never <= 0
NORMAL_HR_RANGE: Final = (45, 185)
# A walking hour is ~5,000-6,000 steps; the ingest cadence ceiling for an hour is 4 steps/s (14,410).
MAX_STEPS_PER_HOUR: Final = 7000
# Bedtimes stay before local midnight so a day's readings all fall inside its own local date.
BEDTIME_RANGE_MIN: Final = (21 * 60 + 15, 23 * 60 + 55)
TIME_IN_BED_RANGE_MIN: Final = (300, 600)
AGE_REFERENCE_YEAR: Final = 2026  # ages for the baselines are taken in this year (pure: no clock read)

# Weighted IANA zones: mostly the Americas and Europe, some Asia-Pacific, a few odd offsets (+05:45, -03:30).
TIMEZONES: Final = (
    ("America/New_York", 18),
    ("America/Chicago", 10),
    ("America/Denver", 4),
    ("America/Los_Angeles", 12),
    ("America/Phoenix", 2),
    ("America/Sao_Paulo", 4),
    ("America/St_Johns", 1),
    ("Pacific/Honolulu", 1),
    ("Europe/London", 8),
    ("Europe/Berlin", 8),
    ("Europe/Madrid", 4),
    ("Africa/Lagos", 3),
    ("Asia/Kolkata", 6),
    ("Asia/Kathmandu", 1),
    ("Asia/Singapore", 4),
    ("Asia/Tokyo", 5),
    ("Australia/Sydney", 4),
    ("Pacific/Auckland", 2),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


STEP_GOALS: Final = ((6000, 2), (7500, 3), (8000, 4), (10000, 6), (12000, 1))
FIRST_NAMES: Final = _words(
    "Amara Ben Carla Deepa Elif Farid Grace Hiro Ines Jamal Kofi Lena Mateo Nadia Omar Priya Quinn Rosa "
    "Sven Tamar Uma Victor Wen Ximena Yusuf Zoe Aiko Bruno Chen Dara Emeka Freya Gabriel Hana Ivan Joy "
    "Kai Leila Marcus Noor Olga Pablo Rahul Sara Tomas Valentina Will Yara"
)
LAST_NAMES: Final = _words(
    "Okafor Schmidt Alvarez Nair Yilmaz Haddad Kim Tanaka Moreau Williams Mensah Larsen Garcia Petrova "
    "Rahman Sharma Murphy Costa Lindqvist Levi Iyer Novak Zhang Lopez Demir Martin Sato Rossi Wang Byrne "
    "Adeyemi Berg Silva Park Ivanova Brown Fischer Khan Johnson Ali Kowalski Diaz"
)


class Script(Protocol):
    """A scenario's edit of a user's days, relative to an anchor instant ("now"); see `scenarios.py`."""

    key: str
    min_history_days: int

    def apply(self, user: User, day: date, readings: list[Timed], anchor: datetime) -> list[Timed]: ...


@dataclass(frozen=True, slots=True)
class Devices:
    """One user's devices. `extra` holds scenario devices (e.g. a second cuff)."""

    cuff: str  # blood pressure (+ pulse)
    watch: str  # heart rate + steps
    scale: str  # weight
    ring: str  # sleep tracker
    extra: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return (self.cuff, self.watch, self.scale, self.ring, *self.extra)


@dataclass(frozen=True, slots=True)
class Habits:
    """Baselines and habits of one user. Units: mmHg, bpm, kg, minutes after local midnight, steps/day."""

    systolic: float
    diastolic: float
    bp_sd: float  # within-person SD of one home reading (systolic; diastolic uses 0.7x)
    bp_drift_mmhg: float  # amplitude of a slow (~monthly) swing of the BP level
    resting_hr: float
    weight_kg: float
    weight_sd: float
    bedtime_min: float  # usual bedtime, minutes after local midnight (the evening before)
    time_in_bed_min: float
    sleep_efficiency: float  # usual fraction of time in bed asleep
    daily_steps: float  # usual steps per day
    exercise_weekdays: frozenset[int]  # date.weekday() numbers of workout days
    exercise_hour: int  # local hour of the workout
    p_morning_bp: float
    p_evening_bp: float
    p_weight: float
    steps_cap_pct: int | None = None  # scripted users: every day stays below this % of the step goal
    good_sleep_only: bool = False  # scripted users: no spontaneous poor nights


@dataclass(frozen=True, slots=True)
class User:
    """A simulated user: profile, habits and devices. Hashable and comparable (determinism tests)."""

    user_id: str
    display_name: str
    timezone: str  # IANA zone name
    step_goal: int
    birth_year: int
    habits: Habits
    devices: Devices
    seed: int
    scenario: str | None = None
    script: Script | None = field(default=None, compare=True)

    @property
    def tz(self) -> ZoneInfo:
        return _zone(self.timezone)

    def utc_offset_min(self, at: datetime) -> int:
        """The user's UTC offset in minutes at instant `at` (DST-aware)."""
        offset = at.astimezone(self.tz).utcoffset()
        return int(offset.total_seconds() // 60) if offset is not None else 0

    @property
    def min_history_days(self) -> int:
        return self.script.min_history_days if self.script is not None else 0

    def preferences(self, updated_at_ms: int) -> dict[str, Any]:
        """A `preferences.v1` snapshot of this profile (for the demo to publish; defaults as the schema)."""
        return {
            "user_id": self.user_id,
            "step_goal": self.step_goal,
            "timezone": self.timezone,
            "quiet_start_min": 22 * 60,
            "quiet_end_min": 7 * 60,
            "nudge_opt_outs": [],
            "snoozed_until": None,
            "language": "en",
            "birth_year": self.birth_year,
            "display_name": self.display_name,
            "nudges_enabled": True,
            "updated_at": updated_at_ms,
        }


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


# --- Profiles ---------------------------------------------------------------------------------------------


def _weighted(rng: random.Random, options: Sequence[tuple[Any, int]]) -> Any:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _clamp(x: float, low: float, high: float) -> float:
    return low if x < low else high if x > high else x


def devices_for(user_id: str) -> Devices:
    """Device ids derived from the user id: globally unique, so reading ids are too."""
    return Devices(cuff=f"cuff-{user_id}", watch=f"watch-{user_id}", scale=f"scale-{user_id}", ring=f"ring-{user_id}")


def make_user(user_id: str, seed: int, *, timezone: str | None = None) -> User:
    """A realistic ordinary user, drawn from `random.Random(f"{seed}|{user_id}|profile")`."""
    rng = random.Random(f"{seed}|{user_id}|profile")
    birth_year = rng.randint(1945, 2003)
    age = AGE_REFERENCE_YEAR - birth_year
    # Systolic rises ~0.5 mmHg/year of age in adults (population surveys); diastolic tracks it loosely.
    systolic = _clamp(104 + 0.45 * (age - 20) + rng.gauss(0, 8), 102, 150)
    diastolic = _clamp(0.5 * systolic + 17 + rng.gauss(0, 4), 64, 95)
    resting_hr = _clamp(rng.gauss(68, 7), 52, 84)
    weight = _clamp(rng.gauss(78, 15), 48, 125)
    workouts = rng.choice((0, 1, 2, 3, 4))
    habits = Habits(
        systolic=round(systolic, 1),
        diastolic=round(diastolic, 1),
        bp_sd=round(rng.uniform(2.5, 3.5), 2),
        bp_drift_mmhg=round(rng.uniform(0.0, 2.0), 2),
        resting_hr=round(resting_hr, 1),
        weight_kg=round(weight, 1),
        weight_sd=0.3,
        bedtime_min=round(_clamp(rng.gauss(22 * 60 + 45, 30), 21 * 60 + 45, 23 * 60 + 30)),
        time_in_bed_min=round(_clamp(rng.gauss(475, 25), 430, 540)),
        sleep_efficiency=round(_clamp(rng.gauss(0.895, 0.025), 0.86, 0.95), 3),
        daily_steps=round(_clamp(rng.lognormvariate(math.log(7500), 0.4), 2500, 16000)),
        exercise_weekdays=frozenset(rng.sample(range(7), workouts)),
        exercise_hour=rng.choice((6, 7, 12, 17, 18, 19)),
        p_morning_bp=round(rng.uniform(0.75, 0.98), 2),
        p_evening_bp=round(rng.uniform(0.05, 0.45), 2),
        p_weight=round(rng.uniform(0.6, 0.95), 2),
    )
    return User(
        user_id=user_id,
        display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        timezone=timezone or _weighted(rng, TIMEZONES),
        step_goal=_weighted(rng, STEP_GOALS),
        birth_year=birth_year,
        habits=habits,
        devices=devices_for(user_id),
        seed=seed,
    )


def user_ids(n_users: int, prefix: str = "demo") -> list[str]:
    """`demo-u-0001` ... (wider numbers once n_users needs them)."""
    width = max(4, len(str(n_users)))
    return [f"{prefix}-u-{i:0{width}d}" for i in range(1, n_users + 1)]


def fleet(n_users: int = 300, seed: int = 42, *, prefix: str = "demo") -> list[User]:
    """`n_users` ordinary users (no scenario users; see `scenarios.scenario_users`)."""
    if n_users < 0:
        raise ValueError("n_users must be >= 0")
    return [make_user(uid, seed) for uid in user_ids(n_users, prefix)]


# --- Time helpers (UTC arithmetic; local wall time only at the edges) ----------------------------------------


def local_instant(user: User, day: date, minute_of_day: float, second: int = 0) -> datetime:
    """UTC instant of local wall time `day` + `minute_of_day` + `second` (may run past midnight into the
    next day). In a DST gap zoneinfo applies the pre-transition offset: still a real instant."""
    wall = datetime.combine(day, time(0, 0)) + timedelta(minutes=int(minute_of_day), seconds=second)
    return wall.replace(tzinfo=_zone(user.timezone)).astimezone(UTC)


def local_midnight(user: User, day: date) -> datetime:
    """UTC instant of local 00:00 on `day`."""
    return datetime.combine(day, time(0, 0), tzinfo=_zone(user.timezone)).astimezone(UTC)


def epoch_ms(instant: datetime) -> int:
    return int(instant.timestamp()) * 1000 + instant.microsecond // 1000


def measured_at_ms(reading: Reading) -> int:
    """UTC epoch ms of a reading's `measured_at`."""
    return epoch_ms(datetime.fromisoformat(reading["measured_at"]))


def as_instant(value: datetime | date) -> datetime:
    """An aware UTC instant. A `date` means the end of that UTC day (the next 00:00 UTC)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("datetimes must be timezone-aware")
        return value.astimezone(UTC).replace(microsecond=0)
    return datetime.combine(value + timedelta(days=1), time(0, 0), tzinfo=UTC)


def make_reading(
    user: User, device_id: str, metric: str, at: datetime, value: dict[str, Any], source: str = SENSED
) -> Timed:
    """One reading in the HTTP shape, with its sort key. `at` is an aware instant (whole seconds)."""
    at_utc = at.astimezone(UTC)
    if at_utc.microsecond:
        at_utc = at_utc.replace(microsecond=0)
    u = at_utc  # f-string rather than strftime: this is the generator's hottest line
    stamp = f"{u.year:04d}{u.month:02d}{u.day:02d}T{u.hour:02d}{u.minute:02d}{u.second:02d}Z"
    reading = {
        "reading_id": f"{device_id}:{METRIC_CODES[metric]}:{stamp}",
        "user_id": user.user_id,
        "device_id": device_id,
        "metric": metric,
        "measured_at": at_utc.astimezone(_zone(user.timezone)).isoformat(timespec="seconds"),
        "value": value,
        "source": source,
    }
    return epoch_ms(at_utc), reading


def bp_value(systolic: float, diastolic: float, pulse: float | None) -> dict[str, int]:
    value = {"systolic": round(systolic), "diastolic": round(diastolic)}
    if pulse is not None:
        value["pulse"] = round(pulse)
    return value


# --- One day ---------------------------------------------------------------------------------------------


def _rng(user: User, day: date, part: str) -> random.Random:
    return random.Random(f"{user.seed}|{user.user_id}|{day.isoformat()}|{part}")


@dataclass(frozen=True, slots=True)
class Night:
    """The night ending on the morning of a local date."""

    bed: datetime  # UTC instant the user went to bed (the evening before)
    wake: datetime  # UTC instant of waking up (on the date)
    duration_min: int  # time asleep
    efficiency: float  # asleep / in bed


def night_ending(user: User, day: date) -> Night:
    """The night that ends on the morning of `day` (its own RNG: both neighbouring days need it)."""
    h = user.habits
    rng = _rng(user, day, "night")
    weekend_night = day.weekday() in (5, 6)  # the nights into Saturday and Sunday run late
    bedtime = _clamp(h.bedtime_min + rng.gauss(0, 25) + (35 if weekend_night else 0), *BEDTIME_RANGE_MIN)
    in_bed = _clamp(rng.gauss(h.time_in_bed_min + (30 if weekend_night else 0), 35), *TIME_IN_BED_RANGE_MIN)
    efficiency = _clamp(rng.gauss(h.sleep_efficiency, 0.035), 0.62, 0.97)
    if h.good_sleep_only:
        in_bed = max(in_bed, 450.0)
        efficiency = max(efficiency, 0.87)
    bed = local_instant(user, day - timedelta(days=1), bedtime, rng.randint(0, 59))
    wake = bed + timedelta(minutes=round(in_bed))
    return Night(bed=bed, wake=wake, duration_min=round(in_bed * efficiency), efficiency=round(efficiency, 2))


def _bp_drift(user: User, day: date) -> float:
    """A slow, smooth swing of the BP level (~monthly), different phase per user."""
    phase = random.Random(f"{user.seed}|{user.user_id}|phase").random()
    return user.habits.bp_drift_mmhg * math.sin(2 * math.pi * (day.toordinal() / 29.0 + phase))


def _hour_weight(hour: int, weekday: int, user: User) -> float:
    """Relative step activity of a local hour for an awake user."""
    weight = 1.0
    if weekday < 5 and hour in (8, 17):
        weight += 2.0  # commute
    if hour in (12, 13):
        weight += 1.5  # lunch walk
    if hour in (18, 19):
        weight += 1.2  # errands, dog walk
    if hour >= 21:
        weight *= 0.4
    if weekday in user.habits.exercise_weekdays and hour == user.habits.exercise_hour:
        weight += 6.0  # a run or a long walk
    return weight


def _steps(user: User, day: date, wake: datetime, bed: datetime, rng: random.Random) -> list[tuple[datetime, int]]:
    """(interval end, count) for each hourly interval of the local day, in UTC (23/25 on DST days)."""
    h = user.habits
    start, end = local_midnight(user, day), local_midnight(user, day + timedelta(days=1))
    intervals: list[tuple[datetime, datetime]] = []
    t = start
    while t < end:
        intervals.append((t, min(t + timedelta(seconds=STEP_INTERVAL_S), end)))
        t += timedelta(seconds=STEP_INTERVAL_S)
    weekday = day.weekday()
    total = h.daily_steps * (rng.uniform(0.75, 1.2) if weekday >= 5 else 1.0) * rng.lognormvariate(0, 0.22)
    weights = []
    for a, b in intervals:
        awake_s = max(0.0, (min(b, bed) - max(a, wake)).total_seconds())
        hour = a.astimezone(user.tz).hour
        weights.append(_hour_weight(hour, weekday, user) * awake_s / STEP_INTERVAL_S)
    weight_sum = sum(weights) or 1.0
    out = []
    for (_a, b), w in zip(intervals, weights, strict=True):
        if w <= 0:
            count = rng.randint(4, 40) if rng.random() < 0.2 else 0  # a trip to the bathroom at night
        else:
            count = round(_clamp(total * w / weight_sum * rng.lognormvariate(0, 0.3), 0, MAX_STEPS_PER_HOUR))
        out.append((b, count))
    if h.steps_cap_pct is not None:
        cap = user.step_goal * h.steps_cap_pct // 100
        day_total = sum(c for _, c in out)
        if day_total > cap:
            out = [(b, c * cap // day_total) for b, c in out]
    return out


def _hr_samples(
    user: User, day: date, night: Night, next_night: Night, steps: list[tuple[datetime, int]], rng: random.Random
) -> list[tuple[datetime, int]]:
    h = user.habits
    start, end = local_midnight(user, day), local_midnight(user, day + timedelta(days=1))
    steps_by_end = {b: c for b, c in steps}
    workout = day.weekday() in h.exercise_weekdays
    out: list[tuple[datetime, int]] = []

    def add(at: datetime, bpm: float) -> None:
        if start < at < end:
            out.append((at, round(_clamp(bpm, *NORMAL_HR_RANGE))))

    def jitter(at: datetime, minutes: int) -> datetime:
        return at + timedelta(minutes=rng.randint(-minutes, minutes), seconds=rng.randint(1, 59))

    # asleep: every ~2 h, from midnight to waking up and from bedtime to midnight
    for first, last in ((start + timedelta(minutes=40), night.wake), (next_night.bed + timedelta(minutes=50), end)):
        t = first
        while t < last:
            add(jitter(t, 10), h.resting_hr - 7 + rng.gauss(0, 2.5))
            t += timedelta(hours=2)
    # awake: every ~30 min. Like the background readings of consumer watches these are spot samples, mostly
    # taken while still; the hour's step count says how likely one caught the user walking.
    t = night.wake + timedelta(minutes=6)
    while t < next_night.bed:
        at = jitter(t, 4)
        hour_index = int((at - start).total_seconds()) // STEP_INTERVAL_S
        hour_steps = steps_by_end.get(min(start + timedelta(seconds=STEP_INTERVAL_S * (hour_index + 1)), end), 0)
        if workout and at.astimezone(user.tz).hour == h.exercise_hour:
            bpm = h.resting_hr + rng.uniform(18, 30)  # background sample during a brisk walk / light jog
        elif rng.random() < min(0.8, hour_steps / 5000):
            bpm = h.resting_hr + rng.uniform(10, 22)  # caught walking
        else:
            bpm = h.resting_hr + rng.uniform(2, 12)  # sitting, standing
        add(at, bpm + rng.gauss(0, 2))
        t += timedelta(minutes=30)
    return out


def _bp(user: User, day: date, base_shift: float, rng: random.Random) -> tuple[float, float, float]:
    h = user.habits
    drift = _bp_drift(user, day)
    systolic = _clamp(h.systolic + drift + base_shift + rng.gauss(0, h.bp_sd), *NORMAL_SYSTOLIC_RANGE)
    diastolic = _clamp(h.diastolic + 0.5 * (drift + base_shift) + rng.gauss(0, 0.7 * h.bp_sd), *NORMAL_DIASTOLIC_RANGE)
    diastolic = min(diastolic, systolic - MIN_PULSE_PRESSURE)
    pulse = _clamp(h.resting_hr + rng.uniform(0, 9), *NORMAL_HR_RANGE)
    return systolic, diastolic, pulse


def base_day(user: User, day: date) -> list[Timed]:
    """The user's ordinary readings of local date `day`, unsorted, before any scenario script."""
    h, dev = user.habits, user.devices
    night, next_night = night_ending(user, day), night_ending(user, day + timedelta(days=1))
    rng = _rng(user, day, "day")
    out: list[Timed] = []
    out.append(
        make_reading(
            user,
            dev.ring,
            SLEEP,
            night.wake,
            {"duration_min": night.duration_min, "efficiency": night.efficiency},
        )
    )
    steps = _steps(user, day, night.wake, next_night.bed, rng)
    out.extend(
        make_reading(user, dev.watch, STEPS, end, {"count": count, "interval_s": STEP_INTERVAL_S})
        for end, count in steps
    )
    out.extend(
        make_reading(user, dev.watch, HEART_RATE, at, {"bpm": bpm})
        for at, bpm in _hr_samples(user, day, night, next_night, steps, rng)
    )
    if rng.random() < h.p_weight:
        at = night.wake + timedelta(minutes=rng.randint(3, 12), seconds=rng.randint(0, 59))
        kg = h.weight_kg + 0.4 * math.sin(day.toordinal() / 9.0) + rng.gauss(0, h.weight_sd)
        out.append(make_reading(user, dev.scale, WEIGHT, at, {"kg": round(kg, 1)}))
    if rng.random() < h.p_morning_bp:
        at = night.wake + timedelta(minutes=rng.randint(15, 45), seconds=rng.randint(0, 59))
        out.append(make_reading(user, dev.cuff, BLOOD_PRESSURE, at, bp_value(*_bp(user, day, 0.0, rng))))
    if rng.random() < h.p_evening_bp:
        # evening readings run a little lower than morning ones (morning surge)
        at = local_instant(user, day, rng.randint(19 * 60, 21 * 60), rng.randint(0, 59))
        if at < next_night.bed:
            out.append(make_reading(user, dev.cuff, BLOOD_PRESSURE, at, bp_value(*_bp(user, day, -3.0, rng))))
    return out


def _timed_day(user: User, day: date, anchor: datetime | None) -> list[Timed]:
    readings = base_day(user, day)
    if user.script is not None:
        if anchor is None:
            anchor = local_midnight(user, day + timedelta(days=1)) - timedelta(minutes=1)
        readings = user.script.apply(user, day, readings, anchor.astimezone(UTC))
    readings.sort(key=lambda tr: (tr[0], tr[1]["reading_id"]))
    return readings


def day_of_readings(user: User, local_date: date, *, anchor: datetime | None = None) -> list[Reading]:
    """The user's readings of `local_date` in time order, in the HTTP reading shape.

    `anchor` is "now" for scenario scripts (their events are placed relative to it); without one a
    scenario user's script is anchored at the end of `local_date`. Ordinary users ignore it.
    """
    return [r for _, r in _timed_day(user, local_date, anchor)]


# --- History and live traffic -----------------------------------------------------------------------------


def _user_stream(user: User, start: datetime, stop: datetime | None, anchor: datetime) -> Iterator[Timed]:
    """The user's readings with start < measured_at <= stop (stop None: forever), in time order."""
    start_ms = epoch_ms(start)
    stop_ms = epoch_ms(stop) if stop is not None else None
    day = start.astimezone(user.tz).date()
    last_day = stop.astimezone(user.tz).date() if stop is not None else None
    while last_day is None or day <= last_day:
        for ts, reading in _timed_day(user, day, anchor):
            if ts <= start_ms:
                continue
            if stop_ms is not None and ts > stop_ms:
                return
            yield ts, reading
        day += timedelta(days=1)


def _merged(streams: Iterable[Iterator[Timed]]) -> Iterator[Reading]:
    for _ts, reading in heapq.merge(*streams, key=lambda tr: tr[0]):
        yield reading


def iter_history(users: Iterable[User], days: int, end: datetime | date) -> Iterator[Reading]:
    """Readings of the last `days` days up to `end` ("now"), all users merged in time order, lazily.

    Window per user: (end - days, end]; scenario users whose script needs a longer past (a baseline
    before an outlier, a week of silence) get `script.min_history_days` instead when that is longer.
    Scenario scripts are anchored at `end`. A `date` end means the end of that UTC day.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    end_utc = as_instant(end)
    streams = [
        _user_stream(u, end_utc - timedelta(days=max(days, u.min_history_days)), end_utc, end_utc) for u in users
    ]
    return _merged(streams)


def history(users: Iterable[User], days: int, end: datetime | date) -> list[Reading]:
    """`iter_history` as a list (convenient for small fleets and tests)."""
    return list(iter_history(users, days, end))


def live(
    users: Iterable[User], start: datetime, *, stop: datetime | None = None, anchor: datetime | None = None
) -> Iterator[Reading]:
    """The fleet's "now" traffic: readings measured after `start` (up to `stop`, or forever), time order.

    Continues `history(users, days, start)` seamlessly when `anchor` is that history's end (the default
    is `start`): scenario users stay as scripted (the stale user silent, the broken cuff broken). A caller
    sending in real time waits until each reading's `measured_at` (ingest rejects future timestamps).
    """
    start_utc = as_instant(start)
    stop_utc = as_instant(stop) if stop is not None else None
    anchor_utc = as_instant(anchor) if anchor is not None else start_utc
    return _merged(_user_stream(u, start_utc, stop_utc, anchor_utc) for u in users)
