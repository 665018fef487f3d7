"""Everything that speaks Slack: the Bolt app, its listeners, Block Kit, OAuth, the server."""
