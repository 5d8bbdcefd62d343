#!/usr/bin/env python3
"""Alue's two commands, on a machine that has only Python 3.11+ (standard library only).

    python3 dev.py run [ARGS]    start everything (`alue run --help` lists ARGS)
    python3 dev.py test [ARGS]   ruff, mypy and the whole test suite (ARGS go to `alue test`)
    python3 dev.py lock          pin the versions now in .venv into constraints.txt

Each first makes sure `.venv` exists and holds the project: every package with a
pyproject.toml (libs/servicekit, gateway, services/*, the root with its dev
tools) installed editable, versions pinned by constraints.txt. The install runs
again only when one of those files changes (a hash is kept in .venv), so a
warm start costs nothing here.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CONSTRAINTS = ROOT / "constraints.txt"
STAMP = VENV / ".alue-install-hash"
MIN_PYTHON = (3, 11)


def project_dirs() -> list[Path]:
    """Every folder whose pyproject.toml is installed: libraries and services first, root last."""
    candidates = [ROOT / "libs" / "servicekit", ROOT / "gateway"]
    candidates += sorted(p for p in (ROOT / "services").glob("*") if p.is_dir())
    return [p for p in candidates if (p / "pyproject.toml").is_file()] + [ROOT]


def install_hash(dirs: list[Path]) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in [*(d / "pyproject.toml" for d in dirs), CONSTRAINTS]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    return digest.hexdigest()


def ensure_venv() -> None:
    if not PYTHON.exists():
        say(f"Creating the virtual environment in {VENV} ...")
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except subprocess.CalledProcessError:
            say("Could not create it with pip; on Debian/Ubuntu: apt-get install python3-venv")
            raise
    dirs = project_dirs()
    wanted = install_hash(dirs)
    if STAMP.is_file() and STAMP.read_text().strip() == wanted:
        return
    say("Installing Alue and its dependencies into .venv (the first time takes a few minutes) ...")
    started = time.monotonic()
    # -qq: pip's errors only; its warnings about the machine's own index setup are noise here.
    command = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-qq"]
    if CONSTRAINTS.is_file():
        command += ["--constraint", str(CONSTRAINTS)]
    for d in dirs:
        command += ["--editable", str(d) + ("[dev]" if d == ROOT else "")]
    subprocess.run(command, check=True, cwd=ROOT)
    STAMP.write_text(wanted + "\n")
    say(f"Installed in {time.monotonic() - started:.0f} s.")


def write_constraints() -> None:
    """Pins what .venv holds now, less the project's own editable packages."""
    frozen = subprocess.run(
        [str(PYTHON), "-m", "pip", "freeze", "--exclude-editable"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pins = sorted(
        (line for line in frozen.splitlines() if "==" in line and not line.startswith("#")),
        key=str.lower,
    )
    header = "# Versions pinned for .venv; regenerate with: python3 dev.py lock\n"
    CONSTRAINTS.write_text(header + "\n".join(pins) + "\n")
    say(f"Wrote {len(pins)} pins to {CONSTRAINTS.name}")


def say(message: str) -> None:
    print(message, flush=True)


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        say(f"Alue needs Python {'.'.join(map(str, MIN_PYTHON))}+; this is {sys.version}")
        return 2
    if not argv or argv[0] not in {"run", "test", "lock"}:
        say(__doc__ or "")
        return 2
    command, rest = argv[0], argv[1:]
    try:
        ensure_venv()
    except subprocess.CalledProcessError as exc:
        say(f"Installing into .venv failed (exit {exc.returncode}); see pip's output above.")
        return 1
    if command == "lock":
        write_constraints()
        return 0
    alue = str(BIN / "alue")
    # Replaces this process, so Ctrl-C and SIGTERM reach `alue` directly.
    os.execv(alue, [alue, command, *rest])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
