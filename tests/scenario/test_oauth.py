"""OAuth mode, end to end over HTTP: workspaces install the app through /slack/install and
/slack/oauth_redirect, each request and each job uses its own workspace's bot token
(rotated when it is about to expire), and an uninstalled workspace stops being served.

The fake Slack plays Slack's side: the consent page (approve_install gives the code),
oauth.v2.access, auth.test per token, and refusing expired or revoked tokens.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from click.testing import CliRunner, Result
from slack_bolt import App
from slack_sdk.oauth.installation_store import Bot, Installation
from sqlalchemy import text

from bot.cli.main import cli
from bot.config import DatabaseSettings, Settings, SlackSettings
from bot.grammar import AddFollowup, ConfigureDigest, Draft
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.transactions import transaction
from bot.slack.app import build_app, make_slack_clients
from bot.slack.background import BackgroundWork
from bot.slack.clients import NotInstalled, SlackClients
from bot.slack.oauth import BOT_SCOPES, installation_store
from bot.slack.scheduler import digest_tick, reminder_pass
from bot.slack.web import build_asgi
from storage.oauth_tables import OAUTH_STATES_TABLE
from tests.conftest import SIGNING_SECRET
from tests.support.blocks import read_text, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.server import AppServer
from tests.support.slack_driver import SlackDriver

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "oauth-client-secret"
REDIRECT = "https://takeaways.example.com/slack/oauth_redirect"
STATE_COOKIE = "slack-app-oauth-state"
# The digest below goes out on Mondays at 09:00 in Brussels; the clock starts on Monday
# Nov 23 2026 at 10:00 UTC, so the next one is a week later.
NEXT_FIRE = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


@pytest.fixture
def oauth_settings(fake_slack: FakeSlack, db_url: str) -> Settings:
    fake_slack.oauth_app(CLIENT_ID, CLIENT_SECRET, REDIRECT)
    return Settings(
        database=DatabaseSettings(url=db_url),
        slack=SlackSettings(
            api_url=fake_slack.url,
            signing_secret=SIGNING_SECRET,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            oauth_redirect_url=REDIRECT,
        ),
    )


@pytest.fixture
def oauth_server(oauth_settings: Settings, services: Services) -> Iterator[AppServer]:
    work = BackgroundWork(4)
    app = build_app(oauth_settings, services, work=work)
    server = AppServer(build_asgi(app, services, signing_secret=SIGNING_SECRET)).start()
    yield server
    server.stop()
    work.shutdown()


@pytest.fixture
def browser(oauth_server: AppServer) -> Iterator[httpx.Client]:
    """The installing admin's browser."""
    # verify=False: plain HTTP on loopback; loading the CA bundle costs ~60 ms a client.
    with httpx.Client(
        base_url=oauth_server.url, follow_redirects=False, timeout=15, verify=False
    ) as client:
        yield client


@pytest.fixture
def slack(oauth_server: AppServer, fake_slack: FakeSlack) -> Iterator[SlackDriver]:
    driver = SlackDriver(oauth_server.url, SIGNING_SECRET, fake_slack)
    yield driver
    driver.close()


@pytest.fixture
def jobs(oauth_settings: Settings, services: Services) -> SlackClients:
    """What the scheduler and the CLI get in OAuth mode."""
    return make_slack_clients(oauth_settings, services)


def start_install(browser: httpx.Client) -> str:
    """GET /slack/install; the state Slack's consent page will send back."""
    started = browser.get("/slack/install")
    assert started.status_code == 302, started.text
    return parse_qs(urlparse(started.headers["location"]).query)["state"][0]


def come_back(
    browser: httpx.Client, code: str, state: str, *, cookie: str | None = None
) -> httpx.Response:
    """Slack redirects the admin's browser (holding the state cookie) to the redirect URL."""
    browser.cookies.clear()
    return browser.get(
        "/slack/oauth_redirect",
        params={"code": code, "state": state},
        headers={"cookie": f"{STATE_COOKIE}={cookie or state}"},
    )


