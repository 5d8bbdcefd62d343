from fastapi import FastAPI

from caseload import errors
from caseload.api import router
from caseload.config import MIGRATIONS_DIR, SCHEMA, CaseloadSettings, get_settings
from caseload.integrations.keha import KehaConnector
from caseload.models import AuditEntry, DataGeneration, IdempotencyKey
from servicekit.app import create_app
from servicekit.errors import problem_types_in


def build_app(settings: CaseloadSettings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = create_app(
        name="caseload",
        settings=settings,
        routers=[router],
        schema=SCHEMA,
        migrations_dir=MIGRATIONS_DIR,
        idempotency_table=IdempotencyKey,
        generation_table=DataGeneration,
        audit_table=AuditEntry,
        problem_types=problem_types_in(errors),
        description=(
            "Staff, customers by service line, caseload against targets and structural-change "
            "scenarios."
        ),
    )
    # The KEHA national platform over X-Road (caseload.integrations.keha), per area.
    app.state.keha = KehaConnector(settings)
    return app
