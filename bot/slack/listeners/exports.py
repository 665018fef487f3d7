"""/takeaway export: the workspace's takeaways as a Markdown file, in the requester's DM."""

from __future__ import annotations

import logging

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import TakeawaysError
from bot.services.actor import Actor
from bot.services.container import Services

log = logging.getLogger(__name__)
NEEDS_SCOPE = (
    "I can't send you a file: this app lacks Slack's `files:write` permission. "
    "Ask a workspace admin to reinstall it (the manifest asks for it)."
)


def send_export(client: WebClient, services: Services, actor: Actor, respond: Respond) -> None:
    content, report = services.exporter.markdown(actor.team_id)
    if report.takeaways == 0 and report.followups == 0:
        respond(
            response_type="ephemeral",
            replace_original=False,
            text="Nothing to export yet: no takeaways have been recorded in this workspace.",
        )
        return
    day = services.clock().date().isoformat()
    counts = f"{report.takeaways} takeaway{'s' if report.takeaways != 1 else ''}"
    try:
        # files_upload_v2 needs a channel id; a DM's id comes from conversations.open.
        dm = client.conversations_open(users=actor.user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=dm,
            content=content.encode("utf-8"),
            filename=f"takeaways-{actor.team_id}-{day}.md",
            title=f"Takeaways export {day}",
            initial_comment=f"Here is your export: {counts}, grouped by conference and talk.",
        )
    except SlackApiError as exc:
        error = str(exc.response.get("error", "")) if exc.response is not None else ""
        log.warning("export upload failed for %s: %s", actor.user_id, error or exc)
        if error == "missing_scope":
            raise TakeawaysError(NEEDS_SCOPE) from exc
        raise TakeawaysError(
            f"Slack did not take the file ({error or 'no answer'}); please try again in a minute."
        ) from exc
    respond(
        response_type="ephemeral",
        replace_original=False,
        text=f"I sent you the export ({counts}) in our DM.",
    )
