"""Kafka-side parts of the anomaly worker: the stale-data due index, heartbeats, dead letters, metrics."""
