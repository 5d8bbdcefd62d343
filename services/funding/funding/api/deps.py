"""Dependencies shared by the funding routes."""

from typing import Annotated

from fastapi import Depends

from servicekit.auth import Principal, area_reader, area_writer, current_principal, require_role
from servicekit.db import DbSession
from servicekit.idempotency import idempotent

Session = DbSession
AnyReader = Annotated[Principal, Depends(current_principal)]
# May read / write the area named by the `area_id` path parameter (servicekit.auth).
AreaReader = Annotated[Principal, Depends(area_reader)]
AreaWriter = Annotated[Principal, Depends(area_writer)]
# Creating POSTs that honour Idempotency-Key (after the access check).
IdempotentPlanner = Annotated[Principal, Depends(idempotent(require_role("admin", "planner")))]
IdempotentAreaWriter = Annotated[Principal, Depends(idempotent(area_writer))]
