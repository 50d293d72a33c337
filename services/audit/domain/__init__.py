"""Pure audit rules: the hash chain, the topic-to-audit mapping and analytics de-identification.

No I/O, no Kafka, no clock reads: callers pass times (epoch milliseconds) and keys in.
"""
