"""What every integration command shares in how it talks to a person or a machine:
progress on stderr, one JSON document on stdout with `--json`, and a failure as one line
on stderr with exit code 1."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import httpx
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

stderr = Console(stderr=True)


class CommandFailed(Exception):
    """A reason, in one line, why the command could not do its work."""


def fail(reason: str) -> NoReturn:
    typer.echo(f"error: {' '.join(reason.split())}", err=True)
    raise typer.Exit(1)


def print_json(document: Any) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))


def count_progress(*, quiet: bool) -> Progress:
    """A bar of N things (offices, rows); nothing when `quiet` or stderr is no terminal."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=stderr,
        disable=quiet or not stderr.is_terminal,
        transient=True,
    )


def byte_progress(*, quiet: bool) -> Progress:
    """A bar of bytes sent, with speed and time left."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=stderr,
        disable=quiet or not stderr.is_terminal,
        transient=True,
    )


def problem_reason(response: httpx.Response) -> str:
    """An error answer of the system (RFC 9457 problem details) in one line."""
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} {response.reason_phrase}"
    if not isinstance(body, dict):
        return f"{response.status_code} {response.reason_phrase}"
    title = body.get("title") or response.reason_phrase
    detail = body.get("detail")
    fields = "; ".join(
        f"{e.get('field')}: {e.get('message')}"
        for e in body.get("errors") or []
        if isinstance(e, dict)
    )
    text = f"{response.status_code} {title}"
    if detail and detail != title:
        text += f": {detail}"
    if fields and fields not in (detail or ""):
        text += f" ({fields})"
    return text
