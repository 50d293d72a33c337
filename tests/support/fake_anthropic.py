"""A fake Anthropic Messages API: a real HTTP server on 127.0.0.1 that the real SDK talks to via `base_url`.

It answers `POST /v1/messages` from a script (plain answers, tool_use round trips, 429/529/500, slow replies,
canary leaks, invented numbers) and otherwise behaves like a small tool-using model ("auto": first call asks for
`get_metric_summary`, the call after the tool result answers from that result's numbers).

Usage is modelled, not copied from a fixture, so the benchmark's token and cost figures mean something:
- tokens = ceil(characters / chars_per_token) per block (tool definitions as JSON, system text, each message's
  content), plus the documented tool-use system prompt (346 tokens with tool_choice auto/none) and 3 tokens of
  framing per message; Claude 5-generation models count ~30 % more tokens than 4.x for the same text;
- prompt caching as the API documents it: a prefix (tools → system → messages) is cached at each block carrying
  `cache_control` once it reaches the model's minimum cacheable length; a later request reads the longest cached
  prefix ending at a breakpoint or up to 20 blocks before one (5-minute TTL, refreshed on use), writes the part
  from there to its last breakpoint, and pays `input_tokens` for the rest. Without `cache_control` nothing is
  cached.

Also here: `MemoryUserData` (an in-memory `UserData` with realistic readings) and `sample_user_data()`, shared by
the graph tests and `loadtest/orchestrator_bench.py`.

Run standalone for the benchmark: `python tests/support/fake_anthropic.py --port 0 --latency 0.4 0.8` prints
`PORT <n>` and serves in auto mode until killed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# ------------------------------------------------------------------------------------------------ usage model


@dataclass(frozen=True)
class ModelProfile:
    chars_per_token: float
    min_cacheable_tokens: int


TOOL_USE_SYSTEM_TOKENS = 346  # Anthropic's documented tool-use system prompt, tool_choice auto/none (Claude 4.x)
MESSAGE_FRAMING_TOKENS = 3
CACHE_TTL_S = 300.0
CACHE_LOOKBACK_BLOCKS = 20
PROFILES: dict[str, ModelProfile] = {
    # ~3.9 chars/token for English + JSON on 4.x; the 5-generation tokenizer counts ~30 % more tokens.
    "claude-haiku-4-5": ModelProfile(3.9, 4096),
    "claude-haiku-4-5-20251001": ModelProfile(3.9, 4096),
    # Minimum cacheable prefix for Haiku 5.5 is an assumption (2,048, as for the earlier Haiku generations).
    "claude-haiku-5-5": ModelProfile(3.0, 2048),
    "claude-sonnet-4-5": ModelProfile(3.9, 1024),
}
DEFAULT_PROFILE = ModelProfile(3.9, 1024)


def count_tokens(text: str, profile: ModelProfile) -> int:
    return math.ceil(len(text) / profile.chars_per_token) if text else 0


def _strip_cache_control(block: Any) -> Any:
    if isinstance(block, dict):
        return {k: _strip_cache_control(v) for k, v in block.items() if k != "cache_control"}
    if isinstance(block, list):
        return [_strip_cache_control(v) for v in block]
    return block


def _block_text(block: dict[str, Any]) -> str:
    kind = block.get("type")
    if kind == "text":
        return str(block.get("text", ""))
    if kind == "tool_result":
        content = block.get("content", "")
        if isinstance(content, list):
            return "".join(str(c.get("text", "")) for c in content if isinstance(c, dict))
        return str(content)
    return json.dumps(_strip_cache_control(block), separators=(",", ":"))


@dataclass
class _Block:
    key: str  # canonical JSON without cache_control
    tokens: int
    breakpoint: bool


def request_blocks(body: dict[str, Any], profile: ModelProfile) -> list[_Block]:
    """The prompt as the cache sees it: tools, then system blocks, then every message content block."""
    blocks: list[_Block] = []
    tools = body.get("tools") or []
    for i, tool in enumerate(tools):
        text = json.dumps(_strip_cache_control(tool), separators=(",", ":"), sort_keys=True)
        extra = TOOL_USE_SYSTEM_TOKENS if i == 0 else 0
        blocks.append(_Block("tool:" + text, count_tokens(text, profile) + extra, "cache_control" in tool))
    system = body.get("system") or []
    if isinstance(system, str):
        system = [{"type": "text", "text": system}]
    for block in system:
        blocks.append(
            _Block(
                "system:" + str(block.get("text", "")),
                count_tokens(str(block.get("text", "")), profile),
                "cache_control" in block,
            )
        )
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, str):
            content = [{"type": "text", "text": content}]
        for j, block in enumerate(content):
            key = message["role"] + ":" + json.dumps(_strip_cache_control(block), separators=(",", ":"), sort_keys=True)
            framing = MESSAGE_FRAMING_TOKENS if j == 0 else 0
            blocks.append(_Block(key, count_tokens(_block_text(block), profile) + framing, "cache_control" in block))
    return blocks


class PromptCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], float] = {}  # (model, prefix hash) -> expiry
        self._lock = threading.Lock()

    def usage(self, model: str, body: dict[str, Any], profile: ModelProfile) -> tuple[int, int, int]:
        """(input_tokens, cache_creation_input_tokens, cache_read_input_tokens) for one request."""
        blocks = request_blocks(body, profile)
        total = sum(b.tokens for b in blocks)
        breakpoints = [i for i, b in enumerate(blocks) if b.breakpoint]
        if not breakpoints:
            return total, 0, 0
        hashes, cumulative = [], []
        h = hashlib.sha256(model.encode())
        running = 0
        for b in blocks:
            h = h.copy()
            h.update(b.key.encode())
            hashes.append(h.hexdigest())
            running += b.tokens
            cumulative.append(running)
        now = time.monotonic()
        with self._lock:
            read_at = -1
            candidates = sorted(
                {i for bp in breakpoints for i in range(max(0, bp - CACHE_LOOKBACK_BLOCKS + 1), bp + 1)}
            )
            for i in reversed(candidates):
                expiry = self._entries.get((model, hashes[i]))
                if expiry is not None and expiry > now:
                    read_at = i
                    self._entries[(model, hashes[i])] = now + CACHE_TTL_S
                    break
            read = cumulative[read_at] if read_at >= 0 else 0
            write_end = -1
            for bp in breakpoints:
                if bp > read_at and cumulative[bp] >= profile.min_cacheable_tokens:
                    self._entries[(model, hashes[bp])] = now + CACHE_TTL_S
                    write_end = bp
            write = cumulative[write_end] - read if write_end >= 0 else 0
        return total - read - write, write, read

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# ------------------------------------------------------------------------------------------------------ script


@dataclass
class Step:
    """One scripted response. `model` restricts it to requests for that model (failover tests)."""

    kind: str  # text | tool_use | error | auto | refusal
    text: str = ""
    tool_name: str = ""
    tool_input: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    delay_s: float = 0.0
    retry_after_s: float | None = None
    model: str | None = None


def reply(text: str, *, delay_s: float = 0.0, model: str | None = None) -> Step:
    return Step("text", text=text, delay_s=delay_s, model=model)


def tool_use(name: str, tool_input: dict[str, Any] | None = None, *, text: str = "", model: str | None = None) -> Step:
    return Step("tool_use", text=text, tool_name=name, tool_input=tool_input or {}, model=model)


def error(status: int, *, retry_after_s: float | None = None, model: str | None = None) -> Step:
    return Step("error", status=status, retry_after_s=retry_after_s, model=model)


def slow(delay_s: float, then: Step | None = None) -> Step:
    step = then or Step("auto")
    step.delay_s = delay_s
    return step


def auto(*, model: str | None = None) -> Step:
    return Step("auto", model=model)


def refusal() -> Step:
    return Step("refusal")


_ERROR_TYPES = {
    400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error", 429: "rate_limit_error",
    500: "api_error", 502: "api_error", 503: "api_error", 529: "overloaded_error",
}  # fmt: skip

# ------------------------------------------------------------------------------------------------- auto model

_METRIC_WORDS = [
    ("blood_pressure", r"blood pressure|\bbp\b|systolic|diastolic"),
    ("heart_rate", r"heart rate|pulse|\bhr\b|bpm"),
    ("sleep", r"sleep|slept|night"),
    ("weight", r"weigh|\bkg\b|pounds"),
    ("steps", r"step|walk|active|goal"),
]


def _last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message["role"] != "user":
            continue
        content = message["content"]
        texts = (
            [content] if isinstance(content, str) else [b.get("text", "") for b in content if b.get("type") == "text"]
        )
        joined = " ".join(t for t in texts if "<user_message>" in t)
        if joined:
            return joined
    return ""


def _metric_for(text: str) -> str:
    for metric, pattern in _METRIC_WORDS:
        if re.search(pattern, text, re.I):
            return metric
    return "blood_pressure"


def _latest_tool_result(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    for message in reversed(messages):
        if message["role"] != "user" or isinstance(message["content"], str):
            continue
        for block in message["content"]:
            if block.get("type") == "tool_result" and not block.get("is_error"):
                try:
                    return dict(json.loads(_block_text(block)))
                except (ValueError, TypeError):
                    return None
    return None


def _n(value: Any) -> str:
    return f"{round(value):,}" if isinstance(value, int | float) else str(value)


def answer_from_summary(summary: dict[str, Any]) -> str:
    """What a careful model would say from a `get_metric_summary` result (numbers only from the result)."""
    metric, days = summary.get("metric"), summary.get("days")
    if metric == "blood_pressure" and summary.get("average"):
        avg, latest = summary["average"], summary["latest"]
        return (
            f"Over the last {days} days your blood pressure averaged {_n(avg['systolic'])}/{_n(avg['diastolic'])} "
            f"mmHg across {summary['readings_count']} readings, and your latest reading was "
            f"{_n(latest['systolic'])}/{_n(latest['diastolic'])} mmHg. Keep measuring at the same time each day, "
            "and share these numbers with your doctor at your next visit."
        )
    if metric == "heart_rate" and "average_bpm" in summary:
        return (
            f"Your heart rate averaged {_n(summary['average_bpm'])} bpm over the last {days} days, and your latest "
            f"reading was {_n(summary['latest']['bpm'])} bpm."
        )
    if metric == "sleep" and "average_h" in summary:
        return (
            f"You slept {summary['average_h']} hours a night on average over the last {days} days. A regular "
            "bedtime and a dark, cool room can help."
        )
    if metric == "weight" and "average_kg" in summary:
        return (
            f"Your latest weight was {summary['latest']['kg']} kg, and your average over the last {days} days "
            f"was {summary['average_kg']} kg."
        )
    if metric == "steps" and "average_daily_steps" in summary:
        met = summary.get("days_goal_met")
        tail = f" and met your step goal on {met} of them" if met is not None else ""
        return (
            f"Over the last {days} days you averaged {_n(summary['average_daily_steps'])} steps a day{tail}. Nice work!"
        )
    return "I don't see recent readings for that. Could you sync your device so I can take a look?"


# ---------------------------------------------------------------------------------------------------- server


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    status: int = 0


class FakeAnthropic:
    """The fake API. Start with `with FakeAnthropic() as fake:`; point the SDK at `fake.base_url`."""

    def __init__(self, *, latency_s: tuple[float, float] = (0.0, 0.0), default: str = "auto", seed: int = 7) -> None:
        self.latency_s = latency_s
        self.default = default  # "auto" or "text"
        self.cache = PromptCache()
        self.requests: list[Recorded] = []
        self._script: deque[Step] = deque()
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def start(self, port: int = 0) -> FakeAnthropic:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # one small response must not wait for a delayed ACK

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {}
                status, headers, payload, delay = fake.handle(self.path, dict(self.headers.items()), body)
                if delay:
                    time.sleep(delay)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.send_header("request-id", "req_" + uuid.uuid4().hex[:20])
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256  # listen backlog: 50 users connecting at once must not be dropped

            def handle_error(self, request: Any, client_address: Any) -> None:
                if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up is not news
                    super().handle_error(request, client_address)

        self._server = Server(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-anthropic", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeAnthropic:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- scripting
    def script(self, *steps: Step) -> None:
        with self._lock:
            self._script.extend(steps)

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
            self.requests.clear()
        self.cache.clear()

    @property
    def pending(self) -> int:
        return len(self._script)

    def bodies(self) -> list[dict[str, Any]]:
        return [r.body for r in self.requests]

    def _next_step(self, model: str) -> Step:
        with self._lock:
            for i, step in enumerate(self._script):
                if step.model is None or step.model == model:
                    del self._script[i]
                    return step
        return Step(self.default if self.default != "text" else "text", text="Thanks for asking!")

    # -- one request
    def handle(
        self, path: str, headers: dict[str, str], body: dict[str, Any]
    ) -> tuple[int, dict[str, str], dict[str, Any], float]:
        record = Recorded(path, {k.lower(): v for k, v in headers.items() if k.lower() != "x-api-key"}, body)
        with self._lock:
            self.requests.append(record)
        if not path.rstrip("/").endswith("/v1/messages"):
            record.status = 404
            return 404, {}, {"type": "error", "error": {"type": "not_found_error", "message": "no such path"}}, 0.0
        model = str(body.get("model", ""))
        step = self._next_step(model)
        lo, hi = self.latency_s
        delay = step.delay_s + (self._rng.uniform(lo, hi) if hi > 0 else 0.0)
        if step.kind == "error":
            record.status = step.status
            extra = {"retry-after": str(step.retry_after_s)} if step.retry_after_s is not None else {}
            err = {"type": _ERROR_TYPES.get(step.status, "api_error"), "message": f"scripted {step.status}"}
            return step.status, extra, {"type": "error", "error": err}, delay
        content, stop_reason = self._content(step, body)
        profile = PROFILES.get(model, DEFAULT_PROFILE)
        input_tokens, cache_write, cache_read = self.cache.usage(model, body, profile)
        output_tokens = sum(count_tokens(_block_text(b), profile) for b in content) + 5
        record.status = 200
        message = {
            "id": "msg_" + uuid.uuid4().hex[:24],
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": {
                "input_tokens": input_tokens,
                "output_tokens": output_tokens,
                "cache_creation_input_tokens": cache_write,
                "cache_read_input_tokens": cache_read,
            },
        }
        return 200, {}, message, delay

    def _content(self, step: Step, body: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
        if step.kind == "text":
            return [{"type": "text", "text": step.text}], "end_turn"
        if step.kind == "refusal":
            return [{"type": "text", "text": ""}], "refusal"
        if step.kind == "tool_use":
            blocks: list[dict[str, Any]] = [{"type": "text", "text": step.text}] if step.text else []
            blocks.append(
                {
                    "type": "tool_use",
                    "id": "toolu_" + uuid.uuid4().hex[:20],
                    "name": step.tool_name,
                    "input": step.tool_input,
                }
            )
            return blocks, "tool_use"
        # auto
        messages = body.get("messages", [])
        last = messages[-1] if messages else {"content": []}
        last_blocks = last["content"] if isinstance(last.get("content"), list) else []
        if any(b.get("type") == "tool_result" for b in last_blocks) or "<guard_feedback>" in json.dumps(last_blocks):
            result = _latest_tool_result(messages)
            return [{"type": "text", "text": answer_from_summary(result or {})}], "end_turn"
        if (body.get("tool_choice") or {}).get("type") == "none":
            return [{"type": "text", "text": "Could you tell me which reading you'd like to look at?"}], "end_turn"
        metric = _metric_for(_last_user_text(messages))
        call = {
            "type": "tool_use",
            "id": "toolu_" + uuid.uuid4().hex[:20],
            "name": "get_metric_summary",
            "input": {"metric": metric, "days": 7},
        }
        return [call], "tool_use"


# -------------------------------------------------------------------------------------------- user data fixture

DAY_MS = 86_400_000
HOUR_MS = 3_600_000


class MemoryUserData:
    """An in-memory `UserData` bound to one user. `fail` makes every call raise (a store outage)."""

    def __init__(
        self,
        user_id: str,
        now_ms: int,
        readings: Iterable[Any],
        anomalies: Iterable[Any] = (),
        preferences: dict[str, object] | None = None,
        delay_s: float = 0.0,
    ) -> None:
        self.user_id = user_id
        self.now_ms = now_ms
        self._readings = sorted(readings, key=lambda r: r.measured_at, reverse=True)
        self._by_metric: dict[str, list[Any]] = {}
        for r in self._readings:  # newest first per metric, like the store's per-user partitions
            self._by_metric.setdefault(r.metric, []).append(r)
        self._anomalies = list(anomalies)
        self._prefs = preferences if preferences is not None else {"step_goal": 8000, "timezone": "UTC"}
        self.delay_s = delay_s
        self.fail = False
        self.calls: list[tuple[str, Any]] = []

    async def _maybe(self) -> None:
        if self.delay_s:
            import asyncio

            await asyncio.sleep(self.delay_s)
        if self.fail:
            raise ConnectionError("store unavailable")

    async def readings(self, metric: str, days: int) -> list[Any]:
        self.calls.append(("readings", (metric, days)))
        await self._maybe()
        since = self.now_ms - days * DAY_MS
        out = []
        for r in self._by_metric.get(metric, []):
            if r.measured_at < since:
                break
            out.append(r)
        return out

    @property
    def all_readings(self) -> list[Any]:
        return list(self._readings)

    async def anomalies(self, days: int) -> list[Any]:
        self.calls.append(("anomalies", days))
        await self._maybe()
        since = self.now_ms - days * DAY_MS
        return [a for a in self._anomalies if a.detected_at >= since]

    async def preferences(self) -> dict[str, object]:
        self.calls.append(("preferences", None))
        await self._maybe()
        return dict(self._prefs)


def sample_readings(now_ms: int, days: int = 30, seed: int = 1, reading_type: Any = None) -> list[Any]:
    """30 days of plausible data: BP twice a day, HR hourly while awake, steps hourly, sleep nightly, weight daily."""
    if reading_type is None:
        from services.conversation.orchestration import ReadingPoint

        reading_type = ReadingPoint
    make = reading_type
    rng = random.Random(seed)
    out = []
    day0 = now_ms - now_ms % DAY_MS
    for d in range(days, -1, -1):
        day = day0 - d * DAY_MS
        for hour in (7, 21):
            t = day + hour * HOUR_MS + 55 * 60_000
            if t <= now_ms:
                s = rng.randint(118, 142)
                out.append(
                    make(
                        f"bp-{d}-{hour}",
                        "blood_pressure",
                        t,
                        0,
                        {"systolic": s, "diastolic": rng.randint(74, min(92, s - 30)), "pulse": rng.randint(58, 80)},
                    )
                )
        for hour in range(8, 22):
            t = day + hour * HOUR_MS
            if t <= now_ms:
                out.append(make(f"hr-{d}-{hour}", "heart_rate", t, 0, {"bpm": rng.randint(58, 92)}))
                out.append(make(f"st-{d}-{hour}", "steps", t, 0, {"count": rng.randint(150, 900), "interval_s": 3600}))
        t = day + 7 * HOUR_MS
        if t <= now_ms:
            out.append(make(f"sl-{d}", "sleep", t, 0, {"duration_min": rng.randint(330, 500), "efficiency": 0.88}))
            out.append(make(f"wt-{d}", "weight", t + 5 * 60_000, 0, {"kg": round(82.0 + rng.uniform(-0.8, 0.8), 1)}))
    return out


# ------------------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, nargs=2, default=(0.0, 0.0), metavar=("MIN_S", "MAX_S"))
    args = parser.parse_args(argv)
    fake = FakeAnthropic(latency_s=(args.latency[0], args.latency[1])).start(args.port)
    print(f"PORT {fake.port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    sys.exit(main())