def install(browser: httpx.Client, fake: FakeSlack, team: str, **grant: Any) -> str:
    """Run the whole install for a workspace; its bot token."""
    state = start_install(browser)
    done = come_back(browser, fake.approve_install(team, **grant), state)
    assert done.status_code == 200, done.text
    return fake.tokens_of(team)[-1]


def stored_bot(
    settings: Settings, services: Services, team: str, enterprise: str | None = None
) -> Bot | None:
    return installation_store(settings, services.engine).find_bot(
        enterprise_id=enterprise, team_id=team
    )


def admin(team: str, channel: str, enterprise: str | None = None) -> Actor:
    return Actor(
        team_id=team,
        enterprise_id=enterprise,
        user_id="UADMIN",
        user_name="root",
        channel_id=channel,
        admin_check=lambda: True,
    )


def set_up_digest(
    services: Services, team: str, channel: str, enterprise: str | None = None
) -> None:
    """As `/takeaway digest here cron "0 9 * * 1" tz Europe/Brussels` would."""
    with transaction(services.sessions) as s:
        services.digest.configure(
            s,
            admin(team, channel, enterprise),
            ConfigureDigest("here", cron="0 9 * * 1", timezone="Europe/Brussels"),
        )


def add_takeaway(services: Services, team: str, text: str) -> None:
    with transaction(services.sessions) as s:
        services.takeaways.add(s, Actor(team_id=team, user_id="U1", user_name="alice"), Draft(text))


def posts_to(fake: FakeSlack, channel: str) -> list[Any]:
    return [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == channel]


