"""`UserData` over Cassandra (readings, anomalies) and the preferences cache, bound to one user and one turn.

The user id is fixed at construction from the token's `sub`; neither the orchestrator nor the model can ask
for anyone else. Results are memoised for the turn, so a graph calling the same tool twice reads once.
"""

from __future__ import annotations

from typing import Any

from services.conversation.adapters.preferences import PreferencesCache
from services.conversation.adapters.stores import MS_PER_DAY, AnomalyStore, ReadingsStore
from services.conversation.orchestration import AnomalyNote, Metric, ReadingPoint

MAX_DAYS = 365


class CassandraUserData:
    def __init__(self, user_id: str, now_ms: int, readings: ReadingsStore, anomalies: AnomalyStore,
                 preferences: PreferencesCache) -> None:
        self._user_id = user_id
        self._now_ms = now_ms
        self._readings = readings
        self._anomalies = anomalies
        self._preferences = preferences
        self._reading_cache: dict[tuple[str, int], list[ReadingPoint]] = {}
        self._anomaly_cache: dict[int, list[AnomalyNote]] = {}
        self.preferences_available = True

    async def readings(self, metric: Metric, days: int) -> list[ReadingPoint]:
        days = max(1, min(MAX_DAYS, int(days)))
        key = (metric, days)
        if key not in self._reading_cache:
            # A wider window read earlier in this turn already holds these rows.
            wider = [d for (m, d) in self._reading_cache if m == metric and d >= days]
            if wider:
                since = self._now_ms - days * MS_PER_DAY
                self._reading_cache[key] = [r for r in self._reading_cache[(metric, min(wider))]
                                            if r.measured_at >= since]
            else:
                stored = await self._readings.readings(self._user_id, metric, self._now_ms - days * MS_PER_DAY,
                                                       self._now_ms)
                self._reading_cache[key] = [s.point for s in stored]
        return list(self._reading_cache[key])

    async def anomalies(self, days: int) -> list[AnomalyNote]:
        days = max(1, min(MAX_DAYS, int(days)))
        if days not in self._anomaly_cache:
            self._anomaly_cache[days] = await self._anomalies.anomalies(self._user_id, self._now_ms - days * MS_PER_DAY)
        return list(self._anomaly_cache[days])

    async def preferences(self) -> dict[str, Any]:
        cached = await self._preferences.get(self._user_id)
        self.preferences_available = cached.available
        return dict(cached.snapshot)
