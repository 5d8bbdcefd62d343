"""The KEHA import and plan submission, against the stand-in (simulators.keha) in process.

The stand-in is the real app of our written contract; it counts the calls it receives, so
retries are counted where they arrive. The areas service is the real one in process.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import ssl
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi import FastAPI

from caseload.config import CaseloadSettings, KehaConnection
from caseload.integrations.keha import KehaConnector
from caseload.integrations.xroad import Limiters, tls_verify
from simulators.keha.app import build_app as build_keha

Auth = Callable[..., dict[str, str]]
IMPORT = "/v1/areas/kymppi/imports/keha"
SUBMIT = "/v1/areas/kymppi/submissions/keha"
CONNECTION = KehaConnection(
    security_server="http://keha.test",
    member_code="0000000-0",
    subsystem="asiakastieto",
    client="FI/MUN/0000000-0/kymppi",
)
# 10 members x 7 lines x 5 segments: a month is 350 rows, so a page of 400 holds a month
# and a part of the next one.
PAGE_SIZE = 400
RETRIES = 3


def _keha_settings(app: FastAPI, **changes: Any) -> CaseloadSettings:
    settings: CaseloadSettings = app.state.settings
    return settings.model_copy(
        update={
            "keha_areas": {"kymppi": CONNECTION},
            "keha_retry_attempts": RETRIES,
            "keha_retry_initial_seconds": 0.0,
            "keha_retry_max_seconds": 0.0,
            "keha_page_size": PAGE_SIZE,
            **changes,
        }
    )


@pytest.fixture
async def keha(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A fresh stand-in the caseload app reaches as Kymppi's security server; the client
    answers its test controls (`/_sim/...`)."""
    stand_in = build_keha()
    original = app.state.keha
    app.state.keha = KehaConnector(_keha_settings(app), httpx.ASGITransport(app=stand_in))
    transport = httpx.ASGITransport(app=stand_in)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://keha.test") as sim:
            yield sim
    finally:
        app.state.keha = original


async def _calls(keha: httpx.AsyncClient, service: str) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = (await keha.get("/_sim/calls")).json()
    return [c for c in calls if c["service"] == service]


async def _import(
    client: httpx.AsyncClient, planner: dict[str, str], **body: Any
) -> httpx.Response:
    return await client.post(IMPORT, json=body, headers=planner)


