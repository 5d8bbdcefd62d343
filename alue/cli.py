"""The `alue` command. Each command is a thin wrapper; the work is in the modules it calls."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from alue import backup_commands, checks, launcher
from alue.client import AsJson
from alue.database import DEFAULT_DATABASE, postgres_server, prepare_database
from alue.integrations import borders, keha, kela, ptv_publish, statfin
from alue.paths import state_dir
from alue.registry import GATEWAY_PORT, SERVICES, service
from alue.revisions import create_revision
from alue.signing import dev_secret
from alue.signing import token as mint
from alue.system import default_ports
from servicekit.auth import ROLES
from simulators.registry import SIMULATORS

app = typer.Typer(
    help="Alue: run the whole system locally, migrate and seed its database, mint tokens.",
    no_args_is_help=True,
    add_completion=False,
)

import_app = typer.Typer(
    help="Bring figures in from national and open data sources.", no_args_is_help=True
)
publish_app = typer.Typer(
    help="Publish the area's data to national catalogues.", no_args_is_help=True
)
submit_app = typer.Typer(
    help="Send the area's documents to national systems.", no_args_is_help=True
)
app.add_typer(import_app, name="import")
app.add_typer(publish_app, name="publish")
app.add_typer(submit_app, name="submit")
import_app.command("kela")(kela.import_kela)
import_app.command("statfin")(statfin.import_statfin)
import_app.command("borders")(borders.import_borders)
import_app.command("keha")(keha.import_keha)
publish_app.command("ptv")(ptv_publish.publish_ptv)
submit_app.command("keha")(keha.submit_keha)

Database = Annotated[str, typer.Option(help="Database on the server (created if missing).")]


@app.command()
def run(
    reset: Annotated[
        bool, typer.Option(help="Start from an empty database (deletes it and the logs first).")
    ] = False,
    seed: Annotated[bool, typer.Option(help="Load the demo data (idempotent).")] = True,
    gateway_port: Annotated[int, typer.Option(help="The gateway's port.")] = GATEWAY_PORT,
    port: Annotated[
        list[str] | None,
        typer.Option(help="A service's port, as NAME=PORT (repeatable), e.g. areas=9001."),
    ] = None,
    host: Annotated[str, typer.Option(help="Interface every process listens on.")] = "127.0.0.1",
    database: Database = DEFAULT_DATABASE,
    token_ttl: Annotated[
        int, typer.Option(help="Lifetime of the printed tokens, seconds.")
    ] = launcher.DEFAULT_TOKEN_TTL,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help="Worker processes for each service and the gateway (uvicorn --workers)."
        ),
    ] = 1,
    simulators: Annotated[
        bool,
        typer.Option(
            "--simulators",
            help="Also start the stand-ins of external systems (KEHA, ...) and point the "
            "system at them; their ports are NAME=PORT too.",
        ),
    ] = False,
) -> None:
    """Start the database, migrate, load demo data, start every service and the gateway."""
    stand_ins = {spec.name: spec.port for spec in SIMULATORS} if simulators else {}
    ports = {
        **default_ports(),
        **stand_ins,
        "gateway": gateway_port,
        **_parse_ports(port or [], stand_ins),
    }
    options = launcher.RunOptions(
        state_dir=state_dir(),
        database=database,
        ports=ports,
        host=host,
        reset=reset,
        seed=seed,
        token_ttl=token_ttl,
        workers=workers,
        simulators=simulators,
    )
    raise typer.Exit(launcher.run(options))


def _parse_ports(pairs: list[str], stand_ins: dict[str, int]) -> dict[str, int]:
    known = {spec.name for spec in SERVICES} | set(stand_ins)
    ports = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in known or not value.isdigit():
            raise typer.BadParameter(f"expected NAME=PORT with NAME in {sorted(known)}: {pair!r}")
        ports[name] = int(value)
    return ports


@app.command()
def migrate(database: Database = DEFAULT_DATABASE) -> None:
    """Create the database, roles and schemas if needed and run every service's migrations."""
    with postgres_server(state_dir()) as admin_url:
        asyncio.run(prepare_database(admin_url, database, seed=False))
    typer.echo(f"Migrated: {', '.join(spec.name for spec in SERVICES)}")


@app.command()
def seed(database: Database = DEFAULT_DATABASE) -> None:
    """Migrate, then load every service's demo data (safe to run again)."""
    with postgres_server(state_dir()) as admin_url:
        asyncio.run(prepare_database(admin_url, database, seed=True))
    typer.echo(f"Demo data loaded: {', '.join(spec.name for spec in SERVICES)}")


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="The archive to write (pg_dump custom format).")],
    database: Database = DEFAULT_DATABASE,
    as_json: AsJson = False,
) -> None:
    """Back up every service's schema (pg_dump, owners and grants kept) to FILE."""
    raise typer.Exit(backup_commands.run_backup(file, database, as_json=as_json))


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="An archive written by alue backup.")],
    database: Database = DEFAULT_DATABASE,
    as_json: AsJson = False,
) -> None:
    """Restore FILE into an empty database: roles provisioned first, then pg_restore."""
    raise typer.Exit(backup_commands.run_restore(file, database, as_json=as_json))


@app.command()
def token(
    role: Annotated[list[str], typer.Option(help=f"One of {sorted(ROLES)} (repeatable).")],
    area: Annotated[
        list[str] | None, typer.Option(help="An employment area id, e.g. kymppi (repeatable).")
    ] = None,
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds.")] = 3600,
    sub: Annotated[
        str | None,
        typer.Option(help="The token's subject (default: a new one, alue-cli-ROLES-RANDOM)."),
    ] = None,
) -> None:
    """Print a bearer token the running system accepts (signed with the local dev secret)."""
    unknown = set(role) - ROLES
    if unknown:
        raise typer.BadParameter(f"unknown roles {sorted(unknown)}; use {sorted(ROLES)}")
    secret = dev_secret(state_dir())
    typer.echo(mint(secret, roles=role, areas=area or [], ttl_seconds=ttl, sub=sub))


@app.command()
def revision(
    service_name: Annotated[str, typer.Argument(metavar="SERVICE", help="e.g. areas")],
    message: Annotated[str, typer.Argument(help="What the migration does, e.g. 'add budgets'")],
    autogenerate: Annotated[
        bool, typer.Option(help="Compare the models with the migrated database.")
    ] = True,
    database: Database = DEFAULT_DATABASE,
) -> None:
    """Write a new migration for one service: versions/YYYY-MM-DD_slug.py."""
    try:
        spec = service(service_name)
    except KeyError:
        raise typer.BadParameter(f"unknown service {service_name!r}") from None
    with postgres_server(state_dir()) as admin_url:
        urls = asyncio.run(prepare_database(admin_url, database, seed=False, services=(spec,)))
        path = create_revision(
            spec, message, service_url=urls[spec.name], autogenerate=autogenerate
        )
    typer.echo(f"Wrote {path}; review it, then run: alue migrate")


@app.command("test", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def run_tests(
    ctx: typer.Context,
    lint: Annotated[bool, typer.Option(help="Run ruff and mypy before the tests.")] = True,
    workers: Annotated[
        int, typer.Option(help="pytest-xdist workers; 0 picks one per core (at most 2).")
    ] = 0,
) -> None:
    """ruff check, ruff format --check, mypy and the whole pytest suite; extra args go to pytest."""
    raise typer.Exit(checks.run_checks(lint=lint, workers=workers, pytest_args=ctx.args))
