"""Who is asking: the signed workspace and user of a request, or the local console user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


def _never_admin() -> bool:
    return False


@dataclass(frozen=True)
class Actor:
    team_id: str
    user_id: str
    user_name: str = ""
    enterprise_id: str | None = None
    # Where the request came from (a Slack channel id); None on the console and the CLI.
    channel_id: str | None = None
    # Resolved lazily (a Slack users.info call) and only when a rule needs it.
    admin_check: Callable[[], bool] = field(default=_never_admin, compare=False, repr=False)

    def is_admin(self) -> bool:
        return self.admin_check()
