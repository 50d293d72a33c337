"""Tools over the signed-in user's own data.

The user is fixed by `UserData` (bound by the conversation service to the token's `sub`); no tool takes a user id,
and unknown parameters (a model-supplied `user_id`, say) are refused. Inputs are validated, periods are bounded
(1 … `max_tool_days`; longer asks are clamped and the result says which period it covers), and list sizes are capped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.common.logging import get_logger
from services.conversation.graph.summaries import (
    anomaly_view,
    clean_display_name,
    reading_view,
    step_progress,
    summarise,
    valid_timezone,
)
from services.conversation.orchestration import Metric, UserData

log = get_logger(__name__)

METRIC_ENUM = ["blood_pressure", "heart_rate", "steps", "sleep", "weight"]
MAX_READINGS_LIMIT = 50

TOOL_DEFINITIONS: list[dict[str, Any]] = [
    {
        "name": "get_recent_readings",
        "description": (
            "The signed-in user's individual readings of one metric, newest first, with local times. "
            "Blood pressure in mmHg (with pulse in bpm), heart rate in bpm, steps per interval, sleep per night in "
            "minutes and hours, weight in kg."
        ),
        "input_schema": {
            "type": "object",
            "properties": {
                "metric": {"type": "string", "enum": METRIC_ENUM},
                "days": {"type": "integer", "minimum": 1, "maximum": 90, "description": "How far back (default 7)."},
                "limit": {"type": "integer", "minimum": 1, "maximum": MAX_READINGS_LIMIT, "description": "Default 10."},
            },
            "required": ["metric"],
            "additionalProperties": False,
        },
    },
    {
        "name": "get_metric_summary",
        "description": (
            "Summary of one metric over the last N days for the signed-in user: count, latest, average, lowest, "
            "highest, latest minus average, and the trend (earlier-half vs later-half average and the change). "
            "For steps: daily totals against the step goal."
        ),
        "input_schema": {
            "type": "object",
            "properties": {
                "metric": {"type": "string", "enum": METRIC_ENUM},
                "days": {"type": "integer", "minimum": 1, "maximum": 90, "description": "Default 30."},
            },
            "required": ["metric"],
            "additionalProperties": False,
        },
    },
    {
        "name": "get_goal_progress",
        "description": (
            "The signed-in user's daily step totals over the last N days against their step goal: percent of goal "
            "per day, today's progress, days the goal was met, average."
        ),
        "input_schema": {
            "type": "object",
            "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 90, "description": "Default 7."}},
            "additionalProperties": False,
        },
    },
    {
        "name": "get_anomalies",
        "description": (
            "Unusual readings the platform flagged for the signed-in user over the last N days (metric, kind, "
            "severity, message, date). Not a diagnosis."
        ),
        "input_schema": {
            "type": "object",
            "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 90, "description": "Default 14."}},
            "additionalProperties": False,
        },
    },
    {
        "name": "get_preferences",
        "description": "The signed-in user's preferences: display name, daily step goal, timezone, nudge settings.",
        "input_schema": {"type": "object", "properties": {}, "additionalProperties": False},
    },
]
TOOL_NAMES = frozenset(t["name"] for t in TOOL_DEFINITIONS)


def tool_definitions(caching: bool) -> list[dict[str, Any]]:
    """The tool list; with caching, the last definition carries the cache breakpoint for the tools prefix."""
    tools = [dict(t) for t in TOOL_DEFINITIONS]
    if caching:
        tools[-1]["cache_control"] = {"type": "ephemeral"}
    return tools


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecentReadingsInput(_Input):
    metric: Metric
    days: int = Field(default=7, ge=1)
    limit: int = Field(default=10, ge=1)


class SummaryInput(_Input):
    metric: Metric
    days: int = Field(default=30, ge=1)


class GoalProgressInput(_Input):
    days: int = Field(default=7, ge=1)


class AnomaliesInput(_Input):
    days: int = Field(default=14, ge=1)


class PreferencesInput(_Input):
    pass


_INPUTS: dict[str, type[_Input]] = {
    "get_recent_readings": RecentReadingsInput,
    "get_metric_summary": SummaryInput,
    "get_goal_progress": GoalProgressInput,
    "get_anomalies": AnomaliesInput,
    "get_preferences": PreferencesInput,
}


@dataclass(frozen=True)
class ToolOutcome:
    tool_use_id: str
    name: str
    payload: dict[str, Any]  # what the model is shown (JSON); every number in it becomes a fact
    is_error: bool = False
    data_error: bool = False
    anomalies: int = 0

    def as_block(self) -> dict[str, Any]:
        block: dict[str, Any] = {
            "type": "tool_result",
            "tool_use_id": self.tool_use_id,
            "content": json.dumps(self.payload, separators=(",", ":"), ensure_ascii=False),
        }
        if self.is_error:
            block["is_error"] = True
        return block


class ToolBox:
    """Runs the model's tool calls for one turn against one user's `UserData`."""

    def __init__(self, data: UserData, *, now_ms: int, max_days: int, step_goal: int | None, timezone: object) -> None:
        self._data = data
        self._now_ms = now_ms
        self._max_days = max_days
        self._step_goal = step_goal
        self._timezone = timezone

    def _days(self, days: int) -> int:
        return min(days, self._max_days)

    async def run(self, tool_use_id: str, name: str, raw_input: object) -> ToolOutcome:
        model = _INPUTS.get(name)
        if model is None:
            return ToolOutcome(tool_use_id, name, {"error": f"unknown tool {name!r}"}, is_error=True)
        try:
            args = model.model_validate(raw_input if isinstance(raw_input, dict) else {})
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg']}" for e in exc.errors())
            return ToolOutcome(tool_use_id, name, {"error": f"invalid input: {problems}"}, is_error=True)
        try:
            payload = await self._dispatch(args)
        except Exception as exc:  # noqa: BLE001 - a store failure becomes a tool error the model can report
            log.warning("graph_tool_data_error", tool=name, error=type(exc).__name__)
            return ToolOutcome(
                tool_use_id, name, {"error": "the user's data is unavailable right now"}, is_error=True, data_error=True
            )
        count = len(payload.get("anomalies", [])) if name == "get_anomalies" else 0
        return ToolOutcome(tool_use_id, name, payload, anomalies=count)

    async def _dispatch(self, args: _Input) -> dict[str, Any]:
        if isinstance(args, RecentReadingsInput):
            days = self._days(args.days)
            points = await self._data.readings(args.metric, days)
            points = sorted(points, key=lambda p: p.measured_at, reverse=True)
            limit = min(args.limit, MAX_READINGS_LIMIT)
            return {
                "metric": args.metric,
                "days": days,
                "readings_count": len(points),
                "shown_count": min(limit, len(points)),
                "readings": [reading_view(p) for p in points[:limit]],
            }
        if isinstance(args, SummaryInput):
            days = self._days(args.days)
            points = await self._data.readings(args.metric, days)
            return summarise(args.metric, points, days, self._now_ms, self._step_goal, self._timezone)
        if isinstance(args, GoalProgressInput):
            days = self._days(args.days)
            points = await self._data.readings("steps", days)
            return {"days": days, **step_progress(points, self._now_ms, self._step_goal, self._timezone)}
        if isinstance(args, AnomaliesInput):
            days = self._days(args.days)
            notes = await self._data.anomalies(days)
            views = [anomaly_view(n) for n in notes]
            return {"days": days, "anomalies_count": len(views), "anomalies": views}
        prefs = await self._data.preferences()
        view: dict[str, Any] = {}
        if name := clean_display_name(prefs.get("display_name")):
            view["display_name"] = name
        if isinstance(goal := prefs.get("step_goal"), int) and not isinstance(goal, bool):
            view["daily_step_goal_steps"] = goal
        if timezone := valid_timezone(prefs.get("timezone")):
            view["timezone"] = timezone
        for key in ("nudges_enabled", "quiet_start_min", "quiet_end_min"):
            if isinstance(prefs.get(key), bool | int):
                view[key] = prefs[key]
        return view
