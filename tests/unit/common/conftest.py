"""Fixtures for the platform (services.common) tests: a clean HEARTWISE_* environment for every test.

Every test starts with only `HEARTWISE_ENV=test` set, runs in an empty temporary directory (so no
developer `.env` is read) and with the cached platform settings cleared before and after.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.common.config import get_platform_settings


@pytest.fixture(autouse=True)
def clean_platform_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in list(os.environ):
        if name.upper().startswith("HEARTWISE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HEARTWISE_ENV", "test")
    monkeypatch.chdir(tmp_path)
    get_platform_settings.cache_clear()
    yield
    get_platform_settings.cache_clear()
