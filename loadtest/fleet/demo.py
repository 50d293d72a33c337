"""The fleet part of `make demo` (services/infra/demo.py calls `demo_run`).

1. each user's profile goes to the conversation API as preferences (display name, step goal, timezone, birth
   year: `PATCH /v1/preferences`, published on `preferences.v1`), so nudges are personal and counted in the
   user's own day; a failure there is counted and the demo goes on (nudges then use the defaults);
2. the history of the last `days` days, scenario users included, is sent to ingest (burst mode);
3. the reply is a flat summary dict for the demo's printout, with the user the scripted chat talks to.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

import httpx
from tenacity import AsyncRetrying, retry_if_exception_type, retry_if_result, stop_after_attempt, wait_exponential

from loadtest.fleet.batching import windowed_batches
from loadtest.fleet.model import User, fleet, iter_history
from loadtest.fleet.scenarios import SCENARIOS, scenario_users
from loadtest.fleet.sender import (
    DEFAULT_BASE_URL,
    RETRY_STATUSES,
    Sender,
    SendStats,
    TokenSource,
    check_base_url,
    format_progress,
)

DEFAULT_CONVERSATION_URL: Final = "http://127.0.0.1:8002"
# The chat demo asks about blood pressure this week and steps today: the BP-rise user measures twice a day,
# walks every day, and has a bp_change nudge waiting in the inbox.
CHAT_USER_SCENARIO: Final = "bprise"
USER_SCOPES: Final = ("chat",)
PREFERENCES_ATTEMPTS: Final = 4


def preferences_patch(user: User, *, quiet_hours: bool = True) -> dict[str, Any]:
    """The body of `PATCH /v1/preferences` for this profile (only fields the API accepts).
    `quiet_hours=False` turns them off (start == end), as a user may in the app."""
    patch: dict[str, Any] = {
        "display_name": user.display_name,
        "step_goal": user.step_goal,
        "timezone": user.timezone,
        "birth_year": user.birth_year,
    }
    if not quiet_hours:
        patch |= {"quiet_start": "00:00", "quiet_end": "00:00"}
    return patch


def _user_token(user_id: str) -> str:
    from services.common.auth import mint_dev_token  # deferred: the pure fleet modules need no platform

    return mint_dev_token(sub=user_id, scopes=list(USER_SCOPES))


async def publish_preferences(
    users: list[User],
    conversation_url: str = DEFAULT_CONVERSATION_URL,
    *,
    concurrency: int = 16,
    token_for: Callable[[str], str] = _user_token,
    transport: httpx.AsyncBaseTransport | None = None,
    allow_remote: bool = False,
    quiet_hours_off: frozenset[str] = frozenset(),
) -> Counter[str]:
    """PATCH every user's preferences (quiet hours off for the ids in `quiet_hours_off`); the count of
    replies by status (or error name)."""
    url = check_base_url(conversation_url, allow_remote)
    outcomes: Counter[str] = Counter()
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=10.0, transport=transport) as client:

        async def one(user: User) -> None:
            async with limit:
                # A busy store answers 503 + Retry-After ("nothing was changed"): try again a few times.
                retrying = AsyncRetrying(
                    stop=stop_after_attempt(PREFERENCES_ATTEMPTS),
                    wait=wait_exponential(multiplier=0.5, max=4),
                    retry=retry_if_result(lambda r: r.status_code in RETRY_STATUSES)
                    | retry_if_exception_type(httpx.TransportError),
                    retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
                )
                try:
                    response = await retrying(
                        client.patch,
                        "/v1/preferences",
                        json=preferences_patch(user, quiet_hours=user.user_id not in quiet_hours_off),
                        headers={"Authorization": f"Bearer {token_for(user.user_id)}"},
                    )
                    outcomes[str(response.status_code)] += 1
                except httpx.HTTPError as exc:
                    outcomes[type(exc).__name__] += 1

        await asyncio.gather(*(one(u) for u in users))
    return outcomes


async def demo_run(
    users: int = 300,
    days: int = 10,
    *,
    seed: int = 42,
    prefix: str = "demo",
    base_url: str = DEFAULT_BASE_URL,
    conversation_url: str | None = DEFAULT_CONVERSATION_URL,
    now: datetime | None = None,
    concurrency: int = 32,
    progress: Callable[[str], None] | None = print,
    token_for: TokenSource | None = None,
    user_token_for: Callable[[str], str] = _user_token,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, Any]:
    """Publish preferences (unless `conversation_url` is None), send `days` of history for `users` ordinary
    users + the scenario users, and return the summary: `sent, accepted, rejected, rejected_by_reason,
    warnings_by_code, failed, p50_ms, p99_ms, ...`, `chat_user`, `scenarios` (key -> user id and trips)."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    population = fleet(users, seed, prefix=prefix) + scenario_users(seed, prefix)
    chat_user = next(s.user_id(prefix) for s in SCENARIOS if s.key == CHAT_USER_SCENARIO)
    preferences: Counter[str] = Counter()
    if conversation_url is not None:
        # The chat user has quiet hours off: the demo runs at any hour, and their inbox is what it shows.
        preferences = await publish_preferences(
            population, conversation_url, token_for=user_token_for, transport=transport,
            quiet_hours_off=frozenset({chat_user}),
        )
        if progress is not None:
            progress(f"  preferences of {len(population)} users: {dict(preferences)}")

    def report(stats: SendStats) -> None:
        if progress is not None:
            progress("  " + format_progress(stats))

    async with Sender(base_url, token_for=token_for, concurrency=concurrency, transport=transport) as sender:
        stats = await sender.run(windowed_batches(iter_history(population, days, now)), progress=report)
    summary = stats.summary()
    return {
        **summary,
        "p50_ms": summary["latency_ms"]["p50"],
        "p99_ms": summary["latency_ms"]["p99"],
        "users": len(population),
        "now": now.isoformat(),
        "chat_user": chat_user,
        "scenarios": {s.key: {"user_id": s.user_id(prefix), "trips": list(s.trips)} for s in SCENARIOS},
        "preferences": dict(preferences),
    }
