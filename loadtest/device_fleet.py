"""Simulated device fleet: sends realistic history (+ optional live traffic) to ingest's POST /v1/readings.

    uv run python loadtest/device_fleet.py --dry-run                 # counts per metric and scenario, no I/O
    uv run python loadtest/device_fleet.py                           # 300 users + scenarios, 10 days, burst
    uv run python loadtest/device_fleet.py --rate 2000 --duration 120 --users 3000 --window 86400
    uv run python loadtest/device_fleet.py --days 10 --live --duration 600   # history, then real-time traffic

Users `demo-u-0001`... plus one scripted user per scenario (`demo-crisis-0001`, ...; see
loadtest/fleet/scenarios.py) that trips each anomaly rule and nudge trigger, and one cuff that sends 0/0.
The history ends "now" (the moment the command starts); scenario events are placed just before it.
Device JWTs are minted with the development secret (`services.common.auth.mint_dev_token`). Only loopback
base URLs are accepted unless --allow-remote. Prints progress and a summary (sent, accepted, rejected by
reason, per-request latency p50/p99). Exit status: 0 when every request got a 202, 1 when some failed,
2 when the server cannot be reached at all.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loadtest.fleet import (  # noqa: E402
    DEFAULT_BASE_URL,
    MAX_BATCH,
    SCENARIO_BY_KEY,
    Reading,
    Sender,
    SendStats,
    User,
    check_base_url,
    fleet,
    format_summary,
    iter_history,
    live,
    realtime_batches,
    scenario_users,
    windowed_batches,
)
from loadtest.fleet.batching import DEFAULT_WINDOW_S  # noqa: E402
from loadtest.fleet.model import METRICS, epoch_ms  # noqa: E402
from loadtest.fleet.sender import format_progress, probe  # noqa: E402

_LABELS = {"blood_pressure": "bp", "heart_rate": "hr", "steps": "steps", "sleep": "sleep", "weight": "weight"}
DEFAULT_RATE_DURATION_S = 60.0  # steady-rate runs are bounded even when --duration is not given


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--base-url", default=DEFAULT_BASE_URL, help=f"ingest base URL (default {DEFAULT_BASE_URL})")
    p.add_argument("--users", type=int, default=300, help="ordinary users (default 300)")
    p.add_argument("--days", type=int, default=10, help="days of history up to now (default 10)")
    p.add_argument("--rate", type=float, default=None, help="steady mode: readings/s (default: burst, flat out)")
    p.add_argument(
        "--duration",
        type=float,
        default=None,
        help=f"stop after this many seconds (default: whole history; {DEFAULT_RATE_DURATION_S:.0f} s with --rate)",
    )
    p.add_argument("--scenarios", action=argparse.BooleanOptionalAction, default=True, help="add the scenario users")
    p.add_argument("--seed", type=int, default=42, help="fleet seed (default 42)")
    p.add_argument("--prefix", default="demo", help="user id prefix (default demo); a new prefix = new ids")
    p.add_argument("--dry-run", action="store_true", help="print counts per metric and scenario; send nothing")
    p.add_argument("--live", action="store_true", help="after the history, send live traffic in real time")
    p.add_argument("--concurrency", type=int, default=32, help="requests in flight (default 32)")
    p.add_argument("--batch-size", type=int, default=MAX_BATCH, help=f"max readings per request (<= {MAX_BATCH})")
    p.add_argument(
        "--window",
        type=float,
        default=DEFAULT_WINDOW_S,
        help=f"event-time seconds grouped into one device request (default {DEFAULT_WINDOW_S})",
    )
    p.add_argument("--max-retries", type=int, default=4, help="retries of 429/503/connection errors (default 4)")
    p.add_argument("--allow-remote", action="store_true", help="allow a non-loopback base URL")
    p.add_argument("--progress-every", type=float, default=2.0, help="seconds between progress lines")
    p.add_argument("--summary-json", type=Path, default=None, help="also write the summary as JSON here")
    args = p.parse_args(argv)
    if args.users < 0 or args.days < 0:
        p.error("--users and --days must be >= 0")
    if not 1 <= args.batch_size <= MAX_BATCH:
        p.error(f"--batch-size must be within 1..{MAX_BATCH}")
    if args.rate is not None and args.rate <= 0:
        p.error("--rate must be > 0")
    if args.rate is not None and args.duration is None:
        args.duration = DEFAULT_RATE_DURATION_S
    return args


def build_users(args: argparse.Namespace) -> list[User]:
    users = fleet(args.users, args.seed, prefix=args.prefix)
    if args.scenarios:
        users += scenario_users(args.seed, args.prefix)
    return users


def batch_size(args: argparse.Namespace) -> int:
    """In steady mode a request carries at most one second's worth of readings, so pacing stays smooth."""
    if args.rate is None:
        return int(args.batch_size)
    return max(1, min(int(args.batch_size), int(args.rate)))


# --- dry run -------------------------------------------------------------------------------------------


