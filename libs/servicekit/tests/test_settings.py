import pytest
from pydantic import ValidationError

from servicekit.settings import AuthSettings, ServiceSettings


@pytest.mark.parametrize("secret", ["", "changeme", "short-secret"])
def test_unsafe_secret_is_refused_outside_dev_mode(secret: str) -> None:
    with pytest.raises(ValidationError, match="ALUE_JWT_SECRET"):
        AuthSettings.model_validate({"ALUE_JWT_SECRET": secret})


def test_dev_mode_or_jwks_allows_no_secret() -> None:
    assert AuthSettings.model_validate({"ALUE_DEV_MODE": True}).dev_mode
    assert AuthSettings.model_validate({"ALUE_JWKS_URL": "https://idp.example/jwks"}).jwks_url


def test_settings_read_prefixed_env_and_fall_back_to_database_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Settings(ServiceSettings):
        model_config = {"env_prefix": "THING_"}

    monkeypatch.setenv("ALUE_DEV_MODE", "true")
    monkeypatch.setenv("DATABASE_URL", "postgresql://shared/db")
    monkeypatch.setenv("THING_DB_POOL_SIZE", "3")
    assert Settings().dsn == "postgresql://shared/db"
    assert Settings().db_pool_size == 3
    monkeypatch.setenv("THING_DATABASE_URL", "postgresql://own/db")
    assert Settings().dsn == "postgresql://own/db"


def test_the_pool_size_falls_back_to_every_services_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Settings(ServiceSettings):
        model_config = {"env_prefix": "THING_"}

    monkeypatch.setenv("ALUE_DEV_MODE", "true")
    monkeypatch.setenv("ALUE_DB_POOL_SIZE", "7")
    assert Settings().db_pool_size == 7
    monkeypatch.setenv("THING_DB_POOL_SIZE", "3")
    assert Settings().db_pool_size == 3
    monkeypatch.delenv("ALUE_DB_POOL_SIZE")
    monkeypatch.delenv("THING_DB_POOL_SIZE")
    assert Settings().db_pool_size == 10


def test_the_statement_bound_falls_back_to_every_services_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Settings(ServiceSettings):
        model_config = {"env_prefix": "THING_"}

    monkeypatch.setenv("ALUE_DEV_MODE", "true")
    monkeypatch.setenv("ALUE_DB_TIMEOUT_SECONDS", "9")
    assert Settings().db_timeout_seconds == 9.0
    monkeypatch.setenv("THING_DB_TIMEOUT_SECONDS", "0.5")
    assert Settings().db_timeout_seconds == 0.5
    monkeypatch.delenv("ALUE_DB_TIMEOUT_SECONDS")
    monkeypatch.delenv("THING_DB_TIMEOUT_SECONDS")
    assert Settings().db_timeout_seconds == 2.0
