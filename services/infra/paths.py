"""Where the local stack keeps its artifacts (shared cache) and its runtime files (data, logs, pids)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class StackPaths:
    cache: Path  # downloaded and built artifacts, shared by `make`, `.ci/run` and every clone
    run: Path  # this clone's data, rendered configs, logs and pid files
    recipes: Path  # committed launch recipes (deploy/local)

    @property
    def logs(self) -> Path:
        return self.run / "logs"

    @property
    def pids(self) -> Path:
        return self.run / "pids"

    def data(self, server: str) -> Path:
        path = self.run / "data" / server
        path.mkdir(parents=True, exist_ok=True)
        return path

    def conf(self, server: str) -> Path:
        return self.run / "conf" / server

    def log_file(self, server: str) -> Path:
        return self.logs / f"{server}.log"

    def pid_file(self, server: str) -> Path:
        return self.pids / f"{server}.pid"


def stack_paths() -> StackPaths:
    """Read at call time (never at import) so tests and CI can point them elsewhere."""
    cache = Path(os.environ.get("HEARTWISE_CACHE_DIR", Path.home() / ".cache" / "heartwise"))
    run = Path(os.environ.get("HEARTWISE_RUN_DIR", REPO_ROOT / ".run"))
    paths = StackPaths(cache=cache, run=run, recipes=REPO_ROOT / "deploy" / "local")
    for folder in (paths.cache, paths.logs, paths.pids):
        folder.mkdir(parents=True, exist_ok=True)
    return paths
