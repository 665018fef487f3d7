"""The conference commands as people type them: quotes or not, smart quotes, mistakes."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.grammar import Attend, Brief, Going, Me, Report, Talks, parse


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ('going "KubeCon EU 2025"', Going("KubeCon EU 2025")),
        ("going KubeCon  EU 2025", Going("KubeCon EU 2025")),
        ("report \u201cKubeCon EU 2025\u201d", Report("KubeCon EU 2025")),
        ("brief R&amp;D Days 2025", Brief("R&D Days 2025")),
        ('talks "KubeCon EU 2025" karpenter drift', Talks("KubeCon EU 2025", "karpenter drift")),
        ("talks KubeCon EU 2025", Talks("KubeCon EU 2025")),
        ("attend 12", Attend(12)),
        ("star #12", Attend(12)),
        ("unattend 12", Attend(12, star=False)),
        ("me", Me()),
        ("me tz Europe/Paris", Me("tz", ("Europe/Paris",))),
        ("me hours 9-17", Me("hours", ("9", "17"))),
        ("me hours 08:00 \u2013 16:00", Me("hours", ("8", "16"))),
        ("me mute Digest", Me("mute", ("digest",))),
        ("me unmute briefs", Me("unmute", ("briefs",))),
    ],
)
def test_conference_commands_parse(text: str, command: object) -> None:
    assert parse(text) == command


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("going", "Which conference?"),
        ('report "KubeCon EU 2025', "never closes"),
        ("brief " + "x" * 201, "too long"),
        ("attend", "takes one talk id"),
        ("attend 1 2", "takes one talk id"),
        ("attend karpenter", "is not a talk id"),
        ("me tz", "Which timezone?"),
        ("me tz Europe Paris", "Which timezone?"),
        ("me hours 17-9", "not a working day"),
        ("me hours 9-25", "not a working day"),
        ("me hours all day", "look like `9-17`"),
        ("me mute everything", "`mute` what?"),
        ("me showme", "`me showme`?"),
    ],
)
def test_mistakes_are_explained(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse(text)


def test_me_hide_and_show_share_the_me_command_with_the_settings() -> None:
    assert parse("me hide") == Me("hide")
    assert parse("me show") == Me("show")
    assert parse("me") == Me()
    assert parse("me tz Europe/Paris") == Me("tz", ("Europe/Paris",))
