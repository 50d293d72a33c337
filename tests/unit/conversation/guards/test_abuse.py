"""Rate-limit policy helpers: local midnight, burst delay, identical-message spam."""

from __future__ import annotations

from services.conversation.guards import abuse

# 2026-11-25T23:00:00Z
NOW_MS = 1_795_647_600_000


def test_retry_after_counts_to_local_midnight() -> None:
    assert abuse.retry_after_s(NOW_MS, 0) == 3600
    # UTC-5: local time 18:00 -> 6 h to midnight
    assert abuse.retry_after_s(NOW_MS, -300) == 6 * 3600
    # UTC+2: local time 01:00 the next day -> 23 h to midnight
    assert abuse.retry_after_s(NOW_MS, 120) == 23 * 3600


def test_retry_after_is_at_least_one_second() -> None:
    midnight_ms = NOW_MS + 3_600_000
    assert abuse.retry_after_s(midnight_ms - 1, 0) == 1
    assert abuse.retry_after_s(midnight_ms, 0) == 86_400


def test_daily_limit_and_local_day() -> None:
    assert abuse.DAILY_MESSAGE_LIMIT == 100
    assert not abuse.is_over_daily_limit(99)
    assert abuse.is_over_daily_limit(100)
    assert abuse.local_day(NOW_MS, 120) == abuse.local_day(NOW_MS, 0) + 1


def test_progressive_delay_grows_with_each_rapid_repeat() -> None:
    assert abuse.progressive_delay_s([], NOW_MS) == 0.0  # a first message is never delayed
    assert abuse.progressive_delay_s([NOW_MS - 1000], NOW_MS) == 2.0
    assert abuse.progressive_delay_s([NOW_MS - 1000, NOW_MS - 2000], NOW_MS) == 4.0
    assert abuse.progressive_delay_s([NOW_MS - i * 100 for i in range(1, 4)], NOW_MS) == 8.0
    many = [NOW_MS - i * 100 for i in range(1, 60)]
    assert abuse.progressive_delay_s(many, NOW_MS) == abuse.BURST_MAX_DELAY_S
    # outside the window a repeat is just a message again
    assert abuse.progressive_delay_s([NOW_MS - abuse.BURST_WINDOW_MS], NOW_MS) == 0.0
    assert abuse.progressive_delay_s([NOW_MS - 20_000 - i for i in range(10)], NOW_MS) == 0.0


def test_identical_spam_ignores_case_spacing_and_punctuation() -> None:
    h = abuse.message_hash("What is my BP?")
    assert not abuse.is_identical_spam([h], "what is my bp")
    assert abuse.is_identical_spam([h, abuse.message_hash("what  is my BP")], "WHAT IS MY BP!!")
    assert not abuse.is_identical_spam([h, h], "what is my heart rate?")
