"""The KEHA stand-in: `openapi.yaml`, exactly, behind an X-Road security server's REST interface.

`{METHOD} /r1/{instance}/{memberClass}/{memberCode}/{subsystem}/{service}/{path}` (X-Road
message protocol for REST, PR-REST r1; DOMAIN.md §6): the provider part must be this
platform's and the service one it provides (else `Server.ServerProxy.UnknownService`),
`X-Road-Client: {instance}/{memberClass}/{memberCode}/{subsystem}` must be well formed (else
`Client.InvalidClientIdentifier`) and, when `KEHA_SIM_CLIENTS` lists clients, one of them
(else `Server.ServerProxy.AccessDenied`). Every answer carries `X-Road-Id` and
`X-Road-Request-Hash`; an X-Road failure also `X-Road-Error` and the body `{type, message,
detail}`.

For tests, outside the contract under `/_sim/`: the faults to inject (a delay, failures
with or without `X-Road-Error`, on one page only), the calls received, the submissions
stored, and replacing the figures of an area. The same faults can be set at start-up
with `KEHA_SIM_DELAY_SECONDS`, `KEHA_SIM_FAIL_TIMES`, `KEHA_SIM_FAIL_STATUS` and
`KEHA_SIM_FAIL_TYPE`.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import json
import os
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from simulators.keha.data import AreaData, demo_areas
from simulators.keha.identity import Identity

NAME = "keha"
PROVIDER = "/r1/{instance}/{member_class}/{member_code}/{subsystem}"
SERVICES = ("customer-counts", "staff-transfers", "plan-submissions")
CLIENT_PATTERN = re.compile(r"^[^/\s]+/[^/\s]+/[^/\s]+/[^/\s]+$")
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
SHA256 = r"^[0-9a-f]{64}$"


class Faults(BaseModel):
    """What goes wrong, for tests: `fail_times` calls (to `services`, or every service; on
    page `fail_on_page` only, when set) answer `fail_status`, with `X-Road-Error:
    fail_type` unless it is null; every call first waits `delay_seconds`."""

    model_config = ConfigDict(extra="forbid")

    delay_seconds: float = Field(0.0, ge=0, le=60)
    fail_times: int = Field(0, ge=0)
    fail_status: int = Field(500, ge=400, le=599)
    fail_type: str | None = "Server.ServerProxy.ServiceFailed"
    fail_on_page: int | None = Field(None, ge=1)
    services: list[str] | None = None

    @classmethod
    def from_env(cls) -> Faults:
        fail_type = os.environ.get("KEHA_SIM_FAIL_TYPE", "Server.ServerProxy.ServiceFailed")
        return cls(
            delay_seconds=float(os.environ.get("KEHA_SIM_DELAY_SECONDS", "0")),
            fail_times=int(os.environ.get("KEHA_SIM_FAIL_TIMES", "0")),
            fail_status=int(os.environ.get("KEHA_SIM_FAIL_STATUS", "500")),
            fail_type=fail_type or None,
        )


@dataclass
class Call:
    method: str
    service: str
    path: str
    query: str
    client: str | None
    status: int = 0
    xroad_error: str | None = None


@dataclass
class Submission:
    submission_id: str
    area_code: str
    year: int
    version: int
    sha256: str
    received_at: str
    snapshot: dict[str, Any]
    idempotency_key: str
    fingerprint: str

    def read(self, *, replayed: bool) -> dict[str, Any]:
        answer = asdict(self)
        for private in ("snapshot", "idempotency_key", "fingerprint"):
            answer.pop(private)
        return {**answer, "replayed": replayed}


@dataclass
class Platform:
    identity: Identity
    clients: frozenset[str]
    faults: Faults
    areas: dict[str, AreaData] = field(default_factory=demo_areas)
    calls: list[Call] = field(default_factory=list)
    submissions: dict[str, Submission] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class XRoadFailure(Exception):
    """An X-Road error answer (PR-REST: `X-Road-Error` and the body `type`, `message`,
    `detail`)."""

    def __init__(self, status: int, error_type: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error_type, self.message = status, error_type, message


class ServiceRefusal(Exception):
    """The service's own 4xx: a plain answer, no `X-Road-Error`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def platform_of(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


async def _request_hash(request: Request) -> str:
    """Base64 of the SHA-512 of the request as received: method, path with query, body."""
    digest = hashlib.sha512(f"{request.method} {request.url.path}?{request.url.query}\n".encode())
    digest.update(await request.body())
    return base64.b64encode(digest.digest()).decode()


def _call_of(request: Request, service: str) -> Call:
    call: Call = request.state.call
    call.service = service
    return call


async def _apply_faults(platform: Platform, service: str, page: int | None) -> None:
    faults = platform.faults
    if faults.delay_seconds:
        await asyncio.sleep(faults.delay_seconds)
    if faults.fail_times <= 0 or (faults.services and service not in faults.services):
        return
    if faults.fail_on_page is not None and page != faults.fail_on_page:
        return
    faults.fail_times -= 1
    if faults.fail_type is None:
        raise ServiceRefusal(faults.fail_status, "failure", "The service failed (injected).")
    raise XRoadFailure(faults.fail_status, faults.fail_type, "The service failed (injected).")


