"""Nudge text and A/B variants.

Wording rules: encouraging and factual, the user's own numbers, no diagnosis (no condition names, no
"you have"), no prescription (no medicines, doses or treatment changes); anything health-related points
to the user's care team. English only for now: other Preferences.language values get English text
(the conversation service may localise on display). Display names are trimmed and capped; no name →
"Hi there" as a greeting, and nothing where a name would be appended (", Ann!" → "!"), never ", there".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.common.rollout import BUCKETS, bucket  # the platform's one rollout hash (re-exported)

# nudges.v1 `variant`: "default" when no experiment runs (schema doc); "control" for users of a running
# experiment outside its rollout. Both get the default wording.
DEFAULT_VARIANT = "default"
CONTROL = "control"
DISPLAY_NAME_MAX = 40

_METRIC_LABELS = {
    "blood_pressure": "blood pressure",
    "heart_rate": "heart rate",
    "steps": "step",
    "sleep": "sleep",
    "weight": "weight",
}
TITLE_MAX = 80  # nudges.v1 title limit
BODY_MAX = 500  # nudges.v1 body limit


def assign_variant(user_id: str, experiment: str, variants: Sequence[str], rollout_pct: float) -> str:
    """Users in buckets below ``rollout_pct`` % get ``variants[bucket % len(variants)]``, the rest
    ``"control"``. Choosing by ``bucket % len`` (not by position inside the rollout) keeps every user's
    variant when the rollout grows: raising 10 % → 50 % only adds users."""
    if not variants:
        raise ValueError("an experiment needs at least one variant")
    if not 0 <= rollout_pct <= 100:
        raise ValueError("rollout_pct must be within 0..100")
    b = bucket(user_id, experiment)
    if b >= round(rollout_pct * BUCKETS / 100):
        return CONTROL
    return variants[b % len(variants)]


def _name(display_name: str | None) -> str | None:
    if not display_name or not display_name.strip():
        return None
    return display_name.strip()[:DISPLAY_NAME_MAX]


def _hi(name: str | None) -> str:
    """The greeting: "Hi Ann" or "Hi there"."""
    return f"Hi {name or 'there'}"


def _to(name: str | None) -> str:
    """A name appended to a sentence: ", Ann", or nothing when there is no name."""
    return f", {name}" if name else ""


def _duration(minutes: float) -> str:
    total = round(minutes)
    return f"{total // 60} h {total % 60:02d} min"


def _step_goal(f: Mapping[str, Any], name: str | None, variant: str) -> tuple[str, str]:
    steps, goal, pct = f"{f['steps']:,}", f"{f['goal']:,}", f["pct"]
    if variant == "brief":
        return f"{steps} / {goal} steps", f"{pct} % of today's goal. Keep it up{_to(name)}!"
    if pct >= 100:
        return (
            f"Step goal reached{_to(name)}!",
            f"You've taken {steps} steps today, past your goal of {goal}. Nice work.",
        )
    return (
        f"{pct} % of your step goal{_to(name)}",
        f"You've taken {steps} of your {goal} steps today. A short walk gets you the rest of the way.",
    )


def _bp_change(f: Mapping[str, Any], name: str | None, variant: str) -> tuple[str, str]:
    sys_, base, delta, direction = f["systolic"], f["baseline"], f["delta"], f["direction"]
    if variant == "brief":
        return (
            f"Systolic {sys_} vs your usual {base} mmHg",
            f"{delta} mmHg {direction} than your 7-day average{_to(name)}. A calm re-measure helps; "
            "talk to your care team if you have concerns.",
        )
    return (
        "Your blood pressure reading changed",
        f"{_hi(name)}, your systolic reading of {sys_} mmHg is {delta} mmHg {direction} than your 7-day "
        f"average of {base} mmHg. Single readings vary: sitting quietly for a few minutes and measuring "
        "again gives a clearer picture. If you have concerns, talk to your care team.",
    )


def _sleep_pattern(f: Mapping[str, Any], name: str | None, variant: str) -> tuple[str, str]:
    nights, avg = f["nights"], _duration(f["avg_duration_min"])
    if variant == "brief":
        return (
            f"{nights} short or restless nights",
            f"About {avg} a night lately{_to(name)}. Try an earlier wind-down.",
        )
    hours = f["min_hours"]
    hours_text = f"{hours:g}"
    return (
        f"Your last {nights} nights were short or restless",
        f"{_hi(name)}, you slept about {avg} a night over your last {nights} nights, with each under "
        f"{hours_text} hours or below {f['min_efficiency_pct']} % sleep efficiency. A regular bedtime and a "
        "screen-free wind-down can help. If poor sleep keeps up, your care team can help.",
    )


def _inactivity(f: Mapping[str, Any], name: str | None, variant: str) -> tuple[str, str]:
    hours = f["hours"]
    if variant == "brief":
        return f"{hours} h without steps", f"A few minutes on your feet counts{_to(name)}."
    return (
        "Time for a short walk?",
        f"{_hi(name)}, we haven't seen any steps from your devices in the last {hours} hours. "
        "Even a few minutes on your feet counts.",
    )


def _stale_data(f: Mapping[str, Any], name: str | None, variant: str) -> tuple[str, str]:
    label = _METRIC_LABELS.get(f.get("metric") or "", "device")
    if variant == "brief":
        return "Time to sync", f"No new {label} data lately{_to(name)}. Open the app to sync your device."
    return (
        "Sync your device",
        f"{_hi(name)}, we haven't received new {label} data for a while. Open the app or check your "
        "device's connection so your insights stay up to date.",
    )


_RENDERERS: dict[str, Callable[[Mapping[str, Any], str | None, str], tuple[str, str]]] = {
    "step_goal": _step_goal,
    "bp_change": _bp_change,
    "sleep_pattern": _sleep_pattern,
    "inactivity": _inactivity,
    "stale_data": _stale_data,
}
# Treatment arms with their own wording; any other arm name is rejected by ``Experiment``.
VARIANTS = ("brief",)


@dataclass(frozen=True, slots=True)
class Experiment:
    """A nudge-copy experiment. ``variants`` are the treatment arms (names from ``VARIANTS``); users
    outside ``rollout_pct`` get ``"control"`` (default wording)."""

    name: str
    variants: tuple[str, ...] = ("brief",)
    rollout_pct: float = 50.0

    def __post_init__(self) -> None:
        unknown = [v for v in self.variants if v not in VARIANTS]
        if not self.name or not self.variants or unknown:
            raise ValueError(f"invalid experiment {self.name!r}: variants must be among {VARIANTS}")
        if not 0 <= self.rollout_pct <= 100:
            raise ValueError("rollout_pct must be within 0..100")

    def variant_for(self, user_id: str) -> str:
        return assign_variant(user_id, self.name, self.variants, self.rollout_pct)


def render(trigger: str, facts: Mapping[str, Any], display_name: str | None, variant: str) -> tuple[str, str]:
    """(title, body) for a fired trigger; any variant without its own wording gets the default wording.
    Fits nudges.v1: title ≤ 80, body ≤ 500 characters."""
    title, body = _RENDERERS[trigger](facts, _name(display_name), variant)
    return title[:TITLE_MAX], body[:BODY_MAX]
