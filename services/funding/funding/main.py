from fastapi import FastAPI

from funding import errors
from funding.api import router
from funding.config import MIGRATIONS_DIR, SCHEMA, FundingSettings, get_settings
from funding.models import AuditEntry, DataGeneration, IdempotencyKey
from servicekit.app import create_app
from servicekit.errors import problem_types_in


def build_app(settings: FundingSettings | None = None) -> FastAPI:
    return create_app(
        name="funding",
        settings=settings or get_settings(),
        routers=[router],
        schema=SCHEMA,
        migrations_dir=MIGRATIONS_DIR,
        idempotency_table=IdempotencyKey,
        generation_table=DataGeneration,
        audit_table=AuditEntry,
        problem_types=problem_types_in(errors),
        description=(
            "State-subsidy allocation, member contributions, budgets under the 95 % cap, the "
            "budget calendar and the municipal share of unemployment benefits."
        ),
    )
