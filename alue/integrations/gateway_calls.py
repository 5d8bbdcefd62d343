"""What the import commands share: reading and writing through the gateway, a one-line
reason when that fails, and progress on stderr (stdout keeps the report, or its JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

# The largest page the services give (servicekit.http's `limit`).
PAGE_LIMIT = 500


class CommandFailed(Exception):
    """Why a command stops: one line for the user."""


def checked(response: httpx.Response, what: str) -> httpx.Response:
    """The response if it succeeded; otherwise CommandFailed naming what was tried and the
    service's problem (title, detail and the first field errors)."""
    if response.is_success:
        return response
    reason = f"{what}: {response.status_code}"
    try:
        problem = response.json()
    except ValueError:
        problem = None
    if isinstance(problem, dict):
        parts = [str(problem[k]) for k in ("title", "detail") if problem.get(k)]
        errors = problem.get("errors") or []
        parts += [
            f"{e.get('field')}: {e.get('message')}" for e in errors[:3] if isinstance(e, dict)
        ]
        reason += " " + "; ".join(parts)
    else:
        reason += " " + " ".join(response.text.split())[:200]
    raise CommandFailed(reason)


def get_all(client: httpx.Client, path: str, what: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paged list (`items`, `next_cursor`)."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": PAGE_LIMIT, **({"cursor": cursor} if cursor else {})}
        page = checked(client.get(path, params=query), what).json()
        items.extend(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return items


@contextmanager
def failures_reported(command: str) -> Iterator[None]:
    """Exit 1 with `alue COMMAND: reason` on stderr for the failures a command expects."""
    try:
        yield
    except CommandFailed as e:
        _fail(command, str(e))
    except httpx.RequestError as e:
        _fail(command, f"{type(e).__name__} on {e.request.url}: {e}")
    except httpx.HTTPError as e:
        _fail(command, f"{type(e).__name__}: {e}")
    except (OSError, ValueError) as e:
        _fail(command, str(e))


def _fail(command: str, reason: str) -> None:
    typer.echo(f"alue {command}: {' '.join(reason.split())}", err=True)
    raise typer.Exit(1)


@contextmanager
def progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr when it is a terminal (nothing otherwise), moved by the
    callable it gives: `advance(done, total)`."""
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def print_report(report: dict[str, Any], as_json: bool, lines: list[str]) -> None:
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for line in lines:
            typer.echo(line)
