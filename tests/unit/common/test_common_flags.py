"""services.common.flags: evaluation per launch stage, cohorts, changes + their audit events, the store's state."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import fastavro
import httpx
import pytest
from confluent_kafka.schema_registry.error import SchemaRegistryError

from services.common.contracts import Topic, load_schema, load_topics, parsed_schema
from services.common.flags import (
    BETA,
    COHORTS,
    GUARDS_V2,
    INTERNAL,
    KNOWN_FLAGS,
    LLM_ORCHESTRATOR,
    NUDGE_TRIGGERS,
    STAGES,
    Cohorts,
    FlagDefinition,
    FlagSettings,
    FlagStore,
    _Follow,
    describe,
    evaluate,
    nudge_flag,
    plan_change,
    plan_stage,
)

NOW = 1_795_600_500_000
USERS = [f"u-{i}" for i in range(10_000)]
STAFF = [f"staff-{i}" for i in range(50)]
# The platform defaults (checked below): staff- prefix internal, a 1,000-of-100,000 beta slice (100 buckets).
COHORT_RULE = Cohorts(internal_prefixes=("staff-",), beta_buckets=100)


def flag(name: str = GUARDS_V2, *, enabled: bool = True, percent: int = 0,
         cohorts: tuple[str, ...] = ()) -> FlagDefinition:
    return FlagDefinition(name=name, enabled=enabled, percent=percent, cohorts=cohorts, updated_at=NOW,
                          updated_by="alice")


def gets(definition: FlagDefinition | None, user: str, *, default: bool = False) -> bool:
    return evaluate(definition, user, COHORT_RULE.of(user), default=default)


def staged(stage: str, name: str = LLM_ORCHESTRATOR) -> FlagDefinition:
    return plan_stage(None, name, stage, by="alice", now_ms=NOW).after


# --- the flags and their defaults ----------------------------------------------------------------------------


def test_known_flags_cover_the_orchestrator_every_nudge_trigger_and_the_guard_version_with_their_defaults():
    assert KNOWN_FLAGS[LLM_ORCHESTRATOR] is False
    assert KNOWN_FLAGS[GUARDS_V2] is True  # safety: v2 catches more emergencies; the flag rolls back
    for trigger in NUDGE_TRIGGERS:
        assert KNOWN_FLAGS[nudge_flag(trigger)] is True
    assert len(KNOWN_FLAGS) == 2 + len(NUDGE_TRIGGERS)
    with pytest.raises(TypeError):
        KNOWN_FLAGS["new"] = True  # type: ignore[index]


def test_nudge_triggers_are_the_contract_vocabulary():
    trigger = next(f for f in load_schema(Topic.NUDGES)["fields"] if f["name"] == "trigger")
    assert list(NUDGE_TRIGGERS) == trigger["type"]["symbols"]


# --- evaluation ---------------------------------------------------------------------------------------------


def test_no_definition_means_the_code_default():
    assert gets(None, "u-1", default=True) is True
    assert gets(None, "u-1", default=False) is False


def test_disabled_wins_over_cohorts_and_a_full_rollout():
    killed = flag(enabled=False, percent=100, cohorts=(INTERNAL, BETA))
    assert not any(gets(killed, user) for user in [*STAFF, *USERS[:2000]])


def test_a_cohort_wins_over_the_percentage():
    internal_only = flag(percent=0, cohorts=(INTERNAL,))
    assert all(gets(internal_only, user) for user in STAFF)
    assert not any(gets(internal_only, user) for user in USERS if not COHORT_RULE.of(user))


def test_evaluation_is_deterministic():
    ten = flag(percent=10)
    first = [gets(ten, user) for user in USERS[:2000]]
    assert first == [gets(ten, user) for user in USERS[:2000]]
    assert first == [gets(replace(ten, updated_at=NOW + 1), user) for user in USERS[:2000]]  # another process


def test_ten_percent_reaches_about_ten_percent_of_ten_thousand_users():
    share = sum(gets(flag(percent=10), user) for user in USERS) / len(USERS)
    assert abs(share - 0.10) <= 0.015


def test_raising_ten_to_fifty_percent_only_adds_users():
    ten = {user for user in USERS if gets(flag(percent=10), user)}
    fifty = {user for user in USERS if gets(flag(percent=50), user)}
    assert ten < fifty
    assert 0.45 <= len(fifty) / len(USERS) <= 0.55


# --- the plan's launch stages --------------------------------------------------------------------------------


def test_stages_are_the_plans_phases():
    assert list(STAGES) == ["internal", "beta", "10", "100"]
    assert staged("internal").cohorts == (INTERNAL,)
    assert staged("internal").percent == 0
    assert staged("beta").cohorts == (INTERNAL, BETA)
    assert staged("beta").percent == 0
    assert staged("10").percent == 10
    assert staged("100").percent == 100
    assert all(staged(stage).enabled for stage in STAGES)


def test_internal_stage_reaches_only_internal_users():
    internal = staged("internal")
    assert all(gets(internal, user) for user in STAFF)
    assert [user for user in USERS if gets(internal, user)] == []


def test_beta_stage_adds_the_beta_cohort_and_nobody_else():
    beta = staged("beta")
    reached = {user for user in USERS if gets(beta, user)}
    assert reached == {user for user in USERS if BETA in COHORT_RULE.of(user)}
    assert 0 < len(reached) < 0.03 * len(USERS)  # ~1 % (1,000 of the plan's 100,000)
    assert all(gets(beta, user) for user in STAFF)


def test_ten_percent_stage_keeps_both_cohorts_and_adds_about_ten_percent():
    ten = staged("10")
    assert all(gets(ten, user) for user in STAFF)
    outside_cohorts = [user for user in USERS if not COHORT_RULE.of(user)]
    share = sum(gets(ten, user) for user in outside_cohorts) / len(outside_cohorts)
    assert abs(share - 0.10) <= 0.015


def test_full_stage_reaches_everyone():
    assert all(gets(staged("100"), user) for user in [*STAFF, *USERS])


def test_each_stage_only_adds_users():
    previous: set[str] = set()
    for stage in STAGES:
        current = {user for user in [*STAFF, *USERS] if gets(staged(stage), user)}
        assert previous <= current, stage
        previous = current
    assert previous == {*STAFF, *USERS}


# --- cohorts ------------------------------------------------------------------------------------------------


def test_default_cohort_rule_is_staff_prefix_and_the_plans_beta():
    assert Cohorts.from_settings(FlagSettings()) == COHORT_RULE


def test_internal_cohort_from_an_id_list_and_prefixes(monkeypatch):
    monkeypatch.setenv("HEARTWISE_FLAG_INTERNAL_USERS", "u-7, qa-device-1")
    monkeypatch.setenv("HEARTWISE_FLAG_INTERNAL_PREFIXES", "staff-,test-")
    rule = Cohorts.from_settings(FlagSettings())
    assert INTERNAL in rule.of("u-7")
    assert INTERNAL in rule.of("qa-device-1")
    assert INTERNAL in rule.of("test-abc")
    assert INTERNAL in rule.of("staff-1")
    assert INTERNAL not in rule.of("u-8")
    assert INTERNAL not in rule.of("u-staff-1")


def test_beta_slice_is_about_a_thousand_of_the_expected_hundred_thousand():
    users = [f"b-{i}" for i in range(100_000)]
    in_beta = sum(BETA in COHORT_RULE.of(user) for user in users)
    assert 900 <= in_beta <= 1100
    assert COHORT_RULE.beta_buckets == 100


def test_beta_slice_scales_with_the_expected_population_and_growing_it_keeps_members(monkeypatch):
    monkeypatch.setenv("HEARTWISE_FLAG_EXPECTED_USERS", "10000")
    small = Cohorts.from_settings(FlagSettings())
    monkeypatch.setenv("HEARTWISE_FLAG_BETA_SIZE", "2000")
    larger = Cohorts.from_settings(FlagSettings())
    first = {user for user in USERS if BETA in small.of(user)}
    second = {user for user in USERS if BETA in larger.of(user)}
    assert 850 <= len(first) <= 1150
    assert first < second


def test_beta_users_list_adds_recruited_testers_and_size_zero_turns_the_slice_off(monkeypatch):
    monkeypatch.setenv("HEARTWISE_FLAG_BETA_USERS", "u-1,u-2")
    monkeypatch.setenv("HEARTWISE_FLAG_BETA_SIZE", "0")
    rule = Cohorts.from_settings(FlagSettings())
    assert {user for user in USERS if BETA in rule.of(user)} == {"u-1", "u-2"}


def test_beta_slice_does_not_follow_any_flags_percent_slice():
    beta = {user for user in USERS if BETA in COHORT_RULE.of(user)}
    ten = {user for user in USERS if evaluate(flag(percent=10), user, ())}
    assert len(beta & ten) < 0.5 * len(beta)  # independent salts: ~10 % of the beta, not all of it


def test_cohort_sizes_are_validated(monkeypatch):
    monkeypatch.setenv("HEARTWISE_FLAG_EXPECTED_USERS", "0")
    with pytest.raises(ValueError, match="EXPECTED_USERS"):
        Cohorts.from_settings(FlagSettings())


# --- the record ---------------------------------------------------------------------------------------------


def test_definition_round_trips_through_the_flags_schema():
    definition = FlagDefinition(name=LLM_ORCHESTRATOR, enabled=True, percent=10, cohorts=(INTERNAL, BETA),
                                updated_at=NOW, updated_by="alice", description="launch week 2")
    record = definition.to_record()
    assert fastavro.validation.validate(record, parsed_schema(Topic.FLAGS))
    assert [f["name"] for f in load_schema(Topic.FLAGS)["fields"]] == list(record)
    assert FlagDefinition.from_record(record) == definition


def test_flags_topic_is_compacted_keyed_by_flag_name_with_a_dlq():
    spec = load_topics()[Topic.FLAGS]
    assert spec.config["cleanup.policy"] == "compact"
    assert spec.has_dlq
    assert spec.partitions == 6
    assert load_schema(Topic.FLAGS)["name"] == "FlagDefinition"


@pytest.mark.parametrize("percent", [-1, 101, True, 10.5])
def test_percent_must_be_an_integer_within_0_to_100(percent):
    with pytest.raises(ValueError, match="percent"):
        FlagDefinition(name="x", enabled=True, percent=percent)


# --- changes ------------------------------------------------------------------------------------------------


def test_set_from_the_code_default_keeps_what_is_not_given():
    change = plan_change(None, LLM_ORCHESTRATOR, by="alice", now_ms=NOW, cohorts=[INTERNAL])
    assert change.after == FlagDefinition(name=LLM_ORCHESTRATOR, enabled=True, percent=0, cohorts=(INTERNAL,),
                                          updated_at=NOW, updated_by="alice")
    assert change.changed


def test_disable_keeps_percent_and_cohorts_so_enable_restores_them():
    current = flag(percent=10, cohorts=(INTERNAL, BETA))
    off = plan_change(current, GUARDS_V2, by="bob", now_ms=NOW + 1, enabled=False).after
    assert (off.enabled, off.percent, off.cohorts) == (False, 10, (INTERNAL, BETA))
    on = plan_change(off, GUARDS_V2, by="bob", now_ms=NOW + 2, enabled=True).after
    assert (on.enabled, on.percent, on.cohorts) == (True, 10, (INTERNAL, BETA))


def test_the_same_rule_again_is_no_change():
    current = staged("10", GUARDS_V2)
    assert not plan_stage(current, GUARDS_V2, "10", by="carol", now_ms=NOW + 5).changed
    assert not plan_change(None, "nudge.step_goal", by="carol", now_ms=NOW).changed  # = its code default (on)
    assert plan_change(None, "nudge.step_goal", by="carol", now_ms=NOW, enabled=False).changed


def test_rollout_re_enables_a_killed_flag():
    killed = flag(enabled=False, percent=10, cohorts=(INTERNAL, BETA))
    assert plan_stage(killed, GUARDS_V2, "100", by="alice", now_ms=NOW).after.enabled


def test_unknown_flag_cohort_stage_or_missing_operator_is_refused():
    with pytest.raises(KeyError, match="unknown flag"):
        plan_change(None, "guards.v3", by="alice", now_ms=NOW)
    with pytest.raises(ValueError, match="unknown cohort"):
        plan_change(None, GUARDS_V2, by="alice", now_ms=NOW, cohorts=["vip"])
    with pytest.raises(ValueError, match="unknown stage"):
        plan_stage(None, GUARDS_V2, "50", by="alice", now_ms=NOW)
    with pytest.raises(ValueError, match="operator"):
        plan_change(None, GUARDS_V2, by="", now_ms=NOW, percent=5)


def test_cohorts_are_stored_in_a_stable_order_without_duplicates():
    change = plan_change(None, GUARDS_V2, by="alice", now_ms=NOW, cohorts=[BETA, INTERNAL, BETA])
    assert change.after.cohorts == COHORTS


def test_a_change_is_audited_with_old_and_new_values():
    before = flag(percent=10, cohorts=(INTERNAL,))
    change = plan_change(before, GUARDS_V2, by="alice", now_ms=NOW, percent=50, cohorts=[INTERNAL, BETA])
    event = change.audit_event(now_ms=NOW, event_id="ev-1")
    assert fastavro.validation.validate(event, parsed_schema(Topic.AUDIT))
    assert event["actor"] == "operator:alice"
    assert event["action"] == "flag.changed"
    assert event["resource"] == "flag/guards.v2"
    assert event["outcome"] == "success"
    assert event["subject"] is None
    assert event["details"] == {
        "old_enabled": "true", "new_enabled": "true", "old_percent": "10", "new_percent": "50",
        "old_cohorts": "internal", "new_cohorts": "internal,beta", "old_source": "topic",
    }


def test_a_stage_change_from_the_code_default_says_so_in_the_audit():
    details = plan_stage(None, LLM_ORCHESTRATOR, "beta", by="alice", now_ms=NOW).audit_event(now_ms=NOW)["details"]
    assert details["old_source"] == "code_default"
    assert (details["old_percent"], details["old_cohorts"]) == ("0", "")
    assert (details["new_cohorts"], details["stage"]) == ("internal,beta", "beta")


def test_describe_reads_like_the_rule():
    assert describe(staged("10")) == "on: internal,beta + 10 %"
    assert describe(staged("100")) == "on: everyone"
    assert describe(flag()) == "on: nobody"
    assert describe(flag(enabled=False, cohorts=(INTERNAL,))) == "off (kill switch; when enabled: internal)"


# --- the store ----------------------------------------------------------------------------------------------


def test_a_store_without_definitions_answers_the_code_defaults():
    store = FlagStore(cohorts=COHORT_RULE)  # never started: nothing read yet
    assert not store.ready
    assert store.is_enabled(nudge_flag("bp_change"), "u-1") is True
    assert store.is_enabled(LLM_ORCHESTRATOR, "staff-1") is False


def test_a_store_answers_from_its_definitions_and_refuses_unknown_names():
    store = FlagStore.with_definitions([staged("internal"), flag(nudge_flag("inactivity"), enabled=False)],
                                       cohorts=COHORT_RULE)
    assert store.ready
    assert store.is_enabled(LLM_ORCHESTRATOR, "staff-1")
    assert not store.is_enabled(LLM_ORCHESTRATOR, "u-1")
    assert not store.is_enabled(nudge_flag("inactivity"), "u-1")
    assert store.is_enabled(nudge_flag("step_goal"), "u-1")  # no definition: code default (on)
    with pytest.raises(KeyError, match="unknown flag"):
        store.is_enabled("nudge.step_gaol", "u-1")


class FakeCodec:
    """Decodes JSON bytes; b"unreachable" / b"500" / b"404" act like the registry failing."""

    def decode(self, topic: str, data: bytes) -> dict[str, Any]:
        assert topic == Topic.FLAGS
        if data == b"unreachable":
            raise httpx.ConnectError("connection refused")
        if data in (b"500", b"404"):
            raise SchemaRegistryError(int(data), -1, "registry says no")
        return json.loads(data)


def _bytes(definition: FlagDefinition) -> bytes:
    return json.dumps(definition.to_record()).encode()


def test_the_follower_applies_records_tombstones_and_skips_bad_records():
    store = FlagStore(cohorts=COHORT_RULE, codec=FakeCodec())  # type: ignore[arg-type]
    state: dict[str, FlagDefinition] = {}
    ten = staged("10", GUARDS_V2)
    assert store._take(state, b"guards.v2", _bytes(ten))
    assert state == {GUARDS_V2: ten}
    for bad in (b"not json", json.dumps({"name": GUARDS_V2}).encode(), b"404",
                _bytes(staged("100", LLM_ORCHESTRATOR))):  # the last: a record under another flag's key
        assert not store._take(state, b"guards.v2", bad)
        assert state == {GUARDS_V2: ten}, bad
    assert not store._take(state, None, _bytes(ten))
    assert store._take(state, b"guards.v2", None)  # tombstone: back to the code default
    assert state == {}


@pytest.mark.parametrize("failure", [b"unreachable", b"500"])
def test_a_registry_outage_is_retried_not_skipped(failure):
    store = FlagStore(cohorts=COHORT_RULE, codec=FakeCodec())  # type: ignore[arg-type]
    with pytest.raises((httpx.TransportError, SchemaRegistryError)):
        store._take({}, b"guards.v2", failure)


def test_the_store_publishes_only_a_fully_read_topic():
    store = FlagStore(cohorts=COHORT_RULE)
    follow = _Follow(consumer=None, partitions=[object(), object()])
    follow.state[LLM_ORCHESTRATOR] = staged("100")
    follow.caught_up.add(0)
    store._check_caught_up(follow)
    assert not store.ready
    assert not store.is_enabled(LLM_ORCHESTRATOR, "u-1")  # half-read: the code default still answers
    follow.caught_up.add(1)
    store._check_caught_up(follow)
    assert store.ready
    assert store.is_enabled(LLM_ORCHESTRATOR, "u-1")


# --- the command line ---------------------------------------------------------------------------------------


def test_cli_offers_the_stages_and_parses_a_change():
    from services.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["flags", "set", "guards.v2", "--disable", "--percent", "10", "--cohorts",
                              "internal,beta", "--by", "alice"])
    assert (args.name, args.enabled, args.percent, args.cohorts, args.by) == (
        "guards.v2", False, 10, "internal,beta", "alice")
    assert parser.parse_args(["flags", "set", "guards.v2"]).enabled is None
    for stage in STAGES:
        assert parser.parse_args(["flags", "rollout", "guards.v2", "--stage", stage]).stage == stage
    with pytest.raises(SystemExit):
        parser.parse_args(["flags", "rollout", "guards.v2", "--stage", "50"])
    with pytest.raises(SystemExit):
        parser.parse_args(["flags", "set", "guards.v2", "--percent", "101"])
