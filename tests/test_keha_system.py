"""`alue import keha` and `alue submit keha` against the KEHA stand-in through the real
processes: the gateway, the areas and caseload services and the stand-in, each under
uvicorn, wired as `alue run --simulators` wires them."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from typer.testing import CliRunner

from alue.cli import app as cli
from alue.database import prepare_database
from alue.processes import free_port
from alue.registry import service
from alue.system import GATEWAY, System, build_system
from servicekit import provision
from servicekit.testing import TEST_JWT_SECRET
from simulators.registry import simulator

pytestmark = pytest.mark.system

Mint = Callable[..., str]
SERVICES = (service("areas"), service("caseload"))


@pytest.fixture(scope="module")
async def keha_system(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[System]:
    database = f"alue_keha_{uuid.uuid4().hex[:8]}"
    service_urls = await prepare_database(postgres_admin_url, database, services=SERVICES)
    ports = {name: free_port() for name in [GATEWAY, "keha", *service_urls]}
    running = build_system(
        service_urls=service_urls,
        ports=ports,
        jwt_secret=TEST_JWT_SECRET,
        log_dir=tmp_path_factory.mktemp("logs"),
        services=SERVICES,
        simulators=(simulator("keha"),),
        # Retries without waiting, so that a lasting failure answers at once.
        extra_env={
            "CASELOAD_KEHA_RETRY_INITIAL_SECONDS": "0",
            "GATEWAY_PLAN_DEADLINE_SECONDS": "20",
        },
    )
    try:
        running.start()
        running.wait_ready(timeout=60)
        yield running
    finally:
        running.stop()
        await provision.drop_database(postgres_admin_url, database)


@pytest.fixture
def keha(keha_system: System) -> Iterator[httpx.Client]:
    """The stand-in's test controls, reset after each test."""
    with httpx.Client(base_url=keha_system.simulators["keha"].url, timeout=10) as client:
        yield client
        client.post("/_sim/reset")


def alue(system: System, token: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, [*args, "--gateway", system.gateway_url, "--token", token], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_the_demos_months_import_unchanged_and_new_months_once(
    keha_system: System, keha: httpx.Client, mint: Mint
) -> None:
    planner = mint("planner", areas=["kymppi"])
    code, out, err = alue(
        keha_system,
        planner,
        "import",
        "keha",
        "--area",
        "kymppi",
        "--from",
        "2025-01",
        "--to",
        "2025-12",
    )
    assert code == 0, err
    assert "customers (months): 0 new, 0 changed, 12 unchanged, 0 rejected" in out
    assert "staff (positions): 0 new, 0 changed, 40 unchanged, 0 rejected" in out
    assert "done in" in err
    args = ["import", "keha", "--area", "kymppi", "--from", "2024-01", "--to", "2024-03",
            "--what", "customers", "--json"]  # fmt: skip
    first = json.loads(alue(keha_system, planner, *args)[1])
    again = json.loads(alue(keha_system, planner, *args)[1])
    assert (first["customers"]["new"], first["staff"]) == (3, None)
    assert (again["customers"]["new"], again["customers"]["unchanged"]) == (0, 3)


def test_an_xroad_error_exits_1_with_one_line_and_writes_nothing(
    keha_system: System, keha: httpx.Client, mint: Mint
) -> None:
    planner = mint("planner", areas=["kymppi"])
    faults = {"fail_times": 100, "fail_on_page": 2, "fail_status": 503,
              "fail_type": "Server.ServerProxy.ServiceUnavailable"}  # fmt: skip
    assert keha.put("/_sim/faults", json=faults).status_code == 200
    code, _, err = alue(
        keha_system,
        planner,
        "import",
        "keha",
        "--area",
        "kymppi",
        "--from",
        "2026-01",
        "--to",
        "2026-06",
    )
    assert code == 1
    [line] = [line for line in err.splitlines() if line.startswith("Error:")]
    assert "502 xroad-error" in line
    assert "Server.ServerProxy.ServiceUnavailable" in line
    # Retried on the 5xx: page 2 was asked once per attempt (CASELOAD_KEHA_RETRY_ATTEMPTS).
    failed = [c for c in keha.get("/_sim/calls").json() if c["status"] == 503]
    assert len(failed) == 4
    with httpx.Client(base_url=keha_system.gateway_url, timeout=10) as http:
        months = http.get(
            "/caseload/v1/areas/kymppi/customers",
            params={"from": "2026-01", "to": "2026-06"},
            headers={"Authorization": f"Bearer {planner}"},
        )
    assert months.json()["items"] == []


def _approved_and_published(system: System, planner: str, year: int) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {planner}"}
    with httpx.Client(base_url=system.gateway_url, timeout=30, headers=headers) as http:
        plans = "/areas/v1/areas/kymppi/plans"
        created = http.post(plans, json={"year": year, "title": f"Järjestämissuunnitelma {year}"})
        assert created.status_code == 201, created.text
        for status in ("submitted", "approved"):
            moved = http.post(f"{plans}/{created.json()['id']}/transitions", json={"to": status})
            assert moved.status_code == 200, moved.text
        # Only the areas and caseload services run here: the others' sections are missing.
        published = http.post(
            "/v1/plans/kymppi/publish",
            json={"year": year, "force": True, "reason": "KEHA system test"},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert published.status_code == 201, published.text
        version = http.get(f"/v1/plans/kymppi/versions/{published.json()['version']}",
                           params={"year": year})  # fmt: skip
        assert version.status_code == 200, version.text
        read: dict[str, object] = version.json()
        return read


def test_a_published_version_is_submitted_once(
    keha_system: System, keha: httpx.Client, mint: Mint
) -> None:
    planner = mint("planner", areas=["kymppi"])
    version = _approved_and_published(keha_system, planner, 2026)
    args = [
        "submit",
        "keha",
        "--area",
        "kymppi",
        "--year",
        "2026",
        "--version",
        str(version["version"]),
    ]
    code, out, err = alue(keha_system, planner, *args)
    assert code == 0, err
    assert f"SHA-256 {version['sha256']}" in out
    code, out, err = alue(keha_system, planner, *args, "--json")
    assert code == 0, err
    assert json.loads(out)["replayed"] is True
    [stored] = keha.get("/_sim/submissions").json()
    assert stored["sha256"] == version["sha256"]
    assert stored["idempotency_key"] == json.loads(out)["idempotency_key"]


def test_submitting_a_version_that_does_not_exist_exits_1(
    keha_system: System, keha: httpx.Client, mint: Mint
) -> None:
    planner = mint("planner", areas=["kymppi"])
    code, _, err = alue(
        keha_system,
        planner,
        "submit",
        "keha",
        "--area",
        "kymppi",
        "--year",
        "2025",
        "--version",
        "9",
    )
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("Error: 404 not-found:")
    assert keha.get("/_sim/submissions").json() == []
