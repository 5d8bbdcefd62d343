"""The migrations build what the models describe (so autogenerate starts from a clean slate)."""

from fastapi import FastAPI

from funding.models import Base
from servicekit.testing import assert_changes_tracked, assert_migrations_match


async def test_migrations_match_the_models(app: FastAPI) -> None:
    await assert_migrations_match(app, Base.metadata)


async def test_every_table_advances_the_data_generation(app: FastAPI) -> None:
    # The gateway keeps a plan with this service's sections only while its generation
    # stands: a write to a table without the trigger would leave a stale plan kept.
    await assert_changes_tracked(app)
