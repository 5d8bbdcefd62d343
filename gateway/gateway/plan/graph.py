"""The ecosystem graph of chapter 8 as inline SVG, laid out by networkx and drawn here.

networkx is a maintained graph library whose force-directed layout (Fruchterman-Reingold,
`spring_layout`) needs nothing but numpy; with a fixed seed and the nodes and edges added
in the order the partners service lists them, the same graph gets the same positions and
so the same bytes, which the document's ETag relies on. pygal draws charts, not graphs,
so the figure is written here directly, the way `charts.member_map` is: every node kind
its own shape and colour, every edge kind its own stroke, a legend, a `<title>`, and
each node numbered for the key table the document prints with it. No script.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import networkx as nx
from markupsafe import Markup

from gateway.plan.charts import finnish_number

SEED = 8  # the chapter's number: any fixed seed gives a stable layout
NODE_KINDS_FI = {
    "municipality": "Jäsenkunta",
    "partner": "Yhteistyötaho",
    "service": "Palvelu",
    "cooperation": "Yhteistyö",
    "project": "Hanke",
    "area": "Muu työllisyysalue",
}
EDGE_KINDS_FI = {
    "provides": "tuottaa palvelun",
    "serves": "palvelee kuntaa",
    "cooperates_in": "on mukana",
    "funds": "rahoittaa",
}
_COLOURS = {
    "municipality": "#4f8a3c",
    "partner": "#1f4e79",
    "service": "#d08c2c",
    "cooperation": "#c0504d",
    "project": "#7f6084",
    "area": "#3b8ea5",
}
_EDGE_STYLES = {
    "provides": ('stroke="#d08c2c" stroke-width="1.6"', "#d08c2c"),
    "serves": ('stroke="#9fb6cc" stroke-width="0.8"', "#9fb6cc"),
    "cooperates_in": ('stroke="#c98b89" stroke-width="1" stroke-dasharray="4,3"', "#c98b89"),
    "funds": ('stroke="#7f6084" stroke-width="2.4"', "#7f6084"),
}
_WIDTH, _PLOT, _PAD = 900, 620, 34
_FONT = 'font-family="DejaVu Sans, sans-serif"'


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    label: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str


def numbered(nodes: Sequence[Node]) -> dict[str, int]:
    """Each node's number in the figure and its key table: kind by kind in the legend's
    order, within a kind in the order given."""
    order = list(NODE_KINDS_FI)
    ranked = sorted(
        enumerate(nodes),
        key=lambda p: (order.index(p[1].kind) if p[1].kind in order else len(order), p[0]),
    )
    return {node.id: n for n, (_, node) in enumerate(ranked, start=1)}


def layout(nodes: Sequence[Node], edges: Sequence[Edge]) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1] x [0, 1]: the force-directed layout with the fixed seed."""
    graph = nx.Graph()
    graph.add_nodes_from(node.id for node in nodes)
    graph.add_edges_from(
        (e.source, e.target) for e in edges if e.source in graph and e.target in graph
    )
    if len(graph) == 1:
        return {nodes[0].id: (0.5, 0.5)}
    positions = nx.spring_layout(graph, seed=SEED, iterations=200, k=1.6 / math.sqrt(len(graph)))
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        key: ((float(p[0]) - min(xs)) / span_x, (float(p[1]) - min(ys)) / span_y)
        for key, p in positions.items()
    }


def _shape(kind: str, x: float, y: float) -> str:
    colour = _COLOURS.get(kind, "#666")
    paint = f'fill="{colour}" stroke="white" stroke-width="1.2"'
    if kind == "municipality":
        return f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" {paint}/>'
    if kind == "service":
        return _polygon([(x, y - 9), (x + 9, y), (x, y + 9), (x - 9, y)], paint)
    if kind == "cooperation":
        return _polygon(_regular(x, y, 8.5, 6, 0), paint)
    if kind == "project":
        return _polygon([(x, y - 9), (x + 8.5, y + 6.5), (x - 8.5, y + 6.5)], paint)
    if kind == "area":
        return _polygon(_regular(x, y, 9, 5, -math.pi / 2), paint)
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" {paint}/>'


