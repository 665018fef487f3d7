"""Settings loaded from a TOML file and the environment, validated at start."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from bot import periods
from bot.crontab import parse_schedule
from bot.errors import InvalidInput

DEFAULT_CONFIG_FILE = "config.toml"
DEFAULT_DATABASE_URL = "sqlite:///takeaways.db"

# Secrets never live in the config file, which tends to end up in git or a ConfigMap.
# The OAuth client id is not secret, but it lives next to its secret: the two together
# switch on OAuth mode, so one place (the environment) decides the mode.
SECRET_ENV = {
    "bot_token": "SLACK_BOT_TOKEN",
    "signing_secret": "SLACK_SIGNING_SECRET",
    "app_token": "SLACK_APP_TOKEN",
    "client_id": "SLACK_CLIENT_ID",
    "client_secret": "SLACK_CLIENT_SECRET",
}
# Where Slack sends the installer back; `serve` answers it on this path.
OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"
OAUTH_INSTALL_PATH = "/slack/install"


class ConfigError(Exception):
    """The configuration cannot be used; the message says which key and why."""


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = DEFAULT_DATABASE_URL
    # Postgres: give up connecting (or waiting for a pooled connection) after this long,
    # and cancel any statement running longer than statement_timeout_seconds (0: never).
    connect_timeout_seconds: int = 5
    statement_timeout_seconds: int = 30


@dataclass(frozen=True)
class SlackSettings:
    api_url: str = ""
    # OAuth mode: the public URL of /slack/oauth_redirect (env SLACK_REDIRECT_URI).
    oauth_redirect_url: str = ""
    bot_token: str = field(default="", repr=False)
    signing_secret: str = field(default="", repr=False)
    app_token: str = field(default="", repr=False)
    client_id: str = field(default="", repr=False)
    client_secret: str = field(default="", repr=False)

    @property
    def oauth(self) -> bool:
        """OAuth mode (many workspaces, tokens from installations) rather than one token."""
        return bool(self.client_id and self.client_secret)

    @property
    def install_url(self) -> str | None:
        """The public /slack/install URL, derived from the redirect URL, when known."""
        if not self.oauth_redirect_url.endswith(OAUTH_REDIRECT_PATH):
            return None
        return self.oauth_redirect_url[: -len(OAUTH_REDIRECT_PATH)] + OAUTH_INSTALL_PATH


@dataclass(frozen=True)
class ServerSettings:
    host: str = "0.0.0.0"
    port: int = 3000
    # Threads that only ack Slack's requests (and open modals, which must happen at once).
    listener_threads: int = 16
    # Threads for the work after the ack (search, database writes, replies to Slack).
    work_threads: int = 16
    # On SIGTERM: finish requests, replies and jobs in flight for at most this long, then
    # exit. Keep it below the pod's terminationGracePeriodSeconds (Kubernetes: 30).
    shutdown_seconds: int = 25


@dataclass(frozen=True)
class LoggingSettings:
    level: str = "INFO"
    # "text" for people, "json" (one object a line) for log pipelines.
    format: str = "text"


@dataclass(frozen=True)
class DigestSettings:
    # Defaults for workspaces that have not run `/takeaway digest here`; empty channel = off.
    channel: str = ""
    cron: str = "0 9 * * 1"
    timezone: str = "UTC"
    mention_owners: bool = False
    # Post a short summary in the channel and the details as a reply in its thread.
    thread: bool = False
    # A digest missed while every replica was down is posted at start-up if this recent.
    catch_up_hours: int = 12


@dataclass(frozen=True)
class ReminderSettings:
    hour: int = 9
    due_within_days: int = 2


@dataclass(frozen=True)
class BriefSettings:
    # Attendees of a conference get its brief this many days before its first talk (at
    # their reminder hour, in their timezone).
    days_before: int = 7


@dataclass(frozen=True)
class RevisitSettings:
    # A takeaway saved without `revisit:` is due for review this long after it was saved
    # (12m, 6m, 8w, 90d, 1y; "off": only those given a revisit date are reviewed).
    after: str = "12m"


@dataclass(frozen=True)
class SchedulerSettings:
    # Replicas may all run the scheduler: every digest and reminder is claimed in the
    # database first, so each goes out once.
    enabled: bool = True
    # A claim with no outcome after this long was left by a replica that died mid-send
    # (killed in a 429 backoff, say): another replica may take it over. Far longer than
    # any send with its retries takes, so a slow one is never sent twice.
    claim_lease_minutes: int = 10


@dataclass(frozen=True)
class SearchSettings:
    # A TOML file of extra glossary terms (same format as bot/data/glossary.toml).
    glossary_file: str = ""
    # Memory for every workspace's search index together, in MiB; past it, the least
    # recently asked workspaces' indexes are dropped (rebuilt by their next question).
    memory_budget_mb: int = 512


@dataclass(frozen=True)
class Settings:
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    briefs: BriefSettings = field(default_factory=BriefSettings)
    revisit: RevisitSettings = field(default_factory=RevisitSettings)
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    source: str = "defaults"

    def secrets(self) -> list[str]:
        """Values that must never appear in logs."""
        from sqlalchemy.engine import make_url

        values = [
            self.slack.bot_token,
            self.slack.signing_secret,
            self.slack.app_token,
            self.slack.client_secret,
        ]
        with contextlib.suppress(Exception):  # a malformed URL is reported elsewhere
            values.append(make_url(self.database.url).password or "")
        return [v for v in values if v]

    def require_slack_http(self) -> None:
        """Fail with a clear message unless HTTP mode (token or OAuth) has what it needs."""
        if self._require_oauth_if_started():
            if not self.slack.signing_secret:
                raise ConfigError(
                    "SLACK_SIGNING_SECRET must be set in the environment to serve Slack"
                )
            if not self.slack.oauth_redirect_url:
                raise ConfigError(
                    "OAuth mode (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set) needs the "
                    f"public URL of {OAUTH_REDIRECT_PATH}: set SLACK_REDIRECT_URI (or [slack] "
                    f"oauth_redirect_url), e.g. https://takeaways.example.com{OAUTH_REDIRECT_PATH}"
                )
            return
        missing = [
            env
            for key, env in (
                ("bot_token", "SLACK_BOT_TOKEN"),
                ("signing_secret", "SLACK_SIGNING_SECRET"),
            )
            if not getattr(self.slack, key)
        ]
        if missing:
            raise ConfigError(
                f"{' and '.join(missing)} must be set in the environment to serve Slack"
            )

    def require_slack_socket(self) -> None:
        """Fail with a clear message unless Socket Mode has what it needs."""
        if self.slack.client_id or self.slack.client_secret:
            raise ConfigError(
                "Socket Mode cannot serve the OAuth install pages: run `takeaways serve` "
                "without --socket behind a public HTTPS URL, or unset SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET to use one workspace's SLACK_BOT_TOKEN"
            )
        missing = [
            env
            for key, env in (("bot_token", "SLACK_BOT_TOKEN"), ("app_token", "SLACK_APP_TOKEN"))
            if not getattr(self.slack, key)
        ]
        if missing:
            raise ConfigError(
                f"{' and '.join(missing)} must be set in the environment for Socket Mode"
            )

    def require_slack_jobs(self) -> None:
        """Fail with a clear message unless jobs that post (digest, reminders) can reach Slack."""
        if self._require_oauth_if_started():
            return
        if not self.slack.bot_token:
            raise ConfigError(
                "SLACK_BOT_TOKEN must be set in the environment to post to Slack "
                "(or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET when the app is installed "
                "with OAuth)"
            )

    def _require_oauth_if_started(self) -> bool:
        """True in OAuth mode; a half-configured OAuth is an error, never token mode."""
        slack = self.slack
        if slack.client_id and not slack.client_secret:
            raise ConfigError(
                "SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not: OAuth mode needs both "
                "(Slack app > Basic Information > App Credentials); unset SLACK_CLIENT_ID to "
                "use SLACK_BOT_TOKEN for one workspace"
            )
        if slack.client_secret and not slack.client_id:
            raise ConfigError(
                "SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is not: OAuth mode needs both "
                "(Slack app > Basic Information > App Credentials)"
            )
        if slack.oauth_redirect_url and not slack.oauth:
            raise ConfigError(
                "SLACK_REDIRECT_URI ([slack] oauth_redirect_url) is set but SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET are not: set both for OAuth mode, or unset it"
            )
        return slack.oauth


def _section_from_table(cls: type[Any], name: str, table: Mapping[str, Any]) -> Any:
    hints = get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in SECRET_ENV and name == "slack":
            raise ConfigError(
                f"[slack] {key} must not be in the config file; "
                f"set {SECRET_ENV[key]} in the environment"
            )
        if key not in known:
            raise ConfigError(f"unknown key [{name}] {key} (known: {', '.join(sorted(known))})")
        expected = hints[key]
        # bool is an int in Python; refuse `port = true`.
        if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f"[{name}] {key} must be an integer, got {value!r}")
        if expected is str and not isinstance(value, str):
            raise ConfigError(f"[{name}] {key} must be a string, got {value!r}")
        if expected is bool and not isinstance(value, bool):
            raise ConfigError(f"[{name}] {key} must be true or false, got {value!r}")
        values[key] = value
    return cls(**values)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def _int_env(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc
    return value


def load_settings(env: Mapping[str, str] | None = None, *, cwd: Path | None = None) -> Settings:
    """Read TAKEAWAYS_CONFIG (or ./config.toml if present), then apply environment overrides."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    explicit = env.get("TAKEAWAYS_CONFIG")
    data: dict[str, Any] = {}
    source = "defaults"
    if explicit:
        path = Path(explicit)
        data = _read_file(path if path.is_absolute() else cwd / path)
        source = str(path)
    elif (cwd / DEFAULT_CONFIG_FILE).is_file():
        data = _read_file(cwd / DEFAULT_CONFIG_FILE)
        source = str(cwd / DEFAULT_CONFIG_FILE)

    sections: dict[str, Any] = {}
    hints = get_type_hints(Settings)
    for f in dataclasses.fields(Settings):
        if f.name == "source":
            continue
        table = data.pop(f.name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"[{f.name}] must be a table")
        sections[f.name] = _section_from_table(hints[f.name], f.name, table)
    if data:
        raise ConfigError(f"unknown section(s) in config: {', '.join(sorted(data))}")

    database: DatabaseSettings = sections["database"]
    if env.get("DATABASE_URL"):
        database = dataclasses.replace(database, url=env["DATABASE_URL"])
    slack: SlackSettings = dataclasses.replace(
        sections["slack"],
        bot_token=env.get("SLACK_BOT_TOKEN", ""),
        signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
        app_token=env.get("SLACK_APP_TOKEN", ""),
        client_id=env.get("SLACK_CLIENT_ID", ""),
        client_secret=env.get("SLACK_CLIENT_SECRET", ""),
    )
    if env.get("SLACK_API_URL"):
        slack = dataclasses.replace(slack, api_url=env["SLACK_API_URL"])
    if env.get("SLACK_REDIRECT_URI"):
        slack = dataclasses.replace(slack, oauth_redirect_url=env["SLACK_REDIRECT_URI"])
    server: ServerSettings = sections["server"]
    port = _int_env(env, "PORT")
    if port is not None:
        server = dataclasses.replace(server, port=port)
    logging_settings: LoggingSettings = sections["logging"]
    if env.get("LOG_LEVEL"):
        logging_settings = dataclasses.replace(logging_settings, level=env["LOG_LEVEL"])
    if env.get("LOG_FORMAT"):
        logging_settings = dataclasses.replace(logging_settings, format=env["LOG_FORMAT"])

    settings = Settings(
        database=database,
        slack=slack,
        server=server,
        logging=logging_settings,
        digest=sections["digest"],
        reminders=sections["reminders"],
        briefs=sections["briefs"],
        revisit=sections["revisit"],
        scheduler=sections["scheduler"],
        search=sections["search"],
        source=source,
    )
    _validate(settings)
    return settings


