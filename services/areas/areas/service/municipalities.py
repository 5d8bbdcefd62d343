"""Rules for the municipality registry."""

from collections.abc import Sequence

from asyncpg import Record
from sqlalchemy.ext.asyncio import AsyncSession

from areas.errors import MunicipalityExists, MunicipalityNotFound
from areas.models import Municipality
from areas.repository import municipalities as repository
from areas.schemas.municipalities import MunicipalityCreate, MunicipalityRead, MunicipalityUpdate
from servicekit.db import Reads
from servicekit.errors import FieldError, UnprocessableContent
from servicekit.http import Keyset, Preconditions


async def list_municipalities(
    reads: Reads, *, codes: Sequence[str] | None, name_prefix: str | None, page: Keyset
) -> list[Record]:
    return await repository.list_municipalities(
        reads, codes=codes, name_prefix=name_prefix, page=page
    )


async def get_municipality(session: AsyncSession, *, code: str) -> Municipality:
    municipality = await repository.get_municipality(session, code)
    if municipality is None:
        raise MunicipalityNotFound(code)
    return municipality


async def create_municipality(session: AsyncSession, *, data: MunicipalityCreate) -> Municipality:
    municipality = Municipality(**data.model_dump())
    if not await repository.add_municipality(session, municipality):
        raise MunicipalityExists(data.code)
    return municipality


async def update_municipality(
    session: AsyncSession, *, code: str, data: MunicipalityUpdate, guard: Preconditions
) -> Municipality:
    """Replaces the municipality, once it is locked and the client's ETag matches."""
    municipality = await guard.lock(
        session,
        repository.select_municipality(code),
        model=MunicipalityRead,
        not_found=MunicipalityNotFound(code),
    )
    if data.code is not None and data.code != municipality.code:
        message = f"read-only: must be the municipality's own code '{municipality.code}'"
        raise UnprocessableContent(f"code: {message}.", [FieldError("code", message)])
    for field, value in data.model_dump(exclude={"code"}).items():
        setattr(municipality, field, value)
    await session.flush()
    return municipality
