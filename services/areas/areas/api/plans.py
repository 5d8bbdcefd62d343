"""Routes for plan records and their narrative sections.

Reading is for the area's viewers and planners, reviewers and admins (anyone else: 404);
writing is for the area's planners and admins (a viewer or reviewer: 403).

Status changes are `POST .../plans/{plan_id}/transitions` with `{"to": "submitted"}`:
draft -> submitted -> approved, anything else 409. `If-Match` is optional there (the
workflow itself refuses a repeated step); when sent, a stale ETag is 412.

Sections are `PUT .../sections/{key}`. Creating one needs no precondition (or
`If-None-Match: *`, which makes a PUT that would overwrite an existing section 412);
replacing one needs `If-Match` with its ETag (428 without, 412 when stale). The sections of
an approved plan cannot change (409).
"""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from areas.api.deps import AreaReader, AreaWriter, Session
from areas.api.params import AreaIdPath, RowId
from areas.models import Plan, PlanSection
from areas.schemas.plans import PlanCreate, PlanRead, PlanTransition, SectionPut, SectionRead
from areas.service import plans as service
from servicekit.errors import PreconditionFailed
from servicekit.http import Page, PageParams, etag_of, require_if_match

router = APIRouter(tags=["plans"])

SectionKeyPath = Annotated[
    str,
    Path(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=50, description="e.g. 1-alue"),
]
PLANS = "/areas/{area_id}/plans"


def _plan_read(plan: Plan, response: Response) -> PlanRead:
    read = PlanRead.model_validate(plan)
    response.headers["ETag"] = etag_of(read)
    return read


def _section_read(section: PlanSection, response: Response) -> SectionRead:
    read = SectionRead.model_validate(section)
    response.headers["ETag"] = etag_of(read)
    return read


@router.post(PLANS, status_code=status.HTTP_201_CREATED)
async def create_plan(
    area_id: AreaIdPath, body: PlanCreate, response: Response, session: Session, _: AreaWriter
) -> PlanRead:
    """A draft plan for `year` (one plan per area and year; another is 409)."""
    read = _plan_read(await service.create_plan(session, area_id=area_id, data=body), response)
    response.headers["Location"] = f"/v1/areas/{area_id}/plans/{read.id}"
    return read


@router.get(PLANS)
async def list_plans(
    area_id: AreaIdPath, session: Session, _: AreaReader, page: PageParams
) -> Page[PlanRead]:
    rows = await service.list_plans(session, area_id=area_id, page=page.keyset(int))
    return page.build(PlanRead, rows, key=lambda p: (p.year,))


@router.get(PLANS + "/{plan_id}")
async def get_plan(
    area_id: AreaIdPath, plan_id: RowId, response: Response, session: Session, _: AreaReader
) -> PlanRead:
    return _plan_read(await service.get_plan(session, area_id=area_id, plan_id=plan_id), response)


@router.post(PLANS + "/{plan_id}/transitions")
async def transition_plan(
    area_id: AreaIdPath,
    plan_id: RowId,
    body: PlanTransition,
    request: Request,
    response: Response,
    session: Session,
    _: AreaWriter,
) -> PlanRead:
    """Moves the plan to its next status: draft -> submitted -> approved; any other
    step is 409. If-Match is optional here (the workflow refuses a repeated step); when
    sent, a stale ETag is 412.
    """
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id, for_update=True)
    if request.headers.get("if-match") is not None:
        require_if_match(request, etag_of(PlanRead.model_validate(plan)))
    return _plan_read(await service.transition_plan(session, plan=plan, to=body.to), response)


@router.get(PLANS + "/{plan_id}/sections")
async def list_sections(
    area_id: AreaIdPath, plan_id: RowId, session: Session, _: AreaReader, page: PageParams
) -> Page[SectionRead]:
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id)
    rows = await service.list_sections(session, plan=plan, page=page.keyset(int))
    return page.build(SectionRead, rows, key=lambda s: (s.id,))


@router.get(PLANS + "/{plan_id}/sections/{key}")
async def get_section(
    area_id: AreaIdPath,
    plan_id: RowId,
    key: SectionKeyPath,
    response: Response,
    session: Session,
    _: AreaReader,
) -> SectionRead:
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id)
    return _section_read(await service.get_section(session, plan=plan, key=key), response)


def check_section_precondition(request: Request, current: SectionRead | None) -> None:
    if current is None:
        if request.headers.get("if-match") is not None:
            raise PreconditionFailed(
                "The section does not exist, so no ETag can match: create it without If-Match."
            )
        return
    if request.headers.get("if-none-match", "").strip() == "*":
        raise PreconditionFailed("The section exists (If-None-Match: * asked to create only).")
    require_if_match(request, etag_of(current))


@router.put(
    PLANS + "/{plan_id}/sections/{key}",
    responses={201: {"model": SectionRead, "description": "The section was created"}},
)
async def put_section(
    area_id: AreaIdPath,
    plan_id: RowId,
    key: SectionKeyPath,
    body: SectionPut,
    request: Request,
    response: Response,
    session: Session,
    _: AreaWriter,
) -> SectionRead:
    """Creates (201) or replaces (200) section `key`.

    Creating needs no precondition; `If-None-Match: *` makes it create-only (412 when the
    section exists). Replacing needs `If-Match` with the section's ETag (428 without, 412
    when stale). The sections of an approved plan cannot change (409).
    """
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id, for_update=True)
    service.ensure_sections_editable(plan)
    existing = await service.find_section(session, plan=plan, key=key)
    current = SectionRead.model_validate(existing) if existing is not None else None
    check_section_precondition(request, current)
    section = await service.put_section(session, plan=plan, existing=existing, key=key, data=body)
    if existing is None:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = f"/v1/areas/{area_id}/plans/{plan_id}/sections/{key}"
    return _section_read(section, response)
