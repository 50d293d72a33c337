"""UTC day arithmetic shared by the worker (chains to reload) and the API (days to read or verify)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from services.audit.domain.chain import utc_day

DAY_MS: Final = 86_400_000


def recent_days(now_ms: int, count: int) -> list[str]:
    """The UTC day (YYYY-MM-DD) of ``now_ms`` and the ``count - 1`` days before it, oldest first."""
    today = datetime.fromtimestamp(now_ms // 1000, tz=UTC).date()
    return [(today - timedelta(days=back)).isoformat() for back in range(count - 1, -1, -1)]


def days_covering(since_ms: int, until_ms: int) -> list[str]:
    """The UTC days touched by the half-open window [since, until), in order."""
    first = since_ms - since_ms % DAY_MS
    return [utc_day(ms) for ms in range(first, until_ms, DAY_MS)]
