"""The ecosystem graph (plan §8): partners, member municipalities, services, projects and
cooperation arrangements as nodes; who provides a service, where it serves, who works
together in what, and who funds a project as edges."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from partners.schemas.cooperation import CooperationRead
from partners.schemas.ecosystem import EcosystemEdge, EcosystemNode
from partners.schemas.partners import PartnerRead
from partners.schemas.projects import ProjectRead
from partners.schemas.services import PartnerProviderRead, ServiceRead


@dataclass
class Graph:
    nodes: dict[str, EcosystemNode] = field(default_factory=dict)
    edges: list[EcosystemEdge] = field(default_factory=list)

    def node(self, id_: str, kind: str, label: str, type_: str | None = None) -> str:
        if id_ not in self.nodes:
            self.nodes[id_] = EcosystemNode.model_validate(
                {"id": id_, "kind": kind, "label": label, "type": type_}
            )
        return id_

    def edge(self, source: str, target: str, kind: str) -> None:
        edge = EcosystemEdge.model_validate({"source": source, "target": target, "kind": kind})
        if edge not in self.edges:
            self.edges.append(edge)


def ecosystem_graph(
    *,
    members: Mapping[str, str | None],
    partners: Mapping[int, PartnerRead],
    services: Iterable[ServiceRead],
    cooperation: Iterable[CooperationRead],
    projects: Iterable[ProjectRead],
) -> Graph:
    """`members`: the member municipalities' codes and names. Only partners some service,
    arrangement or project names are in the graph; a municipality outside `members` that
    one of them names is added as it is named."""
    graph = Graph()

    def municipality(code: str) -> str:
        return graph.node(f"municipality:{code}", "municipality", members.get(code) or code)

    def partner(partner_id: int) -> str:
        found = partners[partner_id]
        return graph.node(f"partner:{partner_id}", "partner", found.name.fi, found.kind.value)

    for code in members:
        municipality(code)
    for service in services:
        node = graph.node(f"service:{service.id}", "service", service.name, service.status.value)
        if isinstance(service.provider, PartnerProviderRead):
            graph.edge(partner(service.provider.partner_id), node, "provides")
        else:
            graph.edge(municipality(service.provider.municipality_code), node, "provides")
        for code in service.municipalities:
            graph.edge(node, municipality(code), "serves")
    for arrangement in cooperation:
        node = graph.node(
            f"cooperation:{arrangement.id}", "cooperation", arrangement.title, arrangement.kind
        )
        for partner_id in arrangement.partner_ids:
            graph.edge(partner(partner_id), node, "cooperates_in")
        for area_id in arrangement.area_ids:
            graph.edge(graph.node(f"area:{area_id}", "area", area_id), node, "cooperates_in")
        for code in arrangement.municipality_codes:
            graph.edge(municipality(code), node, "cooperates_in")
    for project in projects:
        node = graph.node(f"project:{project.id}", "project", project.name, project.status.value)
        for partner_id in project.partner_ids:
            graph.edge(partner(partner_id), node, "cooperates_in")
        if project.funder_partner_id is not None:
            graph.edge(partner(project.funder_partner_id), node, "funds")
    return graph


def graphml(nodes: Sequence[EcosystemNode], edges: Sequence[EcosystemEdge]) -> str:
    """The graph as GraphML (networkx's writer), each node with its kind, label and type
    and each edge with its kind, for desktop tools such as Gephi or yEd."""
    graph = nx.MultiDiGraph()
    for node in nodes:
        graph.add_node(node.id, kind=node.kind, label=node.label, type=node.type or "")
    for edge in edges:
        graph.add_edge(edge.source, edge.target, kind=edge.kind)
    return "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)) + "\n"
