"""Anomaly service: per-user baselines; threshold, outlier, conflict and stale-data detection."""