def _regular(x: float, y: float, r: float, sides: int, start: float) -> list[tuple[float, float]]:
    step = 2 * math.pi / sides
    return [
        (x + r * math.cos(start + i * step), y + r * math.sin(start + i * step))
        for i in range(sides)
    ]


def _polygon(points: list[tuple[float, float]], paint: str) -> str:
    drawn = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{drawn}" {paint}/>'


def ecosystem_svg(*, title: str, nodes: Sequence[Node], edges: Sequence[Edge]) -> Markup:
    """The graph with each node's number beside it (a member: its name too) and the legend
    below: each kind's shape and colour, each edge kind's stroke, with their counts."""
    if not nodes:
        return Markup("")
    at = {
        key: (_PAD + x * (_WIDTH - 2 * _PAD), _PAD + (1 - y) * (_PLOT - 2 * _PAD))
        for key, (x, y) in layout(nodes, edges).items()
    }
    numbers = numbered(nodes)
    node_counts = Counter(node.kind for node in nodes)
    edge_counts = Counter(edge.kind for edge in edges if edge.source in at and edge.target in at)
    legend, legend_height = _legend(node_counts, edge_counts, top=_PLOT + 18)
    height = _PLOT + 18 + legend_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
        f'class="ecosystem-graph" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{_WIDTH}" height="{height}" fill="white"/>',
    ]
    for edge in edges:
        if edge.source in at and edge.target in at:
            (x1, y1), (x2, y2) = at[edge.source], at[edge.target]
            style = _EDGE_STYLES.get(edge.kind, ('stroke="#999" stroke-width="1"', ""))[0]
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style} '
                'stroke-opacity="0.8"/>'
            )
    for node in nodes:
        x, y = at[node.id]
        parts.append(_shape(node.kind, x, y))
        text = f"{numbers[node.id]}"
        if node.kind == "municipality":
            text += f" {node.label}"
        weight = ' font-weight="bold"' if node.kind == "municipality" else ""
        parts.append(
            f'<text x="{x + 10:.1f}" y="{y - 6:.1f}" {_FONT} font-size="11"{weight} '
            f'fill="#222" paint-order="stroke" stroke="white" stroke-width="3">'
            f"{escape(text)}</text>"
        )
    parts.extend(legend)
    parts.append("</svg>")
    return Markup("".join(parts))  # every text in it is escaped above


_CHAR = 7.0  # about the width of one character at 12 px: where a legend row wraps


def _legend(nodes: Counter[str], edges: Counter[str], *, top: float) -> tuple[list[str], float]:
    """The legend's marks from `top` down, node kinds first, then edge kinds on a row of
    their own, wrapping within the width; and the height they take."""
    parts = [
        f'<line x1="{_PAD}" y1="{top - 12}" x2="{_WIDTH - _PAD}" y2="{top - 12}" stroke="#ddd"/>'
    ]
    items = [
        ("node", k, f"{name} ({finnish_number(nodes[k])})")
        for k, name in NODE_KINDS_FI.items()
        if nodes[k]
    ]
    items += [
        ("edge", k, f"{name} ({finnish_number(edges[k])})")
        for k, name in EDGE_KINDS_FI.items()
        if edges[k]
    ]
    x, y, previous = float(_PAD), top + 4, "node"
    for what, kind, label in items:
        mark = 16.0 if what == "node" else 30.0
        width = mark + 6 + _CHAR * len(label) + 18
        if (what != previous or x + width > _WIDTH - _PAD) and x > _PAD:
            x, y = float(_PAD), y + 24
        previous = what
        if what == "node":
            parts.append(_shape(kind, x + 8, y))
        else:
            style = _EDGE_STYLES[kind][0]
            parts.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + mark:.1f}" y2="{y:.1f}" {style}/>'
            )
        parts.append(
            f'<text x="{x + mark + 6:.1f}" y="{y + 4:.1f}" {_FONT} font-size="12">'
            f"{escape(label)}</text>"
        )
        x += width
    return parts, y - top + 22
