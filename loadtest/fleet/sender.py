"""Async HTTP sender of fleet readings to ingest's `POST /v1/readings`, with pacing and statistics.

- one request per `Batch` (one user's one device, <= 100 readings) with that device's JWT;
- bounded concurrency (a worker pool over a bounded queue, so memory stays flat on any stream);
- steady-rate mode (`rate` readings/s through a token bucket, stops at `duration_s`) or burst mode (as
  fast as the workers go);
- 429 / 503 / transport errors retried a bounded number of times with exponential backoff and jitter
  (tenacity), honouring `Retry-After`;
- per-request latency (every HTTP attempt) and the 202 results: accepted, rejected by reason, warnings;
- loopback base URLs only unless `allow_remote` (a load generator must not hit a shared system by accident).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import math
import time
from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from loadtest.fleet.batching import MAX_BATCH, Batch

DEFAULT_BASE_URL: Final = "http://127.0.0.1:8001"
READINGS_PATH: Final = "/v1/readings"
DEVICE_SCOPES: Final = ("readings:write",)
RETRY_STATUSES: Final = frozenset({429, 503})  # throttled / temporarily unavailable: worth another try
ACCEPTED_STATUS: Final = 202

TokenSource = Callable[[str, str], str]  # (user_id, device_id) -> bearer token


def is_loopback_host(host: str) -> bool:
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str, allow_remote: bool = False) -> str:
    """`base_url` without a trailing slash; ValueError unless http(s) on a loopback host (or allowed)."""
    url = httpx.URL(base_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"base URL must be http(s)://host[:port], got {base_url!r}")
    if not allow_remote and not is_loopback_host(url.host):
        raise ValueError(f"refusing non-loopback base URL {base_url!r}; pass --allow-remote to send there")
    return str(url).rstrip("/")


async def probe(
    base_url: str, *, timeout_s: float = 3.0, transport: httpx.AsyncBaseTransport | None = None
) -> str | None:
    """None when something answers HTTP at `base_url` (GET /healthz, any status); else why not. Lets the CLI
    fail fast with one clear line instead of retrying thousands of batches against a closed port."""
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=timeout_s, transport=transport) as client:
            await client.get("/healthz")
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return None


class DevTokens:
    """Device JWTs minted with the development secret (`services.common.auth.mint_dev_token`), cached per
    (user, device) and minted again shortly before they expire. Refused by auth in production."""

    def __init__(self, ttl_s: int = 3600, clock: Callable[[], float] = time.time) -> None:
        # Imported here, not per call: the import (FastAPI, settings) takes a moment that must not stall the
        # event loop mid-run; not at module level: the pure fleet modules must not need the platform.
        from services.common.auth import mint_dev_token

        self._mint = mint_dev_token
        self.ttl_s = ttl_s
        self.clock = clock
        self._cache: dict[tuple[str, str], tuple[str, float]] = {}

    def __call__(self, user_id: str, device_id: str) -> str:
        now = self.clock()
        cached = self._cache.get((user_id, device_id))
        if cached is not None and cached[1] - now > 60:
            return cached[0]
        token = self._mint(sub=user_id, scopes=list(DEVICE_SCOPES), device_id=device_id, ttl_s=self.ttl_s)
        self._cache[(user_id, device_id)] = (token, now + self.ttl_s)
        return token


class TokenBucket:
    """`rate` tokens per second, at most `capacity` banked. Hand-written: no rate-limiter library is among
    the project's dependencies and this is a dozen lines; the clock and sleep are injectable for tests."""

    def __init__(
        self,
        rate: float,
        capacity: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError("rate and capacity must be > 0")
        self.rate = rate
        self.capacity = capacity
        self.clock = clock
        self.sleep = sleep
        self.tokens = capacity
        self.last = clock()

    async def acquire(self, n: float) -> None:
        if n > self.capacity:
            raise ValueError(f"cannot take {n} tokens from a bucket of {self.capacity}")
        while True:
            now = self.clock()
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now
            if self.tokens >= n - 1e-9:  # tolerance: float refills can land a hair short of n after the sleep
                self.tokens -= n
                return
            await self.sleep((n - self.tokens) / self.rate)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list (NaN when empty)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass
class SendStats:
    """What happened to the readings handed to a `Sender`."""

    requests: int = 0  # batches sent (each one logical request)
    attempts: int = 0  # HTTP requests made, retries included
    retries: int = 0
    readings: int = 0  # readings in the batches sent
    accepted: int = 0
    rejected: int = 0
    failed: int = 0  # readings of requests that never got a 202 (after retries)
    skipped: int = 0  # readings not sent because the duration ran out
    rejected_by_reason: Counter[str] = field(default_factory=Counter)  # a reading may carry several codes
    warnings_by_code: Counter[str] = field(default_factory=Counter)
    final_status: Counter[str] = field(default_factory=Counter)  # per request: "202", "429", "ConnectError"
    latencies_s: list[float] = field(default_factory=list)  # per HTTP attempt
    started: float | None = None
    finished: float | None = None

    @property
    def elapsed_s(self) -> float:
        if self.started is None:
            return 0.0
        return (self.finished if self.finished is not None else time.monotonic()) - self.started

    def latency_ms(self, pct: float) -> float:
        return percentile(sorted(self.latencies_s), pct) * 1000

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_s)
        elapsed = self.elapsed_s
        return {
            "sent": self.readings,
            "requests": self.requests,
            "attempts": self.attempts,
            "retries": self.retries,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rejected_by_reason": dict(sorted(self.rejected_by_reason.items())),
            "warnings_by_code": dict(sorted(self.warnings_by_code.items())),
            "failed": self.failed,
            "skipped": self.skipped,
            "final_status": dict(sorted(self.final_status.items())),
            "elapsed_s": round(elapsed, 3),
            "readings_per_s": round(self.readings / elapsed, 1) if elapsed > 0 else 0.0,
            "latency_ms": {
                "p50": round(percentile(lat, 50) * 1000, 2),
                "p90": round(percentile(lat, 90) * 1000, 2),
                "p99": round(percentile(lat, 99) * 1000, 2),
                "max": round(lat[-1] * 1000, 2) if lat else math.nan,
            },
        }


