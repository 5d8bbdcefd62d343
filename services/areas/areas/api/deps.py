"""Dependencies shared by the areas routes."""

from typing import Annotated

from fastapi import Depends

from servicekit.auth import (
    Principal,
    area_admin,
    area_reader,
    area_writer,
    current_principal,
    require_role,
)
from servicekit.db import DbSession
from servicekit.idempotency import idempotent

Session = DbSession
AnyReader = Annotated[Principal, Depends(current_principal)]
Admin = Annotated[Principal, Depends(require_role("admin"))]
# May read / write the area named by the `area_id` path parameter (servicekit.auth).
AreaReader = Annotated[Principal, Depends(area_reader)]
AreaWriter = Annotated[Principal, Depends(area_writer)]
# Changing the area record, its members or exemptions: admins (the area's readers get 403).
AreaAdmin = Annotated[Principal, Depends(area_admin)]
# The same, for a creating POST that honours Idempotency-Key (after the access check).
IdempotentAdmin = Annotated[Principal, Depends(idempotent(require_role("admin")))]
IdempotentAreaWriter = Annotated[Principal, Depends(idempotent(area_writer))]
IdempotentAreaAdmin = Annotated[Principal, Depends(idempotent(area_admin))]
