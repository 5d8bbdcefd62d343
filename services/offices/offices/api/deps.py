"""Dependencies shared by the offices routes."""

from typing import Annotated

from fastapi import Depends

from servicekit.auth import Principal, area_reader, area_writer
from servicekit.db import DbSession
from servicekit.idempotency import idempotent

Session = DbSession
# May read / write the area named by the `area_id` path parameter (servicekit.auth): its
# viewers and planners, reviewers and admins read; its planners and admins write.
AreaReader = Annotated[Principal, Depends(area_reader)]
AreaWriter = Annotated[Principal, Depends(area_writer)]
# The same, for a creating POST that honours Idempotency-Key (after the access check).
IdempotentAreaWriter = Annotated[Principal, Depends(idempotent(area_writer))]
