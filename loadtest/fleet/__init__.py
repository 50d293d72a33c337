"""Simulated device fleet for `make demo` and the latency benchmarks (see `loadtest/device_fleet.py`).

    from loadtest.fleet import fleet, scenario_users, iter_history, live, windowed_batches, Sender

    users = fleet(300, seed=42) + scenario_users(seed=42)
    now = datetime.now(UTC)
    async with Sender("http://127.0.0.1:8001") as sender:
        stats = await sender.run(windowed_batches(iter_history(users, 10, now)))

`model` and `scenarios` are pure (seeded, no I/O, no clock); `batching` and `sender` do the HTTP side;
`demo.demo_run` is what `make demo` calls.
"""

from loadtest.fleet.batching import MAX_BATCH, Batch, batch_readings, realtime_batches, windowed_batches
from loadtest.fleet.demo import demo_run, publish_preferences
from loadtest.fleet.model import (
    METRICS,
    Devices,
    Habits,
    Reading,
    User,
    day_of_readings,
    fleet,
    history,
    iter_history,
    live,
    make_user,
    measured_at_ms,
)
from loadtest.fleet.scenarios import SCENARIO_BY_KEY, SCENARIOS, Scenario, scenario_user, scenario_users
from loadtest.fleet.sender import (
    DEFAULT_BASE_URL,
    DevTokens,
    Sender,
    SendStats,
    TokenBucket,
    check_base_url,
    format_summary,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_BATCH",
    "METRICS",
    "SCENARIOS",
    "SCENARIO_BY_KEY",
    "Batch",
    "DevTokens",
    "Devices",
    "Habits",
    "Reading",
    "Scenario",
    "SendStats",
    "Sender",
    "TokenBucket",
    "User",
    "batch_readings",
    "check_base_url",
    "day_of_readings",
    "demo_run",
    "fleet",
    "format_summary",
    "history",
    "iter_history",
    "live",
    "make_user",
    "measured_at_ms",
    "publish_preferences",
    "realtime_batches",
    "scenario_user",
    "scenario_users",
    "windowed_batches",
]
