from functools import lru_cache
from pathlib import Path

from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings

SCHEMA = "partners"
DB_ROLE = "alue_partners"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class PartnersSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PARTNERS_", extra="ignore")


@lru_cache
def get_settings() -> PartnersSettings:
    return PartnersSettings()
