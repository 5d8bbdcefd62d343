"""Routes for an area's projects. Read by the area's readers, written by its planners and
admins; replacing one needs `If-Match`."""

from fastapi import APIRouter, Request, Response, status

from partners.api.deps import AreaReader, AreaWriter, IdempotentAreaWriter, Session
from partners.api.params import AreaIdPath, OnDate, RowId
from partners.errors import ProjectNotFound, UnknownPartner
from partners.repository.projects import ProjectFilters
from partners.schemas.projects import ProjectRead, ProjectWrite
from partners.service import projects as service
from partners.vocabulary import ProjectStatus, Theme
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.http import ETaggedWrite, FreshRead, IfMatch, Page, PageParams
from servicekit.idempotency import IdempotentRoute
from servicekit.links import public_path
from servicekit.peers import AsCaller

router = APIRouter(tags=["projects"], route_class=IdempotentRoute)

PROJECTS = "/areas/{area_id}/projects"
ONE = PROJECTS + "/{project_id}"


@router.post(PROJECTS, status_code=status.HTTP_201_CREATED)
@raises(NotFound, UnknownPartner, DependencyUnavailable)
async def create_project(
    area_id: AreaIdPath,
    body: ProjectWrite,
    request: Request,
    response: Response,
    session: Session,
    calls: AsCaller,
    _: IdempotentAreaWriter,
    written: ETaggedWrite,
) -> ProjectRead:
    project = await service.create_project(session, calls, area_id=area_id, data=body)
    read = written.read(ProjectRead, project)
    response.headers["Location"] = public_path(request, f"/v1/areas/{area_id}/projects/{read.id}")
    return read


@router.get(PROJECTS)
async def list_projects(
    area_id: AreaIdPath,
    reads: DbReads,
    _: AreaReader,
    page: PageParams,
    theme: Theme | None = None,
    status: ProjectStatus | None = None,
    active_on: OnDate = None,
) -> Page[ProjectRead]:
    """`active_on`: under way that day (not `planned`; an unknown start or end is open)."""
    filters = ProjectFilters(
        theme=theme.value if theme else None,
        status=status.value if status else None,
        active_on=active_on,
    )
    rows = await service.list_projects(
        reads, area_id=area_id, filters=filters, page=page.keyset(int)
    )
    return page.build(ProjectRead, rows, key=lambda p: (p.id,))


@router.get(ONE)
@raises(ProjectNotFound)
async def get_project(
    area_id: AreaIdPath, project_id: RowId, session: Session, _: AreaReader, fresh: FreshRead
) -> ProjectRead:
    project = await service.get_project(session, area_id=area_id, project_id=project_id)
    return fresh.read(ProjectRead, project)


@router.put(ONE)
@raises(ProjectNotFound, UnknownPartner)
async def replace_project(
    area_id: AreaIdPath,
    project_id: RowId,
    body: ProjectWrite,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatch,
) -> ProjectRead:
    project = await service.replace_project(
        session, area_id=area_id, project_id=project_id, data=body, guard=preconditions
    )
    return preconditions.read(ProjectRead, project)
