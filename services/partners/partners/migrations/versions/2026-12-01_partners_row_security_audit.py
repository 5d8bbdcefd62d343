"""Row-level security on the area-owned tables, and the audit trail of their writes
(servicekit.tenancy, servicekit.audit).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

from servicekit.audit import area_data_ddl, drop_area_data_ddl
from servicekit.tenancy import Parent

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "partners"
# The service's copy of an area (its id is the area) and what an area records about its
# partners; the partner organisations themselves are a register shared by every area.
TABLES = ["area", "contact", "cooperation", "project", "service"]
CHILDREN: dict[str, Parent] = {}
AREA_COLUMNS = {"area": "id"}


def upgrade() -> None:
    for statement in area_data_ddl(
        SCHEMA, tables=TABLES, children=CHILDREN, area_columns=AREA_COLUMNS
    ):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_area_data_ddl(SCHEMA, tables=[*TABLES, *CHILDREN]):
        op.execute(statement)
