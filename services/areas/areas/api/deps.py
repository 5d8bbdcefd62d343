"""Dependencies shared by the areas routes."""

from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal, current_principal, require_role
from servicekit.db import get_session

Session = Annotated[AsyncSession, Depends(get_session)]
AnyReader = Annotated[Principal, Depends(current_principal)]
Admin = Annotated[Principal, Depends(require_role("admin"))]
