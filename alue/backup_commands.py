"""The `alue backup` and `alue restore` commands: progress on the terminal, or `--json`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import typer

from alue.backups import BackupError, Outcome, Progress, backup, restore
from alue.database import postgres_server
from alue.paths import state_dir

Action = Callable[[str, str, Path, Progress], Outcome]


def run(action: Action, file: Path, database: str, *, as_json: bool) -> int:
    """Exit code 0, or 1 with the reason in one line (stderr; with `--json` also stdout)."""

    def progress(line: str) -> None:
        # With --json stdout is the one document; progress goes to stderr.
        print(line, file=sys.stderr if as_json else sys.stdout, flush=True)

    try:
        with postgres_server(state_dir()) as admin_url:
            outcome = action(admin_url, database, file.resolve(), progress)
    except BackupError as exc:
        typer.echo(f"Error: {exc}", err=True)
        if as_json:
            typer.echo(json.dumps({"ok": False, "error": str(exc)}))
        return 1
    if as_json:
        typer.echo(json.dumps(outcome.as_json(), indent=2))
    return 0


def run_backup(file: Path, database: str, *, as_json: bool) -> int:
    return run(backup, file, database, as_json=as_json)


def run_restore(file: Path, database: str, *, as_json: bool) -> int:
    return run(restore, file, database, as_json=as_json)