def wait_until(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# --- installing ----------------------------------------------------------------------------


def test_install_redirects_to_slack_and_stores_the_workspace_token(
    browser: httpx.Client, fake_slack: FakeSlack, oauth_settings: Settings, services: Services
) -> None:
    started = browser.get("/slack/install")
    assert started.status_code == 302
    authorize = urlparse(started.headers["location"])
    assert (authorize.scheme, authorize.netloc, authorize.path) == (
        "https",
        "slack.com",
        "/oauth/v2/authorize",
    )
    query = parse_qs(authorize.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == list(BOT_SCOPES)
    assert query["redirect_uri"] == [REDIRECT]
    state = query["state"][0]
    cookie = started.headers["set-cookie"]
    assert f"{STATE_COOKIE}={state}" in cookie and "secure" in cookie.lower()
    assert start_install(browser) != state, "every visit gets its own state"

    code = fake_slack.approve_install("T1", team_name="Acme")
    done = come_back(browser, code, state)
    assert done.status_code == 200
    assert "Thank you!" in done.text
    (exchange,) = fake_slack.calls_to("oauth.v2.access")
    assert (exchange.params["code"], exchange.params["redirect_uri"]) == (code, REDIRECT)
    (token,) = fake_slack.tokens_of("T1")
    bot = stored_bot(oauth_settings, services, "T1")
    assert bot is not None
    assert (bot.bot_token, bot.team_name, bot.bot_user_id) == (token, "Acme", "UBOT")
    # The install looked the token up (bot id) with that token, not with any other.
    assert [c.token for c in fake_slack.calls_to("auth.test")] == [token]


def test_a_reused_or_unknown_state_is_refused(
    browser: httpx.Client, fake_slack: FakeSlack, oauth_settings: Settings, services: Services
) -> None:
    state = start_install(browser)
    code = fake_slack.approve_install("T1")
    assert come_back(browser, code, state).status_code == 200

    # The same redirect again (a reload, or someone replaying the link): state already used.
    again = come_back(browser, fake_slack.approve_install("T1"), state)
    assert again.status_code == 401
    assert "invalid_state" in again.text
    # A state this server never issued, even with a matching cookie.
    forged = come_back(browser, fake_slack.approve_install("T2"), "not-a-state-we-issued")
    assert forged.status_code == 401 and "invalid_state" in forged.text
    # A state issued to another browser: the cookie does not match.
    other = start_install(browser)
    stolen = come_back(browser, fake_slack.approve_install("T2"), other, cookie="mine")
    assert stolen.status_code == 400 and "invalid_browser" in stolen.text

    assert len(fake_slack.calls_to("oauth.v2.access")) == 1, "refused before any exchange"
    assert stored_bot(oauth_settings, services, "T2") is None


def test_a_code_slack_refuses_stores_nothing(
    browser: httpx.Client, fake_slack: FakeSlack, oauth_settings: Settings, services: Services
) -> None:
    refused = come_back(browser, "code-never-issued", start_install(browser))
    assert refused.status_code == 401 and "invalid_code" in refused.text
    cancelled = browser.get("/slack/oauth_redirect", params={"error": "access_denied"})
    assert "access_denied" in cancelled.text
    assert fake_slack.tokens_of("T1") == []
    assert stored_bot(oauth_settings, services, "T1") is None


def test_serving_never_checks_a_token_at_start(
    oauth_server: AppServer, fake_slack: FakeSlack
) -> None:
    with httpx.Client(base_url=oauth_server.url) as client:
        assert client.get("/healthz").status_code == 200
    assert fake_slack.calls_to("auth.test") == []


# --- requests from several workspaces ---------------------------------------------------


def test_each_workspace_is_answered_with_its_own_token_and_sees_only_its_data(
    browser: httpx.Client, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    t1 = install(browser, fake_slack, "T1", team_name="Acme")
    t2 = install(browser, fake_slack, "T2", team_name="Globex")
    assert t1 != t2
    fake_slack.reset()

    assert "Saved as takeaway" in visible_text(
        slack.command_reply("add Karpenter consolidates nodes #karpenter", team="T1")
    )
    assert "Saved as takeaway" in visible_text(
        slack.command_reply("add Secret Globex roadmap #roadmap", team="T2")
    )
    assert "Karpenter consolidates" in read_text(slack.command_reply("ask karpenter", team="T1"))
    assert "Nothing found" in visible_text(slack.command_reply("ask karpenter", team="T2"))
    assert "Nothing found" in visible_text(slack.command_reply("ask roadmap", team="T1"))
    assert "There is no takeaway #2" in visible_text(slack.command_reply("show 2", team="T1"))

    # `/takeaway add` alone opens the form: a Web API call made with the workspace's token.
    slack.command("add", team="T1", key="formT1")
    slack.command("add", team="T2", key="formT2")
    opened = {c.params["trigger_id"]: c.token for c in fake_slack.wait_for("views.open", 2)}
    assert opened == {"trigger-formT1": t1, "trigger-formT2": t2}
    # Bolt checked each request's token with auth.test: never the other workspace's.
    assert {c.token for c in fake_slack.calls_to("auth.test")} == {t1, t2}


def test_a_workspace_without_installation_is_told_to_install(
    browser: httpx.Client, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    install(browser, fake_slack, "T1")
    reply = slack.command_reply("list", team="T9")
    assert "no longer installed in this workspace" in visible_text(reply)
    assert "https://takeaways.example.com/slack/install" in visible_text(reply)


def test_a_request_refreshes_an_expiring_rotating_token(
    browser: httpx.Client,
    slack: SlackDriver,
    fake_slack: FakeSlack,
    oauth_settings: Settings,
    services: Services,
) -> None:
    # Installed a while ago: the token expires in an hour (Bolt refreshes within two).
    old = install(browser, fake_slack, "T1", rotating=True, expires_in=3600)
    fake_slack.reset()
    assert "No takeaways yet" in visible_text(slack.command_reply("list", team="T1"))
    (refresh,) = fake_slack.calls_to("oauth.v2.access")
    assert refresh.params["grant_type"] == "refresh_token"
    new = fake_slack.tokens_of("T1")[-1]
    assert new != old
    bot = stored_bot(oauth_settings, services, "T1")
    assert bot is not None and bot.bot_token == new
    assert [c.token for c in fake_slack.calls_to("auth.test")] == [new]


# --- jobs outside requests -------------------------------------------------------------


def test_each_workspace_digest_is_posted_with_its_own_token(
    browser: httpx.Client, fake_slack: FakeSlack, services: Services, jobs: SlackClients
) -> None:
    t1 = install(browser, fake_slack, "T1")
    t2 = install(browser, fake_slack, "T2")
    add_takeaway(services, "T1", "Karpenter consolidates nodes")
    add_takeaway(services, "T2", "Globex roadmap")
    set_up_digest(services, "T1", "CT1")
    set_up_digest(services, "T2", "CT2")

    outcomes = digest_tick(services, jobs, NEXT_FIRE)
    assert sorted((o.team_id, o.status) for o in outcomes) == [("T1", "posted"), ("T2", "posted")]
    (first,) = posts_to(fake_slack, "CT1")
    (second,) = posts_to(fake_slack, "CT2")
    assert (first.token, second.token) == (t1, t2)
    assert "Karpenter" in visible_text(first.params) and "Globex" not in visible_text(first.params)
    assert "Globex" in visible_text(second.params) and "Karpenter" not in visible_text(
        second.params
    )


def test_an_expired_rotating_token_is_refreshed_and_saved_before_a_job_posts(
    browser: httpx.Client,
    fake_slack: FakeSlack,
    services: Services,
    oauth_settings: Settings,
    jobs: SlackClients,
) -> None:
    old = install(browser, fake_slack, "T1", rotating=True)
    set_up_digest(services, "T1", "CT1")
    # Twelve hours pass without a request from T1: the token has expired, Slack refuses it.
    bot = stored_bot(oauth_settings, services, "T1")
    assert bot is not None and bot.bot_refresh_token
    expired = Bot(**bot.to_dict_for_copying())
    expired.bot_token_expires_at = int(time.time()) - 60
    installation_store(oauth_settings, services.engine).save_bot(expired)
    fake_slack.refuse_token(old, "token_expired")
    fake_slack.reset()

    (outcome,) = digest_tick(services, jobs, NEXT_FIRE)
    assert outcome.status == "posted", outcome.error
    (refresh,) = fake_slack.calls_to("oauth.v2.access")
    assert refresh.params["grant_type"] == "refresh_token"
    assert refresh.params["refresh_token"] == bot.bot_refresh_token
    new = fake_slack.tokens_of("T1")[-1]
    (post,) = posts_to(fake_slack, "CT1")
    assert post.token == new != old
    saved = stored_bot(oauth_settings, services, "T1")
    assert saved is not None and saved.bot_token == new
    assert saved.bot_token_expires_at is not None
    assert saved.bot_token_expires_at > time.time() + 11 * 3600
    # The next job uses the saved token as it is: no second refresh.
    jobs.for_team("T1").auth_test()
    assert len(fake_slack.calls_to("oauth.v2.access")) == 1


def test_a_workspace_without_installation_fails_clearly_and_the_others_go_on(
    browser: httpx.Client,
    fake_slack: FakeSlack,
    services: Services,
    jobs: SlackClients,
    caplog: pytest.LogCaptureFixture,
) -> None:
    t1 = install(browser, fake_slack, "T1")
    # T3 used the bot (token mode, or before an uninstall) but has no installation now.
    for team, channel in (("T3", "CT3"), ("T1", "CT1")):
        add_takeaway(services, team, f"Note of {team}")
        set_up_digest(services, team, channel)
        with transaction(services.sessions) as s:
            services.followups.add(
                s,
                Actor(team_id=team, user_id="U1", user_name="alice"),
                AddFollowup(text="Trial it", owner="U2", owner_name="bob", due="2026-11-24"),
            )
            # Seen before: the reminder is claimed before any Slack call is needed.
            services.reminders.remember_timezone(s, team, "U2", "Europe/Brussels", services.clock())

    outcomes = {o.team_id: o for o in digest_tick(services, jobs, NEXT_FIRE)}
    assert outcomes["T1"].status == "posted"
    assert outcomes["T3"].status == "failed"
    assert outcomes["T3"].error is not None
    assert "not installed in workspace T3" in outcomes["T3"].error
    assert [c.token for c in posts_to(fake_slack, "CT1")] == [t1]
    assert posts_to(fake_slack, "CT3") == []
    assert "digest for T3" in caplog.text and "not installed in workspace T3" in caplog.text

    report = reminder_pass(services, jobs, force=True)
    assert report.sent == ["T1/U2"]
    assert report.failed == ["T3/U2"]
    with pytest.raises(NotInstalled) as raised:
        jobs.for_team("T3")
    assert "install it from https://takeaways.example.com/slack/install" in str(raised.value)
    # The failed reminder was not counted as sent: once T3 installs, the next pass sends it.
    t3 = install(browser, fake_slack, "T3")
    again = reminder_pass(services, jobs, force=True)
    assert (again.sent, again.already_sent, again.failed) == (["T3/U2"], ["T1/U2"], [])
    assert [c.token for c in fake_slack.calls_to("conversations.open")][-1] == t3


def test_enterprise_grid_workspaces_are_found_with_their_org(
    browser: httpx.Client,
    slack: SlackDriver,
    fake_slack: FakeSlack,
    services: Services,
    jobs: SlackClients,
) -> None:
    token = install(browser, fake_slack, "T5", enterprise_id="E1")
    # A request from the workspace records which org it belongs to.
    reply = slack.command_reply("add Grid takeaway", team="T5", enterprise="E1")
    assert "Saved as takeaway" in visible_text(reply)
    set_up_digest(services, "T5", "CT5", enterprise="E1")
    (outcome,) = digest_tick(services, jobs, NEXT_FIRE)
    assert outcome.status == "posted", outcome.error
    assert [c.token for c in posts_to(fake_slack, "CT5")] == [token]


# --- uninstalls and revoked tokens ---------------------------------------------------


def test_uninstalling_deletes_the_installation_for_requests_and_jobs(
    browser: httpx.Client,
    slack: SlackDriver,
    fake_slack: FakeSlack,
    services: Services,
    oauth_settings: Settings,
    jobs: SlackClients,
) -> None:
    install(browser, fake_slack, "T1")
    t2 = install(browser, fake_slack, "T2")
    set_up_digest(services, "T2", "CT2")

    response = slack.event({"type": "app_uninstalled"}, team="T2", event_id="EvGone")
    assert response.status_code == 200
    wait_until(lambda: stored_bot(oauth_settings, services, "T2") is None)
    fake_slack.refuse_token(t2, "token_revoked")  # Slack's side of an uninstall

    with pytest.raises(NotInstalled):
        jobs.for_team("T2")
    (outcome,) = digest_tick(services, jobs, NEXT_FIRE)
    assert outcome.status == "failed" and posts_to(fake_slack, "CT2") == []
    assert "no longer installed" in visible_text(slack.command_reply("list", team="T2"))
    assert stored_bot(oauth_settings, services, "T1") is not None, "other workspaces stay"
    # Installed again: served again.
    install(browser, fake_slack, "T2")
    assert "No takeaways yet" in visible_text(slack.command_reply("list", team="T2"))


def test_revoked_bot_tokens_are_forgotten(
    browser: httpx.Client,
    slack: SlackDriver,
    fake_slack: FakeSlack,
    services: Services,
    oauth_settings: Settings,
    jobs: SlackClients,
) -> None:
    t1 = install(browser, fake_slack, "T1")
    install(browser, fake_slack, "T2")
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert slack.event(revoked, team="T1", event_id="EvRevoked").status_code == 200
    wait_until(lambda: stored_bot(oauth_settings, services, "T1") is None)
    fake_slack.refuse_token(t1, "token_revoked")

    with pytest.raises(NotInstalled, match="workspace T1"):
        jobs.for_team("T1")
    assert "no longer installed" in visible_text(slack.command_reply("list", team="T1"))
    assert "No takeaways yet" in visible_text(slack.command_reply("list", team="T2"))


# --- the command line --------------------------------------------------------------


def test_cli_digest_and_remind_use_each_workspace_installation(
    fake_slack: FakeSlack,
    oauth_settings: Settings,
    services: Services,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("SLACK_BOT_TOKEN", "TAKEAWAYS_CONFIG", "SLACK_REDIRECT_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    monkeypatch.setenv("SLACK_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SLACK_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.toml").write_text('[digest]\nchannel = "CDIGEST"\n')
    # T1 installed the app; T3 used it once but has no installation any more.
    installation_store(oauth_settings, services.engine).save(
        Installation(app_id="A1", team_id="T1", bot_token="xoxb-T1-cli", user_id="U1")
    )
    fake_slack.add_token("xoxb-T1-cli", "T1")
    runner = CliRunner()

    def run(*args: str, stdin: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)

    for team in ("T1", "T3"):
        run(
            "console",
            "--team",
            team,
            "--user",
            "U2",
            stdin="add A note\nfollowup Trial it due:today\n",
        )

    posted = run("digest", "--now", "--team", "T1")
    assert posted.exit_code == 0, posted.output
    assert [c.token for c in posts_to(fake_slack, "CDIGEST")] == ["xoxb-T1-cli"]
    refused = run("digest", "--now", "--team", "T3")
    assert refused.exit_code == 1
    assert "the digest was not posted: Takeaways is not installed in workspace T3" in (
        refused.output
    )
    assert "Traceback" not in refused.output

    reminded = run("remind", "--now")
    assert reminded.exit_code == 1, "a DM failed"
    assert "sent 1, already sent today 0, failed 1" in reminded.output
    assert "failed: T3/U2" in reminded.output
    assert [c.token for c in fake_slack.calls_to("conversations.open")] == ["xoxb-T1-cli"]

    monkeypatch.delenv("SLACK_CLIENT_SECRET")
    half = run("remind", "--now")
    assert half.exit_code == 1
    assert "SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not" in half.output


def test_token_mode_says_when_its_token_stops_working(
    bolt_app: App, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    # Token mode: the app of tests/conftest.py, not this file's OAuth app and server.
    driver = SlackDriver.in_process(bolt_app, SIGNING_SECRET, fake_slack)
    try:
        assert driver.event({"type": "app_uninstalled"}, event_id="EvGone").status_code == 200
        revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
        assert driver.event(revoked, event_id="EvRevoked").status_code == 200
    finally:
        driver.close()
    wait_until(lambda: caplog.text.count("SLACK_BOT_TOKEN no longer works") == 2)
    assert "uninstalled from workspace T1" in caplog.text
    assert "bot token of workspace T1 was revoked" in caplog.text


def test_the_install_page_is_rate_limited_so_crawlers_cannot_fill_the_state_table(
    browser: httpx.Client, services: Services
) -> None:
    answers = [browser.get("/slack/install").status_code for _ in range(15)]
    assert answers[:10] == [302] * 10
    assert set(answers[10:]) == {429}
    refused = browser.get("/slack/install")
    assert refused.headers["retry-after"] == "60"
    with services.engine.connect() as conn:
        stored = conn.execute(text(f"SELECT COUNT(*) FROM {OAUTH_STATES_TABLE}")).scalar()
    assert stored == 10, "only the allowed visits stored a state"
