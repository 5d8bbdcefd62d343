"""The `alue` command's own pieces: secret, tokens, flags, revision ids, the test runner."""

from __future__ import annotations

import importlib.util
import os
import socket
import stat
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from typer.testing import CliRunner

from alue.checks import run_checks
from alue.cli import app as cli
from alue.paths import REPO_ROOT
from alue.processes import Child, ChildFailed, free_port, is_ready, wait_ready
from alue.registry import SERVICES
from alue.revisions import next_revision_id
from alue.signing import auth_settings, dev_secret
from servicekit.auth import TokenVerifier


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private state folder, and no secret in the environment."""
    monkeypatch.setenv("ALUE_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("ALUE_JWT_SECRET", raising=False)
    return tmp_path


def test_dev_secret_is_generated_once_and_private(state: Path) -> None:
    first = dev_secret(state)
    assert len(first) >= 32
    assert stat.S_IMODE((state / "jwt_secret").stat().st_mode) == 0o600
    assert dev_secret(state) == first


def test_secret_from_the_environment_wins_and_writes_nothing(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALUE_JWT_SECRET", "x" * 40)
    assert dev_secret(state) == "x" * 40
    assert not (state / "jwt_secret").exists()


async def test_token_command_mints_the_roles_and_areas_asked_for(state: Path) -> None:
    result = CliRunner().invoke(
        cli, ["token", "--role", "planner", "--area", "kymppi", "--area", "other", "--ttl", "120"]
    )
    assert result.exit_code == 0, result.output
    verifier = TokenVerifier(auth_settings(dev_secret(state)))
    principal = await verifier.verify(result.output.strip())
    assert principal.roles == frozenset({"planner"})
    assert principal.areas == frozenset({"kymppi", "other"})


def test_token_command_refuses_an_unknown_role(state: Path) -> None:
    result = CliRunner().invoke(cli, ["token", "--role", "superuser"])
    assert result.exit_code != 0
    assert not (state / "jwt_secret").exists()


def test_run_refuses_a_port_flag_for_an_unknown_service(state: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "--port", "nosuchservice=9001"])
    assert result.exit_code == 2
    assert not (state / "pgdata").exists()


def test_run_stops_before_anything_starts_when_a_port_is_taken(state: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        taken = listener.getsockname()[1]
        # Every other process on a free port: a running `alue run` holds the default ones.
        others = [arg for spec in SERVICES for arg in ("--port", f"{spec.name}={free_port()}")]
        result = CliRunner().invoke(cli, ["run", "--gateway-port", str(taken), *others])
    assert result.exit_code == 1
    assert f"Error: port {taken} (gateway) already in use;" in result.output
    assert not (state / "pgdata").exists()


@pytest.mark.parametrize(
    ("head", "expected"), [(None, "0001"), ("0003", "0004"), ("0099", "0100"), ("ae1027a6", None)]
)
def test_next_revision_id_counts_up_from_a_numeric_head(
    head: str | None, expected: str | None
) -> None:
    assert next_revision_id(head) == expected


def test_a_child_that_cannot_start_fails_with_its_last_log_lines(tmp_path: Path) -> None:
    child = Child(
        name="broken",
        app="alue_no_such_module.main:build_app",
        host="127.0.0.1",
        port=free_port(),
        env=dict(os.environ),
        log_path=tmp_path / "broken.log",
    )
    child.start()
    with pytest.raises(ChildFailed) as failure:
        wait_ready([child], timeout=30)
    message = str(failure.value)
    assert message.startswith("broken exited with code")
    assert "alue_no_such_module" in message  # uvicorn's own words, from the log


def test_a_test_run_that_collects_no_tests_fails(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no tests here\n")
    assert run_checks(lint=False, workers=1, pytest_args=[str(tmp_path)]) == 1


def load_dev_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", REPO_ROOT / "dev.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bootstrap_installs_libraries_first_and_the_root_last() -> None:
    dev = load_dev_script()
    dirs = dev.project_dirs()
    assert dirs[0] == REPO_ROOT / "libs" / "servicekit"
    assert dirs[-1] == REPO_ROOT
    assert REPO_ROOT / "services" / "areas" in dirs
    assert all((d / "pyproject.toml").is_file() for d in dirs)


def test_bootstrap_reinstalls_when_the_pins_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dev = load_dev_script()
    pins = tmp_path / "constraints.txt"
    monkeypatch.setattr(dev, "CONSTRAINTS", pins)
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    pins.write_text("a==1\n")
    before = dev.install_hash([tmp_path])
    assert dev.install_hash([tmp_path]) == before
    pins.write_text("a==2\n")
    assert dev.install_hash([tmp_path]) != before


def test_another_server_on_a_childs_port_is_not_taken_for_it(tmp_path: Path) -> None:
    """A port taken by someone else between choosing it and binding it: that server's
    /readyz says another name, so the child is not reported ready in its place."""
    impostor = Child(
        name="areas",
        app="gateway.main:build_app",
        host="127.0.0.1",
        port=free_port(),
        env={**os.environ, "ALUE_DEV_MODE": "true", "GATEWAY_SERVICES": "{}"},
        log_path=tmp_path / "impostor.log",
    )
    impostor.start()
    try:
        with pytest.raises(ChildFailed, match="was not ready within"):
            wait_ready([impostor], timeout=5)
        gateway = Child(
            name="gateway",
            app="gateway.main:build_app",
            host="127.0.0.1",
            port=impostor.port,
            env={},
            log_path=tmp_path / "unused.log",
        )
        with httpx.Client(timeout=2.0) as client:
            assert is_ready(gateway, client)
    finally:
        impostor.stop(5)


def test_free_ports_stay_below_the_ephemeral_range() -> None:
    ports = {free_port() for _ in range(20)}
    assert all(20000 <= port < 32000 for port in ports)
