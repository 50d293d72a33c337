"""Prometheus metrics of the audit service (`heartwise_audit_...`), served on /metrics by both processes."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

from services.common.metrics import latency_histogram

EVENTS_AUDITED = Counter("heartwise_audit_events_total", "Entries appended to the audit log", ["event_type"])
DUPLICATES_SKIPPED = Counter(
    "heartwise_audit_duplicates_total", "Redelivered or re-produced events not appended again", ["topic"])
REPAIRED_ENTRIES = Counter(
    "heartwise_audit_repaired_entries_total", "Entries past the anchored head repaired after a crash")
CHAIN_CONFLICTS = Counter(
    "heartwise_audit_chain_conflicts_total", "Appends or anchors refused because another writer moved a chain")
ANALYTICS_PUBLISHED = Counter(
    "heartwise_audit_analytics_events_total", "De-identified events published to analytics.v1", ["event_type"])
ANALYTICS_SKIPPED = Counter(
    "heartwise_audit_analytics_skipped_total", "Audited events not fit for analytics.v1", ["topic", "reason"])
CHAIN_VERIFICATIONS = Counter(
    "heartwise_audit_chain_verifications_total", "Chains verified, by result (ok or the break reason)", ["result"])
BROKEN_CHAINS = Gauge("heartwise_audit_broken_chains", "Broken chains found by the latest verification")
CONSUMER_LAG = Gauge("heartwise_audit_consumer_lag", "Records behind the high watermarks of the worker's assignment")
BATCH_SECONDS = latency_histogram("heartwise_audit_batch_seconds", "Time to audit one consumed batch")
ACCESS_REQUESTS = Counter(
    "heartwise_audit_api_requests_total", "Audit API requests by endpoint and outcome", ["endpoint", "outcome"])

# The plan's launch metrics (domain/launch.py has the definitions), per worker over its partitions: sum them.
DAILY_ACTIVE_USERS = Gauge("heartwise_audit_daily_active_users", "Distinct users with a chat turn, trailing 24 h")
DAILY_READING_USERS = Gauge("heartwise_audit_daily_reading_users", "Distinct users with a reading, trailing 24 h")
DAILY_ENGAGED_USERS = Gauge("heartwise_audit_daily_engaged_users",
                            "Users with a reading who also chatted or acted on a nudge, trailing 24 h")
DAILY_CONVERSATIONS = Gauge("heartwise_audit_daily_conversations", "Distinct conversations with a turn, trailing 24 h")
DAILY_CHAT_COST = Gauge("heartwise_audit_daily_chat_cost_usd", "LLM cost of chat turns (USD), trailing 24 h")
NUDGES_SEEN = Counter("heartwise_audit_nudges_total", "Nudges seen on nudges.v1 (first delivery only)", ["trigger"])
NUDGES_ACTED_ON = Counter("heartwise_audit_nudges_acted_on_total",
                          "Nudges followed by the nudged behaviour or a chat turn within 24 h", ["trigger"])
