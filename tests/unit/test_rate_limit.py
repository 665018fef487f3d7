"""The install page's rate limit: per address, overall, and forgiving after a minute."""

from __future__ import annotations

from bot.slack.rate_limit import SlidingWindowLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_per_client_then_overall_then_a_minute_later_again() -> None:
    clock = Clock()
    limit = SlidingWindowLimit(per_client=2, overall=3, clock=clock)
    assert [limit.allow("a") for _ in range(3)] == [True, True, False]
    assert limit.allow("b") is True
    assert limit.allow("c") is False, "three in all this minute"
    clock.now += 61
    assert limit.allow("a") and limit.allow("c")