def xroad_service(service: str) -> Callable[..., Awaitable[Platform]]:
    """The checks a security server makes before the provider's service sees the call."""

    async def checked(
        request: Request,
        instance: Annotated[str, Path()],
        member_class: Annotated[str, Path()],
        member_code: Annotated[str, Path()],
        subsystem: Annotated[str, Path()],
        x_road_client: Annotated[str | None, Header(alias="X-Road-Client")] = None,
    ) -> Platform:
        platform = platform_of(request)
        _call_of(request, service)
        provider = Identity(instance, member_class, member_code, subsystem)
        if provider != platform.identity:
            raise XRoadFailure(
                404, "Server.ServerProxy.UnknownService", f"Unknown service {provider.path}"
            )
        if x_road_client is None or not CLIENT_PATTERN.match(x_road_client):
            raise XRoadFailure(
                400,
                "Client.InvalidClientIdentifier",
                "X-Road-Client must be {instance}/{memberClass}/{memberCode}/{subsystem}",
            )
        if platform.clients and x_road_client not in platform.clients:
            raise XRoadFailure(
                403,
                "Server.ServerProxy.AccessDenied",
                f"Client {x_road_client} has no access rights to the service {service}",
            )
        page = request.query_params.get("page")
        await _apply_faults(platform, service, int(page) if page and page.isdigit() else 1)
        return platform

    return checked


def area_data(platform: Platform, area_code: str) -> AreaData:
    data = platform.areas.get(area_code)
    if data is None:
        raise ServiceRefusal(404, "unknown_area", f"No employment area '{area_code}'.")
    return data


