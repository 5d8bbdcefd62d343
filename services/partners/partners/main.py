from fastapi import FastAPI

from partners import errors
from partners.api import router
from partners.config import MIGRATIONS_DIR, SCHEMA, PartnersSettings, get_settings
from partners.models import AuditEntry, DataGeneration, IdempotencyKey
from servicekit.app import create_app
from servicekit.errors import problem_types_in


def build_app(settings: PartnersSettings | None = None) -> FastAPI:
    return create_app(
        name="partners",
        settings=settings or get_settings(),
        routers=[router],
        schema=SCHEMA,
        migrations_dir=MIGRATIONS_DIR,
        idempotency_table=IdempotencyKey,
        generation_table=DataGeneration,
        audit_table=AuditEntry,
        problem_types=problem_types_in(errors),
        description=(
            "The partner registry, cooperation and agreements, the service inventory and its "
            "gaps, projects, the ecosystem graph and HSDS export."
        ),
    )
