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
_PAD_X = 110  # room for a member's name beside it at either edge
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
    """Positions in [0, 1] x [0, 1]: each connected part laid out on its own, force-directed
    with the fixed seed, in a box whose side grows with the root of its size; the largest
    part on the left, the others stacked in columns to its right, largest first.

    One layout of the whole graph would push the small parts (a project and its funder, an
    arrangement with another area) to the corners and squeeze the rest into the middle.
    The members are held on a ring in the largest part (everything that serves them all
    would otherwise pull them into one spot), so their services settle inside it and the
    partners around it."""
    graph = nx.Graph()
    graph.add_nodes_from(node.id for node in nodes)
    graph.add_edges_from(
        (e.source, e.target) for e in edges if e.source in graph and e.target in graph
    )
    order = {node.id: n for n, node in enumerate(nodes)}
    parts = sorted(
        (sorted(part, key=order.__getitem__) for part in nx.connected_components(graph)),
        key=lambda part: (-len(part), order[part[0]]),
    )
    boxes = [(part, math.sqrt(len(part))) for part in parts]
    placed: dict[str, tuple[float, float]] = {}
    main, side = boxes[0][1], 0.0
    members = [node.id for node in nodes if node.kind == "municipality"]
    _place(graph, boxes[0][0], 0.0, 0.0, main, placed, members)
    x, y, column = main + _GAP, 0.0, 0.0
    for part, size in boxes[1:]:
        if y > 0 and y + size > main:
            x, y, column = x + column + _GAP, 0.0, 0.0
        _place(graph, part, x, y, size, placed)
        y, column = y + size + _GAP, max(column, size)
        side = x + column
    width, height = max(main, side), main
    return {key: (px / width, 1 - py / height) for key, (px, py) in placed.items()}


_GAP = 0.6  # between the parts' boxes, in the unit of their sides
_RING = 1.0  # the members' ring, in the layout's own unit (its nodes spread about 2 across)


def _place(
    graph: nx.Graph,
    part: list[str],
    x: float,
    y: float,
    size: float,
    placed: dict[str, tuple[float, float]],
    ring: Sequence[str] = (),
) -> None:
    """The part's nodes within the box of side `size` from (x, y), y downwards; those of
    `ring` in the part held evenly on a circle, in their order, clockwise from the top, and
    what is linked to all of them on a smaller circle inside it."""
    if len(part) == 1:
        placed[part[0]] = (x + size / 2, y + size / 2)
        return
    sub = graph.subgraph(part)
    held = [key for key in ring if key in sub]
    start = None
    if len(held) > 1:
        # What reaches every member (a service of the whole area, the letter of intent of
        # all) would meet in the ring's middle: it is spread on an inner ring instead.
        every = set(held)
        inner = [k for k in part if k not in every and every <= set(sub.neighbors(k))]
        start = _ring(held, _RING) | _ring(inner, _RING * 0.45)
    at = nx.spring_layout(
        sub,
        seed=SEED,
        iterations=200,
        k=1.6 / math.sqrt(len(part)),
        pos=start,
        fixed=list(start) if start else None,
    )
    xs = [float(at[key][0]) for key in part]
    ys = [float(at[key][1]) for key in part]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    for key, px, py in zip(part, xs, ys, strict=True):
        placed[key] = (x + (px - min(xs)) / span_x * size, y + (max(ys) - py) / span_y * size)


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


def _ring(keys: Sequence[str], radius: float) -> dict[str, tuple[float, float]]:
    """`keys` evenly on a circle, in their order, clockwise from the top."""
    if len(keys) == 1:
        return {keys[0]: (0.0, 0.0)}
    step = 2 * math.pi / len(keys) if keys else 0.0
    return {
        key: (radius * math.sin(n * step), radius * math.cos(n * step))
        for n, key in enumerate(keys)
    }


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
        key: (_PAD_X + x * (_WIDTH - 2 * _PAD_X), _PAD + (1 - y) * (_PLOT - 2 * _PAD))
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
    members = [at[node.id] for node in nodes if node.kind == "municipality"]
    centre = sum(x for x, _ in members) / len(members) if members else _WIDTH / 2
    for node in nodes:
        x, y = at[node.id]
        parts.append(_shape(node.kind, x, y))
        if node.kind == "municipality":
            # A member's name outwards from the ring, clear of what lies inside it.
            left = x < centre - 1
            anchor = ' text-anchor="end"' if left else ""
            label_x = x - 10 if left else x + 10
            text, weight, label_y = f"{numbers[node.id]} {node.label}", ' font-weight="bold"', y + 4
        else:
            anchor, label_x, text, weight, label_y = "", x + 10, str(numbers[node.id]), "", y - 6
        parts.append(
            f'<text x="{label_x:.1f}" y="{label_y:.1f}" {_FONT} font-size="11"{weight}{anchor} '
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
