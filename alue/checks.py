"""`alue test`: lint, format check, type check and the whole test suite, as CI runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alue.paths import REPO_ROOT

# pytest's exit code when it collected nothing: for us a failure, not a pass.
PYTEST_NO_TESTS = 5


@dataclass(frozen=True)
class Step:
    name: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)


def steps(*, lint: bool, workers: int, pytest_args: Sequence[str]) -> list[Step]:
    bin_dir = Path(sys.executable).parent
    pytest = [str(bin_dir / "pytest"), "-p", "no:cacheprovider"]
    if workers > 1:
        # loadscope keeps a module's tests on one worker, so the system tests start once.
        pytest += ["-n", str(workers), "--dist", "loadscope"]
    linters = [
        Step("ruff check", [str(bin_dir / "ruff"), "check", "."]),
        Step("ruff format", [str(bin_dir / "ruff"), "format", "--check", "."]),
        *mypy_steps(str(bin_dir / "mypy")),
    ]
    return [*(linters if lint else []), Step("pytest", [*pytest, *pytest_args])]


def test_dirs() -> list[Path]:
    patterns = ["tests", "*/tests", "libs/*/tests", "services/*/tests"]
    found = {p for pattern in patterns for p in REPO_ROOT.glob(pattern) if p.is_dir()}
    return sorted(
        p for p in found if not any(part.startswith(".") for part in p.relative_to(REPO_ROOT).parts)
    )


def mypy_steps(mypy: str) -> list[Step]:
    """Plain `mypy` (the code, as pyproject.toml configures it), then each tests folder on its
    own: every one of them holds a `tests.conftest` module (mypy names modules from the
    `mypy_path` roots), which mypy refuses to see twice in one run. Each tests folder is also
    on MYPYPATH, so helper modules its conftest puts on sys.path (`import sample_app`)
    resolve. Its files are named one by one: the configured exclusion of tests folders
    applies only to folders mypy walks itself."""
    return [
        Step("mypy", [mypy]),
        *(
            Step(
                f"mypy {folder.relative_to(REPO_ROOT)}",
                [mypy, *(str(f.relative_to(REPO_ROOT)) for f in sorted(folder.rglob("*.py")))],
                env={"MYPYPATH": str(folder.relative_to(REPO_ROOT))},
            )
            for folder in test_dirs()
        ),
    ]


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def run_checks(*, lint: bool = True, workers: int = 0, pytest_args: Sequence[str] = ()) -> int:
    """Runs every step even after a failure, so one run shows everything that is wrong.

    On success pytest's summary stays the last line of the output, where CI reads it.
    """
    failed: list[str] = []
    timings: list[str] = []
    *linters, tests = steps(
        lint=lint, workers=workers or default_workers(), pytest_args=pytest_args
    )
    for step in linters:
        if _run(step, timings) != 0:
            failed.append(step.name)
    if linters:
        print(f"==> {', '.join(timings)}", flush=True)
    if failed:
        print(f"==> failed: {', '.join(failed)}; the tests run anyway", flush=True)
    code = _run(tests, timings)
    if code == PYTEST_NO_TESTS:
        print("==> pytest collected no tests: that counts as a failure", flush=True)
    if code != 0:
        failed.append(f"pytest (exit {code})")
    if failed:
        print(f"==> FAILED: {', '.join(failed)}", flush=True)
        return 1
    return 0


def _run(step: Step, timings: list[str]) -> int:
    print(f"==> {step.name}: {' '.join(step.command)}", flush=True)
    started = time.monotonic()
    code = subprocess.call(step.command, cwd=REPO_ROOT, env={**os.environ, **step.env})
    timings.append(f"{step.name} {time.monotonic() - started:.1f} s")
    return code
