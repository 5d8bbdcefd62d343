"""`alue backup FILE` and `alue restore FILE`: the services' schemas with pg_dump / pg_restore.

The archive is pg_dump's custom format of the registry's schemas only (one per service),
with their owners and privileges: a restored schema is owned by the same service role and
grants the same rights as the original, so the services connect to it as before.

Restoring needs those roles to exist first, so it runs the same provisioning as
`alue migrate` (every role and its database settings), drops the empty schemas that made,
lets pg_restore recreate them in one transaction, and provisions once more, so that what
provisioning grants (and an archive made before a change to it lacks) is granted again.
Only an empty database is restored into: a restore never mixes with data already there.

pg_dump and pg_restore must not be older than the server (pg_dump refuses a newer
server), and pg_restore reads only archives of its own version or older. The tools are
looked for where the server may come from: the embedded server's own (the pgserver
package), the machine's (Debian's /usr/lib/postgresql/<major>/bin), PATH, and
`ALUE_PG_BIN` first; the one of the server's major version is taken, else the newest.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import re
import shutil
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from alue.database import create_database, provision_services
from alue.registry import SERVICES, ServiceSpec
from servicekit import provision

Progress = Callable[[str], None]


class BackupError(RuntimeError):
    """What stopped a backup or a restore, in one line for the person who ran it."""


@dataclass(frozen=True)
class ClientTool:
    path: Path
    version: str  # "16.2"

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    def describe(self) -> str:
        return f"{self.path.name} {self.version} ({self.path})"


def candidate_dirs() -> list[Path]:
    """Where pg_dump and pg_restore may be, most specific first."""
    dirs = []
    given = os.environ.get("ALUE_PG_BIN")
    if given:
        dirs.append(Path(given))
    with contextlib.suppress(ImportError), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs on XDG_RUNTIME_DIR, as in embedded.py
        from pgserver._commands import POSTGRES_BIN_PATH  # the embedded server's own

        dirs.append(Path(POSTGRES_BIN_PATH))
    dirs += [Path(d) for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"))]
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
    return list(dict.fromkeys(dirs))


def client_tools(name: str) -> list[ClientTool]:
    tools = []
    for folder in candidate_dirs():
        path = folder / name
        if not os.access(path, os.X_OK):
            continue
        answer = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
        found = re.search(r"\(PostgreSQL\) (\d+(?:\.\d+)?)", answer.stdout)
        if found:
            tools.append(ClientTool(path, found.group(1)))
    return tools


def tools_for(name: str, server_major: int) -> list[ClientTool]:
    """The usable tools for a server of `server_major`, best first: its own major version,
    then newer ones, newest first. None older: they cannot talk to a newer server."""
    usable = [t for t in client_tools(name) if t.major >= server_major]
    if not usable:
        found = ", ".join(f"{t.version} ({t.path})" for t in client_tools(name)) or "none"
        raise BackupError(
            f"no {name} of PostgreSQL {server_major} or newer (found: {found}); install the "
            f"client of version {server_major} or set ALUE_PG_BIN to its bin folder"
        )
    return sorted(usable, key=lambda t: (t.major != server_major, -t.major))


async def server_version(url: str) -> str:
    conn = await _connect(url)
    try:
        version: str = await conn.fetchval("SHOW server_version")
    finally:
        await conn.close()
    return version.split()[0]


async def _connect(url: str) -> Any:
    try:
        return await asyncpg.connect(provision.libpq_url(url), timeout=10)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        raise BackupError(f"cannot connect to the database: {_one_line(exc)}") from exc


def _major(version: str) -> int:
    return int(version.split(".")[0])


def schemas(services: tuple[ServiceSpec, ...] = SERVICES) -> list[str]:
    return [spec.schema for spec in services]


@dataclass
class Outcome:
    """What `--json` prints: every field a script may want, progress left out."""

    action: str
    file: str
    database: str
    server_version: str
    tool: str
    tool_version: str
    schemas: list[str]
    seconds: float = 0.0
    bytes: int = 0
    tables: dict[str, int] | None = None

    def as_json(self) -> dict[str, Any]:
        body = {"ok": True, **vars(self)}
        body["seconds"] = round(self.seconds, 2)
        if self.tables is None:
            del body["tables"]
        return body


def backup(admin_url: str, database: str, file: Path, progress: Progress) -> Outcome:
    started = time.monotonic()
    url = provision.with_database(admin_url, database)
    version = asyncio.run(server_version(url))
    asyncio.run(_require_schemas(url, database))
    tool = tools_for("pg_dump", _major(version))[0]
    progress(f"Backing up database '{database}' (PostgreSQL {version}) with {tool.describe()}")
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    command = [
        str(tool.path),
        "--format=custom",
        "--verbose",
        f"--file={partial}",
        *(f"--schema={schema}" for schema in schemas()),
        f"--dbname={_dsn(url)}",
    ]
    try:
        _run(command, _password_env(url), progress, r'dumping contents of table "([^"]+)"')
        partial.replace(file)  # a failed backup never leaves a file that looks whole
    finally:
        partial.unlink(missing_ok=True)
    progress(f"Wrote {file} ({file.stat().st_size:,} bytes)")
    return Outcome(
        action="backup",
        file=str(file),
        database=database,
        server_version=version,
        tool=str(tool.path),
        tool_version=tool.version,
        schemas=schemas(),
        seconds=time.monotonic() - started,
        bytes=file.stat().st_size,
    )


async def _require_schemas(url: str, database: str) -> None:
    conn = await _connect(url)
    try:
        present = await conn.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])", schemas()
        )
    finally:
        await conn.close()
    missing = sorted(set(schemas()) - {row["nspname"] for row in present})
    if missing:
        raise BackupError(
            f"database '{database}' has no schema {', '.join(missing)}: nothing to back up "
            "(run alue migrate first, or name the right one with --database)"
        )


def restore(admin_url: str, database: str, file: Path, progress: Progress) -> Outcome:
    started = time.monotonic()
    if not file.is_file():
        raise BackupError(f"no backup file {file}")
    version = asyncio.run(server_version(admin_url))
    tool = _reader_of(file, tools_for("pg_restore", _major(version)))
    url = asyncio.run(create_database(admin_url, database))
    asyncio.run(_require_empty(url, database))
    progress(f"Restoring {file} into '{database}' (PostgreSQL {version}) with {tool.describe()}")
    progress("  roles and their settings, as alue migrate provisions them")
    asyncio.run(_provision_for_restore(url))
    command = [
        str(tool.path),
        "--verbose",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={_dsn(url)}",
        str(file),
    ]
    _run(command, _password_env(url), progress, r'processing data for table "([^"]+)"')
    progress("  roles' grants and settings again, over the restored schemas")
    asyncio.run(provision_services(url))
    tables = asyncio.run(row_counts(url))
    progress(f"Restored {len(tables)} tables, {sum(tables.values()):,} rows")
    return Outcome(
        action="restore",
        file=str(file),
        database=database,
        server_version=version,
        tool=str(tool.path),
        tool_version=tool.version,
        schemas=schemas(),
        seconds=time.monotonic() - started,
        bytes=file.stat().st_size,
        tables=tables,
    )


def _reader_of(file: Path, tools: list[ClientTool]) -> ClientTool:
    """The first tool that reads the archive (an older pg_restore refuses a newer archive)."""
    reason = ""
    for tool in tools:
        listed = subprocess.run(
            [str(tool.path), "--list", str(file)], capture_output=True, text=True, check=False
        )
        if listed.returncode == 0:
            return tool
        reason = _last_line(listed.stderr)
    raise BackupError(f"{file} is not a backup pg_restore can read: {reason}")


async def _require_empty(url: str, database: str) -> None:
    conn = await _connect(url)
    try:
        rows = await conn.fetch(
            "SELECT DISTINCT table_schema FROM information_schema.tables"
            " WHERE table_schema = ANY($1::text[]) ORDER BY 1",
            schemas(),
        )
    finally:
        await conn.close()
    if rows:
        taken = ", ".join(row["table_schema"] for row in rows)
        raise BackupError(
            f"database '{database}' already holds tables in {taken}; restore into an empty "
            "database (--database NAME creates one) or drop this one first"
        )


async def _provision_for_restore(url: str) -> None:
    """Every role, as `alue migrate` makes it; then the schemas that made are dropped again:
    the archive makes each anew, with its owner and grants. `_require_empty` has checked
    they hold no table; RESTRICT would refuse one anyway."""
    await provision_services(url)
    conn = await _connect(url)
    try:
        for schema in schemas():
            await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" RESTRICT')
    finally:
        await conn.close()


async def row_counts(url: str) -> dict[str, int]:
    """Rows of every table of the registry's schemas, `schema.table` sorted."""
    conn = await _connect(url)
    try:
        tables = await conn.fetch(
            "SELECT schemaname, tablename FROM pg_tables"
            " WHERE schemaname = ANY($1::text[]) ORDER BY 1, 2",
            schemas(),
        )
        counts = {}
        for row in tables:
            name = f'"{row["schemaname"]}"."{row["tablename"]}"'
            counts[f"{row['schemaname']}.{row['tablename']}"] = await conn.fetchval(
                f"SELECT count(*) FROM {name}"
            )
    finally:
        await conn.close()
    return counts


def _dsn(url: str) -> str:
    """The URL for pg_dump's command line: without its password, which others could read
    there (`ps`); `_password_env` hands it over instead."""
    return make_url(provision.libpq_url(url)).set(password=None).render_as_string()


def _password_env(url: str) -> dict[str, str]:
    password = make_url(url).password
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return env


def _run(command: list[str], env: dict[str, str], progress: Progress, pattern: str) -> None:
    """Runs pg_dump or pg_restore, showing the tables it reaches as progress; its last
    error line is the reason when it fails."""
    matcher = re.compile(pattern)
    lines: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        assert process.stderr is not None
        for line in _lines(process.stderr):
            lines.append(line)
            found = matcher.search(line)
            if found:
                progress(f"  table {found.group(1)}")
    if process.returncode != 0:
        errors = [line for line in lines if "error" in line.lower()] or lines
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed: {_last_line(errors[-1] if errors else '')}")


def _lines(stream: Any) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\n")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
