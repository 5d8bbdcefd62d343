"""The ecosystem graph of an area (plan §8): JSON for a graph view, GraphML for desktop
tools."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from partners.api.deps import AreaReader
from partners.api.params import AreaIdPath, OnDate
from partners.rules.ecosystem import graphml
from partners.schemas.ecosystem import Ecosystem
from partners.service import ecosystem as service
from servicekit.clock import today_in_finland
from servicekit.db import DbReads
from servicekit.errors import DependencyUnavailable, NotFound, raises
from servicekit.peers import AsCaller

router = APIRouter(tags=["ecosystem"])

GRAPHML = "application/graphml+xml"


@router.get(
    "/areas/{area_id}/ecosystem",
    response_model=Ecosystem,
    responses={200: {"content": {GRAPHML: {"schema": {"type": "string"}}}}},
)
@raises(NotFound, DependencyUnavailable)
async def read_ecosystem(
    area_id: AreaIdPath,
    reads: DbReads,
    calls: AsCaller,
    _: AreaReader,
    on: OnDate = None,
    format: Annotated[
        Literal["json", "graphml"], Query(description="`graphml`: GraphML for desktop tools")
    ] = "json",
) -> Ecosystem | Response:  # a Response is sent as it is
    """Nodes: partners, the members on `on`, services (not ended), projects and cooperation
    arrangements; edges: `provides`, `serves`, `cooperates_in`, `funds`."""
    graph = await service.ecosystem(reads, calls, area_id=area_id, on=on or today_in_finland())
    if format == "graphml":
        return Response(graphml(graph.nodes, graph.edges), media_type=GRAPHML)
    return graph
