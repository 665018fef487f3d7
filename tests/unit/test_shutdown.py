"""The SIGTERM drain: steps share one budget, and a step that runs out still gets to say
what it left before the process exits under it."""

from __future__ import annotations

import time

import pytest

from bot.slack.shutdown import drain


@pytest.mark.slow  # waits out a one-second budget
def test_a_step_that_uses_all_its_time_still_reports_what_it_left() -> None:
    said: list[str] = []

    def replies(timeout: float) -> None:
        time.sleep(timeout)  # waits for stuck work as long as it is allowed to
        time.sleep(0.2)  # then cancels what is queued and writes its log line
        said.append("2 replies still running")

    started = time.monotonic()
    unfinished = drain([("replies", replies)], budget_s=1.0)
    assert said == ["2 replies still running"], "the report was cut off by the exit"
    assert unfinished == []
    assert time.monotonic() - started < 1.5


@pytest.mark.slow  # waits out a one-second budget
def test_steps_share_one_budget_and_the_stuck_ones_are_named() -> None:
    def stuck(timeout: float) -> None:
        time.sleep(60)

    def quick(timeout: float) -> None:
        pass

    started = time.monotonic()
    unfinished = drain([("socket mode", quick), ("replies", stuck), ("scheduler", stuck)], 1.0)
    assert unfinished == ["replies", "scheduler"]
    assert time.monotonic() - started < 1.5
