"""Ingest adapters: Kafka, Cassandra."""
