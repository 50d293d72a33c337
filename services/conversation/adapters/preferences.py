"""Preferences in the MongoDB-wire store (FerretDB locally) and the cache the chat path reads them from.

The store is slow (FerretDB: ~250 upserts/s) and may be down; a turn never waits for it when the cache holds
the user, and an outage is remembered for a few seconds so turns do not each wait for the store's timeout.
A PATCH on this replica refreshes its cache at once; other replicas see the change within the cache TTL.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pymongo import AsyncMongoClient, ReturnDocument

from services.common.config import PlatformSettings
from services.common.logging import get_logger
from services.common.mongo import database
from services.conversation.domain.preferences import SNAPSHOT_FIELDS, default_preferences, normalise

log = get_logger(__name__)

COLLECTION = "preferences"


class PreferencesUnavailable(Exception):
    """The preferences store cannot be reached."""


class PreferencesStore(Protocol):
    async def load(self, user_id: str) -> dict[str, Any] | None: ...

    async def apply(self, user_id: str, changes: dict[str, Any], now_ms: int) -> dict[str, Any]: ...


class MongoPreferencesStore:
    """One document per user, keyed by the user id itself (``_id`` = user id; the unique index on user_id,
    deploy/migrations/mongo_indexes.json, stays as a guard). Why ``_id``: FerretDB (SQLite) answers an ``_id``
    lookup from its primary key in ~6 ms, but filters on other fields by scanning every document (~80 ms at
    1,000 users here, growing with the collection), which put whole seconds on the chat's p95."""

    def __init__(self, client: AsyncMongoClient, settings: PlatformSettings) -> None:
        self.collection = database(client, settings)[COLLECTION]

    async def adopt_legacy_documents(self) -> int:
        """Re-key documents written before ``_id`` was the user id (they carry a generated ObjectId).
        Run once at startup; idempotent; returns how many were moved."""
        moved = 0
        async for document in self.collection.find({"_id": {"$type": "objectId"}}):
            user_id = document.get("user_id")
            if not isinstance(user_id, str):
                continue
            # Delete first: the unique index on user_id forbids two documents of one user.
            await self.collection.delete_one({"_id": document["_id"]})
            await self.collection.replace_one({"_id": user_id}, {**document, "_id": user_id}, upsert=True)
            moved += 1
        return moved

    async def load(self, user_id: str) -> dict[str, Any] | None:
        try:
            document = await self.collection.find_one({"_id": user_id}, projection={"_id": False})
        except Exception as error:  # pymongo raises several families (timeouts, auto-reconnect, ...)
            raise PreferencesUnavailable(type(error).__name__) from error
        return normalise(document) if document is not None else None

    async def apply(self, user_id: str, changes: dict[str, Any], now_ms: int) -> dict[str, Any]:
        """Merges `changes` into the stored document atomically (created from the defaults when new)."""
        on_insert = {name: value for name, value in default_preferences().items()
                     if name not in changes and name in SNAPSHOT_FIELDS}
        try:
            document = await self.collection.find_one_and_update(
                {"_id": user_id},
                {"$set": {**changes, "updated_at": now_ms}, "$setOnInsert": {"user_id": user_id, **on_insert}},
                upsert=True, return_document=ReturnDocument.AFTER,  # (FerretDB 1 has no projection here)
            )
        except Exception as error:
            raise PreferencesUnavailable(type(error).__name__) from error
        return normalise(document)


@dataclass(frozen=True)
class CachedPreferences:
    snapshot: dict[str, Any]  # complete preferences.v1 fields (defaults when none are stored)
    available: bool  # False: the store could not be read, the snapshot holds the defaults
    stored: bool = False  # the user has saved preferences


class PreferencesCache:
    def __init__(self, store: PreferencesStore, *, ttl_s: float, outage_ttl_s: float, max_users: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.ttl_s = ttl_s
        self.outage_ttl_s = outage_ttl_s
        self.max_users = max_users
        self.clock = clock
        self._entries: OrderedDict[str, tuple[float, CachedPreferences]] = OrderedDict()
        self._loading: dict[str, asyncio.Future[CachedPreferences]] = {}
        self.hits = 0
        self.misses = 0

    async def get(self, user_id: str) -> CachedPreferences:
        entry = self._entries.get(user_id)
        if entry is not None and entry[0] > self.clock():
            self._entries.move_to_end(user_id)
            self.hits += 1
            return entry[1]
        self.misses += 1
        loading = self._loading.get(user_id)
        if loading is not None:  # one store read per user at a time, however many turns wait for it
            return await asyncio.shield(loading)
        future: asyncio.Future[CachedPreferences] = asyncio.get_running_loop().create_future()
        self._loading[user_id] = future
        try:
            result = await self._load(user_id)
            future.set_result(result)
            return result
        except BaseException:  # cancelled: the waiters give up too
            future.cancel()
            raise
        finally:
            del self._loading[user_id]

    def peek(self, user_id: str) -> CachedPreferences | None:
        """The cached entry if there is a fresh one; never reads the store."""
        entry = self._entries.get(user_id)
        return entry[1] if entry is not None and entry[0] > self.clock() else None

    async def _load(self, user_id: str) -> CachedPreferences:
        try:
            document = await self.store.load(user_id)
        except PreferencesUnavailable as error:
            log.warning("preferences_unavailable", error_type=str(error))
            result = CachedPreferences(normalise(None), available=False)
            self._remember(user_id, result, self.outage_ttl_s)
            return result
        result = CachedPreferences(document if document is not None else normalise(None), available=True,
                                   stored=document is not None)
        self._remember(user_id, result, self.ttl_s)
        return result

    def put(self, user_id: str, snapshot: dict[str, Any]) -> None:
        """After a successful PATCH on this replica."""
        self._remember(user_id, CachedPreferences(snapshot, available=True, stored=True), self.ttl_s)

    def invalidate(self, user_id: str) -> None:
        self._entries.pop(user_id, None)

    def _remember(self, user_id: str, value: CachedPreferences, ttl_s: float) -> None:
        self._entries[user_id] = (self.clock() + ttl_s, value)
        self._entries.move_to_end(user_id)
        while len(self._entries) > self.max_users:
            self._entries.popitem(last=False)
