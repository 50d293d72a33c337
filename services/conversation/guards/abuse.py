"""Pure rate-limiting policy helpers. The shared per-user counter lives in an adapter (not here).

The caller applies these AFTER the emergency guard: an emergency message always gets its fixed
911/988 reply, even from a user over the daily limit or sending rapid repeats.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable

from services.conversation.guards._text import basic_normalise

# The plan: 100 chat messages per user per day, the day ending at the user's local midnight.
DAILY_MESSAGE_LIMIT = 100
MS_PER_DAY = 86_400_000
# Progressive delays for rapid REPEATS (the issue: "progressive delays for rapid repeats"): the same
# normalised message again within 10 s waits 2 s, the next repeat 4 s, then 8 s, ... up to 60 s. Distinct
# messages are never delayed, however fast they come: a person asking several things in a row, or an app
# replaying queued messages, is not abuse, and the shared daily limit already bounds the volume.
BURST_WINDOW_MS = 10_000
BURST_BASE_DELAY_S = 2.0
BURST_MAX_DELAY_S = 60.0
# The same normalised text 3 times within 10 minutes is treated as spam (answered once, not again).
IDENTICAL_SPAM_WINDOW_MS = 600_000
IDENTICAL_SPAM_COUNT = 3

_PUNCT = re.compile(r"[^\w\s/]+")


def retry_after_s(now_ms: int, utc_offset_min: int) -> int:
    """Whole seconds (at least 1) from ``now_ms`` until the next midnight in the user's local time."""
    local_ms = now_ms + utc_offset_min * 60_000
    remaining_ms = MS_PER_DAY - (local_ms % MS_PER_DAY)
    return max(1, math.ceil(remaining_ms / 1000))


def local_day(now_ms: int, utc_offset_min: int) -> int:
    """Days since the epoch in the user's local time: the key of the daily counter."""
    return (now_ms + utc_offset_min * 60_000) // MS_PER_DAY


def is_over_daily_limit(messages_today: int) -> bool:
    """True when the user already sent ``DAILY_MESSAGE_LIMIT`` messages today (counter before this one)."""
    return messages_today >= DAILY_MESSAGE_LIMIT


def progressive_delay_s(earlier_same_ms: Iterable[int], now_ms: int) -> float:
    """Seconds the user should wait before this message is processed; 0.0 when it is not a rapid repeat.

    ``earlier_same_ms`` are the times of the user's earlier attempts with the same ``message_hash``
    (answered or delayed; any order; those outside ``BURST_WINDOW_MS`` are ignored). The first repeat
    within the window waits 2 s, the second 4 s, the third 8 s, ... up to 60 s.
    """
    repeats = sum(1 for t in earlier_same_ms if 0 <= now_ms - t < BURST_WINDOW_MS)
    if repeats == 0:
        return 0.0
    return min(BURST_MAX_DELAY_S, BURST_BASE_DELAY_S * 2 ** (repeats - 1))


def message_hash(text: str) -> str:
    """Hash of the normalised text (case, spacing and punctuation ignored); store this, never the text."""
    norm = _PUNCT.sub("", basic_normalise(text))
    return hashlib.sha256(" ".join(norm.split()).encode()).hexdigest()


def is_identical_spam(recent_message_hashes: Iterable[str], text: str) -> bool:
    """True when ``text`` would be the ``IDENTICAL_SPAM_COUNT``-th identical message.

    ``recent_message_hashes`` are ``message_hash`` values of the user's messages within the last
    ``IDENTICAL_SPAM_WINDOW_MS`` (the caller's store keeps that window).
    """
    current = message_hash(text)
    return sum(1 for h in recent_message_hashes if h == current) + 1 >= IDENTICAL_SPAM_COUNT
