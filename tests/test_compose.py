"""The deployment files, docker-compose.yml and deploy/, read as data.

No Docker engine runs where the tests run, so the files are parsed and their
promises checked: start order by health, one published port, secrets only from
the environment, and commands that name modules and CLI commands that exist.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import subprocess
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import asyncpg
import pytest
import typer
import yaml
from sqlalchemy.engine import make_url

from alue.database import DEFAULT_DATABASE, provision_services
from alue.registry import SERVICES
from servicekit import provision

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
APP_IMAGE_ENTRYPOINT = "/opt/alue/entrypoint.py"
# `${NAME:?message}`: compose refuses to start when NAME is unset or empty.
REQUIRED_VARIABLE = re.compile(r"^\$\{[A-Z][A-Z0-9_]*:\?[^}]+\}$")

Compose = dict[str, Any]


@pytest.fixture(scope="module")
def compose() -> Compose:
    loaded: Compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def entrypoint() -> ModuleType:
    spec = importlib.util.spec_from_file_location("alue_entrypoint", DEPLOY / "entrypoint.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def services(compose: Compose) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


def app_services(compose: Compose) -> dict[str, dict[str, Any]]:
    """The services that run the Alue image (everything but the database)."""
    return {
        name: svc
        for name, svc in services(compose).items()
        if svc.get("build", {}).get("dockerfile") == "deploy/Dockerfile"
    }


def dependency(svc: dict[str, Any], on: str) -> str | None:
    depends = svc.get("depends_on", {})
    assert isinstance(depends, dict), "depends_on must use the long form with conditions"
    condition: str | None = depends.get(on, {}).get("condition")
    return condition


def commands_of(entrypoint: ModuleType, svc: dict[str, Any]) -> list[list[str]]:
    env = {key: str(value) for key, value in svc.get("environment", {}).items()}
    commands: list[list[str]] = entrypoint.command_for(svc.get("command", []), env)
    return commands


def test_database_is_postgres_16_checked_with_pg_isready(compose: Compose) -> None:
    db = services(compose)["db"]
    assert re.fullmatch(r"postgres:16(\.\d+)?(-[a-z0-9]+)?", db["image"])
    test = db["healthcheck"]["test"]
    assert "pg_isready" in " ".join(test)
    assert "ports" not in db


def test_migrate_job_waits_for_a_healthy_database_and_runs_once(compose: Compose) -> None:
    migrate = services(compose)["migrate"]
    assert dependency(migrate, "db") == "service_healthy"
    assert migrate["restart"] == "no"
    assert migrate["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert "@db:5432/" in migrate["environment"]["DATABASE_URL"]


def test_migrate_job_runs_the_cli_migrate_then_seed(
    compose: Compose, entrypoint: ModuleType
) -> None:
    steps = commands_of(entrypoint, services(compose)["migrate"])
    assert steps == [["alue", "migrate"], ["alue", "seed"]]
    cli = importlib.import_module("alue.cli")
    known = set(typer.main.get_command(cli.app).commands)  # type: ignore[attr-defined]
    assert {step[1] for step in steps} <= known


def test_every_registered_service_waits_for_the_migration_and_the_database(
    compose: Compose,
) -> None:
    for spec in SERVICES:
        svc = services(compose).get(spec.name)
        assert svc is not None, f"docker-compose.yml does not run the {spec.name} service"
        assert dependency(svc, "migrate") == "service_completed_successfully", spec.name
        assert dependency(svc, "db") == "service_healthy", spec.name


def runtime_role(owner: str) -> str:
    """The role a service connects as: owns nothing, rights granted by its owner role
    (the convention of issue 13: `alue_<service>_app`, password `<PREFIX>APP_DB_PASSWORD`)."""
    return f"{owner}_app"


def test_each_service_logs_in_as_its_runtime_role_with_the_password_migrate_sets(
    compose: Compose,
) -> None:
    migrate_env = services(compose)["migrate"]["environment"]
    for spec in SERVICES:
        for variable in (f"{spec.env_prefix}DB_PASSWORD", f"{spec.env_prefix}APP_DB_PASSWORD"):
            assert REQUIRED_VARIABLE.match(migrate_env[variable]), variable
        env = services(compose)[spec.name]["environment"]
        assert not any("DB_PASSWORD" in key for key in env), f"{spec.name} has a role password"
        url = env[f"{spec.env_prefix}DATABASE_URL"]
        password = migrate_env[f"{spec.env_prefix}APP_DB_PASSWORD"]
        expected = f"postgresql://{runtime_role(spec.role)}:{password}@db:5432/"
        assert url == expected + DEFAULT_DATABASE, spec.name


def test_each_service_knows_exactly_the_services_it_asks(compose: Compose) -> None:
    for spec in SERVICES:
        env = services(compose)[spec.name]["environment"]
        peers = json.loads(env.get("ALUE_SERVICES", "{}"))
        assert peers == {name: f"http://{name}:8000" for name in spec.peers}, spec.name


def test_every_container_has_cpu_and_memory_limits(compose: Compose) -> None:
    for name, svc in services(compose).items():
        limits = svc.get("deploy", {}).get("resources", {}).get("limits", {})
        assert float(limits.get("cpus", 0)) > 0, f"{name} has no CPU limit"
        assert re.fullmatch(r"\d+[MG]", str(limits.get("memory", ""))), f"{name} memory limit"
        reserved = svc["deploy"]["resources"].get("reservations", {})
        if "cpus" in reserved:
            assert float(reserved["cpus"]) <= float(limits["cpus"]), name


def test_long_running_containers_restart_and_the_job_does_not(compose: Compose) -> None:
    expected = {"db", "gateway"} | {spec.name for spec in SERVICES}
    restarting = {
        name
        for name, svc in services(compose).items()
        if svc.get("restart") in {"unless-stopped", "always", "on-failure"}
    }
    assert restarting == expected
    assert services(compose)["migrate"]["restart"] == "no"


def test_the_database_keeps_its_data_in_a_named_volume(compose: Compose) -> None:
    (mount,) = services(compose)["db"]["volumes"]
    volume, _, target = mount.partition(":")
    assert target == "/var/lib/postgresql/data"
    assert volume in compose["volumes"], "the volume must be declared (named, not a bind mount)"


def _setting(command: list[str], name: str) -> int:
    for index, word in enumerate(command):
        if word == "-c" and command[index + 1].startswith(f"{name}="):
            return int(command[index + 1].partition("=")[2])
    return 100  # PostgreSQL's default


def test_the_pools_fit_in_the_servers_connections(compose: Compose) -> None:
    """One worker per container, so each service holds at most pool + overflow connections;
    the migrate job and an operator's psql need a few more (superuser_reserved: 3)."""
    max_connections = _setting(services(compose)["db"].get("command", []), "max_connections")
    held = 0
    for spec in SERVICES:
        env = services(compose)[spec.name]["environment"]
        pool = int(env.get(f"{spec.env_prefix}DB_POOL_SIZE", 10))
        overflow = int(env.get(f"{spec.env_prefix}DB_MAX_OVERFLOW", 0))
        held += pool + overflow
    assert held + 3 + 5 <= max_connections


