"""The audit trail of the tables of no area, written set-based: one statement, one insert.

An area's own tables record each row's write with a row trigger (servicekit.audit). Every
other table of a schema (reference data: municipalities, statistics, imports, registers)
is written in bulk, up to 150,000 rows a request, where a plpgsql call per row would cost
seconds. So each has three statement-level triggers instead (`audit_insert`,
`audit_update`, `audit_delete`; PostgreSQL allows transition tables on single-event
triggers only) that see the statement's rows as transition tables (`new_rows`,
`old_rows`) and add their entries to `audit_entry` with one `INSERT ... SELECT`: who
(`alue.sub`), in which request (`alue.request_id`), the table, the operation and each row
before and after as JSON, at the statement's instant, with no area (`area_id` NULL).

An UPDATE's rows are paired before/after by the table's primary key, whose columns the
install function reads from the catalogue and passes to the trigger as its arguments; a
row whose key itself changed shows as its before alone and its after alone, and a row an
UPDATE left as it was records nothing. COPY fires the INSERT trigger. An `INSERT ... ON
CONFLICT DO UPDATE` fires both: the INSERT trigger's `new_rows` holds the rows it
inserted, the UPDATE trigger's `old_rows` and `new_rows` the rows it updated (PostgreSQL,
CREATE TRIGGER, "transition tables"). TRUNCATE, which has no transition tables, is not
recorded; the runtime role may not truncate (servicekit.provision).

Who reads them: an entry of no area is no area's, so the audit table's row security
(servicekit.audit) shows it to a transaction scoped to every area only, never to one
scoped to a planner's areas, and `GET /v1/audit` lists it to admins only.

A service's migration runs `statement_audit_ddl` once; a table a later migration adds gets
its triggers with `audit_statements` (or the row trigger, if it holds area data), and
`servicekit.testing.assert_every_table_audited` fails while a table has neither.
"""

from __future__ import annotations

from collections.abc import Mapping

from servicekit.audit import TRIGGER as ROW_TRIGGER
from servicekit.generation import GENERATION_TABLE
from servicekit.idempotency import IDEMPOTENCY_TABLE
from servicekit.migrations import VERSION_TABLE
from servicekit.provision import AUDIT_TABLE

STATEMENT_TRIGGERS = ("audit_insert", "audit_update", "audit_delete")
# The tables whose writes are not audited, each with the reason; every other table is.
UNAUDITED: Mapping[str, str] = {
    AUDIT_TABLE: "the audit trail itself, append-only",
    GENERATION_TABLE: "a counter that every audited write advances (servicekit.generation)",
    VERSION_TABLE: "Alembic's record of the migrations applied",
    IDEMPOTENCY_TABLE: "stored answers replayed for a retried request (servicekit.idempotency); "
    "the write each answers is audited in its own table",
    "reference_version": "areas' token of its reference data, renewed by a trigger on each "
    "statement that writes statistics or borders, which are audited themselves",
}


def statement_audit_ddl(schema: str) -> list[str]:
    """The trigger function, the install function, and the triggers on every table now in
    `schema` that has no audit trigger and is not in `UNAUDITED` (undo with
    `drop_statement_audit_ddl`)."""
    trail = f"{schema}.{AUDIT_TABLE}"
    unaudited = ", ".join(f"'{name}'" for name in sorted(UNAUDITED))
    return [
        f"""
        CREATE FUNCTION {schema}.record_audit_rows() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            entries text := 'INSERT INTO {trail} '
                '(at, sub, request_id, resource, operation, before, after) '
                'SELECT $1, $2, $3, $4, $5, ';
            pairing text;
        BEGIN
            IF TG_OP = 'INSERT' THEN
                entries := entries || 'NULL, to_jsonb(n) FROM new_rows n';
            ELSIF TG_OP = 'DELETE' THEN
                entries := entries || 'to_jsonb(o), NULL FROM old_rows o';
            ELSE
                -- TG_ARGV: the primary key's columns, which pair each row before with after.
                SELECT string_agg(format('o.%1$I = n.%1$I', key), ' AND ')
                INTO pairing FROM unnest(TG_ARGV) AS key;
                entries := entries || format(
                    'pair.before, pair.after FROM (SELECT to_jsonb(o) AS before, '
                    'to_jsonb(n) AS after FROM old_rows o FULL JOIN new_rows n ON %s) pair '
                    'WHERE pair.before IS DISTINCT FROM pair.after', pairing);
            END IF;
            -- One instant for the statement's rows: its own, not its transaction's start.
            EXECUTE entries USING clock_timestamp(),
                nullif(current_setting('alue.sub', true), ''),
                nullif(current_setting('alue.request_id', true), ''),
                TG_TABLE_NAME::text, TG_OP;
            RETURN NULL;
        END
        $$
        """,
        f"""
        CREATE FUNCTION {schema}.audit_statements(name text) RETURNS void
        LANGUAGE plpgsql AS $$
        DECLARE
            key_columns text;
            trigger_for text := 'AFTER %s ON {schema}.%I REFERENCING %s FOR EACH STATEMENT '
                'EXECUTE FUNCTION {schema}.record_audit_rows(%s)';
        BEGIN
            SELECT string_agg(quote_literal(a.attname), ', ' ORDER BY k.ord) INTO key_columns
            FROM pg_index i
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = format('{schema}.%I', name)::regclass AND i.indisprimary;
            IF key_columns IS NULL THEN
                RAISE EXCEPTION 'table {schema}.% has no primary key to pair its rows by', name;
            END IF;
            EXECUTE 'CREATE TRIGGER audit_insert '
                || format(trigger_for, 'INSERT', name, 'NEW TABLE AS new_rows', '');
            EXECUTE 'CREATE TRIGGER audit_update ' || format(trigger_for, 'UPDATE', name,
                'OLD TABLE AS old_rows NEW TABLE AS new_rows', key_columns);
            EXECUTE 'CREATE TRIGGER audit_delete '
                || format(trigger_for, 'DELETE', name, 'OLD TABLE AS old_rows', '');
        END
        $$
        """,
        f"""
        SELECT {schema}.audit_statements(t.tablename) FROM pg_tables t
        WHERE t.schemaname = '{schema}' AND t.tablename NOT IN ({unaudited})
        AND NOT EXISTS (
            SELECT 1 FROM pg_trigger g
            WHERE g.tgrelid = format('%I.%I', t.schemaname, t.tablename)::regclass
            AND g.tgname = '{ROW_TRIGGER}')
        ORDER BY t.tablename
        """,
    ]


def drop_statement_audit_ddl(schema: str) -> list[str]:
    return [
        f"""
        DO $$
        DECLARE
            installed record;
        BEGIN
            FOR installed IN
                SELECT g.tgname, c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                WHERE g.tgfoid = '{schema}.record_audit_rows'::regproc
            LOOP
                EXECUTE format(
                    'DROP TRIGGER %I ON {schema}.%I', installed.tgname, installed.relname);
            END LOOP;
        END
        $$
        """,
        f"DROP FUNCTION {schema}.audit_statements(text)",
        f"DROP FUNCTION {schema}.record_audit_rows()",
    ]


def audit_statements(schema: str, table: str) -> str:
    """The statement that records `table`'s writes set-based (a new table of no area)."""
    return f"SELECT {schema}.audit_statements('{table}')"


def drop_audit_statements(schema: str, table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name} ON {schema}.{table}" for name in STATEMENT_TRIGGERS]
