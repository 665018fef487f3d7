"""Questions asked by mentioning the bot (answered in the thread) or in a DM with it."""

from __future__ import annotations

import dataclasses
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.grammar import parse
from bot.results import Answer, Experts
from bot.services.actor import Actor
from bot.slack.blocks import render_result
from bot.slack.blocks.experts import experts
from bot.slack.blocks.kit import Message
from bot.slack.blocks.mentions import mention_help
from bot.slack.blocks.takeaways import answer
from bot.slack.listeners.context import display_name
from bot.slack.listeners.deps import Deps, deps_of
from bot.slack.listeners.errors import error_reply
from bot.slack.listeners.events import first_delivery
from bot.slack.questions import parse_question, should_answer, takeaway_to_save, who_topic


def mentioned(
    event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    if str(event.get("channel", "")).startswith("D"):
        return  # a DM: answered once, as the message.im event below
    deps = deps_of(context)
    deps.work.submit(lambda: answer_question(deps, event, body, context, client, in_dm=False))


def direct_message(
    event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    # Every message event lands here (edits, deletions, channel messages if someone
    # subscribes to them); only new messages in a DM with the bot are questions.
    if event.get("channel_type") == "im":
        deps = deps_of(context)
        deps.work.submit(lambda: answer_question(deps, event, body, context, client, in_dm=True))


def answer_question(
    deps: Deps,
    event: dict[str, Any],
    body: dict[str, Any],
    context: BoltContext,
    client: WebClient,
    *,
    in_dm: bool,
) -> None:
    """Answer in the thread (or the DM); errors are answered there too: events have no
    response_url."""
    if not should_answer(event, bot_user_id=context.bot_user_id):
        return
    if not first_delivery(deps.services, body):
        return  # Slack's retry of an event already answered, here or on a replica
    team_id = str(context.team_id)
    channel = str(event["channel"])
    # In a channel the answer goes in the thread; in a DM, where the question was.
    thread_ts = event.get("thread_ts") or (None if in_dm else event.get("ts"))

    def post(message: Message) -> None:
        client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False, **message
        )

    try:
        text = str(event.get("text") or "")
        actor = Actor(
            team_id=team_id,
            user_id=str(event["user"]),
            enterprise_id=context.enterprise_id,
            channel_id=channel,
        )
        to_save = takeaway_to_save(text, bot_user_id=context.bot_user_id)
        if to_save is not None:
            # Saved as with /takeaway add (near-duplicate check included), answered in the
            # thread; the author is named by their display name, as everywhere.
            name = display_name(client, deps.users, team_id, actor.user_id, fallback=actor.user_id)
            saver = dataclasses.replace(actor, user_name=name)
            post(render_result(deps.services.dispatcher.execute(saver, parse(f"add {to_save}"))))
            return
        topic = who_topic(text, bot_user_id=context.bot_user_id)
        if topic is not None:
            found = deps.services.dispatcher.execute(actor, parse(f"who {topic}"))
            assert isinstance(found, Experts)
            post(experts(found, public=True))
            return
        question = parse_question(text, bot_user_id=context.bot_user_id)
        if question is None:
            post(mention_help(in_dm=in_dm))
            return
        reply: Answer = deps.services.dispatcher.ask(actor, question.text, question.filters)
        post(answer(reply, public=True))
    except Exception as error:
        post(error_reply(error, team_id=team_id))


def register(app: App) -> None:
    app.event("app_mention")(mentioned)
    app.event("message")(direct_message)
