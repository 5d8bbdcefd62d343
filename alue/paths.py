"""Where the local system keeps its state: the git-ignored `.alue/` folder at the repo root."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = REPO_ROOT / ".alue"


def pgdata_dir(state_dir: Path) -> Path:
    return state_dir / "pgdata"


def logs_dir(state_dir: Path) -> Path:
    return state_dir / "logs"
