"""Row-level security on the area-owned tables, and the audit trail of their writes
(servicekit.tenancy, servicekit.audit).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

from servicekit.audit import area_data_ddl, drop_area_data_ddl
from servicekit.tenancy import Parent

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "funding"
# Budgets, subsidy and benefit-compensation sets carry their area; a budget's lines and
# planning years are the budget's. Allocation runs, the benefit staircase and Kela imports
# are national figures of no area.
TABLES = ["budget", "subsidy_set", "subsidy", "benefit_compensation_set", "benefit_compensation"]
CHILDREN = {
    "budget_line": Parent("budget", "budget_id"),
    "budget_planning_year": Parent("budget", "budget_id"),
}
AREA_COLUMNS: dict[str, str] = {}


def upgrade() -> None:
    for statement in area_data_ddl(
        SCHEMA, tables=TABLES, children=CHILDREN, area_columns=AREA_COLUMNS
    ):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_area_data_ddl(SCHEMA, tables=[*TABLES, *CHILDREN]):
        op.execute(statement)
