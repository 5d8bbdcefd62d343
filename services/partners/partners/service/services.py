"""The service inventory (palvelukartoitus, plan §8), its coverage and its HSDS export."""

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from partners.errors import ServiceNotFound
from partners.models import Service
from partners.repository import partners as partner_repository
from partners.repository import services as repository
from partners.repository.partners import save
from partners.repository.rows import Source
from partners.repository.services import ServiceFilters
from partners.rules.coverage import ServiceReach, coverage_matrix
from partners.rules.hsds import service_object
from partners.schemas.coverage import (
    Coverage,
    CoverageCell,
    CoverageColumn,
    CoverageGap,
    CoverageMunicipality,
    CoverageRow,
    CoverageService,
    CoverageTotals,
)
from partners.schemas.hsds import HsdsServicePage
from partners.schemas.partners import PartnerRead
from partners.schemas.services import (
    MunicipalityProviderRead,
    PartnerProvider,
    PartnerProviderRead,
    ServiceRead,
    ServiceWrite,
)
from partners.service.areas import ensure_area, member_codes, municipality_names
from partners.service.references import check_members, check_partners
from partners.vocabulary import TargetGroup
from servicekit.clock import today_in_finland
from servicekit.http import Keyset, Preconditions
from servicekit.peers import PeerCalls


async def _columns(
    session: AsyncSession, calls: PeerCalls, area_id: str, data: ServiceWrite
) -> dict[str, Any]:
    provider = data.provider
    municipalities = [(f"municipalities.{i}", code) for i, code in enumerate(data.municipalities)]
    if isinstance(provider, PartnerProvider):
        await check_partners(session, [("provider.partner_id", provider.partner_id)])
        await check_members(calls, area_id, today_in_finland(), municipalities)
        partner_id, code = provider.partner_id, None
    else:
        named = [("provider.municipality_code", provider.municipality_code), *municipalities]
        await check_members(calls, area_id, today_in_finland(), named)
        partner_id, code = None, provider.municipality_code
    return {
        "name": data.name,
        "description": data.description,
        "provider_partner_id": partner_id,
        "provider_municipality_code": code,
        "municipalities": list(data.municipalities),
        "target_groups": [group.value for group in data.target_groups],
        "channels": [channel.value for channel in data.channels],
        "status": data.status.value,
        "valid_from": data.valid_from,
        "valid_to": data.valid_to,
    }


async def create_service(
    session: AsyncSession, calls: PeerCalls, *, area_id: str, data: ServiceWrite
) -> Service:
    await ensure_area(session, calls, area_id)
    service = Service(area_id=area_id, **await _columns(session, calls, area_id, data))
    await save(session, service)
    return service


async def get_service(session: AsyncSession, *, area_id: str, service_id: int) -> Service:
    query = repository.select_service(area_id=area_id, service_id=service_id)
    service = (await session.scalars(query)).first()
    if service is None:
        raise ServiceNotFound(area_id, service_id)
    return service


async def _locked(
    session: AsyncSession, area_id: str, service_id: int, guard: Preconditions
) -> Service:
    locked: Service = await guard.lock(
        session,
        repository.select_service(area_id=area_id, service_id=service_id),
        model=ServiceRead,
        not_found=ServiceNotFound(area_id, service_id),
    )
    return locked


async def replace_service(
    session: AsyncSession,
    calls: PeerCalls,
    *,
    area_id: str,
    service_id: int,
    data: ServiceWrite,
    guard: Preconditions,
) -> Service:
    service = await _locked(session, area_id, service_id, guard)
    for name, value in (await _columns(session, calls, area_id, data)).items():
        setattr(service, name, value)
    await save(session, service)
    return service


async def delete_service(
    session: AsyncSession, *, area_id: str, service_id: int, guard: Preconditions
) -> None:
    service = await _locked(session, area_id, service_id, guard)
    await session.delete(service)
    await session.flush()