def _validate(settings: Settings) -> None:
    if not 0 < settings.server.port < 65536:
        raise ConfigError(f"port must be between 1 and 65535, got {settings.server.port}")
    if settings.server.listener_threads < 1:
        raise ConfigError("[server] listener_threads must be at least 1")
    if settings.server.work_threads < 1:
        raise ConfigError("[server] work_threads must be at least 1")
    if not 6 <= settings.server.shutdown_seconds <= 3600:
        raise ConfigError("[server] shutdown_seconds must be between 6 and 3600")
    if settings.logging.level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(
            "[logging] level must be DEBUG, INFO, WARNING, ERROR or CRITICAL, "
            f"got {settings.logging.level!r}"
        )
    if settings.logging.format not in {"text", "json"}:
        raise ConfigError(f"[logging] format must be text or json, got {settings.logging.format!r}")
    if not 0 <= settings.reminders.hour <= 23:
        raise ConfigError(f"[reminders] hour must be 0-23, got {settings.reminders.hour}")
    if not 0 <= settings.reminders.due_within_days <= 60:
        raise ConfigError("[reminders] due_within_days must be between 0 and 60")
    if not 0 <= settings.briefs.days_before <= 60:
        raise ConfigError("[briefs] days_before must be between 0 and 60")
    after = settings.revisit.after.strip().lower()
    if after not in periods.OFF and not periods.is_period(after):
        raise ConfigError(
            f'[revisit] after must be a period like "12m", "6m", "8w", "90d", "1y" or "off", '
            f"got {settings.revisit.after!r}"
        )
    if settings.digest.catch_up_hours < 0:
        raise ConfigError("[digest] catch_up_hours must be 0 or more")
    if settings.database.connect_timeout_seconds < 1:
        raise ConfigError("[database] connect_timeout_seconds must be at least 1")
    if settings.database.statement_timeout_seconds < 0:
        raise ConfigError("[database] statement_timeout_seconds must be 0 or more")
    if settings.search.memory_budget_mb < 16:
        raise ConfigError("[search] memory_budget_mb must be at least 16")
    if settings.scheduler.claim_lease_minutes < 1:
        raise ConfigError("[scheduler] claim_lease_minutes must be at least 1")
    try:
        parse_schedule(settings.digest.cron, settings.digest.timezone)
    except InvalidInput as exc:
        raise ConfigError(f"[digest] cron/timezone: {exc.message}") from exc
    if settings.slack.api_url and not settings.slack.api_url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL must be an http(s) URL, got {settings.slack.api_url!r}")
    redirect = settings.slack.oauth_redirect_url
    if redirect and (
        not redirect.startswith(("https://", "http://"))
        or not redirect.endswith(OAUTH_REDIRECT_PATH)
    ):
        raise ConfigError(
            "SLACK_REDIRECT_URI ([slack] oauth_redirect_url) must be the public http(s) URL of "
            f"{OAUTH_REDIRECT_PATH}, e.g. https://takeaways.example.com{OAUTH_REDIRECT_PATH}; "
            f"got {redirect!r}"
        )
