"""Deterministic nudge ids: reprocessing the same input yields the same id, so consumers dedup."""

from __future__ import annotations

import json
import uuid

# Fixed namespace of nudges.v1 ids (uuid5 of the URL below); never change it.
NUDGE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://heartwise.invalid/schemas/nudges.v1")


def nudge_id(user_id: str, trigger: str, window_key: str) -> str:
    """uuid5 over (trigger, user, window). Window keys: step_goal and bp_change = local date
    (YYYY-MM-DD), sleep_pattern = local date of the first poor night of the episode, inactivity =
    last-activity ms (the episode start), stale_data = anomaly_id. JSON encoding keeps the three parts
    unambiguous whatever characters a user id holds."""
    return str(uuid.uuid5(NUDGE_NAMESPACE, json.dumps([trigger, user_id, window_key])))
