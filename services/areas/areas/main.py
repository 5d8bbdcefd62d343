from fastapi import FastAPI

from areas import errors
from areas.api import router
from areas.config import MIGRATIONS_DIR, SCHEMA, AreasSettings, get_settings
from areas.models import AuditEntry, DataGeneration, IdempotencyKey
from servicekit.app import create_app
from servicekit.errors import problem_types_in


def build_app(settings: AreasSettings | None = None) -> FastAPI:
    return create_app(
        name="areas",
        settings=settings or get_settings(),
        routers=[router],
        schema=SCHEMA,
        migrations_dir=MIGRATIONS_DIR,
        idempotency_table=IdempotencyKey,
        generation_table=DataGeneration,
        audit_table=AuditEntry,
        problem_types=problem_types_in(errors),
        description="Municipalities, statistics, employment areas and their legal formation check.",
    )