def dry_run(args: argparse.Namespace, users: list[User], now: datetime) -> int:
    from services.ingest.domain import validate_reading  # the real validator predicts ingest's verdicts

    now_ms = epoch_ms(now)
    by_metric: Counter[str] = Counter()
    by_user_metric: dict[str, Counter[str]] = defaultdict(Counter)
    verdicts: Counter[str] = Counter()
    scenario_of = {u.user_id: u.scenario for u in users if u.scenario}

    def counted(stream: Iterable[Reading]) -> Iterator[Reading]:
        for r in stream:
            by_metric[r["metric"]] += 1
            if r["user_id"] in scenario_of:
                by_user_metric[r["user_id"]][r["metric"]] += 1
            outcome = validate_reading(r, now_ms=now_ms, channel="http")
            if outcome.reasons:
                verdicts.update(f"rejected {code}" for code in outcome.reasons)
            elif outcome.warnings:
                verdicts.update(f"accepted, warning {code}" for code in outcome.warnings)
            else:
                verdicts["accepted"] += 1
            yield r

    sizes = [
        len(b)
        for b in windowed_batches(
            counted(iter_history(users, args.days, now)), window_s=args.window, max_size=batch_size(args)
        )
    ]
    total = sum(by_metric.values())
    n_scen = len(scenario_of)
    print(
        f"dry run: {len(users) - n_scen} users + {n_scen} scenario users (seed {args.seed}, prefix {args.prefix}), "
        f"history {args.days} days up to {now.isoformat()}"
    )
    print("readings by metric:")
    for metric in METRICS:
        print(f"  {metric:<16}{by_metric[metric]:>10,}")
    print(f"  {'total':<16}{total:>10,}")
    mean = total / len(sizes) if sizes else 0.0
    print(
        f"requests: {len(sizes):,} (one user's one device per request, window {args.window:g} s, "
        f"<= {batch_size(args)} readings; mean {mean:.1f}, max {max(sizes, default=0)})"
    )
    print("ingest validator's verdicts at now:")
    for verdict, n in sorted(verdicts.items()):
        print(f"  {verdict:<32}{n:>10,}")
    if scenario_of:
        print("scenario users:")
        for user in users:
            if not user.scenario:
                continue
            scenario = SCENARIO_BY_KEY[user.scenario]
            counts = by_user_metric[user.user_id]
            parts = ", ".join(f"{_LABELS[m]} {counts[m]}" for m in METRICS if counts[m])
            print(f"  {user.user_id:<24}{sum(counts.values()):>5} readings ({parts})")
            print(f"  {'':<24}trips {', '.join(scenario.trips)}: {scenario.story}")
    if args.rate is not None:
        print(f"steady mode: {args.rate:g} readings/s for at most {args.duration:g} s")
    return 0


# --- sending -------------------------------------------------------------------------------------------


async def send(args: argparse.Namespace, users: list[User], now: datetime, stats: SendStats) -> int:
    base_url = check_base_url(args.base_url, args.allow_remote)
    problem = await probe(base_url)
    if problem is not None:
        print(f"cannot reach {base_url}: {problem}", file=sys.stderr)
        return 2

    def progress(s: SendStats) -> None:
        print(format_progress(s), flush=True)

    started = time.monotonic()
    size = batch_size(args)
    async with Sender(
        base_url,
        concurrency=args.concurrency,
        max_retries=args.max_retries,
        allow_remote=args.allow_remote,
        stats=stats,
    ) as sender:
        print(f"sending {args.days} days of history for {len(users)} users to {base_url} ...", flush=True)
        batches = windowed_batches(iter_history(users, args.days, now), window_s=args.window, max_size=size)
        await sender.run(
            batches, rate=args.rate, duration_s=args.duration, progress=progress, progress_every_s=args.progress_every
        )
        if args.live:
            remaining = None if args.duration is None else args.duration - (time.monotonic() - started)
            if remaining is None or remaining > 0:
                until = "Ctrl-C" if remaining is None else f"{remaining:.0f} s"
                print(f"history sent; live traffic in real time until {until} ...", flush=True)
                stop_at = None if remaining is None else time.time() + remaining
                live_batches = realtime_batches(live(users, now), max_size=size, stop_at=stop_at)
                await sender.run(
                    live_batches,
                    rate=args.rate,
                    duration_s=remaining,
                    progress=progress,
                    progress_every_s=args.progress_every,
                )
    return 0 if stats.failed == 0 else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    now = datetime.now(UTC).replace(microsecond=0)
    users = build_users(args)
    if args.dry_run:
        return dry_run(args, users, now)
    try:
        check_base_url(args.base_url, args.allow_remote)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    stats = SendStats()
    try:
        code = asyncio.run(send(args, users, now, stats))
    except KeyboardInterrupt:
        print("\ninterrupted", flush=True)
        code = 1 if stats.failed else 0
    if code == 2:
        return code
    print(format_summary(stats))
    if args.summary_json is not None:
        args.summary_json.write_text(json.dumps(stats.summary(), indent=2) + "\n", encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
