from functools import lru_cache
from pathlib import Path

from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings

SCHEMA = "offices"
DB_ROLE = "alue_offices"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class OfficesSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OFFICES_", extra="ignore")


@lru_cache
def get_settings() -> OfficesSettings:
    return OfficesSettings()
