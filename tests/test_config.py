from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.config import Settings, SettingsError, load_settings, setup_logging

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real .env or X_* variables leak into these tests."""
    monkeypatch.chdir(tmp_path)
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


def test_settings_defaults_are_x_published_prices() -> None:
    settings = load_settings()
    assert (settings.x_price_user, settings.x_price_post, settings.x_price_owned_read) == (0.010, 0.005, 0.001)
    assert (settings.x_price_follow, settings.x_price_create_list, settings.x_price_list_member_add) == (
        0.015,
        0.010,
        0.005,
    )
    assert settings.database_url == "sqlite+aiosqlite:///data/circlebot.sqlite3"
    assert settings.sqlite_path() == Path("data/circlebot.sqlite3")


def test_settings_malformed_value_fails_in_one_line_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAILY_SPEND_CAP", "lots")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert "DAILY_SPEND_CAP" in message and "\n" not in message


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DATABASE_URL", "mysql://x"), ("LOG_LEVEL", "LOUD"), ("X_API_BASE_URL", "ftp://x"), ("DAILY_SPEND_CAP", "-1")],
)
def test_settings_rejects_bad_values(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        load_settings()


def test_settings_missing_secret_names_the_variable_and_env_example() -> None:
    settings = load_settings()
    with pytest.raises(SettingsError, match=r"DISCORD_TOKEN is not set.*\.env\.example"):
        settings.require("discord_token")


def test_settings_reads_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("X_BEARER_TOKEN=from-dotenv\nLOG_LEVEL=debug\n")
    settings = load_settings()
    assert settings.x_bearer_token is not None
    assert settings.x_bearer_token.get_secret_value() == "from-dotenv"
    assert settings.log_level == "DEBUG"


def test_settings_plain_postgres_url_gets_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://me@db.internal/circle")
    assert load_settings().database_url == "postgresql+asyncpg://me@db.internal/circle"


def test_settings_secrets_never_show_in_repr_or_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("X_BEARER_TOKEN", "very-secret-bearer")
    monkeypatch.setenv("DISCORD_TOKEN", "very-secret-discord")
    settings = load_settings()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("settings: %s %r", settings, settings)
    assert "very-secret" not in repr(settings) + str(settings) + caplog.text


def test_setup_logging_keeps_tweepy_from_logging_request_headers() -> None:
    setup_logging("DEBUG")
    assert not logging.getLogger("tweepy").isEnabledFor(logging.DEBUG)


def test_env_example_lists_every_setting_with_a_comment() -> None:
    lines = (REPO / ".env.example").read_text().splitlines()
    assigned = {match.group(1): index for index, line in enumerate(lines) if (match := re.match(r"([A-Z_]+)=", line))}
    for name in Settings.model_fields:
        assert name.upper() in assigned, f"{name.upper()} is missing from .env.example"
        # A comment explains each variable, or the group of variables it opens.
        above = assigned[name.upper()] - 1
        while above >= 0 and re.match(r"[A-Z_]+=", lines[above]):
            above -= 1
        assert above >= 0 and lines[above].startswith("#"), f"{name.upper()} has no comment"


def test_settings_access_token_is_used_as_checked_without_pasted_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    """A space pasted around the token passed the shape check but reached tweepy (and the team's id) as is."""
    monkeypatch.setenv("X_ACCESS_TOKEN", " 12345-abc \n")
    token = load_settings().x_access_token
    assert token is not None and token.get_secret_value() == "12345-abc"
    monkeypatch.setenv("X_ACCESS_TOKEN", "foo-not-shown")
    with pytest.raises(SettingsError, match="X_ACCESS_TOKEN") as raised:
        load_settings()
    assert "not-shown" not in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize("token", ["１２３４５-abc", "٣٤٥-abc", "012345-abc", "12 345-abc"])
def test_settings_access_token_whose_user_id_is_not_an_x_id_is_refused(
    monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    """The prefix is the team account's id, compared with X's ids (ASCII digits, no leading zero): full-width or
    Arabic-Indic digits passed ``str.isdecimal`` and then never matched, so the team's own reads were billed as
    paid ones and its own account could be suggested to it."""
    monkeypatch.setenv("X_ACCESS_TOKEN", token)
    with pytest.raises(SettingsError, match="X_ACCESS_TOKEN") as raised:
        load_settings()
    assert "abc" not in str(raised.value)


@pytest.mark.parametrize(("raw", "read"), [("Post", "post"), (" tweet ", "tweet"), ("POST", "post")])
def test_settings_x_vocabulary_is_read_like_log_level(monkeypatch: pytest.MonkeyPatch, raw: str, read: str) -> None:
    """LOG_LEVEL takes any case and spaces; X_VOCABULARY=Post refused the bot's start for a capital letter."""
    monkeypatch.setenv("X_VOCABULARY", raw)
    assert load_settings().x_vocabulary == read
    monkeypatch.setenv("X_VOCABULARY", "posts")
    with pytest.raises(SettingsError, match="X_VOCABULARY"):
        load_settings()


def test_settings_blank_or_padded_secrets_are_unset_or_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank X_CONSUMER_KEY was "missing" for /settings status but present for the X client, which signed
    requests with it (X: 401) instead of refusing at once and naming what to set; a pasted space around a key
    reached X's signature."""
    monkeypatch.setenv("X_CONSUMER_KEY", "   ")
    monkeypatch.setenv("X_BEARER_TOKEN", " bearer-value \t")
    settings = load_settings()
    assert settings.x_consumer_key is None
    assert settings.x_bearer_token is not None and settings.x_bearer_token.get_secret_value() == "bearer-value"


def test_settings_report_every_malformed_variable_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAILY_SPEND_CAP", "lots")
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert "DAILY_SPEND_CAP" in message and "LOG_LEVEL" in message and "\n" not in message
