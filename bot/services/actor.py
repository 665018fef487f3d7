"""Who is asking: the signed workspace and user of a request, or the local console user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


def _never_admin() -> bool:
    return False


def _no_timezone() -> str | None:
    return None


@dataclass(frozen=True)
class Actor:
    team_id: str
    user_id: str
    user_name: str = ""
    enterprise_id: str | None = None
    # Where the request was made (a Slack channel id), when there is one.
    channel_id: str | None = None
    # Resolved lazily (a Slack users.info call) and only when a rule needs them.
    admin_check: Callable[[], bool] = field(default=_never_admin, compare=False, repr=False)
    timezone_lookup: Callable[[], str | None] = field(
        default=_no_timezone, compare=False, repr=False
    )

    def is_admin(self) -> bool:
        return self.admin_check()

    def timezone(self) -> str:
        """The user's IANA timezone (from Slack), UTC when unknown."""
        return self.timezone_lookup() or "UTC"
