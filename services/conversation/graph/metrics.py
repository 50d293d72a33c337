"""Prometheus metrics of the LLM orchestrator (`heartwise_conversation_llm_*`, `heartwise_conversation_graph_*`).

Labels are bounded: provider (primary/secondary), model id (from settings), reply kind, outcome, guard name.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge

from services.common.metrics import latency_histogram

LLM_CALLS = Counter(
    "heartwise_conversation_llm_calls_total", "Model call attempts by outcome", ["provider", "model", "outcome"]
)
LLM_RETRIES = Counter("heartwise_conversation_llm_retries_total", "Retried model call attempts", ["provider"])
LLM_CALL_SECONDS = latency_histogram(
    "heartwise_conversation_llm_call_seconds", "Latency of successful model calls", ("provider",)
)
BREAKER_STATE = Gauge(
    "heartwise_conversation_llm_breaker_state", "Circuit breaker state (0 closed, 1 half-open, 2 open)", ["provider"]
)
LLM_TOKENS = Counter(
    "heartwise_conversation_llm_tokens_total",
    "Tokens per turn by model, reply kind and type (input, output, cache_read, cache_write)",
    ["model", "kind", "type"],
)
LLM_COST_USD = Counter(
    "heartwise_conversation_llm_cost_usd_total", "Cost at list prices by model and reply kind", ["model", "kind"]
)
GRAPH_TURNS = Counter(
    "heartwise_conversation_graph_turns_total", "Orchestrated turns by reply kind and outcome", ["kind", "outcome"]
)
OUTPUT_GUARD_HITS = Counter(
    "heartwise_conversation_output_guard_hits_total", "Output guard findings on model replies", ["guard"]
)
GRAPH_TURN_SECONDS = latency_histogram(
    "heartwise_conversation_graph_turn_seconds", "Orchestrator latency per turn", ("kind",)
)
