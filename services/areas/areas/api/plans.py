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

from fastapi import APIRouter, Request, Response, status

from areas.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from areas.api.params import AreaIdPath, PlanYearPath, RowId, SectionKeyPath
from areas.errors import (
    AreaNotFound,
    IllegalPlanTransition,
    NoPlanForYear,
    PlanApproved,
    PlanExists,
    PlanNotFound,
    SectionNotFound,
)
from areas.schemas.plans import (
    PlanCreate,
    PlanRead,
    PlanTransition,
    PlanWithSectionsRead,
    SectionPut,
    SectionRead,
)
from areas.service import plans as service
from servicekit.errors import raises
from servicekit.generation import RememberedRead
from servicekit.http import (
    ETaggedWrite,
    FreshRead,
    IfMatchOptional,
    IfMatchOrCreate,
    Page,
    PageParams,
)
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path

router = APIRouter(tags=["plans"], route_class=IdempotentRoute)

PLANS = "/areas/{area_id}/plans"


@router.post(PLANS, status_code=status.HTTP_201_CREATED)
@raises(AreaNotFound, PlanExists)
async def create_plan(
    area_id: AreaIdPath,
    body: PlanCreate,
    request: Request,
    response: Response,
    session: Session,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> PlanRead:
    """A draft plan for `year` (one plan per area and year; another is 409)."""
    read = written.read(PlanRead, await service.create_plan(session, area_id=area_id, data=body))
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/plans/{read.id}")
    return read


@router.get(PLANS)
@raises(AreaNotFound)
async def list_plans(
    area_id: AreaIdPath, session: Session, _: AreaReader, page: PageParams
) -> Page[PlanRead]:
    rows = await service.list_plans(session, area_id=area_id, page=page.keyset(int))
    return page.build(PlanRead, rows, key=lambda p: (p.year,))


@router.get(PLANS + "/{plan_id}")
@raises(AreaNotFound, PlanNotFound)
async def get_plan(
    area_id: AreaIdPath, plan_id: RowId, session: Session, _: AreaReader, fresh: FreshRead
) -> PlanRead:
    return fresh.read(PlanRead, await service.get_plan(session, area_id=area_id, plan_id=plan_id))


@router.get(PLANS + "/by-year/{year}", response_model=PlanWithSectionsRead)
@raises(AreaNotFound, NoPlanForYear)
async def get_plan_of_year(
    area_id: AreaIdPath,
    year: PlanYearPath,
    session: Session,
    _: AreaReader,
    remembered: RememberedRead,
) -> Response:
    """The area's plan for `year` with all its narrative sections (in the order they were
    created, as `.../sections` lists them), in one read; no plan for the year is 404.
    Remembered until the service's data next changes (its ETag answers `If-None-Match`)."""

    async def plan_of_year() -> PlanWithSectionsRead:
        plan, sections = await service.get_plan_of_year(session, area_id=area_id, year=year)
        return PlanWithSectionsRead(
            **PlanRead.model_validate(plan).model_dump(),
            sections=[SectionRead.model_validate(s) for s in sections],
        )

    return await remembered.answer((), plan_of_year)


@router.post(PLANS + "/{plan_id}/transitions")
@raises(AreaNotFound, PlanNotFound, IllegalPlanTransition)
async def transition_plan(
    area_id: AreaIdPath,
    plan_id: RowId,
    body: PlanTransition,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatchOptional,
) -> PlanRead:
    """Moves the plan to its next status: draft -> submitted -> approved; any other
    step is 409. If-Match is optional here (the workflow refuses a repeated step); when
    sent, a stale ETag is 412.
    """
    moved = await service.transition_plan(
        session, area_id=area_id, plan_id=plan_id, to=body.to, guard=preconditions
    )
    return preconditions.read(PlanRead, moved)


@router.get(PLANS + "/{plan_id}/sections")
@raises(AreaNotFound, PlanNotFound)
async def list_sections(
    area_id: AreaIdPath, plan_id: RowId, session: Session, _: AreaReader, page: PageParams
) -> Page[SectionRead]:
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id)
    rows = await service.list_sections(session, plan=plan, page=page.keyset(int))
    return page.build(SectionRead, rows, key=lambda s: (s.id,))


@router.get(PLANS + "/{plan_id}/sections/{key}")
@raises(AreaNotFound, PlanNotFound, SectionNotFound)
async def get_section(
    area_id: AreaIdPath,
    plan_id: RowId,
    key: SectionKeyPath,
    session: Session,
    _: AreaReader,
    fresh: FreshRead,
) -> SectionRead:
    plan = await service.get_plan(session, area_id=area_id, plan_id=plan_id)
    return fresh.read(SectionRead, await service.get_section(session, plan=plan, key=key))


@router.put(
    PLANS + "/{plan_id}/sections/{key}",
    responses={201: {"model": SectionRead, "description": "The section was created"}},
)
@raises(AreaNotFound, PlanNotFound, PlanApproved)
async def put_section(
    area_id: AreaIdPath,
    plan_id: RowId,
    key: SectionKeyPath,
    body: SectionPut,
    request: Request,
    response: Response,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatchOrCreate,
) -> SectionRead:
    """Creates (201) or replaces (200) section `key`.

    Creating needs no precondition; `If-None-Match: *` makes it create-only (412 when the
    section exists). Replacing needs `If-Match` with the section's ETag (428 without, 412
    when stale). The sections of an approved plan cannot change (409).
    """
    section, created = await service.put_section(
        session, area_id=area_id, plan_id=plan_id, key=key, data=body, guard=preconditions
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = public_path(
            request, f"/v1/areas/{area_id}/plans/{plan_id}/sections/{key}"
        )
    return preconditions.read(SectionRead, section)
