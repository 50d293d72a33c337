"""Nudge-engine settings: the kill switch, the experiment and parameter overrides from the environment."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.nudge_engine.config import NudgeSettings
from services.nudge_engine.domain.params import DEFAULT_POLICY_PARAMS, DEFAULT_TRIGGER_PARAMS


def test_defaults_are_the_domain_defaults_and_the_design_port():
    settings = NudgeSettings()
    assert settings.health_port == 6067
    assert settings.triggers() == DEFAULT_TRIGGER_PARAMS
    assert settings.policy() == DEFAULT_POLICY_PARAMS
    assert settings.experiment_config() is None


def test_kill_switches_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTWISE_NUDGE_KILL_SWITCH", "true")
    monkeypatch.setenv("HEARTWISE_NUDGE_KILLED_TRIGGERS", "inactivity, stale_data")
    policy = NudgeSettings().policy()
    assert policy.kill_switch is True
    assert policy.killed_triggers == frozenset({"inactivity", "stale_data"})


def test_an_unknown_trigger_in_the_kill_list_stops_start_up(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTWISE_NUDGE_KILLED_TRIGGERS", "step_goals")
    with pytest.raises(ValidationError, match="unknown triggers"):
        NudgeSettings()


def test_experiment_setting_builds_the_ab_experiment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTWISE_NUDGE_EXPERIMENT", "copy-2026-06")
    monkeypatch.setenv("HEARTWISE_NUDGE_EXPERIMENT_ROLLOUT_PCT", "25")
    experiment = NudgeSettings().experiment_config()
    assert experiment is not None
    assert (experiment.name, experiment.variants, experiment.rollout_pct) == ("copy-2026-06", ("brief",), 25.0)
    monkeypatch.setenv("HEARTWISE_NUDGE_EXPERIMENT_VARIANTS", "shouty")
    with pytest.raises(ValidationError, match="variants must be among"):
        NudgeSettings()


def test_parameter_overrides_by_field_name(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HEARTWISE_NUDGE_TRIGGER_PARAMS", '{"inactivity_ms": 7200000, "sleep_min_efficiency": 0.75}')
    monkeypatch.setenv("HEARTWISE_NUDGE_POLICY_PARAMS", '{"daily_cap": 5, "killed_triggers": ["bp_change"]}')
    settings = NudgeSettings()
    assert settings.triggers().inactivity_ms == 7_200_000
    assert settings.triggers().sleep_min_efficiency == 0.75
    assert settings.triggers().step_goal_pct == DEFAULT_TRIGGER_PARAMS.step_goal_pct
    assert settings.policy().daily_cap == 5
    assert settings.policy().killed_triggers == frozenset({"bp_change"})


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("HEARTWISE_NUDGE_TRIGGER_PARAMS", '{"inactivity_hours": 24}', "unknown fields"),
    ("HEARTWISE_NUDGE_TRIGGER_PARAMS", '{"step_goal_pct": "eighty"}', "must be a int"),
    ("HEARTWISE_NUDGE_POLICY_PARAMS", '{"hold_in_quiet_hours": 1}', "must be a bool"),
])
def test_a_bad_override_stops_start_up(monkeypatch: pytest.MonkeyPatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=message):
        NudgeSettings()
