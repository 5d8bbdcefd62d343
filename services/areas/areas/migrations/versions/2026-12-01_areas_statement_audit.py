"""The audit trail of the areas tables of no area, set-based (servicekit.statement_audit).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

from servicekit.statement_audit import drop_statement_audit_ddl, statement_audit_ddl

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "areas"
# Tables of no area: municipalities, their statistics and borders. (`reference_version`
# is left out: servicekit.statement_audit.UNAUDITED says why.)


def upgrade() -> None:
    for statement in statement_audit_ddl(SCHEMA):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_statement_audit_ddl(SCHEMA):
        op.execute(statement)
