"""Shared test configuration: tests run against the development settings with a test environment name."""

from __future__ import annotations

import os

# Tests never read a developer's .env by accident: the defaults are the local stack's addresses.
os.environ.setdefault("HEARTWISE_ENV", "test")
