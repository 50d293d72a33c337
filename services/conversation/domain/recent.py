"""Each user's recent messages (times and text hashes, never text) for the rapid-repeat and spam rules of
guards/abuse.py. Kept in this replica's memory: bounded per user and in users; `now_ms` is passed in.

Per replica on purpose: these windows are seconds to minutes long, a load balancer with session affinity keeps
a user on one replica, and a user spread over replicas meets the shared daily limit anyway.
"""

from __future__ import annotations

from collections import OrderedDict, deque

from services.conversation.guards.abuse import BURST_WINDOW_MS, IDENTICAL_SPAM_WINDOW_MS

WINDOW_MS = max(BURST_WINDOW_MS, IDENTICAL_SPAM_WINDOW_MS)
MAX_EVENTS_PER_USER = 64  # more than either rule ever needs inside its window


class RecentActivity:
    def __init__(self, max_users: int = 100_000) -> None:
        self.max_users = max_users
        # per user: (time, message hash, answered) — a delayed or refused attempt is not `answered`
        self._users: OrderedDict[str, deque[tuple[int, str, bool]]] = OrderedDict()

    def _events(self, user_id: str, now_ms: int) -> deque[tuple[int, str, bool]]:
        events = self._users.get(user_id)
        if events is None:
            events = deque(maxlen=MAX_EVENTS_PER_USER)
            self._users[user_id] = events
            while len(self._users) > self.max_users:
                self._users.popitem(last=False)
        else:
            self._users.move_to_end(user_id)
        while events and now_ms - events[0][0] >= WINDOW_MS:
            events.popleft()
        return events

    def repeat_times(self, user_id: str, now_ms: int, message_hash: str) -> list[int]:
        """Times of the user's attempts with this hash (answered or not) inside the repeat window."""
        return [t for t, h, _answered in self._events(user_id, now_ms)
                if h == message_hash and now_ms - t < BURST_WINDOW_MS]

    def hashes(self, user_id: str, now_ms: int) -> list[str]:
        """Hashes of the user's answered messages inside the spam window."""
        return [h for t, h, answered in self._events(user_id, now_ms)
                if answered and now_ms - t < IDENTICAL_SPAM_WINDOW_MS]

    def record(self, user_id: str, now_ms: int, message_hash: str, *, answered: bool = True) -> None:
        """`answered` False: an attempt refused before processing (counts for the repeat rule only)."""
        self._events(user_id, now_ms).append((now_ms, message_hash, answered))
