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
