"""Feature flags on the real stack: a running FlagStore follows `heartwise flags` changes without a restart,
and every change lands in audit.v1 in the same transaction.

The test changes `guards.v2` on the shared local flags.v1 topic, for the internal cohort only (staff- ids),
and puts the flag's previous rule back at the end (an audited change too).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest

from services.cli import main as heartwise
from services.common.contracts import Topic
from services.common.flags import GUARDS_V2, INTERNAL, Cohorts, FlagStore, plan_change, publish_change
from services.common.flags import now_ms as clock_ms

FLAG = GUARDS_V2
SEEN_WITHIN_S = 5.0


def _wait(condition: Callable[[], bool], timeout_s: float = SEEN_WITHIN_S) -> float:
    """Seconds until ``condition()`` held; fails the test after ``timeout_s``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout_s:
            pytest.fail(f"not seen within {timeout_s} s")
        time.sleep(0.05)
    return time.monotonic() - start


def test_a_running_store_sees_flag_changes_without_restart_and_each_change_is_audited(stack, tail):
    operator = f"it-{uuid.uuid4().hex[:8]}"
    marker = f"integration test {operator}"
    staff, outsider = f"staff-{operator}", f"u-{operator}"
    cohorts = Cohorts(internal_prefixes=("staff-",))  # no beta slice: the outsider is in no cohort
    audit = tail(Topic.AUDIT)
    store = FlagStore(cohorts=cohorts).start()
    assert store.wait_ready(15), "the store did not catch up with flags.v1"
    previous = store.get(FLAG)
    try:
        # Internal stage by hand, with a unique description so it is a change whatever the topic held.
        heartwise(["flags", "set", FLAG, "--enable", "--percent", "0", "--cohorts", INTERNAL,
                   "--description", marker, "--by", operator])
        _wait(lambda: getattr(store.get(FLAG), "description", None) == marker)
        assert store.is_enabled(FLAG, staff)
        assert not store.is_enabled(FLAG, outsider)
        assert getattr(store.get(FLAG), "updated_by", None) == operator

        # The kill switch, on the same running store.
        heartwise(["flags", "set", FLAG, "--disable", "--by", operator])
        _wait(lambda: not store.is_enabled(FLAG, staff))
        assert getattr(store.get(FLAG), "cohorts", None) == (INTERNAL,)  # kept for --enable

        # A launch stage: everyone.
        heartwise(["flags", "rollout", FLAG, "--stage", "100", "--by", operator])
        _wait(lambda: store.is_enabled(FLAG, outsider))
        assert store.is_enabled(FLAG, staff)

        # A store started now (a restarted service) reads the same rule from the compacted topic.
        with FlagStore(cohorts=cohorts) as restarted:
            assert restarted.wait_ready(15)
            assert restarted.get(FLAG) == store.get(FLAG)
            assert restarted.is_enabled(FLAG, outsider)

        records = audit.wait_for(lambda key, value: value["actor"] == f"operator:{operator}", count=3,
                                 timeout_s=15)
        assert len(records) == 3
        for _partition, key, event in records:
            assert key == f"operator:{operator}"
            assert (event["action"], event["resource"], event["outcome"]) == ("flag.changed", f"flag/{FLAG}",
                                                                              "success")
        details = [event["details"] for _p, _k, event in records]
        assert (details[0]["new_enabled"], details[0]["new_percent"], details[0]["new_cohorts"]) == (
            "true", "0", "internal")
        assert (details[1]["old_enabled"], details[1]["new_enabled"]) == ("true", "false")
        assert (details[2]["old_enabled"], details[2]["new_percent"], details[2]["stage"]) == ("false", "100", "100")
        assert details[2]["new_cohorts"] == "internal,beta"
    finally:
        # Put the previous rule back (for a flag the topic did not hold: the rule equal to its code default).
        restore = plan_change(store.get(FLAG), FLAG, by=operator, now_ms=clock_ms(),
                              enabled=previous.enabled if previous else True,
                              percent=previous.percent if previous else 0,
                              cohorts=previous.cohorts if previous else (),
                              description=previous.description if previous else "")
        if restore.changed:
            publish_change(restore)
            _wait(lambda: store.get(FLAG) == restore.after)
        store.stop()
