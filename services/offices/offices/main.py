from fastapi import FastAPI

from offices import errors
from offices.api import router
from offices.config import MIGRATIONS_DIR, SCHEMA, OfficesSettings, get_settings
from offices.models import AuditEntry, DataGeneration, IdempotencyKey
from servicekit.app import create_app
from servicekit.errors import problem_types_in


def build_app(settings: OfficesSettings | None = None) -> FastAPI:
    return create_app(
        name="offices",
        settings=settings or get_settings(),
        routers=[router],
        schema=SCHEMA,
        migrations_dir=MIGRATIONS_DIR,
        idempotency_table=IdempotencyKey,
        generation_table=DataGeneration,
        audit_table=AuditEntry,
        problem_types=problem_types_in(errors),
        description=(
            "The office network, opening hours, leases and notice deadlines, accessibility, "
            "exact optimal placement and HSDS / PTV export."
        ),
    )
