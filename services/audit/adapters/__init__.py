"""Audit adapters: the Cassandra log store, the Kafka publishers (analytics.v1, audit.v1) and the codec."""
