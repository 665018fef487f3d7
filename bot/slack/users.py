"""What we need to know about a Slack user, from users.info, cached briefly."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)

PROFILE_TTL_S = 300.0


@dataclass(frozen=True)
class UserProfile:
    user_id: str
    name: str
    is_admin: bool
    tz: str | None


class UserDirectory:
    """users.info with a short cache: admin rights and timezones rarely change."""

    def __init__(self, ttl_s: float = PROFILE_TTL_S) -> None:
        self._ttl = ttl_s
        self._cache: dict[tuple[str, str], tuple[float, UserProfile]] = {}
        self._lock = threading.Lock()

    def profile(self, client: WebClient, team_id: str, user_id: str) -> UserProfile:
        key = (team_id, user_id)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
        if cached and now - cached[0] < self._ttl:
            return cached[1]
        try:
            user = client.users_info(user=user_id)["user"]
        except (SlackApiError, SlackClientError, OSError) as exc:
            # Missing users:read, a deleted user, Slack down: not an admin, UTC; not cached.
            log.warning("users.info failed for %s in %s: %s", user_id, team_id, exc)
            return UserProfile(user_id=user_id, name=user_id, is_admin=False, tz=None)
        profile_data = user.get("profile") or {}
        profile = UserProfile(
            user_id=user_id,
            name=profile_data.get("display_name")
            or user.get("real_name")
            or user.get("name")
            or user_id,
            is_admin=bool(
                user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")
            ),
            tz=user.get("tz"),
        )
        with self._lock:
            self._cache[key] = (now, profile)
        return profile
