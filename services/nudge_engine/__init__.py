"""Nudge engine: per-user proactive triggers, delivery policy and personalised nudges."""
