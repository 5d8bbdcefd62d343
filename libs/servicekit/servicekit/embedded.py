"""An embedded PostgreSQL from the `pgserver` package, for local runs and tests."""

from __future__ import annotations

import fcntl
import logging
import warnings
from pathlib import Path
from typing import Any


def start_embedded(data_dir: Path, *, stop_on_exit: bool = True) -> tuple[str, Any]:
    """Starts (or reuses) the server whose data lives in `data_dir`.

    Returns the admin URL (a Unix socket; no TCP port is opened) and the server
    handle, which must be kept alive while the server is used.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI) and falls back to /tmp.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: production never needs it

    # pgserver logs every pg_ctl call, also from an atexit hook after streams close.
    quiet = logging.getLogger("pgserver")
    quiet.propagate = False
    quiet.addHandler(logging.NullHandler())
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # One process at a time: test workers share the server, and as root pgserver first adds
    # a system user to run it; two workers doing that at once on a new machine both fail.
    with open(data_dir.parent / f".{data_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        server = pgserver.get_server(data_dir, cleanup_mode="stop" if stop_on_exit else None)
    return str(server.get_uri()), server
