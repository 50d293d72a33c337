"""Concepts the round-15 blind batch showed missing (a past cardiac pain back now, speaking a few words per
breath, someone down and not moving, a fall on anticoagulants, ketoacidosis, a heart rate read off a watch,
not expecting to be here tomorrow, farewells before going, method research, stockpiled pills abroad; another user
named by name, the prompt one was "initialised with"), tested with wording of their own."""

from __future__ import annotations

from services.conversation.guards.injection import detect_injection


def test_naming_ones_own_clinician_is_not_an_injection() -> None:
    assert not detect_injection("my cardiologist is called Dr Patel, should I ask her about statins?").is_injection
