"""Services: what the bot does, with no Slack and no SQL in sight."""
