"""OAuth mode is chosen by SLACK_CLIENT_ID + SLACK_CLIENT_SECRET; half a configuration is
refused with a message that says what to set, and token mode is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

OAUTH = {
    "SLACK_CLIENT_ID": "111.222",
    "SLACK_CLIENT_SECRET": "client-secret",
    "SLACK_SIGNING_SECRET": "signing-secret",
    "SLACK_REDIRECT_URI": "https://takeaways.example.com/slack/oauth_redirect",
}


def test_client_id_and_secret_choose_oauth_mode(tmp_path: Path) -> None:
    settings = load_settings(OAUTH, cwd=tmp_path)
    assert settings.slack.oauth
    settings.require_slack_http()  # no SLACK_BOT_TOKEN needed
    settings.require_slack_jobs()
    assert settings.slack.install_url == "https://takeaways.example.com/slack/install"
    assert "client-secret" not in repr(settings), "secrets stay out of logs"


def test_token_mode_is_still_the_default(tmp_path: Path) -> None:
    settings = load_settings(
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, cwd=tmp_path
    )
    assert not settings.slack.oauth
    settings.require_slack_http()
    settings.require_slack_jobs()


def test_redirect_url_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[slack]\noauth_redirect_url = "https://bot.internal.example/takeaways/slack/oauth_redirect"\n'
    )
    env = {k: v for k, v in OAUTH.items() if k != "SLACK_REDIRECT_URI"}
    settings = load_settings(env, cwd=tmp_path)
    settings.require_slack_http()
    assert settings.slack.install_url == "https://bot.internal.example/takeaways/slack/install"
    # The environment wins over the file.
    assert (
        load_settings(OAUTH, cwd=tmp_path).slack.oauth_redirect_url == (OAUTH["SLACK_REDIRECT_URI"])
    )


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not"),
        ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is not"),
        ("SLACK_SIGNING_SECRET", "SLACK_SIGNING_SECRET must be set"),
        ("SLACK_REDIRECT_URI", "set SLACK_REDIRECT_URI (or [slack] oauth_redirect_url)"),
    ],
)
def test_half_configured_oauth_refuses_to_serve(tmp_path: Path, drop: str, message: str) -> None:
    env = {k: v for k, v in OAUTH.items() if k != drop}
    # Even with a bot token around: half an OAuth setup never falls back to token mode.
    env["SLACK_BOT_TOKEN"] = "xoxb-1"
    settings = load_settings(env, cwd=tmp_path)
    with pytest.raises(ConfigError) as raised:
        settings.require_slack_http()
    assert message in str(raised.value)


def test_redirect_url_without_client_credentials_is_refused(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    env["SLACK_REDIRECT_URI"] = OAUTH["SLACK_REDIRECT_URI"]
    settings = load_settings(env, cwd=tmp_path)
    with pytest.raises(ConfigError, match="SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are not"):
        settings.require_slack_http()


def test_jobs_need_both_client_credentials(tmp_path: Path) -> None:
    settings = load_settings({"SLACK_CLIENT_ID": "111.222"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="SLACK_CLIENT_SECRET is not"):
        settings.require_slack_jobs()
    with pytest.raises(ConfigError, match="or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"):
        load_settings({}, cwd=tmp_path).require_slack_jobs()


def test_socket_mode_cannot_serve_the_install_pages(tmp_path: Path) -> None:
    settings = load_settings({**OAUTH, "SLACK_APP_TOKEN": "xapp-1"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="Socket Mode cannot serve the OAuth install pages"):
        settings.require_slack_socket()


@pytest.mark.parametrize(
    "url",
    [
        "takeaways.example.com/slack/oauth_redirect",
        "https://takeaways.example.com/slack/events",
        "https://takeaways.example.com/",
    ],
)
def test_redirect_url_must_point_at_the_redirect_path(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError, match="must be the public http\\(s\\) URL of /slack/oauth_r"):
        load_settings({**OAUTH, "SLACK_REDIRECT_URI": url}, cwd=tmp_path)


@pytest.mark.parametrize("key", ["client_id", "client_secret"])
def test_client_credentials_are_never_read_from_the_file(tmp_path: Path, key: str) -> None:
    (tmp_path / "config.toml").write_text(f'[slack]\n{key} = "x"\n')
    with pytest.raises(ConfigError, match=f"set SLACK_CLIENT_{key.split('_')[1].upper()}"):
        load_settings({}, cwd=tmp_path)
