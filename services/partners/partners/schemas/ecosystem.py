"""The ecosystem graph of an area: who provides what, for whom, where, with whom."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

NodeKind = Literal["partner", "municipality", "service", "project", "cooperation", "area"]
EdgeKind = Literal["provides", "cooperates_in", "serves", "funds"]


class EcosystemNode(BaseModel):
    id: str = Field(description="`<kind>:<id>`, e.g. `partner:3`, `municipality:005`")
    kind: NodeKind
    label: str
    type: str | None = Field(
        None, description="A partner's kind, a cooperation's kind, a service's or project's status"
    )


class EcosystemEdge(BaseModel):
    source: str
    target: str
    kind: EdgeKind


class Ecosystem(BaseModel):
    area_id: str
    on: dt.date
    nodes: list[EcosystemNode]
    edges: list[EcosystemEdge]
