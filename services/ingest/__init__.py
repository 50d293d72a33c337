"""Ingest service: HTTP gateway, raw-topic validator and Cassandra sink for readings."""
