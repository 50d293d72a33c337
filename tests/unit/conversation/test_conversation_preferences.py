"""Preferences: PATCH validation (each rule), the preferences.v1 record, and the per-turn cache."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import fastavro
import pytest
from conversation_fakes import FakePreferencesStore
from pydantic import ValidationError

from services.common.contracts import Topic, parsed_schema
from services.conversation.adapters.preferences import PreferencesCache
from services.conversation.domain import preferences as prefs

NOW_MS = int(datetime(2026, 11, 25, 12, 0, tzinfo=UTC).timestamp() * 1000)


def reasons(body: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        prefs.parse_patch(body, NOW_MS)
    return {".".join(str(p) for p in e["loc"]): e["msg"] for e in caught.value.errors()}


def test_conversation_preferences_defaults_come_from_the_schema():
    snapshot = prefs.normalise(None)
    assert snapshot["step_goal"] == 8000
    assert snapshot["timezone"] == "UTC"
    assert (snapshot["quiet_start_min"], snapshot["quiet_end_min"]) == (1320, 420)
    assert snapshot["nudges_enabled"] is True


def test_conversation_preferences_accepts_a_full_valid_patch():
    patch = prefs.parse_patch({
        "step_goal": 12000, "timezone": "America/New_York", "quiet_start": "21:30", "quiet_end": "06:45",
        "nudge_opt_outs": ["stale_data", "inactivity", "stale_data"], "snoozed_until": "2026-11-26T08:00:00+01:00",
        "language": "DE", "birth_year": 1961, "display_name": "  Ada   Lovelace ", "nudges_enabled": False,
    }, NOW_MS)
    changes = patch.changes()
    assert changes["quiet_start_min"] == 21 * 60 + 30
    assert changes["quiet_end_min"] == 6 * 60 + 45
    assert changes["nudge_opt_outs"] == ["inactivity", "stale_data"]
    assert changes["snoozed_until"] == int(datetime(2026, 11, 26, 7, 0, tzinfo=UTC).timestamp() * 1000)
    assert changes["language"] == "de"
    assert changes["display_name"] == "Ada Lovelace"
    assert changes["nudges_enabled"] is False
    assert "quiet_start" not in changes


def test_conversation_preferences_only_sent_fields_change_and_null_clears_nullable_ones():
    assert prefs.parse_patch({"step_goal": 5000}, NOW_MS).changes() == {"step_goal": 5000}
    assert prefs.parse_patch({"display_name": None, "birth_year": None, "snoozed_until": None}, NOW_MS).changes() == {
        "display_name": None, "birth_year": None, "snoozed_until": None}


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"step_goal": 999}, "step_goal", "greater than or equal to 1000"),
    ({"step_goal": 100_001}, "step_goal", "less than or equal to 100000"),
    ({"step_goal": "9000"}, "step_goal", "integer"),
    ({"step_goal": True}, "step_goal", "integer"),
    ({"timezone": "Mars/Olympus"}, "timezone", "IANA"),
    ({"timezone": "EST5EDT; rm -rf"}, "timezone", "IANA"),
    ({"timezone": None}, "timezone", "cannot be cleared"),
    ({"quiet_start": "24:00"}, "quiet_start", "HH:MM"),
    ({"quiet_end": "7:00"}, "quiet_end", "HH:MM"),
    ({"quiet_end": "07:60"}, "quiet_end", "HH:MM"),
    ({"nudge_opt_outs": ["step_goal", "cat_facts"]}, "nudge_opt_outs", "unknown nudge trigger"),
    ({"snoozed_until": "2026-11-20T08:00:00+00:00"}, "snoozed_until", "future"),
    ({"snoozed_until": "2026-11-26T08:00:00"}, "snoozed_until", "UTC offset"),
    ({"snoozed_until": NOW_MS + 400 * 86_400_000}, "snoozed_until", "a year"),
    ({"language": "xx"}, "language", "ISO 639-1"),
    ({"language": "english"}, "language", "ISO 639-1"),
    ({"birth_year": 1899}, "birth_year", "1900..2026"),
    ({"birth_year": 2027}, "birth_year", "1900..2026"),
    ({"display_name": "x" * 51}, "display_name", "at most 50"),
    ({"display_name": "bad\u0007name"}, "display_name", "control"),
    ({"nudges_enabled": "yes"}, "nudges_enabled", "boolean"),
    ({"user_id": "someone-else"}, "user_id", "Extra inputs are not permitted"),
])
def test_conversation_preferences_rejects_invalid_values_with_a_reason(body, field, words):
    found = reasons(body)
    assert field in found
    assert words in found[field]


def test_conversation_preferences_record_is_exactly_the_preferences_v1_schema():
    snapshot = prefs.normalise(None)
    snapshot.update(prefs.parse_patch({"step_goal": 12000, "display_name": "Ada"}, NOW_MS).changes())
    snapshot["updated_at"] = NOW_MS
    record = prefs.to_record("u-1", snapshot)
    schema = parsed_schema(Topic.PREFERENCES)
    assert set(record) == {f["name"] for f in schema["fields"]}
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, schema, record)  # raises if any field does not fit the contract
    buffer.seek(0)
    assert fastavro.schemaless_reader(buffer, schema) == record


def test_conversation_preferences_api_view_adds_quiet_hours_as_hh_mm():
    view = prefs.to_api(prefs.normalise({"quiet_start_min": 1350, "quiet_end_min": 5}))
    assert view["quiet_start"] == "22:30" and view["quiet_end"] == "00:05"
    assert "user_id" not in view


def test_conversation_preferences_utc_offset_follows_daylight_saving():
    winter = int(datetime(2026, 1, 15, tzinfo=UTC).timestamp() * 1000)
    summer = int(datetime(2026, 7, 15, tzinfo=UTC).timestamp() * 1000)
    assert prefs.utc_offset_min("Europe/Berlin", winter) == 60
    assert prefs.utc_offset_min("Europe/Berlin", summer) == 120
    assert prefs.utc_offset_min("America/New_York", winter) == -300
    assert prefs.utc_offset_min("Not/AZone", winter) == 0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_conversation_preferences_cache_serves_hits_without_the_store_until_the_ttl():
    store, clock = FakePreferencesStore(), Clock()
    await store.apply("u1", {"step_goal": 9000}, 1)
    cache = PreferencesCache(store, ttl_s=60, outage_ttl_s=5, max_users=10, clock=clock)
    for _ in range(50):
        got = await cache.get("u1")
    assert got.snapshot["step_goal"] == 9000 and got.available and got.stored
    assert store.loads == 1
    clock.now += 61
    await cache.get("u1")
    assert store.loads == 2


async def test_conversation_preferences_cache_remembers_an_outage_briefly_and_uses_defaults():
    store, clock = FakePreferencesStore(), Clock()
    store.down = True
    cache = PreferencesCache(store, ttl_s=60, outage_ttl_s=5, max_users=10, clock=clock)
    got = await cache.get("u1")
    assert not got.available and got.snapshot["step_goal"] == 8000
    await cache.get("u1")
    assert store.loads == 1  # the outage is remembered: turns do not each wait for the store
    store.down = False
    clock.now += 6
    assert (await cache.get("u1")).available
    assert store.loads == 2


async def test_conversation_preferences_cache_put_after_patch_and_bounded_size():
    store = FakePreferencesStore()
    cache = PreferencesCache(store, ttl_s=60, outage_ttl_s=5, max_users=2)
    cache.put("u1", prefs.normalise({"step_goal": 4000}))
    assert (await cache.get("u1")).snapshot["step_goal"] == 4000
    assert store.loads == 0
    await cache.get("u2")
    await cache.get("u3")
    assert cache.peek("u1") is None  # least recently used went first
    cache.invalidate("u3")
    assert cache.peek("u3") is None


async def test_conversation_preferences_cache_loads_once_for_concurrent_misses():
    import asyncio

    class SlowStore(FakePreferencesStore):
        async def load(self, user_id):
            await asyncio.sleep(0.01)
            return await super().load(user_id)

    store = SlowStore()
    cache = PreferencesCache(store, ttl_s=60, outage_ttl_s=5, max_users=10)
    results = await asyncio.gather(*(cache.get("u1") for _ in range(20)))
    assert store.loads == 1
    assert all(r.available for r in results)


async def test_conversation_preferences_store_reports_an_unreachable_server_as_unavailable():
    from services.common.config import PlatformSettings
    from services.common.mongo import build_client
    from services.conversation.adapters.preferences import MongoPreferencesStore, PreferencesUnavailable

    settings = PlatformSettings(mongo_url="mongodb://127.0.0.1:9")  # nothing listens on the discard port
    client = build_client(settings, timeout_ms=200)
    try:
        store = MongoPreferencesStore(client, settings)
        with pytest.raises(PreferencesUnavailable):
            await store.load("u1")
        with pytest.raises(PreferencesUnavailable):
            await store.apply("u1", {"step_goal": 9000}, NOW_MS)
        cache = PreferencesCache(store, ttl_s=60, outage_ttl_s=5, max_users=10)
        got = await cache.get("u1")
        assert not got.available and got.snapshot == prefs.normalise(None)
    finally:
        await client.close()
