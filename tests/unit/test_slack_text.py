from __future__ import annotations

from bot.mrkdwn import decode, escape, extract_links, truncate_escaped, user_id_from_mention


def test_decode_controls() -> None:
    assert decode("<@U1|alice> <@U2> <#C1|general> <!channel> <!here|here>") == (
        "@alice @U2 #general @channel @here"
    )
    assert decode("<https://a.io|a.io> <https://b.io> <https://c.io|docs>") == (
        "https://a.io https://b.io docs (https://c.io)"
    )
    assert decode("<!date^1392734382^{date}|Feb 18>") == "Feb 18"


def test_decode_leaves_non_slack_angle_text() -> None:
    assert decode("a <b> c") == "a <b> c"
    assert decode("&lt;b&gt; &amp;lt;") == "<b> &lt;"


def test_escape_neutralises_mentions() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_extract_links_dedupes_and_strips_punctuation() -> None:
    assert extract_links("see <https://x.io>, https://x.io and (https://y.io).") == [
        "https://x.io",
        "https://y.io",
    ]


def test_truncate_escaped_never_cuts_an_entity() -> None:
    text = escape("a&b" * 10)
    cut = truncate_escaped(text, 8)
    assert cut.endswith("…") and "&am…" not in cut and len(cut) <= 8


def test_user_id_from_mention() -> None:
    assert user_id_from_mention("<@U123|bob>") == "U123"
    assert user_id_from_mention("<@W9>") == "W9"
    assert user_id_from_mention("@bob") is None
