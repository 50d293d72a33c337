"""The async sender against a fake ingest (httpx.MockTransport running the real validator): device tokens per
request, 202 results counted, 429/503 retried with backoff a bounded number of times, pacing, loopback only."""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repo root, for `loadtest.fleet`

from loadtest.fleet import (
    MAX_BATCH,
    DevTokens,
    Sender,
    TokenBucket,
    check_base_url,
    demo_run,
    fleet,
    format_summary,
    history,
    scenario_users,
    windowed_batches,
)
from loadtest.fleet.sender import probe
from services.common.auth import decode_token
from services.ingest.domain import validate_reading

NOW = datetime(2026, 6, 17, 14, 20, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)
BASE = "http://127.0.0.1:8001"


def fake_token(user_id: str, device_id: str) -> str:
    return f"{user_id}|{device_id}"


class FakeIngest:
    """POST /v1/readings as the contract says: the token's user and device must match every reading (else
    403), more than 500 readings is 413, and each reading gets the real validator's verdict in a 202."""

    def __init__(self, fail_first: int = 0, fail_status: int = 429, retry_after: str | None = "0") -> None:
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.retry_after = retry_after
        self.attempts: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.bodies: list[dict] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/healthz":
            return httpx.Response(200, json={"status": "ok"})
        assert request.method == "POST" and request.url.path == "/v1/readings"
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.001)
            body = json.loads(request.content)
            readings = body["readings"]
            key = readings[0]["reading_id"]
            self.attempts[key] += 1
            if self.attempts[key] <= self.fail_first:
                headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
                return httpx.Response(self.fail_status, headers=headers, json={"detail": "throttled"})
            user, device = request.headers["authorization"].removeprefix("Bearer ").split("|")
            if any(r["user_id"] != user or r["device_id"] != device for r in readings):
                return httpx.Response(403, json={"detail": "user or device mismatch"})
            if len(readings) > 500:
                return httpx.Response(413)
            self.bodies.append(body)
            reply: dict[str, list] = {"accepted": [], "rejected": [], "warnings": []}
            for raw in readings:
                outcome = validate_reading(raw, now_ms=NOW_MS, channel="http")
                if outcome.reasons:
                    reply["rejected"].append({"reading_id": outcome.reading_id, "reasons": list(outcome.reasons)})
                else:
                    reply["accepted"].append(outcome.reading_id)
                    reply["warnings"].extend({"reading_id": outcome.reading_id, "code": c} for c in outcome.warnings)
            return httpx.Response(202, json=reply)
        finally:
            self.in_flight -= 1


def make_sender(fake: FakeIngest, **kwargs) -> Sender:
    kwargs.setdefault("backoff_initial_s", 0.001)
    kwargs.setdefault("backoff_max_s", 0.01)
    kwargs.setdefault("token_for", fake_token)
    return Sender(BASE, transport=httpx.MockTransport(fake), **kwargs)


@pytest.fixture(scope="module")
def readings():
    users = fleet(3, seed=5) + [u for u in scenario_users(seed=5) if u.scenario in ("malfunction", "crisis")]
    return history(users, 9, NOW)


async def test_sends_everything_and_counts_the_202_results(readings):
    fake = FakeIngest()
    async with make_sender(fake, concurrency=8) as sender:
        stats = await sender.run(windowed_batches(readings))
    expected = Counter()
    late = 0
    for raw in readings:
        outcome = validate_reading(raw, now_ms=NOW_MS, channel="http")
        expected.update(outcome.reasons)
        late += "late_data" in outcome.warnings
    assert stats.readings == len(readings) == stats.accepted + stats.rejected
    assert stats.rejected_by_reason == expected == Counter({"implausible_value": expected["implausible_value"]})
    assert expected["implausible_value"] >= 2  # the broken cuff's 0/0
    assert stats.warnings_by_code == Counter({"late_data": late}) and late > 0
    assert stats.failed == stats.retries == stats.skipped == 0
    assert stats.final_status == Counter({"202": stats.requests})
    assert len(stats.latencies_s) == stats.attempts == stats.requests == len(fake.bodies)
    assert all(len(b["readings"]) <= MAX_BATCH for b in fake.bodies)
    assert 1 < fake.max_in_flight <= 8
    summary = format_summary(stats)
    assert "implausible_value" in summary and "p99" in summary


async def test_429_is_retried_with_backoff_then_accepted(readings):
    fake = FakeIngest(fail_first=2, fail_status=429)
    async with make_sender(fake, max_retries=3) as sender:
        stats = await sender.run(windowed_batches(readings[:300]))
    assert stats.accepted + stats.rejected == 300 and stats.failed == 0
    assert stats.retries == 2 * stats.requests
    assert stats.attempts == 3 * stats.requests == len(stats.latencies_s)
    assert stats.final_status == Counter({"202": stats.requests})


async def test_retries_are_bounded_and_failures_counted(readings):
    fake = FakeIngest(fail_first=99, fail_status=503, retry_after=None)
    async with make_sender(fake, max_retries=2) as sender:
        stats = await sender.run(windowed_batches(readings[:120]))
    assert stats.failed == stats.readings == 120 and stats.accepted == 0
    assert stats.attempts == 3 * stats.requests
    assert stats.final_status == Counter({"503": stats.requests})