async def list_services(
    source: Source, *, area_id: str, filters: ServiceFilters, page: Keyset | None
) -> Sequence[Row[Any]]:
    return await repository.list_services(source, area_id=area_id, filters=filters, page=page)


async def coverage(source: Source, calls: PeerCalls, *, area_id: str, on: dt.date) -> Coverage:
    """Every target group (plan §3.4) x the members on `on`, with the services active that
    day in each cell and the cells without any as gaps (plan §8; DOMAIN.md §5)."""
    # The areas service's answers and this service's query do not wait on each other.
    (codes, names), services = await asyncio.gather(
        members_named(calls, area_id, on),
        repository.active_services(source, area_id=area_id, day=on),
    )
    groups = [group.value for group in TargetGroup]
    matrix = coverage_matrix(
        groups,
        codes,
        (ServiceReach(row.id, row.target_groups, row.municipalities) for row in services),
    )
    rows = [
        CoverageRow.model_construct(
            target_group=TargetGroup(line.key),
            services=len(line.services),
            covered=line.covered,
            gaps=line.gaps,
            cells=[
                CoverageCell.model_construct(
                    municipality_code=code, service_ids=matrix.cells[(line.key, code)]
                )
                for code in codes
            ],
        )
        for line in matrix.rows
    ]
    return Coverage(
        area_id=area_id,
        on=on,
        target_groups=list(TargetGroup),
        municipalities=[CoverageMunicipality(code=c, name_fi=names.get(c)) for c in codes],
        rows=rows,
        columns=[
            CoverageColumn(
                municipality_code=line.key,
                services=len(line.services),
                covered=line.covered,
                gaps=line.gaps,
            )
            for line in matrix.columns
        ],
        gaps=[
            CoverageGap(target_group=TargetGroup(g), municipality_code=c) for g, c in matrix.gaps
        ],
        services=[_coverage_service(row) for row in services if row.id in matrix.services],
        totals=CoverageTotals(
            cells=len(groups) * len(codes),
            covered=len(groups) * len(codes) - len(matrix.gaps),
            gaps=len(matrix.gaps),
            services=len(matrix.services),
        ),
    )


async def members_named(
    calls: PeerCalls, area_id: str, on: dt.date
) -> tuple[list[str], dict[str, str]]:
    codes = await member_codes(calls, area_id, on)
    return codes, await municipality_names(calls, codes)


def _coverage_service(row: Row[Any]) -> CoverageService:
    # Built without validation: every value comes from a stored row of known types.
    provider: PartnerProviderRead | MunicipalityProviderRead = (
        PartnerProviderRead.model_construct(partner_id=row.provider_partner_id)
        if row.provider_partner_id is not None
        else MunicipalityProviderRead.model_construct(
            municipality_code=row.provider_municipality_code
        )
    )
    return CoverageService.model_construct(id=row.id, name=row.name, provider=provider)


async def hsds_services(
    source: Source, calls: PeerCalls, *, area_id: str, filters: ServiceFilters
) -> HsdsServicePage:
    """The services that match `filters` as HSDS 3.0 services, each with its provider
    organisation, on one page."""
    services = [
        ServiceRead.model_validate(dict(row._mapping))
        for row in await repository.list_services(
            source, area_id=area_id, filters=filters, page=None
        )
    ]
    providers = [service.provider for service in services]
    partner_ids = sorted({p.partner_id for p in providers if isinstance(p, PartnerProviderRead)})
    partners = {
        row.id: PartnerRead.model_validate(dict(row._mapping))
        for row in await partner_repository.partners_by_id(source, partner_ids)
    }
    codes = {code for s in services for code in s.municipalities}
    codes |= {p.municipality_code for p in providers if isinstance(p, MunicipalityProviderRead)}
    names = await municipality_names(calls, codes)
    contents = [
        service_object(service, partners=partners, municipality_names=names) for service in services
    ]
    return HsdsServicePage(
        total_items=len(contents),
        total_pages=1,
        page_number=1,
        size=len(contents),
        first_page=True,
        last_page=True,
        empty=not contents,
        contents=contents,
    )
