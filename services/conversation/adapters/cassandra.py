"""Cassandra for the conversation service: one session, connected in the background, used from asyncio.

- The API must start and answer while Cassandra is down (history "unavailable", the daily count per replica),
  so the gateway connects in a background task and keeps retrying; until then every call raises
  `StoreUnavailable` at once instead of waiting for a driver timeout.
- The driver's futures are bridged onto the event loop (no thread per query). Paging is off: every query
  here carries a LIMIT.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from cassandra.cluster import Cluster, ResponseFuture, Session
from cassandra.query import BatchStatement, BatchType, PreparedStatement

from services.common.cassandra import connect
from services.common.config import PlatformSettings
from services.common.logging import get_logger

log = get_logger(__name__)


class StoreUnavailable(Exception):
    """The store cannot be reached (not connected yet, node down, timeout)."""


_EPOCH = datetime(1970, 1, 1)
_MS = timedelta(milliseconds=1)


def to_ms(value: datetime | None) -> int | None:
    """A driver timestamp (naive UTC datetime) as epoch milliseconds."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return (value - _EPOCH) // _MS


class CassandraGateway:
    """Owns the cluster and session; prepares the named statements once connected."""

    def __init__(self, settings: PlatformSettings, statements: dict[str, str], *, timeout_s: float = 2.0,
                 reconnect_s: float = 5.0) -> None:
        self.settings = settings
        self.statements = statements
        self.timeout_s = timeout_s
        self.reconnect_s = reconnect_s
        self._cluster: Cluster | None = None
        self._session: Session | None = None
        self._prepared: dict[str, PreparedStatement] = {}
        self._task: asyncio.Task[None] | None = None
        self._connected_event: asyncio.Event | None = None

    @property
    def connected(self) -> bool:
        return self._session is not None

    async def start(self) -> None:
        """Connect in the background; returns at once."""
        self._connected_event = asyncio.Event()
        self._task = asyncio.create_task(self._connect_until_done(), name="cassandra-connect")

    async def wait_connected(self, timeout_s: float) -> bool:
        if self._connected_event is not None and not self.connected:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._connected_event.wait(), timeout_s)
        return self.connected

    async def _connect_until_done(self) -> None:
        while self._session is None:
            try:
                cluster, session, prepared = await asyncio.to_thread(self._connect_and_prepare)
            except Exception as error:  # noqa: BLE001 - any failure means "try again later"
                log.warning("cassandra_connect_failed", error_type=type(error).__name__, error=str(error)[:200])
                await asyncio.sleep(self.reconnect_s)
                continue
            self._cluster, self._prepared, self._session = cluster, prepared, session
            if self._connected_event is not None:
                self._connected_event.set()
            log.info("cassandra_connected", statements=len(prepared))

    def _connect_and_prepare(self) -> tuple[Cluster, Session, dict[str, PreparedStatement]]:
        cluster, session = connect(self.settings)
        try:
            session.default_fetch_size = None  # every query has a LIMIT; no paging through the bridge
            prepared = {name: session.prepare(cql) for name, cql in self.statements.items()}
        except Exception:
            cluster.shutdown()
            raise
        return cluster, session, prepared

    async def execute(self, name: str, params: Sequence[Any], *, timeout_s: float | None = None) -> list[Any]:
        session = self._session
        if session is None:
            raise StoreUnavailable("cassandra is not connected")
        try:
            future = session.execute_async(self._prepared[name], params, timeout=timeout_s or self.timeout_s)
            return await _bridge(future)
        except StoreUnavailable:
            raise
        except Exception as error:  # NoHostAvailable, timeouts, overloaded: the store is unavailable
            raise StoreUnavailable(f"{type(error).__name__}: {str(error)[:200]}") from error

    async def execute_batch(self, statements: Sequence[tuple[str, Sequence[Any]]], *,
                            timeout_s: float | None = None) -> None:
        """Several writes in one round trip (an UNLOGGED batch: no batch log; each write still lands on its own
        partition). For the two or three rows one chat turn writes."""
        session = self._session
        if session is None:
            raise StoreUnavailable("cassandra is not connected")
        batch = BatchStatement(batch_type=BatchType.UNLOGGED)
        for name, params in statements:
            batch.add(self._prepared[name], params)
        try:
            await _bridge(session.execute_async(batch, timeout=timeout_s or self.timeout_s))
        except Exception as error:
            raise StoreUnavailable(f"{type(error).__name__}: {str(error)[:200]}") from error

    async def execute_raw(self, cql: str, params: Sequence[Any] = ()) -> list[Any]:
        session = self._session
        if session is None:
            raise StoreUnavailable("cassandra is not connected")
        try:
            return await _bridge(session.execute_async(cql, params, timeout=self.timeout_s))
        except Exception as error:
            raise StoreUnavailable(f"{type(error).__name__}") from error

    async def ping(self) -> bool:
        rows = await self.execute_raw("SELECT release_version FROM system.local")
        return bool(rows)

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._cluster is not None:
            cluster, self._cluster, self._session = self._cluster, None, None
            await asyncio.to_thread(cluster.shutdown)


def _bridge(response: ResponseFuture) -> asyncio.Future[list[Any]]:
    """The driver calls back on its own thread; hand the result to the loop that is waiting."""
    loop = asyncio.get_running_loop()
    waiter: asyncio.Future[list[Any]] = loop.create_future()

    def resolve(rows: Any) -> None:
        if not waiter.done():
            waiter.set_result(list(rows) if rows is not None else [])

    def reject(error: BaseException) -> None:
        if not waiter.done():
            waiter.set_exception(error)

    response.add_callbacks(lambda rows: loop.call_soon_threadsafe(resolve, rows),
                           lambda error: loop.call_soon_threadsafe(reject, error))
    return waiter
