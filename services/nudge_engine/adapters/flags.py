"""The nudge triggers' rollout flags (``nudge.<trigger>``), asked of a FlagStore for the driver."""

from __future__ import annotations

from collections.abc import Callable

from services.common.flags import NUDGE_TRIGGERS, FlagStore, nudge_flag

_FLAG_OF = {trigger: nudge_flag(trigger) for trigger in NUDGE_TRIGGERS}  # no string building per nudge


def trigger_gate(flags: FlagStore) -> Callable[[str, str], bool]:
    """(user_id, trigger) -> whether the trigger is rolled out to the user: a dict lookup and at most a
    sha256 in the store, no I/O and no lock (the store swaps its whole mapping on change)."""

    def enabled(user_id: str, trigger: str) -> bool:
        return flags.is_enabled(_FLAG_OF.get(trigger) or nudge_flag(trigger), user_id)

    return enabled
