"""Feature flags on the real stack: a running FlagStore follows `heartwise flags` changes without a restart,
and every change lands in audit.v1 in the same transaction; a running conversation service switches a user
to the LLM orchestrator when `heartwise flags rollout llm_orchestrator` reaches their cohort, and back.

The tests change `guards.v2` and `llm_orchestrator` on the shared local flags.v1 topic, for the internal cohort
only (staff- ids), and put each flag's previous rule back at the end (an audited change too).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import httpx
import pytest
from fake_anthropic import FakeAnthropic

from services.cli import main as heartwise
from services.common.auth import mint_dev_token
from services.common.contracts import Topic
from services.common.flags import (
    GUARDS_V2,
    INTERNAL,
    KNOWN_FLAGS,
    LLM_ORCHESTRATOR,
    Cohorts,
    FlagDefinition,
    FlagStore,
    plan_change,
    publish_change,
)
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
        _restore(store, FLAG, previous, operator)
        store.stop()


def _restore(store: FlagStore, name: str, previous: FlagDefinition | None, operator: str) -> None:
    """Put the previous rule back (for a flag the topic did not hold: the rule equal to its code default)."""
    restore = plan_change(store.get(name), name, by=operator, now_ms=clock_ms(),
                          enabled=previous.enabled if previous else True,
                          percent=previous.percent if previous else (100 if KNOWN_FLAGS[name] else 0),
                          cohorts=previous.cohorts if previous else (),
                          description=previous.description if previous else "")
    if restore.changed:
        publish_change(restore)
        _wait(lambda: store.get(name) == restore.after)


CONVERSATION_READY_S = 240.0  # the guards' language models load before /readyz (a minute on a busy machine)


def _graph_turns(base_url: str) -> float:
    """heartwise_conversation_orchestrator_turns_total{orchestrator="graph"} summed over kinds."""
    text = httpx.get(f"{base_url}/metrics", timeout=5).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("heartwise_conversation_orchestrator_turns_total{")
               and 'orchestrator="graph"' in line)


def test_a_running_conversation_service_switches_orchestrator_when_the_flag_changes(stack, services):
    """No restart between the turns: the same process answers offline, then through the LLM orchestrator once
    the CLI moves llm_orchestrator to the internal stage, then offline again after the kill switch."""
    operator = f"it-{uuid.uuid4().hex[:8]}"
    staff, outsider = f"staff-{operator}", f"u-{operator}"
    store = FlagStore(cohorts=Cohorts(internal_prefixes=("staff-",))).start()
    assert store.wait_ready(15), "the store did not catch up with flags.v1"
    previous = store.get(LLM_ORCHESTRATOR)
    with FakeAnthropic() as model:
        try:
            # Start from "off for everyone" (audited like any change), whatever the shared topic held.
            heartwise(["flags", "set", LLM_ORCHESTRATOR, "--disable", "--by", operator])
            _wait(lambda: store.get(LLM_ORCHESTRATOR) is not None and not store.get(LLM_ORCHESTRATOR).enabled)
            _proc, base_url = services.start(
                f"conversation-flags-{operator}", "services.conversation.main", port_env="HEARTWISE_CONVERSATION_PORT",
                env={"ANTHROPIC_API_KEY": "sk-fake-for-tests", "HEARTWISE_LLM_BASE_URL": model.base_url,
                     "HEARTWISE_CONVERSATION_BURST_DELAYS_ENABLED": "false"},
                ready_timeout_s=CONVERSATION_READY_S)
            assert base_url is not None

            def chat(user: str, text: str) -> dict:  # type: ignore[type-arg]
                token = mint_dev_token(user, ["chat"], ttl_s=600)
                reply = httpx.post(f"{base_url}/v1/chat", json={"message": text},
                                   headers={"Authorization": f"Bearer {token}"}, timeout=30)
                assert reply.status_code == 200, reply.text
                return reply.json()

            chat(staff, "How many steps did I walk this week?")
            assert (len(model.bodies()), _graph_turns(base_url)) == (0, 0)  # flag off: offline responder

            heartwise(["flags", "rollout", LLM_ORCHESTRATOR, "--stage", "internal", "--by", operator])
            questions = iter(f"How has my heart rate been over the last {n} days?" for n in range(2, 60))

            def staff_gets_the_model() -> bool:
                chat(staff, next(questions))
                return _graph_turns(base_url) > 0

            _wait(staff_gets_the_model, timeout_s=15)  # ≤ one poll of the service's store, no restart
            assert model.bodies(), "the LLM orchestrator answered without calling the model"
            calls = len(model.bodies())
            chat(outsider, "How has my sleep been recently?")  # not in the internal cohort: offline
            assert len(model.bodies()) == calls

            heartwise(["flags", "set", LLM_ORCHESTRATOR, "--disable", "--by", operator])  # the kill switch
            _wait(lambda: not store.is_enabled(LLM_ORCHESTRATOR, staff))

            def staff_back_offline() -> bool:
                before = _graph_turns(base_url)
                chat(staff, next(questions))
                return _graph_turns(base_url) == before

            _wait(staff_back_offline, timeout_s=15)
        finally:
            _restore(store, LLM_ORCHESTRATOR, previous, operator)
            store.stop()
