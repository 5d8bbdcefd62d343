"""The migrations build what the models describe (so autogenerate starts from a clean slate)."""

from fastapi import FastAPI

from offices.models import Base
from servicekit.testing import assert_migrations_match


async def test_migrations_match_the_models(app: FastAPI) -> None:
    await assert_migrations_match(app, Base.metadata)