def format_progress(stats: SendStats) -> str:
    elapsed = stats.elapsed_s
    rate = stats.readings / elapsed if elapsed > 0 else 0.0
    return (
        f"[{elapsed:7.1f}s] sent {stats.readings:,} ({rate:,.0f}/s) accepted {stats.accepted:,} "
        f"rejected {stats.rejected:,} failed {stats.failed:,} retries {stats.retries:,}"
    )


def format_summary(stats: SendStats) -> str:
    s = stats.summary()
    reasons = ", ".join(f"{k} {v:,}" for k, v in s["rejected_by_reason"].items()) or "-"
    warnings = ", ".join(f"{k} {v:,}" for k, v in s["warnings_by_code"].items()) or "-"
    statuses = ", ".join(f"{k} x{v:,}" for k, v in s["final_status"].items()) or "-"
    lat = s["latency_ms"]
    return "\n".join(
        (
            f"sent       {s['sent']:,} readings in {s['requests']:,} requests "
            f"({s['attempts']:,} attempts, {s['retries']:,} retries) in {s['elapsed_s']:.1f} s "
            f"= {s['readings_per_s']:,.0f} readings/s",
            f"accepted   {s['accepted']:,}",
            f"rejected   {s['rejected']:,}  by reason: {reasons}",
            f"warnings   {warnings}",
            f"failed     {s['failed']:,} (no 202 after retries)   skipped {s['skipped']:,} (duration over)",
            f"status     {statuses}",
            f"latency    per request p50 {lat['p50']:.1f} ms  p90 {lat['p90']:.1f} ms  "
            f"p99 {lat['p99']:.1f} ms  max {lat['max']:.1f} ms",
        )
    )


