"""Settings, read once from the environment and `.env`, then passed down explicitly."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/circlebot.sqlite3"
X_API_BASE_URL = "https://api.twitter.com"

Dollars = Annotated[float, Field(ge=0)]


class SettingsError(Exception):
    """Settings are missing or malformed; the message is one line naming the variable."""


class Settings(BaseSettings):
    """Every field is an environment variable of the same name in upper case (see `.env.example`)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", validate_default=True)

    # Discord
    discord_token: SecretStr | None = Field(default=None, description="Bot token from the Discord developer portal.")

    # X: a bearer token for reads, OAuth 1.0a user credentials for writes (follow, Lists).
    x_bearer_token: SecretStr | None = Field(default=None, description="App bearer token, used for reads.")
    x_consumer_key: SecretStr | None = Field(default=None, description="OAuth 1.0a consumer (API) key.")
    x_consumer_secret: SecretStr | None = Field(default=None, description="OAuth 1.0a consumer (API) secret.")
    x_access_token: SecretStr | None = Field(
        default=None, description="OAuth 1.0a access token of the team's X account (`<user id>-<secret>`)."
    )
    x_access_token_secret: SecretStr | None = Field(default=None, description="OAuth 1.0a access token secret.")
    x_api_base_url: str = Field(
        default=X_API_BASE_URL,
        description="X API origin; point it at a sandbox (`python -m bot sandbox serve`).",
    )
    x_timeout_seconds: float = Field(default=20.0, gt=0, le=300, description="Timeout of one X request.")
    x_max_retries: int = Field(default=5, ge=0, le=20, description="Retries of a failed X read before giving up.")
    x_vocabulary: Literal["tweet", "post"] = Field(
        default="tweet",
        description="How requests name X's fields first: `tweet` (tweet.fields, spec 2.166) or `post` (post.fields, "
        "spec 2.167). An endpoint that refuses one with a 400 is switched to the other by itself.",
    )

    # Storage
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db.",
    )

    # Money: X bills per resource returned (pay-per-use prices, in dollars).
    x_price_user: Dollars = Field(default=0.010, description="Price of one user returned by a read.")
    x_price_post: Dollars = Field(default=0.005, description="Price of one post returned by a read.")
    x_price_owned_read: Dollars = Field(default=0.001, description="Price of one resource of your own account.")
    x_price_follow: Dollars = Field(default=0.015, description="Price of one follow request.")
    x_price_create_list: Dollars = Field(default=0.010, description="Price of creating one List.")
    x_price_list_member_add: Dollars = Field(default=0.005, description="Price of adding one List member.")
    daily_spend_cap: Dollars = Field(
        default=25.0,
        description="X spend per UTC day (dollars) above which no call is made.",
    )

    # Optional: an OpenAI-compatible endpoint that writes better opener drafts (templates otherwise).
    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible API root, e.g. https://api.openai.com/v1; unset = templates."
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name sent to the LLM endpoint.")
    llm_api_key: SecretStr | None = Field(default=None, description="API key of the LLM endpoint, if it needs one.")
    llm_timeout_seconds: float = Field(default=20.0, gt=0, le=120, description="Timeout of one LLM request.")

    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")

    @field_validator(
        "discord_token",
        "x_bearer_token",
        "x_consumer_key",
        "x_consumer_secret",
        "x_access_token_secret",
        "llm_api_key",
    )
    @classmethod
    def _trimmed_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Secrets as pasted: surrounding spaces dropped (they would reach X's signature or header), blank = unset
        (so the credential checks and the X client agree that it is missing)."""
        if value is None or not value.get_secret_value().strip():
            return None
        return SecretStr(value.get_secret_value().strip())

    @field_validator("x_access_token")
    @classmethod
    def _access_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        """``<user id>-<secret>``: tweepy and Circlebot read the team account's id from the prefix. The message
        never repeats the value (it is a secret)."""
        if value is None or not value.get_secret_value().strip():
            return None
        user_id, dash, rest = value.get_secret_value().strip().partition("-")
        # An X id as X writes it (ASCII digits, no leading zero): str.isdecimal also takes "１２３" or "٣٤٥",
        # which would never equal the team account's id in X's answers.
        if not (re.fullmatch(r"[1-9][0-9]{0,19}", user_id) and dash and rest):
            raise ValueError(
                "must look like <user id>-<secret> (copy the whole Access Token from X's developer portal)"
            )
        # Stripped as checked: a pasted space would otherwise reach the signature and the team's id.
        return SecretStr(value.get_secret_value().strip())

    @field_validator("x_vocabulary", mode="before")
    @classmethod
    def _vocabulary_any_case(cls, value: object) -> object:
        """``Post`` or `` tweet `` mean what they say, as LOG_LEVEL takes any case; anything else is refused."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        url = value.strip()
        if url.startswith(("postgres://", "postgresql://")):
            # Hosting platforms hand out plain URLs; we need the async driver.
            url = "postgresql+asyncpg://" + url.split("://", 1)[1]
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return url

    @field_validator("llm_base_url")
    @classmethod
    def _http_root(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        url = value.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://api.openai.com/v1")
        return url

    @field_validator("x_api_base_url")
    @classmethod
    def _http_origin(cls, value: str) -> str:
        url = value.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) origin such as https://api.twitter.com")
        return url

    def sqlite_path(self) -> Path | None:
        """The SQLite file behind ``database_url``, or None for other databases."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        return Path(self.database_url[len(prefix) :])

    def require(self, *names: str) -> None:
        """Fail in one line naming every setting a command needs that is empty (all at once, not one a run)."""
        missing = [
            name.upper()
            for name in names
            if (value := getattr(self, name)) is None
            or (isinstance(value, SecretStr) and not value.get_secret_value().strip())
        ]
        if missing:
            listed = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
            verb = "are" if len(missing) > 1 else "is"
            them = "them" if len(missing) > 1 else "it"
            raise SettingsError(f"{listed} {verb} not set: add {them} to your environment or .env (see .env.example).")


def load_settings(**overrides: object) -> Settings:
    """Build Settings, turning pydantic's report into one line naming every malformed variable."""
    try:
        return Settings(**overrides)  # pyright: ignore[reportArgumentType]
    except ValidationError as error:
        problems = [
            f"{str(problem['loc'][0]).upper() if problem['loc'] else 'settings'} is invalid: "
            + str(problem["msg"]).removeprefix("Value error, ")
            for problem in error.errors()
        ]
        raise SettingsError("; ".join(problems) + " (see .env.example).") from None


# Third-party loggers that print credentials at DEBUG, capped whatever LOG_LEVEL says:
# - oauthlib signs every X write and logs the normalised OAuth parameters (consumer key, access token) and the
#   signature base string; requests_oauthlib logs the signed headers;
# - tweepy logs each request's headers (the bearer token or the OAuth header);
# - discord.http logs every route URL and body (interaction callbacks and webhooks carry interaction tokens in
#   their URL), discord.webhook logs webhook URLs (the same tokens), discord.gateway logs every received event
#   (INTERACTION_CREATE holds the interaction token);
# - httpcore logs the LLM request's headers (the API key) at its trace level.
QUIET_LOGGERS: dict[str, int] = {
    "oauthlib": logging.INFO,
    "requests_oauthlib": logging.INFO,
    "tweepy": logging.INFO,
    "discord.http": logging.WARNING,
    "discord.webhook": logging.INFO,
    "discord.gateway": logging.INFO,
    "httpcore": logging.INFO,
    "sqlalchemy.engine": logging.WARNING,
}


def quiet_third_party_loggers() -> None:
    """Cap the loggers in QUIET_LOGGERS above DEBUG (a higher level they already have is kept)."""
    for name, level in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        if logger.level < level:
            logger.setLevel(level)


def setup_logging(level: str) -> None:
    """Configure logging once; keep libraries that print credentials (or flood) quiet even at DEBUG."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    quiet_third_party_loggers()