async def test_importing_the_demos_months_again_changes_nothing(
    client: httpx.AsyncClient, planner: dict[str, str], demo: None, keha: httpx.AsyncClient
) -> None:
    answer = await _import(client, planner, **{"from": "2025-01", "to": "2025-12"})
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["from"], report["to"]) == ("2025-01", "2025-12")
    customers, staff = report["customers"], report["staff"]
    assert (customers["new"], customers["changed"], customers["unchanged"]) == (0, 0, 12)
    assert (staff["new"], staff["changed"], staff["unchanged"], staff["rejected"]) == (0, 0, 40, 0)
    # Paged: 12 months of 350 rows in pages of 400.
    pages = await _calls(keha, "customer-counts")
    assert len(pages) == -(-12 * 350 // PAGE_SIZE)
    assert all(c["client"] == "FI/MUN/0000000-0/kymppi" for c in pages)


async def test_new_months_are_imported_once_then_unchanged(
    client: httpx.AsyncClient, planner: dict[str, str], demo: None, keha: httpx.AsyncClient
) -> None:
    body = {"from": "2024-01", "to": "2024-03", "what": "customers"}
    first = (await _import(client, planner, **body)).json()
    assert first["staff"] is None
    assert (first["customers"]["new"], first["customers"]["unchanged"]) == (3, 0)
    month = (await client.get("/v1/areas/kymppi/customers/2024-02", headers=planner)).json()
    served = await _served(keha, "2024-02")
    assert {(c["municipality_code"], c["service_line"], c["segment"], c["customers"])
            for c in month["counts"]} == served  # fmt: skip
    assert month["is_estimate"] is False
    assert month["source"].startswith("KEHA national platform")
    second = (await _import(client, planner, **body)).json()
    assert (second["customers"]["new"], second["customers"]["unchanged"]) == (0, 3)
    again = (await client.get("/v1/areas/kymppi/customers/2024-02", headers=planner)).json()
    assert again["updated_at"] == month["updated_at"]


async def _served(keha: httpx.AsyncClient, month: str) -> set[tuple[str, str, str, int]]:
    """What the stand-in serves for a month, read through its own answer."""
    path = "/r1/FI/GOV/0000000-0/asiakastieto/customer-counts/v1/areas/kymppi/counts"
    rows: list[dict[str, Any]] = []
    page, pages = 1, 1
    while page <= pages:
        answer = await keha.get(
            path,
            params={"from": month, "to": month, "page": str(page)},
            headers={"X-Road-Client": "FI/MUN/0000000-0/test"},
        )
        pages = answer.json()["total_pages"]
        rows += answer.json()["items"]
        page += 1
    return {(r["municipality_code"], r["service_line"], r["segment"], r["customers"]) for r in rows}


def _month_rows(customers: int) -> list[dict[str, Any]]:
    return [
        {"municipality_code": "233", "service_line": "multi_sectoral_services",
         "segment": "all", "customers": customers},
        {"municipality_code": "233", "service_line": "multi_sectoral_services",
         "segment": "over_50", "customers": customers // 2},
    ]  # fmt: skip


async def test_a_month_the_platform_changed_is_replaced_and_bad_months_are_rejected(
    client: httpx.AsyncClient, planner: dict[str, str], demo: None, keha: httpx.AsyncClient
) -> None:
    await keha.put("/_sim/areas/kymppi/counts/2025-03", json=_month_rows(140))
    # Seinäjoki (743) is no member of Kymppi: the month is refused whole.
    bad = [{**r, "municipality_code": "743"} for r in _month_rows(10)]
    await keha.put("/_sim/areas/kymppi/counts/2025-04", json=bad)
    before = (await client.get("/v1/areas/kymppi/customers/2025-04", headers=planner)).json()
    report = (await _import(client, planner, **{"from": "2025-01", "to": "2025-06",
                                                "what": "customers"})).json()  # fmt: skip
    customers = report["customers"]
    assert (customers["new"], customers["changed"], customers["unchanged"]) == (0, 1, 4)
    assert customers["rejected"] == 1
    [rejection] = customers["rejections"]
    assert rejection["item"] == "2025-04"
    assert any("743 is not a member" in reason for reason in rejection["reasons"])
    march = (await client.get("/v1/areas/kymppi/customers/2025-03", headers=planner)).json()
    assert [c["customers"] for c in march["counts"]] == [140, 70]
    after = (await client.get("/v1/areas/kymppi/customers/2025-04", headers=planner)).json()
    assert after["counts"] == before["counts"]


async def test_a_failure_mid_import_leaves_nothing(
    client: httpx.AsyncClient, planner: dict[str, str], keha: httpx.AsyncClient
) -> None:
    # Page 1 holds all of January, which is written before page 2 fails for good.
    faults = {"fail_times": 100, "fail_on_page": 2, "fail_status": 500,
              "fail_type": "Server.ServerProxy.ServiceFailed"}  # fmt: skip
    await keha.put("/_sim/faults", json=faults)
    answer = await _import(client, planner, **{"from": "2026-01", "to": "2026-03"})
    assert answer.status_code == 502, answer.text
    assert answer.json()["type"] == "/problems/xroad-error"
    listed = await client.get(
        "/v1/areas/kymppi/customers", params={"from": "2026-01", "to": "2026-03"}, headers=planner
    )
    assert listed.json()["items"] == []
    staff = await client.get("/v1/areas/kymppi/staff", headers=planner)
    assert staff.json()["items"] == []


async def test_reads_are_retried_on_5xx_and_succeed(
    client: httpx.AsyncClient, planner: dict[str, str], keha: httpx.AsyncClient
) -> None:
    faults = {"fail_times": RETRIES - 1, "fail_status": 503, "fail_type": None,
              "services": ["staff-transfers"]}  # fmt: skip
    await keha.put("/_sim/faults", json=faults)
    answer = await _import(client, planner, **{"from": "2025-01", "to": "2025-01", "what": "staff"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["staff"]["new"] == 40
    statuses = [c["status"] for c in await _calls(keha, "staff-transfers")]
    assert statuses == [503, 503, 200]


async def test_a_5xx_that_lasts_is_a_502_after_every_attempt(
    client: httpx.AsyncClient, planner: dict[str, str], keha: httpx.AsyncClient
) -> None:
    await keha.put("/_sim/faults", json={"fail_times": 100, "fail_status": 503, "fail_type": None})
    answer = await _import(client, planner, **{"from": "2025-01", "to": "2025-01", "what": "staff"})
    assert answer.status_code == 502
    problem = answer.json()
    assert (problem["type"], problem["service"]) == ("/problems/dependency-unavailable", "keha")
    assert len(await _calls(keha, "staff-transfers")) == RETRIES


async def test_a_4xx_xroad_error_is_never_retried_and_names_its_type(
    client: httpx.AsyncClient, planner: dict[str, str], keha: httpx.AsyncClient
) -> None:
    faults = {"fail_times": 100, "fail_status": 403, "fail_type": "Server.ServerProxy.AccessDenied"}
    await keha.put("/_sim/faults", json=faults)
    answer = await _import(client, planner, **{"from": "2025-01", "to": "2025-01"})
    assert answer.status_code == 502
    problem = answer.json()
    assert problem["type"] == "/problems/xroad-error"
    assert problem["xroad_error_type"] == "Server.ServerProxy.AccessDenied"
    assert "Server.ServerProxy.AccessDenied" in problem["detail"]
    assert len(await _calls(keha, "customer-counts")) == 1


async def test_an_unreachable_security_server_is_retried_then_502(
    app: FastAPI, client: httpx.AsyncClient, planner: dict[str, str]
) -> None:
    attempts: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        # What httpx raises when nothing listens at the security server's address.
        attempts.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    original = app.state.keha
    app.state.keha = KehaConnector(_keha_settings(app), httpx.MockTransport(refuse))
    try:
        answer = await _import(client, planner, **{"from": "2025-01", "to": "2025-01"})
    finally:
        app.state.keha = original
    assert answer.status_code == 502
    assert answer.json()["service"] == "keha"
    assert "could not be reached" in answer.json()["detail"]
    assert len(attempts) == RETRIES


async def test_the_platforms_own_4xx_is_a_502_and_never_retried(
    app: FastAPI, client: httpx.AsyncClient, planner: dict[str, str], keha: httpx.AsyncClient
) -> None:
    # An area code the platform does not know: its own 404, without X-Road-Error.
    unknown = CONNECTION.model_copy(update={"area_code": "no-such-area"})
    transport = app.state.keha.transport
    app.state.keha = KehaConnector(_keha_settings(app, keha_areas={"kymppi": unknown}), transport)
    answer = await _import(client, planner, **{"from": "2025-01", "to": "2025-01"})
    assert answer.status_code == 502
    problem = answer.json()
    assert (problem["type"], problem["service"]) == ("/problems/dependency-unavailable", "keha")
    assert "unknown_area" in problem["detail"]
    assert [c["status"] for c in await _calls(keha, "customer-counts")] == [404]


async def test_transferred_positions_are_matched_by_the_platforms_id(
    client: httpx.AsyncClient, planner: dict[str, str], demo: None, keha: httpx.AsyncClient
) -> None:
    listed = await client.get("/v1/areas/kymppi/staff", params={"limit": "1"}, headers=planner)
    position = listed.json()["items"][0]
    etag = (await client.get(f"/v1/areas/kymppi/staff/{position['id']}", headers=planner)).headers[
        "ETag"
    ]
    changed = {**{k: position[k] for k in ("function", "service_line", "origin", "start_date")},
               "fte": 0.5, "title": position["title"]}  # fmt: skip
    put = await client.put(
        f"/v1/areas/kymppi/staff/{position['id']}",
        json=changed,
        headers={**planner, "If-Match": etag},
    )
    assert put.status_code == 200, put.text
    body = {"from": "2025-01", "to": "2025-12", "what": "staff"}
    report = (await _import(client, planner, **body)).json()["staff"]
    assert (report["new"], report["changed"], report["unchanged"]) == (0, 1, 39)
    again = await client.get(f"/v1/areas/kymppi/staff/{position['id']}", headers=planner)
    assert again.json()["fte"] == 1.0


async def test_an_area_without_a_connection_is_409(
    client: httpx.AsyncClient, auth: Auth, keha: httpx.AsyncClient
) -> None:
    admin = auth("admin")
    answer = await client.post(
        "/v1/areas/suupohja/imports/keha", json={"from": "2025-01", "to": "2025-01"},
        headers=admin,
    )  # fmt: skip
    assert answer.status_code == 409
    assert answer.json()["type"] == "/problems/keha-not-configured"


async def test_viewers_cannot_import_and_other_areas_are_not_found(
    client: httpx.AsyncClient, viewer: dict[str, str], auth: Auth, keha: httpx.AsyncClient
) -> None:
    body = {"from": "2025-01", "to": "2025-01"}
    assert (await client.post(IMPORT, json=body, headers=viewer)).status_code == 403
    other = auth("planner", areas=["suupohja"])
    assert (await client.post(IMPORT, json=body, headers=other)).status_code == 404
    assert await _calls(keha, "customer-counts") == []


# The submission: a published version of an approved plan, read from the areas service.


async def _published(
    areas_app: FastAPI, planner: dict[str, str], year: int, *, approve: bool
) -> int:
    transport = httpx.ASGITransport(app=areas_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://areas.test") as areas:
        plans = "/v1/areas/kymppi/plans"
        created = await areas.post(plans, json={"year": year, "title": f"Suunnitelma {year}"},
                                   headers=planner)  # fmt: skip
        assert created.status_code == 201, created.text
        plan_id = created.json()["id"]
        steps = ["submitted", "approved"] if approve else []
        for status in steps:
            moved = await areas.post(
                f"{plans}/{plan_id}/transitions", json={"to": status}, headers=planner
            )
            assert moved.status_code == 200, moved.text
        document = {"area_id": "kymppi", "year": year, "title_fi": "Järjestämissuunnitelma"}
        snapshot = await areas.post(
            f"{plans}/{plan_id}/snapshots", json={"document": document}, headers=planner
        )
        assert snapshot.status_code == 201, snapshot.text
        version: int = snapshot.json()["version"]
        return version


async def test_an_approved_version_is_submitted_once_with_its_idempotency_key(
    client: httpx.AsyncClient,
    planner: dict[str, str],
    areas_app: FastAPI,
    keha: httpx.AsyncClient,
) -> None:
    version = await _published(areas_app, planner, 2031, approve=True)
    first = await client.post(SUBMIT, json={"year": 2031, "version": version}, headers=planner)
    assert first.status_code == 200, first.text
    receipt = first.json()
    assert receipt["replayed"] is False
    again = (await client.post(SUBMIT, json={"year": 2031, "version": version},
                               headers=planner)).json()  # fmt: skip
    assert again["replayed"] is True
    assert again["submission_id"] == receipt["submission_id"]
    [stored] = (await keha.get("/_sim/submissions")).json()
    assert stored["idempotency_key"] == receipt["idempotency_key"]
    assert stored["sha256"] == receipt["sha256"]
    # Sent once each time: a submission is never retried.
    assert len(await _calls(keha, "plan-submissions")) == 2


async def test_a_submission_is_sent_once_even_when_it_fails(
    client: httpx.AsyncClient,
    planner: dict[str, str],
    areas_app: FastAPI,
    keha: httpx.AsyncClient,
) -> None:
    version = await _published(areas_app, planner, 2032, approve=True)
    await keha.put("/_sim/faults", json={"fail_times": 1, "fail_status": 503})
    answer = await client.post(SUBMIT, json={"year": 2032, "version": version}, headers=planner)
    assert answer.status_code == 502
    assert answer.json()["xroad_error_type"] == "Server.ServerProxy.ServiceFailed"
    assert len(await _calls(keha, "plan-submissions")) == 1
    assert (await keha.get("/_sim/submissions")).json() == []


async def test_a_version_of_a_plan_not_approved_is_not_submitted(
    client: httpx.AsyncClient,
    planner: dict[str, str],
    areas_app: FastAPI,
    keha: httpx.AsyncClient,
) -> None:
    version = await _published(areas_app, planner, 2033, approve=False)
    answer = await client.post(SUBMIT, json={"year": 2033, "version": version}, headers=planner)
    assert answer.status_code == 409
    assert answer.json()["plan_status"] == "draft"
    missing = await client.post(SUBMIT, json={"year": 2033, "version": 99}, headers=planner)
    assert missing.status_code == 404
    assert await _calls(keha, "plan-submissions") == []


async def test_each_answers_xroad_id_and_request_hash_are_logged(
    client: httpx.AsyncClient,
    planner: dict[str, str],
    keha: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="caseload.keha"):
        body = {"from": "2025-01", "to": "2025-01", "what": "staff"}
        assert (await _import(client, planner, **body)).status_code == 200
    [record] = [r for r in caplog.records if r.name == "caseload.keha"]
    assert record.__dict__["xroad_id"].startswith("FI-")
    assert len(base64.b64decode(record.__dict__["xroad_request_hash"])) == 64  # SHA-512


async def test_calls_are_rate_limited_per_service() -> None:
    limiters = Limiters(rate_per_second=5)
    counts = limiters.of("https://ss.example", "customer-counts")
    assert limiters.of("https://ss.example", "customer-counts") is counts
    assert limiters.of("https://ss.example", "staff-transfers") is not counts
    started = time.monotonic()
    for _ in range(10):
        async with counts:
            pass
    # A burst of 5, then 5 a second: the tenth call waits about a second.
    assert time.monotonic() - started >= 0.8


def test_the_client_certificate_and_ca_bundle_make_the_tls_context(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    assert tls_verify(CONNECTION) is True
    context = tls_verify(
        CONNECTION.model_copy(update={"cert_file": cert, "key_file": key, "ca_bundle": cert})
    )
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert len(context.get_ca_certs()) == 1
    with pytest.raises(ssl.SSLError):
        tls_verify(CONNECTION.model_copy(update={"cert_file": key, "key_file": key}))


def _self_signed(folder: Path) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kymppi.alue.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "client.crt", folder / "client.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


async def test_a_range_that_ends_before_it_starts_is_422(
    client: httpx.AsyncClient, planner: dict[str, str], keha: httpx.AsyncClient
) -> None:
    answer = await _import(client, planner, **{"from": "2025-06", "to": "2025-01"})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["to"]
    assert await _calls(keha, "customer-counts") == []