def _retry_after_s(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP-date: fall back to our own backoff


def _should_retry_response(response: httpx.Response) -> bool:
    return response.status_code in RETRY_STATUSES


def _last_outcome(state: RetryCallState) -> httpx.Response:
    """When retries run out: the last response as it is (or the last exception raised again)."""
    assert state.outcome is not None
    result: httpx.Response = state.outcome.result()
    return result


class Sender:
    """Sends batches to ingest; use as `async with Sender(...) as sender: await sender.run(batches)`."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token_for: TokenSource | None = None,
        concurrency: int = 32,
        max_retries: int = 4,
        backoff_initial_s: float = 0.25,
        backoff_max_s: float = 8.0,
        timeout_s: float = 15.0,
        allow_remote: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        stats: SendStats | None = None,
    ) -> None:
        if concurrency < 1 or max_retries < 0:
            raise ValueError("concurrency >= 1 and max_retries >= 0 are required")
        self.base_url = check_base_url(base_url, allow_remote)
        self.token_for: TokenSource = token_for or DevTokens()
        self.concurrency = concurrency
        self.max_retries = max_retries
        self.timeout_s = timeout_s
        self.stats = stats if stats is not None else SendStats()
        self._transport = transport
        # initial, 2x, 4x ... capped, plus up to `initial` of jitter so throttled workers do not retry in step
        self._backoff = wait_exponential(multiplier=backoff_initial_s, max=backoff_max_s) + wait_random(
            0, backoff_initial_s
        )
        self._backoff_max_s = backoff_max_s
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Sender:
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=self.timeout_s,
            transport=self._transport,
            limits=httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # --- one request ---

    def _wait(self, state: RetryCallState) -> float:
        wait = float(self._backoff(state))
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            retry_after = _retry_after_s(outcome.result())
            if retry_after is not None:
                wait = min(max(wait, retry_after), self._backoff_max_s)
        return wait

    def _count_retry(self, state: RetryCallState) -> None:
        self.stats.retries += 1

    async def _post(self, content: bytes, headers: dict[str, str]) -> httpx.Response:
        assert self._client is not None, "use Sender as an async context manager"
        self.stats.attempts += 1
        started = time.perf_counter()
        try:
            return await self._client.post(READINGS_PATH, content=content, headers=headers)
        finally:
            self.stats.latencies_s.append(time.perf_counter() - started)

    async def send(self, batch: Batch) -> httpx.Response | None:
        """Send one batch (retrying 429/503/transport errors) and record its outcome; the final response,
        or None when the last attempt raised."""
        stats = self.stats
        stats.requests += 1
        stats.readings += len(batch)
        headers = {
            "Authorization": f"Bearer {self.token_for(batch.user_id, batch.device_id)}",
            "Content-Type": "application/json",
        }
        content = json.dumps(batch.body(), separators=(",", ":")).encode()
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            retry=retry_if_result(_should_retry_response) | retry_if_exception_type(httpx.TransportError),
            before_sleep=self._count_retry,
            retry_error_callback=_last_outcome,
        )
        try:
            response: httpx.Response = await retrying(self._post, content, headers)
        except asyncio.CancelledError:  # Ctrl-C mid-request: the server may or may not have taken it
            stats.final_status["cancelled"] += 1
            raise
        except httpx.HTTPError as exc:
            stats.failed += len(batch)
            stats.final_status[type(exc).__name__] += 1
            return None
        stats.final_status[str(response.status_code)] += 1
        if response.status_code != ACCEPTED_STATUS:
            stats.failed += len(batch)
            return response
        self._record_results(batch, response)
        return response

    def _record_results(self, batch: Batch, response: httpx.Response) -> None:
        stats = self.stats
        try:
            body = response.json()
            accepted = body.get("accepted") or []
            rejected = body.get("rejected") or []
            warnings = body.get("warnings") or []
        except (ValueError, AttributeError):
            stats.final_status["202-unreadable"] += 1
            return
        stats.accepted += len(accepted)
        stats.rejected += len(rejected)
        for item in rejected:
            for reason in item.get("reasons") or ["unknown"]:
                stats.rejected_by_reason[str(reason)] += 1
        for item in warnings:
            stats.warnings_by_code[str(item.get("code", "unknown"))] += 1

    # --- a stream of batches ---

    async def run(
        self,
        batches: Iterable[Batch] | AsyncIterable[Batch],
        *,
        rate: float | None = None,
        duration_s: float | None = None,
        progress: Callable[[SendStats], None] | None = None,
        progress_every_s: float = 2.0,
    ) -> SendStats:
        """Send every batch (burst mode) or pace them at `rate` readings/s (steady mode); stop taking new
        batches once `duration_s` has passed (queued ones are then counted as skipped)."""
        loop = asyncio.get_running_loop()
        stats = self.stats
        stats.finished = None
        deadline = loop.time() + duration_s if duration_s is not None else None
        bucket = TokenBucket(rate, capacity=max(float(MAX_BATCH), rate / 10)) if rate else None
        queue: asyncio.Queue[Batch | None] = asyncio.Queue(maxsize=self.concurrency * 2)

        def over() -> bool:
            return deadline is not None and loop.time() >= deadline

        async def work() -> None:
            while (batch := await queue.get()) is not None:
                if over():
                    stats.skipped += len(batch)
                else:
                    await self.send(batch)

        async def report() -> None:
            assert progress is not None
            while True:
                await asyncio.sleep(progress_every_s)
                progress(stats)

        workers = [asyncio.create_task(work()) for _ in range(self.concurrency)]
        reporter = asyncio.create_task(report()) if progress is not None else None
        try:
            count = 0
            async for batch in _aiter(batches):
                if over():
                    break
                if bucket is not None:
                    await bucket.acquire(len(batch))
                    if over():
                        break
                if stats.started is None:
                    stats.started = time.monotonic()  # from the first batch: stream set-up is not send time
                await queue.put(batch)
                count += 1
                if count % 64 == 0:
                    await asyncio.sleep(0)  # a sync generator never yields by itself: let workers run
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
        finally:
            for task in workers:
                task.cancel()
            if reporter is not None:
                reporter.cancel()
            if stats.started is not None:
                stats.finished = time.monotonic()
        return stats


async def _aiter(items: Iterable[Batch] | AsyncIterable[Batch]) -> AsyncIterator[Batch]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item
