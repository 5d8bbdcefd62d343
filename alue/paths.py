"""Where the local system keeps its state: the git-ignored `.alue/` folder at the repo root."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def state_dir() -> Path:
    """`ALUE_STATE_DIR`, or `.alue/` at the repo root: the embedded database, logs, secret."""
    given = os.environ.get("ALUE_STATE_DIR")
    return Path(given).resolve() if given else REPO_ROOT / ".alue"


def pgdata_dir(state: Path) -> Path:
    return state / "pgdata"


def logs_dir(state: Path) -> Path:
    return state / "logs"
