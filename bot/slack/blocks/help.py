"""The help message: the grammar, with examples that work when pasted."""

from __future__ import annotations

from bot.grammar import USAGE
from bot.mrkdwn import escape
from bot.results import HelpReply
from bot.slack.blocks.kit import Message, context, header, message, section
from bot.slack.blocks.registry import renders

EXAMPLES = [
    "/takeaway add Karpenter consolidates nodes by price #karpenter #finops"
    ' conf:"KubeCon EU 2024" talk:"Karpenter deep dive"',
    "/takeaway ask karpenter",
    "/takeaway list #ebpf",
]


def help_message(topic: str | None = None) -> Message:
    lines = [USAGE[topic]] if topic in USAGE else list(USAGE.values())
    usage = "\n".join(f"`{escape(line)}`" for line in lines)
    blocks = [
        header("Takeaways: what we learned at conferences"),
        section(
            "Record what you learn at talks and find it again later. "
            "`#tags`, `conf:` and `talk:` are optional; quote values with spaces."
        ),
        section(f"*Commands*\n{usage}"),
        section("*Examples*\n" + "\n".join(f"`{escape(e)}`" for e in EXAMPLES)),
        context(
            "Only you see these replies. Edit and delete are for the author or a workspace admin."
        ),
    ]
    return message("Takeaways help: add, ask, list, show, edit, delete", blocks)


@renders(HelpReply)
def _help(result: HelpReply) -> Message:
    return help_message(result.topic)
