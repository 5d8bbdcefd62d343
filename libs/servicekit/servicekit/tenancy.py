"""Row-level security: the second line of the tenancy rule, in the database itself.

Every area-owned table has `ENABLE` and `FORCE ROW LEVEL SECURITY` and a policy that shows
(and lets a statement write) only the rows of the areas in the transaction's `alue.area`
setting: area ids joined by commas (a viewer's or planner's areas, from the token), or
`*` (`ALL_AREAS`) for reviewers and admins, who read every area. servicekit.db sets it at
the start of each transaction from the request's verified token; without it a query
returns no area's rows. A table whose rows carry no area of their own (an area's plan
sections) follows its parent row's: the policy asks whether that row is visible, and the
parent's own policy answers. Tables of no area (municipalities, statistics) have no policy.

The service connects as its runtime role (servicekit.provision), which owns no table and
does not bypass row-level security, so the policies hold for every statement it makes;
migrations run as the owner role, which FORCE subjects to them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.context import ALL_AREAS

POLICY = "area_rows"
_COMMANDS = ("select", "insert", "update", "delete")


def area_visible(column: str) -> str:
    """The policy's condition: `column` holds an area of the transaction's `alue.area`."""
    setting = "current_setting('alue.area', true)"
    return f"({setting} = '{ALL_AREAS}' OR {column} = ANY (string_to_array({setting}, ',')))"


@dataclass(frozen=True)
class Parent:
    """The row a table's row belongs to: `column` of the table refers to `key` of `table`."""

    table: str
    column: str
    key: str = "id"


def row_security_ddl(
    schema: str,
    table: str,
    *,
    area_column: str = "area_id",
    parent: Parent | None = None,
    readable_by_all: bool = False,
) -> list[str]:
    """Statements that put `table` under row-level security (undo with `drop_row_security`).

    `readable_by_all`: every valid token may read the rows (a public register, such as
    which municipalities form which area), but a statement writes only its own areas'.
    """
    qualified = f"{schema}.{table}"
    if parent is None:
        condition = area_visible(f"{table}.{area_column}")
    else:
        condition = (
            f"(EXISTS (SELECT 1 FROM {schema}.{parent.table} p "
            f"WHERE p.{parent.key} = {table}.{parent.column}))"
        )
    statements = [
        f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {qualified} FORCE ROW LEVEL SECURITY",
    ]
    if not readable_by_all:
        statements.append(
            f"CREATE POLICY {POLICY} ON {qualified} USING {condition} WITH CHECK {condition}"
        )
        return statements
    return [
        *statements,
        f"CREATE POLICY {POLICY}_select ON {qualified} FOR SELECT USING (true)",
        f"CREATE POLICY {POLICY}_insert ON {qualified} FOR INSERT WITH CHECK {condition}",
        f"CREATE POLICY {POLICY}_update ON {qualified} FOR UPDATE "
        f"USING {condition} WITH CHECK {condition}",
        f"CREATE POLICY {POLICY}_delete ON {qualified} FOR DELETE USING {condition}",
    ]


def drop_row_security(schema: str, table: str) -> list[str]:
    qualified = f"{schema}.{table}"
    return [
        f"DROP POLICY IF EXISTS {POLICY} ON {qualified}",
        *(f"DROP POLICY IF EXISTS {POLICY}_{command} ON {qualified}" for command in _COMMANDS),
        f"ALTER TABLE {qualified} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {qualified} DISABLE ROW LEVEL SECURITY",
    ]
