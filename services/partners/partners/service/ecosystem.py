"""The ecosystem graph of an area (plan §8), as JSON nodes and edges."""

import datetime as dt

from partners.repository import partners as partner_repository
from partners.repository.cooperation import CooperationFilters, list_cooperation
from partners.repository.projects import ProjectFilters, list_projects
from partners.repository.rows import Source
from partners.repository.services import ServiceFilters, list_services
from partners.rules.ecosystem import ecosystem_graph
from partners.schemas.cooperation import CooperationRead
from partners.schemas.ecosystem import Ecosystem
from partners.schemas.partners import PartnerRead
from partners.schemas.projects import ProjectRead
from partners.schemas.services import PartnerProviderRead, ServiceRead
from partners.service.areas import member_codes, municipality_names
from partners.vocabulary import ServiceStatus
from servicekit.peers import PeerCalls


async def ecosystem(source: Source, calls: PeerCalls, *, area_id: str, on: dt.date) -> Ecosystem:
    """The members on `on`, the area's services that have not ended, all its cooperation
    and projects, and the partners they name."""
    codes = await member_codes(calls, area_id, on)
    services = [
        ServiceRead.model_validate(dict(row._mapping))
        for row in await list_services(source, area_id=area_id, filters=ServiceFilters(), page=None)
        if row.status != ServiceStatus.ended.value
    ]
    cooperation = [
        CooperationRead.model_validate(dict(row._mapping))
        for row in await list_cooperation(
            source, area_id=area_id, filters=CooperationFilters(), page=None
        )
    ]
    projects = [
        ProjectRead.model_validate(dict(row._mapping))
        for row in await list_projects(source, area_id=area_id, filters=ProjectFilters(), page=None)
    ]
    partner_ids = {
        s.provider.partner_id for s in services if isinstance(s.provider, PartnerProviderRead)
    }
    partner_ids |= {i for c in cooperation for i in c.partner_ids}
    partner_ids |= {i for p in projects for i in p.partner_ids}
    partner_ids |= {p.funder_partner_id for p in projects if p.funder_partner_id is not None}
    partners = {
        row.id: PartnerRead.model_validate(dict(row._mapping))
        for row in await partner_repository.partners_by_id(source, sorted(partner_ids))
    }
    names = await municipality_names(calls, codes)
    graph = ecosystem_graph(
        members={code: names.get(code) for code in codes},
        partners=partners,
        services=services,
        cooperation=cooperation,
        projects=projects,
    )
    return Ecosystem(area_id=area_id, on=on, nodes=list(graph.nodes.values()), edges=graph.edges)
