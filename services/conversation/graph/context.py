"""Load the user's context through `UserData` and shape it for the model ("prompt compression").

The model gets compact per-metric summaries (not raw readings), the open anomalies, the few preferences it needs,
and the last turns of the conversation trimmed to a token budget. Every number it is shown is registered in
`Facts` for the grounding guard. Partial data failures degrade the context (that metric is marked unavailable);
only when nothing at all can be read does the turn take the data-fallback edge.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from services.common.logging import get_logger
from services.conversation.graph.facts import Facts
from services.conversation.graph.prompts import wrap_user_text
from services.conversation.graph.reference import STALE_DATA_DAYS
from services.conversation.graph.settings import GraphSettings
from services.conversation.graph.state import MessageParam, TurnContext
from services.conversation.graph.summaries import (
    METRICS,
    anomaly_view,
    clean_display_name,
    summarise,
    today_local,
    valid_timezone,
)
from services.conversation.orchestration import AnomalyNote, HistoryTurn, TurnRequest, UserData

log = get_logger(__name__)

CHARS_PER_TOKEN = 4  # rough English average; only used to budget history, never to bill


class UserDataUnavailable(Exception):
    """No part of the user's data could be read."""


def estimate_tokens(text: str) -> int:
    return len(text) // CHARS_PER_TOKEN + 1


def compact_json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def preferences_view(prefs: dict[str, object]) -> dict[str, Any]:
    """Only what the assistant needs; free text (the display name) is cleaned so it cannot carry markup."""
    view: dict[str, Any] = {}
    if name := clean_display_name(prefs.get("display_name")):
        view["display_name"] = name
    goal = prefs.get("step_goal")
    if isinstance(goal, int | float) and not isinstance(goal, bool) and goal > 0:
        view["daily_step_goal"] = int(goal)
    if timezone := valid_timezone(prefs.get("timezone")):
        view["timezone"] = timezone
    return view


async def _safe(coro: Any) -> Any:
    try:
        return await coro
    except Exception as exc:  # noqa: BLE001 - any store failure degrades the context; the turn still answers
        return exc


async def load_turn_context(request: TurnRequest, data: UserData, settings: GraphSettings) -> TurnContext:
    days = settings.context_days
    results = await asyncio.gather(
        _safe(data.preferences()),
        _safe(data.anomalies(settings.context_anomaly_days)),
        *(_safe(data.readings(metric, days)) for metric in METRICS),
    )
    failures = [r for r in results if isinstance(r, BaseException)]
    if len(failures) == len(results):
        raise UserDataUnavailable("no user data could be read")
    if failures:
        log.warning("graph_context_partial", user_id=request.user_id, failed=len(failures), total=len(results))

    prefs_raw, anomalies_raw, *readings_raw = results
    prefs = preferences_view(prefs_raw) if isinstance(prefs_raw, dict) else {}
    step_goal = prefs.get("daily_step_goal")
    timezone = prefs.get("timezone")
    facts = Facts()
    today = today_local(request.now_ms, timezone)
    facts.add_date(today.year, today.month, today.day)

    lines = [
        "<user_data>",
        f"today: {today:%Y-%m-%d} ({today:%A}), user's timezone: {timezone or 'UTC'}",
    ]
    if prefs:
        lines.append(f"preferences: {compact_json(prefs)}")
        facts.add_json(prefs)
    elif isinstance(prefs_raw, BaseException):
        lines.append("preferences: unavailable right now")

    stale: list[str] = []
    for metric, points in zip(METRICS, readings_raw, strict=True):
        if isinstance(points, BaseException):
            lines.append(f"{metric}: unavailable right now (do not guess values)")
            continue
        if not points:
            stale.append(metric)
            lines.append(f"{metric}: no readings in the last {days} days")
            facts.add(days, "days", metric)
            continue
        summary = summarise(metric, points, days, request.now_ms, step_goal, timezone)
        if summary.get("days_since_last_reading", 0) > STALE_DATA_DAYS:
            stale.append(metric)
        lines.append(f"{metric} (last {days} days): {compact_json(summary)}")
        facts.add_json(summary, metric)

    anomalies: tuple[AnomalyNote, ...] = ()
    if isinstance(anomalies_raw, BaseException):
        lines.append("anomalies: unavailable right now")
    else:
        anomalies = tuple(anomalies_raw)
        views = [anomaly_view(a) for a in anomalies]
        lines.append(
            f"anomalies flagged in the last {settings.context_anomaly_days} days "
            f"(anomalies_count {len(views)}): {compact_json(views)}"
        )
        facts.add(len(views), "count")
        facts.add(settings.context_anomaly_days, "days")
        facts.add_json(views)
    if stale:
        lines.append("no recent data (say so and suggest syncing the device; never guess values): " + ", ".join(stale))
    lines.append("</user_data>")

    history = trim_history(request.history, settings.history_max_turns, settings.history_token_budget)
    return TurnContext(
        text="\n".join(lines),
        facts=facts,
        anomalies=anomalies,
        history=tuple(history),
        stale_metrics=tuple(stale),
        step_goal=step_goal,
        timezone=timezone if isinstance(timezone, str) else None,
    )


def trim_history(history: Sequence[HistoryTurn], max_turns: int, token_budget: int) -> list[MessageParam]:
    """The last turns that fit the token budget, oldest first, as alternating messages starting with the user."""
    if max_turns <= 0 or token_budget <= 0:
        return []
    recent = sorted(history, key=lambda t: t.created_at)[-max_turns:]
    kept: list[tuple[str, str]] = []
    used = 0
    for turn in reversed(recent):
        text = turn.text.strip()
        if not text:
            continue
        cost = estimate_tokens(text)
        if used + cost > token_budget:
            if not kept:  # the newest turn alone is over budget: keep its end
                kept.append((turn.role, "…" + text[-token_budget * CHARS_PER_TOKEN :]))
            break
        kept.append((turn.role, text))
        used += cost
    kept.reverse()
    while kept and kept[0][0] != "user":  # the Messages API starts with a user turn
        kept.pop(0)
    messages: list[MessageParam] = []
    for role, text in kept:
        content = wrap_user_text(text) if role == "user" else text
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"][0]["text"] += "\n\n" + content
        else:
            messages.append({"role": role, "content": [{"type": "text", "text": content}]})
    return messages