async def test_non_retryable_errors_are_not_retried(readings):
    fake = FakeIngest()
    async with make_sender(fake, token_for=lambda user, device: f"{user}|someone-elses-device") as sender:
        stats = await sender.run(windowed_batches(readings[:50]))
    assert stats.final_status == Counter({"403": stats.requests}) and stats.retries == 0
    assert stats.failed == 50


async def test_connection_errors_are_retried_then_reported():
    calls = Counter()

    def refuse(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        raise httpx.ConnectError("connection refused", request=request)

    transport = httpx.MockTransport(refuse)
    sender = Sender(BASE, token_for=fake_token, transport=transport, max_retries=2, backoff_initial_s=0.001)
    batches = windowed_batches(history(fleet(1, seed=1), 1, NOW)[:10])
    async with sender:
        stats = await sender.run(batches)
    assert calls["n"] == 3 * stats.requests
    assert stats.final_status == Counter({"ConnectError": stats.requests}) and stats.failed == 10
    assert await probe(BASE, transport=transport) is not None
    assert await probe(BASE, transport=httpx.MockTransport(FakeIngest())) is None


async def test_duration_bounds_the_run(readings):
    fake = FakeIngest()
    async with make_sender(fake) as sender:
        stats = await sender.run(windowed_batches(readings), rate=1000, duration_s=0)
    assert stats.readings == 0 and fake.bodies == []


async def test_token_bucket_paces_at_the_rate():
    clock = {"t": 0.0}
    slept = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        clock["t"] += seconds

    bucket = TokenBucket(rate=500, capacity=100, clock=lambda: clock["t"], sleep=fake_sleep)
    for _ in range(30):
        await bucket.acquire(50)  # 1,500 readings: the first 100 from the full bucket, the rest at 500/s
    assert clock["t"] == pytest.approx((1500 - 100) / 500)
    with pytest.raises(ValueError, match="cannot take"):
        await bucket.acquire(101)


def test_only_loopback_base_urls_unless_allowed():
    for ok in ("http://127.0.0.1:8001", "http://localhost:8001/", "http://[::1]:8001", "https://127.0.0.2"):
        assert check_base_url(ok).startswith(("http://", "https://"))
    assert check_base_url("http://localhost:8001/") == "http://localhost:8001"
    for remote in ("http://10.0.0.5:8001", "https://ingest.example.com", "http://0.0.0.0:8001"):
        with pytest.raises(ValueError, match="allow-remote"):
            check_base_url(remote)
        assert check_base_url(remote, allow_remote=True)
    with pytest.raises(ValueError, match="allow-remote"):
        Sender("http://192.168.1.20:8001")
    with pytest.raises(ValueError, match="http"):
        check_base_url("ftp://127.0.0.1")


def test_dev_tokens_are_device_tokens_for_the_reading_owner():
    tokens = DevTokens(ttl_s=600)
    token = tokens("demo-u-0001", "cuff-demo-u-0001")
    assert tokens("demo-u-0001", "cuff-demo-u-0001") == token  # cached
    principal = decode_token(token)
    assert principal.sub == "demo-u-0001"
    assert principal.device_id == "cuff-demo-u-0001"
    assert "readings:write" in principal.scopes


async def test_demo_run_publishes_preferences_then_sends_the_history():
    ingest = FakeIngest()
    patches = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.port == 8002:
            assert request.method == "PATCH" and request.url.path == "/v1/preferences"
            body = json.loads(request.content)
            assert {"display_name", "step_goal", "timezone", "birth_year"} <= set(body)
            patches[request.headers["authorization"].removeprefix("Bearer user:")] = body
            return httpx.Response(200, json=body)
        return await ingest(request)

    summary = await demo_run(
        users=3,
        days=2,
        now=NOW,
        progress=None,
        token_for=fake_token,
        user_token_for=lambda user_id: f"user:{user_id}",
        transport=httpx.MockTransport(handler),
    )
    assert summary["users"] == 13 and summary["preferences"] == {"200": 13}
    assert patches["demo-steps-0001"]["step_goal"] == 10_000
    assert patches["demo-u-0001"]["timezone"]
    assert summary["sent"] == summary["accepted"] + summary["rejected"] > 0
    assert summary["rejected_by_reason"] == {"implausible_value": summary["rejected"]}
    assert summary["chat_user"] == "demo-bprise-0001"
    # the chat user has quiet hours off (the demo runs at any hour); everyone else keeps the defaults
    assert (patches["demo-bprise-0001"]["quiet_start"], patches["demo-bprise-0001"]["quiet_end"]) == ("00:00", "00:00")
    assert all("quiet_start" not in body for user, body in patches.items() if user != "demo-bprise-0001")
    assert summary["scenarios"]["crisis"]["user_id"] == "demo-crisis-0001"
    assert summary["p99_ms"] >= summary["p50_ms"] > 0
