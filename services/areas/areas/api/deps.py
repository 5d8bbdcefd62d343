"""Dependencies shared by the areas routes."""

from typing import Annotated

from fastapi import Depends

from servicekit.auth import Principal, current_principal, require_role
from servicekit.db import DbSession

Session = DbSession
AnyReader = Annotated[Principal, Depends(current_principal)]
Admin = Annotated[Principal, Depends(require_role("admin"))]
