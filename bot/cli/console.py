"""`takeaways console`: the slash-command grammar at a local prompt, like Hubot's shell."""

from __future__ import annotations

from typing import TextIO

from bot.errors import TakeawaysError
from bot.grammar import parse
from bot.services.actor import Actor
from bot.services.container import Services
from bot.slack.blocks import render_result
from bot.slack.blocks.errors import error_message
from bot.slack.blocks.terminal import to_terminal

PROMPT = "takeaways> "
BANNER = "Takeaways console: type `help`, `add ...`, `ask ...`; `quit` or Ctrl-D to leave."


def run_line(services: Services, actor: Actor, line: str) -> str:
    """Run one line as if typed after /takeaway; return what Slack would show."""
    try:
        reply = services.dispatcher.execute(actor, parse(line))
    except TakeawaysError as error:
        return to_terminal(error_message(error))
    return to_terminal(render_result(reply))


def run_console(services: Services, actor: Actor, stdin: TextIO, stdout: TextIO) -> None:
    interactive = stdin.isatty()
    if interactive:
        stdout.write(f"{BANNER}\n(workspace {actor.team_id}, user {actor.user_id})\n")
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        line = line.strip()
        if line.startswith("/takeaway"):
            line = line[len("/takeaway") :].strip()
        if line in {"quit", "exit"}:
            break
        if not line:
            continue
        stdout.write(run_line(services, actor, line) + "\n\n")
        stdout.flush()
