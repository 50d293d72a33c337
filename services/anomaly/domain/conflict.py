"""Cross-device conflict rule: two sources reporting the same metric close in time and disagreeing.

A "source" is a device, or a person's own entry (`source = self_reported`), so a cuff and a typed-in
value from the same phone are two sources. Per metric the state remembers only the latest reading of each
source, `{source_key: [measured_at, reading_id, value...]}`, drops entries older than the metric's window
(relative to the newest remembered time) and keeps at most `conflict_max_devices` sources: bounded.

A reading conflicts with another source's remembered reading when their measurement times are at most
`window_ms` apart (inclusive) and any compared field differs by strictly more than its tolerance (numbers
and sources in `rules.py`). At most one `conflict` anomaly per reading (against the source that disagrees
most), severity `review`, category `readings_disagree`, with a message asking the user which is right.
Steps are never compared (devices count over different intervals).
"""

from __future__ import annotations

from typing import Any

from services.anomaly.domain.records import CONFLICT, REVIEW, Anomaly, fmt, reading_anomaly
from services.anomaly.domain.rules import ConflictSpec

CATEGORY = "readings_disagree"
SELF_REPORTED = "self_reported"
_SELF_SUFFIX = "|self"

Entry = list[Any]  # [measured_at_ms, reading_id, value per compared field...]

_WORDS: dict[str, tuple[str, str]] = {
    "blood_pressure": ("blood pressure", "mmHg"),
    "heart_rate": ("heart rate", "bpm"),
    "weight": ("weight", "kg"),
    "sleep": ("sleep duration", "minutes"),
}


def source_key(reading: dict[str, Any]) -> str:
    """The device id, marked when the value was typed in by the person rather than sensed."""
    device = reading.get("device_id") or "unknown"
    return device + _SELF_SUFFIX if reading.get("source") == SELF_REPORTED else device


def find_conflict(
    entries: dict[str, Entry] | None, key: str, entry: Entry, spec: ConflictSpec
) -> tuple[str, Entry] | None:
    """The other source's remembered reading that disagrees most with `entry`, or None."""
    if not entries:
        return None
    t = entry[0]
    window = spec.window_ms
    best: tuple[str, Entry] | None = None
    best_excess = 1.0
    for other_key, other in entries.items():
        if other_key == key:
            continue
        dt = t - other[0]
        if dt > window or dt < -window:
            continue
        i = 2
        for _field, tolerance in spec.tolerances:
            # rounded so 72.1 − 70.1 (= 2.0000000000000057 in binary) is exactly 2.0
            diff = round(abs(entry[i] - other[i]), 6)
            if diff > tolerance and diff / tolerance > best_excess:
                best_excess = diff / tolerance
                best = (other_key, other)
            i += 1
    return best


def remember(
    entries: dict[str, Entry] | None, key: str, entry: Entry, window_ms: int, max_sources: int
) -> dict[str, Entry]:
    """A new per-metric memory with `entry` as the latest of `key`; `entries` is not modified."""
    if not entries:
        return {key: entry}
    old = entries.get(key)
    if old is not None and old[0] > entry[0]:
        entry = old  # a late reading does not replace a newer one of the same source
    newest = entry[0]
    for e in entries.values():
        if e[0] > newest:
            newest = e[0]
    cutoff = newest - window_ms
    kept = {k: e for k, e in entries.items() if k != key and e[0] >= cutoff}
    if entry[0] >= cutoff:
        kept[key] = entry
    if len(kept) > max_sources:
        kept = dict(sorted(kept.items(), key=lambda kv: kv[1][0], reverse=True)[:max_sources])
    return kept


def _describe(metric: str, entry: Entry, n_fields: int) -> str:
    unit = _WORDS[metric][1]
    if n_fields == 2:
        return f"{fmt(entry[2])}/{fmt(entry[3])} {unit}"
    return f"{fmt(entry[2])} {unit}"


def _source_words(key: str) -> str:
    if key.endswith(_SELF_SUFFIX):
        return "your own entry"
    return f"device {key}"


def build_conflict_anomaly(
    reading: dict[str, Any],
    key: str,
    entry: Entry,
    other_key: str,
    other: Entry,
    spec: ConflictSpec,
    now_ms: int,
) -> Anomaly:
    metric = reading["metric"]
    n_fields = len(spec.tolerances)
    minutes = abs(entry[0] - other[0]) / 60_000
    apart = "less than a minute apart" if minutes < 1 else f"{fmt(minutes)} minutes apart"
    return reading_anomaly(
        reading,
        kind=CONFLICT,
        severity=REVIEW,
        category=CATEGORY,
        message=(
            f"Two {_WORDS[metric][0]} readings taken {apart} disagree: "
            f"{_describe(metric, entry, n_fields)} from {_source_words(key)} and "
            f"{_describe(metric, other, n_fields)} from {_source_words(other_key)}. Could you confirm which "
            "one is right? If you are not sure, please measure again."
        ),
        observed_value=entry[2],
        baseline_value=None,
        now_ms=now_ms,
    )
