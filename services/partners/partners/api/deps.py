"""Dependencies shared by the partners routes."""

from typing import Annotated

from fastapi import Depends

from partners.errors import ContactsForbidden
from servicekit.auth import (
    AREA_PLANNER,
    AREA_READABLE,
    AreaIdPath,
    Principal,
    area_reader,
    area_writer,
    checks,
    current_principal,
    ensure_area_readable,
    require_role,
)
from servicekit.db import DbSession
from servicekit.errors import NotFound, raises
from servicekit.idempotency import idempotent

Session = DbSession
AnyReader = Annotated[Principal, Depends(current_principal)]
# Partners are shared reference data: an admin or any planner maintains them.
partner_writer = require_role("admin", "planner")
PartnerWriter = Annotated[Principal, Depends(partner_writer)]
IdempotentPartnerWriter = Annotated[Principal, Depends(idempotent(partner_writer))]
# May read / write the area named by the `area_id` path parameter (servicekit.auth).
AreaReader = Annotated[Principal, Depends(area_reader)]
AreaWriter = Annotated[Principal, Depends(area_writer)]
IdempotentAreaWriter = Annotated[Principal, Depends(idempotent(area_writer))]


@checks(AREA_READABLE, AREA_PLANNER)
@raises(NotFound, ContactsForbidden)
async def area_planner(
    area_id: AreaIdPath, principal: Principal = Depends(current_principal)
) -> Principal:
    """A planner whose token names the area: contacts are personal data of that area alone,
    so its viewers, reviewers and admins get 403, and anyone who may not read it 404."""
    ensure_area_readable(principal, area_id)
    if not (principal.has_role("planner") and area_id in principal.areas):
        raise ContactsForbidden(area_id)
    return principal


AreaPlanner = Annotated[Principal, Depends(area_planner)]
IdempotentAreaPlanner = Annotated[Principal, Depends(idempotent(area_planner))]
