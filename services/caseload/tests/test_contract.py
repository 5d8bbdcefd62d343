"""Schemathesis over the caseload service's OpenAPI: all phases, a fixed seed, real servers.

The caseload service and the areas service it asks (for an area's members) run in uvicorn on
loopback ports against a throwaway database with both services' demo data, and the `st`
command drives the caseload service as any HTTP client would (servicekit.contract).
"""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from areas.testing import AREAS_SERVED
from caseload.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, CaseloadSettings
from caseload.demo import load_demo_data
from caseload.main import build_app
from servicekit.contract import ServedService, demo_database, run_schemathesis, serving
from servicekit.settings import ServiceSettings

SEED = 20261202
SERVICES = (
    AREAS_SERVED,
    ServedService(
        "caseload", SCHEMA, DB_ROLE, MIGRATIONS_DIR, CaseloadSettings, build_app, load_demo_data
    ),
)


@pytest.fixture(scope="module")
async def contract_databases(postgres_admin_url: str) -> AsyncIterator[dict[str, str]]:
    async with demo_database(postgres_admin_url, SERVICES) as urls:
        yield urls


@pytest.fixture(scope="module")
def served(contract_databases: dict[str, str]) -> Iterator[tuple[str, ServiceSettings]]:
    with serving(SERVICES, contract_databases) as served:
        yield served


def test_openapi_contract_holds_under_schemathesis(
    served: tuple[str, ServiceSettings], tmp_path: Path
) -> None:
    config = Path(__file__).with_name("schemathesis.toml")
    result = run_schemathesis(*served, config_file=config, seed=SEED, workdir=tmp_path)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