def test_secrets_have_a_committed_example_and_an_ignored_env_file(compose: Compose) -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", text))
    example: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            example[key.strip()] = value.strip()
    assert set(example) == required
    assert all(value == "" for value in example.values()), "the example holds no secret"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".env"], cwd=ROOT, check=False
    ).returncode
    assert ignored == 0, ".env must be git-ignored"
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", ".env"], cwd=ROOT, capture_output=True, check=False
    ).returncode
    assert tracked != 0, ".env is committed"


async def test_migrate_sets_each_role_password_from_the_environment(
    postgres_admin_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the compose file relies on: `<PREFIX>DB_PASSWORD` reaches the owner role and
    `<PREFIX>APP_DB_PASSWORD` the runtime role and the URL the service is given."""
    spec = SERVICES[0]
    database = f"alue_compose_{uuid.uuid4().hex[:8]}"
    await provision.create_database(postgres_admin_url, database)
    admin = provision.with_database(postgres_admin_url, database)
    monkeypatch.setenv(f"{spec.env_prefix}DB_PASSWORD", "compose-role-password")
    monkeypatch.setenv(f"{spec.env_prefix}APP_DB_PASSWORD", "compose-app-password")
    runtime = provision.runtime_role(spec.role)
    try:
        urls = await provision_services(admin, (spec,))
        assert make_url(urls[spec.name].owner).password == "compose-role-password"
        assert make_url(urls[spec.name].runtime).password == "compose-app-password"
        assert make_url(urls[spec.name].runtime).username == runtime
        conn = await asyncpg.connect(provision.libpq_url(admin))
        try:
            stored = [
                await conn.fetchval("SELECT rolpassword FROM pg_authid WHERE rolname = $1", role)
                for role in (spec.role, runtime)
            ]
            # Roles are cluster-wide: leave them as the other tests (trusting local logins) had.
            for role in (spec.role, runtime):
                await conn.execute(f'ALTER ROLE "{role}" PASSWORD NULL')
        finally:
            await conn.close()
        assert None not in stored
    finally:
        await provision.drop_database(postgres_admin_url, database)


def test_gateway_waits_for_every_service_and_knows_their_addresses(compose: Compose) -> None:
    gateway = services(compose)["gateway"]
    routes = json.loads(gateway["environment"]["GATEWAY_SERVICES"])
    assert set(routes) == {spec.name for spec in SERVICES}
    for spec in SERVICES:
        assert dependency(gateway, spec.name) == "service_healthy", spec.name
        assert routes[spec.name] == f"http://{spec.name}:8000"


def test_only_the_gateway_publishes_a_port(compose: Compose) -> None:
    publishing = {name for name, svc in services(compose).items() if svc.get("ports")}
    assert publishing == {"gateway"}
    (mapping,) = services(compose)["gateway"]["ports"]
    assert str(mapping).endswith(":8000")


def test_every_long_running_service_has_a_healthcheck(
    compose: Compose, entrypoint: ModuleType
) -> None:
    for name, svc in services(compose).items():
        if svc.get("restart") == "no":
            continue  # a one-shot job: dependants wait for it to complete instead
        check = svc.get("healthcheck", {})
        assert check.get("test"), f"{name} has no healthcheck"
        assert not check.get("disable"), name
        if name in app_services(compose):
            assert check["test"] == ["CMD", "python", APP_IMAGE_ENTRYPOINT, "healthcheck"]
            env = {key: str(value) for key, value in svc.get("environment", {}).items()}
            assert entrypoint.healthcheck_url(env) == "http://127.0.0.1:8000/readyz", name


def test_secrets_come_only_from_required_environment_variables(compose: Compose) -> None:
    for name, svc in services(compose).items():
        for key, value in svc.get("environment", {}).items():
            text = str(value)
            if re.search(r"SECRET|PASSWORD", key):
                assert REQUIRED_VARIABLE.match(text), f"{name}.{key} is not ${{VAR:?...}}"
            password = re.match(r"^postgresql://[^:/@]+:([^@]*)@", text)
            if password:
                assert REQUIRED_VARIABLE.match(password.group(1)), f"{name}.{key} URL password"


def test_each_app_command_starts_a_real_app_factory_on_the_probed_port(
    compose: Compose, entrypoint: ModuleType
) -> None:
    long_running = {n: s for n, s in app_services(compose).items() if s.get("restart") != "no"}
    assert set(long_running) == {"gateway"} | {spec.name for spec in SERVICES}
    for name, svc in long_running.items():
        (command,) = commands_of(entrypoint, svc)
        assert command[0] == "uvicorn", name
        assert "--factory" in command
        assert command[command.index("--port") + 1] == entrypoint.DEFAULT_PORT
        module_name, _, attribute = command[1].partition(":")
        factory = getattr(importlib.import_module(module_name), attribute)
        assert callable(factory), command[1]


def test_entrypoint_chooses_by_argument_or_alue_service(entrypoint: ModuleType) -> None:
    (by_env,) = entrypoint.command_for([], {"ALUE_SERVICE": "areas", "PORT": "9001"})
    assert by_env[:2] == ["uvicorn", "areas.main:build_app"]
    assert by_env[by_env.index("--port") + 1] == "9001"
    assert entrypoint.command_for(["migrate"], {"ALUE_SEED": "false"}) == [["alue", "migrate"]]
    assert entrypoint.command_for(["alue", "token"], {}) == [["alue", "token"]]
    with pytest.raises(SystemExit):
        entrypoint.command_for([], {})


@pytest.fixture
def readyz_server() -> Iterator[tuple[str, list[int]]]:
    """A loopback server whose /readyz answers the status at the head of the list."""
    statuses = [200]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(statuses[0] if self.path == "/readyz" else 404)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/readyz", statuses
    finally:
        server.shutdown()
        server.server_close()


def test_healthcheck_passes_only_when_readyz_answers_200(
    entrypoint: ModuleType, readyz_server: tuple[str, list[int]]
) -> None:
    url, statuses = readyz_server
    assert entrypoint.probe(url) == 0
    statuses[0] = 503
    assert entrypoint.probe(url) == 1
    assert entrypoint.probe(url.replace("/readyz", "/missing")) == 1


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions, (KEYWORD, arguments), grouped by build stage."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        keyword, _, arguments = line.strip().partition(" ")
        if keyword.upper() == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword.upper(), arguments.strip()))
    return stages


def test_image_is_python_311_slim_and_runs_as_a_non_root_user() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim$", text, re.MULTILINE)
    stages = dockerfile_stages()
    assert stages
    assert all(ins[0][1].startswith("${PYTHON_IMAGE}") for ins in stages)
    final = dict(stages[-1])
    user = final["USER"].split(":")[0]
    assert user not in {"root", "0"}
    assert json.loads(final["ENTRYPOINT"]) == ["python", APP_IMAGE_ENTRYPOINT]


def test_image_installs_every_package_the_commands_use() -> None:
    build = " ".join(args for keyword, args in dockerfile_stages()[0] if keyword == "RUN")
    for package in ("./libs/servicekit", "./services/*/", "./gateway", "--no-deps ."):
        assert f"pip install {package}" in build or f" {package}" in build, package
    copied = [args for stage in dockerfile_stages() for kw, args in stage if kw == "COPY"]
    for args in copied:
        if "--from=" in args:
            continue
        *sources, _ = args.split()
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such path"
    assert f"deploy/entrypoint.py {APP_IMAGE_ENTRYPOINT}" in copied
