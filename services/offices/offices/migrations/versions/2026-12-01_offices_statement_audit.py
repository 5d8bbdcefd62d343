"""The audit trail of the offices tables of no area, set-based (servicekit.statement_audit).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

from servicekit.statement_audit import drop_statement_audit_ddl, statement_audit_ddl

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "offices"
# Tables of no area: the distances between municipalities.


def upgrade() -> None:
    for statement in statement_audit_ddl(SCHEMA):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_statement_audit_ddl(SCHEMA):
        op.execute(statement)
