from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults_without_file(tmp_path: Path) -> None:
    settings = load_settings({}, cwd=tmp_path)
    assert settings.database.url == "sqlite:///takeaways.db"
    assert settings.server.port == 3000
    assert settings.source == "defaults"


def test_local_config_toml_is_read_and_env_overrides(tmp_path: Path) -> None:
    write(tmp_path, '[database]\nurl = "sqlite:///file.db"\n[server]\nport = 4000\n')
    settings = load_settings({}, cwd=tmp_path)
    assert settings.database.url == "sqlite:///file.db"
    assert settings.server.port == 4000
    env = {
        "DATABASE_URL": "postgresql://db/x",
        "PORT": "5000",
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    settings = load_settings(env, cwd=tmp_path)
    assert settings.database.url == "postgresql://db/x"
    assert settings.server.port == 5000
    assert settings.slack.bot_token == "xoxb-1"
    assert settings.slack.app_token == "xapp-1"
    assert settings.slack.api_url == "http://127.0.0.1:9/api/"
    assert "xoxb-1" not in repr(settings), "secrets stay out of logs"


def test_takeaways_config_names_the_file(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text('[logging]\nlevel = "DEBUG"\n')
    settings = load_settings({"TAKEAWAYS_CONFIG": str(other)}, cwd=tmp_path)
    assert settings.logging.level == "DEBUG"


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("[server]\nprot = 1\n", {}, "unknown key [server] prot"),
        ("[sever]\n", {}, "unknown section(s) in config: sever"),
        ('[server]\nport = "80"\n', {}, "[server] port must be an integer"),
        ('[slack]\nbot_token = "xoxb"\n', {}, "set SLACK_BOT_TOKEN in the environment"),
        ("[server\n", {}, "not valid TOML"),
        ("", {"PORT": "eighty"}, "PORT must be an integer"),
        ("", {"PORT": "70000"}, "between 1 and 65535"),
        ('[logging]\nlevel = "LOUD"\n', {}, "[logging] level"),
    ],
)
def test_bad_config_is_refused_clearly(
    tmp_path: Path, text: str, env: dict[str, str], message: str
) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_settings(env, cwd=tmp_path)
    assert message in str(raised.value)


def test_missing_named_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({"TAKEAWAYS_CONFIG": "nope.toml"}, cwd=tmp_path)


def test_serving_needs_token_and_secret(tmp_path: Path) -> None:
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET must be set"):
        settings.require_slack_http()
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN must be set"):
        settings.require_slack_socket()


def test_example_config_is_valid(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    settings = load_settings({"TAKEAWAYS_CONFIG": str(example)}, cwd=tmp_path)
    assert settings.server.port == 3000


def test_search_glossary_file_key(tmp_path: Path) -> None:
    write(tmp_path, '[search]\nglossary_file = "ours.toml"\n')
    assert load_settings({}, cwd=tmp_path).search.glossary_file == "ours.toml"
    write(tmp_path, "[search]\nglossary_file = 3\n")
    with pytest.raises(ConfigError, match=r"\[search\] glossary_file must be a string"):
        load_settings({}, cwd=tmp_path)
