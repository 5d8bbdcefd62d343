from functools import lru_cache
from pathlib import Path

from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings

SCHEMA = "areas"
DB_ROLE = "alue_areas"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class AreasSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AREAS_", extra="ignore")


@lru_cache
def get_settings() -> AreasSettings:
    return AreasSettings()
