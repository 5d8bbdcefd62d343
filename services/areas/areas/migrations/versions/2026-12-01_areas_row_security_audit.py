"""Row-level security on the area-owned tables, and the audit trail of their writes
(servicekit.tenancy, servicekit.audit).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

from servicekit.audit import area_data_ddl, drop_area_data_ddl
from servicekit.tenancy import Parent

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "areas"
# The employment areas and their memberships are a public register: any valid token reads
# them (the formation check of any area asks where each municipality belongs), but a
# statement writes only its own areas' rows. An area's exemptions and plans are its own;
# a plan's sections and snapshots are the plan's. Municipalities, borders and statistics
# belong to no area.
TABLES = ["area", "area_membership", "area_exemption", "plan"]
CHILDREN = {
    "plan_section": Parent("plan", "plan_id"),
    "plan_snapshot": Parent("plan", "plan_id"),
}
AREA_COLUMNS = {"area": "id"}
READABLE_BY_ALL = ["area", "area_membership"]


def upgrade() -> None:
    for statement in area_data_ddl(
        SCHEMA,
        tables=TABLES,
        children=CHILDREN,
        area_columns=AREA_COLUMNS,
        readable_by_all=READABLE_BY_ALL,
    ):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_area_data_ddl(SCHEMA, tables=[*TABLES, *CHILDREN]):
        op.execute(statement)
