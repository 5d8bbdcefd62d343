"""What the statfin and borders imports share beyond `console`: reading and writing
through the gateway, with a failure of either as one line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from alue.integrations.console import CommandFailed, count_progress, fail, problem_reason

# The largest page the services give (servicekit.http's `limit`).
PAGE_LIMIT = 500


def checked(response: httpx.Response, what: str) -> httpx.Response:
    """The response if it succeeded; otherwise CommandFailed naming what was tried and the
    service's problem."""
    if response.is_success:
        return response
    raise CommandFailed(f"{what}: {problem_reason(response)}")


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
def failures_reported() -> Iterator[None]:
    """Exit 1 with one line `error: <reason>` for the failures a command expects: its own,
    an outside system or the gateway out of reach, a bad file or argument."""
    try:
        yield
    except CommandFailed as e:
        fail(str(e))
    except httpx.RequestError as e:
        fail(f"{type(e).__name__} on {e.request.url}: {e}")
    except httpx.HTTPError as e:
        fail(f"{type(e).__name__}: {e}")
    except (OSError, ValueError) as e:
        fail(str(e))


@contextmanager
def progress(description: str, *, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A bar of N things on stderr (console.count_progress), moved by the callable it
    gives: `advance(done, total)`."""
    with count_progress(quiet=quiet) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
