"""MongoDB-wire document store (FerretDB locally; MongoDB or DocumentDB in production) via PyMongo's
native async API (`AsyncMongoClient`, the official successor of motor).

FerretDB on SQLite does ~250 upserts/s here: keep it off per-reading and per-turn hot paths (cache what they
need, e.g. preferences from the compacted `preferences.v1`). FerretDB 1 has no TTL indexes, so nothing that
must expire lives only in this store.
"""

from __future__ import annotations

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from services.common.config import PlatformSettings, get_platform_settings


def build_client(settings: PlatformSettings | None = None, *, timeout_ms: int = 2000) -> AsyncMongoClient:
    settings = settings or get_platform_settings()
    return AsyncMongoClient(
        settings.mongo_url,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        socketTimeoutMS=timeout_ms * 2,
        retryWrites=False,  # FerretDB 1 does not implement retryable writes
        tz_aware=True,
    )


def database(client: AsyncMongoClient, settings: PlatformSettings | None = None) -> AsyncDatabase:
    settings = settings or get_platform_settings()
    return client[settings.mongo_database]


async def ping(client: AsyncMongoClient) -> bool:
    await client.admin.command("ping")
    return True
