from functools import lru_cache
from pathlib import Path

from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings

SCHEMA = "caseload"
DB_ROLE = "alue_caseload"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class CaseloadSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASELOAD_", extra="ignore")


@lru_cache
def get_settings() -> CaseloadSettings:
    return CaseloadSettings()
