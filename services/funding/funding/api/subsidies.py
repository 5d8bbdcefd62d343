"""Routes for an area's TE state subsidies per member and year, and the contributions.

Reading is for the area's readers; writing for its planners and admins. The PUT replaces
the year's rows as one: the first write needs no precondition (`If-None-Match: *` makes it
create-only), a later one `If-Match` with the ETag of the GET (428 without, 412 stale).
"""

from fastapi import APIRouter, Response, status

from funding.api import examples
from funding.api.deps import AreaReader, AreaWriter, Session
from funding.api.params import AreaIdPath, YearPath
from funding.errors import BadSubsidies
from funding.schemas.subsidies import SubsidiesPut, SubsidiesRead, SubsidySetTag
from funding.service import subsidies as service
from servicekit.errors import raises
from servicekit.http import FreshRead, IfMatchOrCreate, etag_of

router = APIRouter(tags=["subsidies"])

SUBSIDIES = "/areas/{area_id}/years/{year}/subsidies"


@router.get(SUBSIDIES)
async def get_subsidies(
    area_id: AreaIdPath, year: YearPath, session: Session, _: AreaReader, fresh: FreshRead
) -> SubsidiesRead:
    """The year's subsidies of both kinds and each member's contribution: its `final`
    subsidy where both kinds exist, else the preliminary one (plan §2.1). Nothing stored
    yet: empty lists and no ETag."""
    subsidy_set = await service.get_subsidy_set(session, area_id=area_id, year=year)
    read = service.subsidies_read(area_id, year, subsidy_set)
    if subsidy_set is None:
        return read
    return fresh.respond(read, etag_of(SubsidySetTag.model_validate(subsidy_set)))


@router.put(
    SUBSIDIES,
    openapi_extra=examples.PUT_SUBSIDIES,
    responses={status.HTTP_201_CREATED: {"model": SubsidiesRead, "description": "Created"}},
)
@raises(BadSubsidies)
async def put_subsidies(
    area_id: AreaIdPath,
    year: YearPath,
    body: SubsidiesPut,
    response: Response,
    session: Session,
    _: AreaWriter,
    preconditions: IfMatchOrCreate,
) -> SubsidiesRead:
    """Replaces the area's subsidies for the year. Each row: a member's `te_subsidy_eur`
    of one `kind` with its `source` and, if taken from one, its `allocation_id` (a run of
    the same year). A municipality's kind once per year (422 otherwise)."""
    subsidy_set, created = await service.put_subsidies(
        session, area_id=area_id, year=year, rows=body.subsidies, guard=preconditions
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
    read = service.subsidies_read(area_id, year, subsidy_set)
    return preconditions.respond(read, etag_of(SubsidySetTag.model_validate(subsidy_set)))
