"""Domain errors. The Slack error handler and the CLI turn these into clear replies."""

from __future__ import annotations


class TakeawaysError(Exception):
    """An error whose message is meant for the user, as is."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInput(TakeawaysError):
    """The request cannot be understood or breaks a limit; nothing was stored."""


class NotFound(TakeawaysError):
    """The thing asked for does not exist in this workspace."""


class NotAllowed(TakeawaysError):
    """The requester may not do this."""


class Unavailable(TakeawaysError):
    """A dependency (the database) is down; nothing was stored."""
