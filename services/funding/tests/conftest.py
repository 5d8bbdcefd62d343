from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from areas import config as areas_config
from areas.demo import load_demo_data as load_areas_demo
from areas.main import build_app as build_areas_app
from funding.config import DB_ROLE, MIGRATIONS_DIR, SCHEMA, FundingSettings
from funding.main import build_app
from servicekit.peers import Peers
from servicekit.testing import migrated_service_url, running_app, test_auth_env

AREAS_URL = "http://areas.test"


@pytest.fixture(scope="session")
async def areas_app(database_url: str) -> AsyncIterator[FastAPI]:
    """The real areas service, in process, on the same test database: the funding service asks
    it for an area's members and organisation form. Its demo data (Kymppi and six other areas)
    is committed once for the session."""
    url = await migrated_service_url(
        database_url,
        schema=areas_config.SCHEMA,
        role=areas_config.DB_ROLE,
        migrations_dir=areas_config.MIGRATIONS_DIR,
    )
    settings = areas_config.AreasSettings.model_validate({"database_url": url, **test_auth_env()})
    async with running_app(build_areas_app(settings)) as running:
        async with running.state.sessionmaker() as session:
            await load_areas_demo(session)
            await session.commit()
        yield running


@pytest.fixture(scope="session")
async def app(database_url: str, areas_app: FastAPI) -> AsyncIterator[FastAPI]:
    url = await migrated_service_url(
        database_url, schema=SCHEMA, role=DB_ROLE, migrations_dir=MIGRATIONS_DIR
    )
    settings = FundingSettings.model_validate(
        {"database_url": url, "ALUE_SERVICES": {"areas": AREAS_URL}, **test_auth_env()}
    )
    async with running_app(build_app(settings)) as running:
        await running.state.peers.aclose()
        running.state.peers = Peers(
            {"areas": AREAS_URL},
            timeout=settings.peer_timeout_seconds,
            transports={"areas": httpx.ASGITransport(app=areas_app)},
        )
        yield running
