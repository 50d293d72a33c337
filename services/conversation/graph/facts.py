"""The numbers a reply may state about the user: everything the context held and the tools returned.

Every value the model sees is registered here from the same JSON it is shown, with a unit kind inferred from the
field name (`average_bpm` → bpm, `duration_min` → minutes, ...). Conversions a reply may reasonably make are added
up front (minutes ↔ hours, kg ↔ lb), so the guard compares like with like.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["mmhg", "bpm", "steps", "min", "h", "kg", "lb", "pct", "count", "days", "generic"]

KG_TO_LB = 2.2046226218

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Fact:
    value: float
    kind: Kind
    metric: str | None = None


@dataclass
class Facts:
    values: list[Fact] = field(default_factory=list)
    pairs: set[tuple[float, float]] = field(default_factory=set)  # (systolic, diastolic)
    dates: set[tuple[int, int]] = field(default_factory=set)  # (month, day)
    years: set[int] = field(default_factory=set)
    times: set[tuple[int, int]] = field(default_factory=set)  # (hour 0-23, minute)

    def add(self, value: float, kind: Kind = "generic", metric: str | None = None) -> None:
        v = abs(float(value))
        self.values.append(Fact(v, kind, metric))
        if kind == "min":
            self.values.append(Fact(v / 60.0, "h", metric))
        elif kind == "h":
            self.values.append(Fact(v * 60.0, "min", metric))
        elif kind == "kg":
            self.values.append(Fact(v * KG_TO_LB, "lb", metric))
        elif kind == "lb":
            self.values.append(Fact(v / KG_TO_LB, "kg", metric))

    def add_pair(self, systolic: float, diastolic: float) -> None:
        self.pairs.add((float(systolic), float(diastolic)))

    def add_date(self, year: int, month: int, day: int) -> None:
        self.dates.add((month, day))
        self.years.add(year)

    def add_time(self, hour: int, minute: int) -> None:
        self.times.add((hour, minute))

    def add_json(self, obj: object, metric: str | None = None, key: str = "") -> None:
        """Register every number (and date/time string) of a JSON-like value the model is shown."""
        if isinstance(obj, bool) or obj is None:
            return
        if isinstance(obj, int | float):
            self.add(obj, kind_for_key(key, metric), metric)
        elif isinstance(obj, str):
            self._add_string(obj)
        elif isinstance(obj, Mapping):
            own_metric = obj.get("metric") if isinstance(obj.get("metric"), str) else metric
            sys_, dia = obj.get("systolic"), obj.get("diastolic")
            if _is_number(sys_) and _is_number(dia):
                self.add_pair(float(sys_), float(dia))  # type: ignore[arg-type]
            for k, v in obj.items():
                self.add_json(v, own_metric, str(k))
        elif isinstance(obj, Iterable):
            for item in obj:
                self.add_json(item, metric, key)

    def extend(self, other: Facts) -> None:
        self.values.extend(other.values)
        self.pairs |= other.pairs
        self.dates |= other.dates
        self.years |= other.years
        self.times |= other.times

    def copy(self) -> Facts:
        new = Facts()
        new.extend(self)
        return new

    def _add_string(self, text: str) -> None:
        if m := _ISO_DATE.match(text):
            self.add_date(int(m[1]), int(m[2]), int(m[3]))
            rest = text[10:].lstrip("T ")
            if c := re.match(r"(\d{1,2}):(\d{2})", rest):
                self.add_time(int(c[1]), int(c[2]))
        elif c := _CLOCK.match(text):
            self.add_time(int(c[1]), int(c[2]))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def kind_for_key(key: str, metric: str | None = None) -> Kind:
    """Unit kind of a JSON field, from the naming convention the context and tools follow."""
    k = key.lower()
    if "systolic" in k or "diastolic" in k:
        return "mmhg"
    if "bpm" in k or "pulse" in k:
        return "bpm"
    if "percent" in k:
        return "pct"
    if "steps" in k:
        return "steps"
    if "days" in k or "nights" in k:  # before hours: "nights_under_7_hours" counts nights
        return "days"
    if "count" in k or "readings" in k or k.startswith("n_"):
        return "count"
    if k.endswith("_min") or "minutes" in k:
        return "min"
    if k.endswith("_h") or "hours" in k:
        return "h"
    if k.endswith("kg"):
        return "kg"
    if k.endswith("lb"):
        return "lb"
    return "generic"
