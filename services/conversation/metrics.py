"""Prometheus metrics of the conversation service (created once at import: prometheus_client's registry is
process-global and these objects hold no connections or settings)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

from services.common.metrics import latency_histogram

REPLIES = Counter("heartwise_conversation_replies_total", "Chat replies by kind", ["kind"])
GUARD_HITS = Counter("heartwise_conversation_guard_hits_total", "Input guards that fired", ["guard", "category"])
RATE_LIMITED = Counter("heartwise_conversation_rate_limited_total", "Messages refused by the abuse policy",
                       ["reason"])  # daily_limit | burst
STAGE_LATENCY = latency_histogram("heartwise_conversation_stage_seconds", "Chat turn latency per stage",
                                  ("stage",))
TURN_LATENCY = latency_histogram("heartwise_conversation_turn_seconds", "Chat turn latency, request to reply",
                                 ("kind",))
DEPENDENCY_FAILURES = Counter("heartwise_conversation_dependency_failures_total",
                              "Store calls that failed (the service degraded instead)", ["dependency", "operation"])
COUNTER_FALLBACKS = Counter("heartwise_conversation_daily_count_fallbacks_total",
                            "Daily message counts taken from replica memory because Cassandra was unavailable")
TOKENS = Counter("heartwise_conversation_turn_tokens_total", "LLM tokens per turn as reported by the orchestrator",
                 ["type"])
COST = Counter("heartwise_conversation_turn_cost_usd_total", "Estimated LLM cost reported by the orchestrator")
ACCESS = Counter("heartwise_conversation_access_total", "Audited data accesses", ["action", "outcome"])
ORCHESTRATOR_TURNS = Counter("heartwise_conversation_orchestrator_turns_total",
                             "Turns answered per orchestrator (the llm_orchestrator rollout flag decides per user)",
                             ["orchestrator", "kind"])  # orchestrator: graph | offline
GUARD_VERSION_TURNS = Counter("heartwise_conversation_guard_version_turns_total",
                              "Chat turns per input-guard version (the guards.v2 rollout flag)", ["version"])
CONVERSATIONS_STARTED = Counter("heartwise_conversation_conversations_started_total",
                                "Conversations started (first answered turn without a conversation id)")
REQUEST_LATENCY = latency_histogram("heartwise_conversation_request_latency_seconds",
                                     "User-facing API request latency by route template and HTTP status",
                                     ("route", "status"))
ESCALATIONS_OPEN = Gauge("heartwise_conversation_escalations_open",
                         "Emergency escalations in the clinician queue not acknowledged yet (last 7 days scanned)")
ESCALATION_OLDEST_OPEN_AGE = Gauge("heartwise_conversation_escalation_oldest_open_age_seconds",
                                   "Age of the oldest unacknowledged escalation, 0 when none (SLO: ack < 15 min)")