def paged(items: list[dict[str, Any]], page: int, page_size: int) -> dict[str, Any]:
    total_pages = max(1, -(-len(items) // page_size))
    start = (page - 1) * page_size
    return {
        "items": items[start : start + page_size],
        "page": page,
        "page_size": page_size,
        "total_items": len(items),
        "total_pages": total_pages,
    }


Page = Annotated[int, Query(ge=1)]
PageSize = Annotated[int, Query(ge=1, le=1000)]
AreaCode = Annotated[str, Path()]

router = APIRouter(prefix=PROVIDER)


@router.get("/customer-counts/v1/areas/{area_code}/counts")
async def list_customer_counts(
    area_code: AreaCode,
    platform: Annotated[Platform, Depends(xroad_service("customer-counts"))],
    from_month: Annotated[str, Query(alias="from", pattern=MONTH)],
    to_month: Annotated[str, Query(alias="to", pattern=MONTH)],
    page: Page = 1,
    page_size: PageSize = 500,
) -> dict[str, Any]:
    if to_month < from_month:
        raise ServiceRefusal(400, "bad_range", "`to` is before `from`.")
    rows = area_data(platform, area_code).counts_between(from_month, to_month)
    return paged(rows, page, page_size)


@router.get("/staff-transfers/v1/areas/{area_code}/positions")
async def list_staff_transfers(
    area_code: AreaCode,
    platform: Annotated[Platform, Depends(xroad_service("staff-transfers"))],
    start_from: dt.date,
    start_to: dt.date,
    page: Page = 1,
    page_size: PageSize = 500,
) -> dict[str, Any]:
    if start_to < start_from:
        raise ServiceRefusal(400, "bad_range", "`start_to` is before `start_from`.")
    positions = area_data(platform, area_code).positions_starting(start_from, start_to)
    return paged(positions, page, page_size)


class PlanSubmissionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int
    version: int = Field(ge=1)
    sha256: str = Field(pattern=SHA256)
    snapshot: dict[str, Any]


def canonical_sha256(document: dict[str, Any]) -> str:
    """The SHA-256 of the canonical JSON the areas service publishes (sorted keys, no
    whitespace, UTF-8, non-ASCII unescaped)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@router.post("/plan-submissions/v1/areas/{area_code}/submissions", status_code=201)
async def submit_plan(
    area_code: AreaCode,
    body: PlanSubmissionCreate,
    response: Response,
    platform: Annotated[Platform, Depends(xroad_service("plan-submissions"))],
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200)],
) -> dict[str, Any]:
    area_data(platform, area_code)
    if canonical_sha256(body.snapshot) != body.sha256:
        raise ServiceRefusal(400, "sha256_mismatch", "sha256 is not the snapshot's SHA-256.")
    fingerprint = canonical_sha256({"area_code": area_code, **body.model_dump()})
    async with platform.lock:
        earlier = platform.submissions.get(idempotency_key)
        if earlier is not None:
            if earlier.fingerprint != fingerprint:
                raise ServiceRefusal(
                    409, "idempotency_key_reused", "The key was used for another submission."
                )
            response.status_code = 200
            return earlier.read(replayed=True)
        submission = Submission(
            submission_id=str(uuid.uuid4()),
            area_code=area_code,
            year=body.year,
            version=body.version,
            sha256=body.sha256,
            received_at=dt.datetime.now(dt.UTC).isoformat(),
            snapshot=body.snapshot,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
        )
        platform.submissions[idempotency_key] = submission
    return submission.read(replayed=False)


@router.get("/plan-submissions/v1/areas/{area_code}/submissions/{submission_id}")
async def get_plan_submission(
    area_code: AreaCode,
    submission_id: str,
    platform: Annotated[Platform, Depends(xroad_service("plan-submissions"))],
) -> dict[str, Any]:
    for submission in platform.submissions.values():
        if submission.submission_id == submission_id and submission.area_code == area_code:
            return submission.read(replayed=False)
    raise ServiceRefusal(404, "unknown_submission", f"No submission {submission_id}.")


# Outside the contract: how tests steer the stand-in.
control = APIRouter(prefix="/_sim", include_in_schema=False)


@control.put("/faults")
async def set_faults(faults: Faults, request: Request) -> Faults:
    platform_of(request).faults = faults
    return faults


@control.get("/calls")
async def list_calls(request: Request) -> list[dict[str, Any]]:
    return [asdict(call) for call in platform_of(request).calls]


@control.delete("/calls", status_code=204)
async def clear_calls(request: Request) -> None:
    platform_of(request).calls.clear()


@control.get("/submissions")
async def list_submissions(request: Request) -> list[dict[str, Any]]:
    return [
        {**s.read(replayed=False), "idempotency_key": s.idempotency_key}
        for s in platform_of(request).submissions.values()
    ]


@control.put("/areas/{area_code}/counts/{month}")
async def put_month_counts(
    area_code: str,
    month: Annotated[str, Path(pattern=MONTH)],
    rows: list[dict[str, Any]],
    request: Request,
) -> dict[str, int]:
    """Replaces what the platform serves for a month (rows without `month`)."""
    data = platform_of(request).areas.setdefault(area_code, AreaData())
    data.counts[month] = [{"month": month, **row} for row in rows]
    return {"rows": len(rows)}


@control.post("/reset", status_code=204)
async def reset(request: Request) -> None:
    platform = platform_of(request)
    platform.faults, platform.areas = Faults(), demo_areas()
    platform.calls.clear()
    platform.submissions.clear()


def _xroad_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, XRoadFailure)
    body = {"type": exc.error_type, "message": exc.message, "detail": str(uuid.uuid4())}
    return JSONResponse(body, status_code=exc.status, headers={"X-Road-Error": exc.error_type})


def _refusal(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceRefusal)
    return JSONResponse({"code": exc.code, "message": exc.message}, status_code=exc.status)


def _bad_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
    return JSONResponse({"code": "bad_request", "message": f"Invalid: {fields}."}, status_code=400)


def build_app(platform: Platform | None = None) -> FastAPI:
    """The stand-in; `uvicorn simulators.keha.app:build_app --factory` serves it."""
    app = FastAPI(title="KEHA stand-in (X-Road REST)", openapi_url=None, docs_url=None)
    app.state.platform = platform or Platform(
        identity=Identity(
            instance=os.environ.get("KEHA_SIM_INSTANCE", "FI"),
            member_class=os.environ.get("KEHA_SIM_MEMBER_CLASS", "GOV"),
            member_code=os.environ.get("KEHA_SIM_MEMBER_CODE", "0000000-0"),
            subsystem=os.environ.get("KEHA_SIM_SUBSYSTEM", "asiakastieto"),
        ),
        clients=frozenset(c for c in os.environ.get("KEHA_SIM_CLIENTS", "").split(",") if c),
        faults=Faults.from_env(),
    )
    app.include_router(router)
    app.include_router(control)
    app.add_exception_handler(XRoadFailure, _xroad_error)
    app.add_exception_handler(ServiceRefusal, _refusal)
    app.add_exception_handler(RequestValidationError, _bad_request)

    @app.api_route("/r1/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def unknown_service(rest: str, request: Request) -> None:
        """A path no service of this provider has."""
        raise XRoadFailure(404, "Server.ServerProxy.UnknownService", f"Unknown service /r1/{rest}")

    @app.middleware("http")
    async def xroad_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not request.url.path.startswith("/r1/"):
            return await call_next(request)
        call = Call(
            request.method, "", request.url.path, request.url.query,
            request.headers.get("X-Road-Client"),
        )  # fmt: skip
        request.state.call = call
        request_hash = await _request_hash(request)
        response = await call_next(request)
        call.status, call.xroad_error = response.status_code, response.headers.get("X-Road-Error")
        app.state.platform.calls.append(call)
        response.headers["X-Road-Id"] = f"{app.state.platform.identity.instance}-{uuid.uuid4()}"
        response.headers["X-Road-Request-Hash"] = request_hash
        return response

    @app.get("/livez", include_in_schema=False)
    async def livez() -> dict[str, str]:
        return {"status": "ok", "service": NAME}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> dict[str, str]:
        return {"status": "ok", "service": NAME}

    return app
