"""`alue run`: database, migrations and demo data, then every process until Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from sqlalchemy.engine import make_url

from alue import banner
from alue.database import postgres_server, prepare_database
from alue.paths import logs_dir, pgdata_dir
from alue.processes import ChildFailed, Supervisor, port_in_use
from alue.signing import dev_secret
from alue.system import System, build_system
from simulators.registry import SIMULATORS

DEFAULT_TOKEN_TTL = 8 * 3600  # a working day


@dataclass(frozen=True)
class RunOptions:
    state_dir: Path
    database: str
    ports: Mapping[str, int]
    host: str = "127.0.0.1"
    reset: bool = False
    seed: bool = True
    token_ttl: int = DEFAULT_TOKEN_TTL
    ready_timeout: float = 60.0
    workers: int = 1
    simulators: bool = False  # also start the stand-ins (simulators.registry)


def run(options: RunOptions) -> int:
    """Returns the exit code: 0 after Ctrl-C, 1 when a process failed."""
    started = time.monotonic()
    taken = _taken_ports(options)
    if taken:
        say(
            f"Error: port {taken} already in use; is Alue already running? "
            "Choose others with --gateway-port PORT and --port NAME=PORT."
        )
        return 1
    _stop_on_signals()
    secret = dev_secret(options.state_dir)
    if options.reset:
        _wipe_logs(options.state_dir)
    say(_database_description(options))
    try:
        with postgres_server(options.state_dir, reset=options.reset) as admin_url:
            service_urls = asyncio.run(
                prepare_database(
                    admin_url, options.database, reset=options.reset, seed=options.seed
                )
            )
            say(f"  database ready, migrated{' and seeded' if options.seed else ''}: "
                f"{_elapsed(started)}")  # fmt: skip
            system = build_system(
                service_urls=service_urls,
                ports=options.ports,
                jwt_secret=secret,
                log_dir=logs_dir(options.state_dir),
                host=options.host,
                workers=options.workers,
                metrics_dir=options.state_dir / "metrics",
                simulators=SIMULATORS if options.simulators else (),
            )
            code = _run_processes(system, options, secret, started)
    except KeyboardInterrupt:
        code = 0
    say("Stopped.")
    return code


def _run_processes(system: System, options: RunOptions, secret: str, started: float) -> int:
    workers = f", {options.workers} workers each" if options.workers > 1 else ""
    say(f"  starting {', '.join(f'{c.name} :{c.port}' for c in system.children)}{workers}")
    try:
        system.start()
        system.wait_ready(
            timeout=options.ready_timeout,
            on_ready=lambda child, _: say(f"  {child.name} ready: {_elapsed(started)}"),
            on_waiting=lambda pending, _: say(
                f"  waiting for {', '.join(c.name for c in pending)}: {_elapsed(started)}"
            ),
        )
        banner.print_ready(system, options, secret, elapsed=time.monotonic() - started)
        _supervise(system)
    except ChildFailed as exc:
        say(f"\nError: {exc}\n\nStopping everything.")
        return 1
    except KeyboardInterrupt:
        say("\nStopping the processes and the database...")
    finally:
        _ignore_signals()
        system.stop()
    return 0


def _taken_ports(options: RunOptions) -> str:
    """Checked before anything starts: otherwise the database would start for nothing."""
    ports = options.ports.items()
    return ", ".join(f"{p} ({name})" for name, p in ports if port_in_use(options.host, p))


def _supervise(system: System) -> None:
    """Waits for Ctrl-C, restarting a process that exits on its own (README, "Running it")."""
    supervisor = Supervisor(system.children, say)
    try:
        while True:
            supervisor.check()
            time.sleep(0.5)
    finally:
        supervisor.close()


def _stop_on_signals() -> None:
    """SIGINT and SIGTERM both stop the system cleanly. SIGINT is set explicitly: a shell
    without job control starts background commands with it ignored."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


def _ignore_signals() -> None:
    # A second Ctrl-C must not cut the shutdown short and leave processes behind.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _wipe_logs(state_dir: Path) -> None:
    shutil.rmtree(logs_dir(state_dir), ignore_errors=True)


def _database_description(options: RunOptions) -> str:
    given = os.environ.get("DATABASE_URL")
    action = "Resetting" if options.reset else "Starting"
    if given:
        server = make_url(given).render_as_string(hide_password=True)
        return f"{action} Alue: database '{options.database}' on {server} (DATABASE_URL)"
    return (
        f"{action} Alue: embedded PostgreSQL, data in {pgdata_dir(options.state_dir)}, "
        f"database '{options.database}'"
    )


def _elapsed(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"


def say(message: str) -> None:
    print(message, flush=True)
