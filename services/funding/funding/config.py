from functools import lru_cache
from pathlib import Path

from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings

SCHEMA = "funding"
DB_ROLE = "alue_funding"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class FundingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FUNDING_", extra="ignore")


@lru_cache
def get_settings() -> FundingSettings:
    return FundingSettings()
