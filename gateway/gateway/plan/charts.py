"""The document's figures as inline SVG, drawn on the server.

Charts are pygal's: pure Python, SVG out, no browser or native library needed
to draw them, which suits a gateway that must render a printable page in a few
milliseconds. pygal always writes a script of tooltip settings and a dated
comment into its SVG; both are removed, so the page carries no JavaScript and
the same figures draw the same bytes. The members' map is drawn here directly:
it is a schematic (points and links), not a chart pygal knows.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from html import escape

import pygal
from markupsafe import Markup
from pygal.style import Style

# pygal appends to `sys.meta_path` a finder for its map plugins (unused here) that has only
# the `find_module` API Python dropped; every later import reaching it raises ImportWarning.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_STYLE = Style(
    font_family="'DejaVu Sans', 'Liberation Sans', Arial, sans-serif",
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#666",
    colors=("#1f4e79", "#c0504d", "#4f8a3c", "#7f6084", "#d08c2c", "#3b8ea5"),
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
)


def finnish_number(value: float) -> str:
    """28616.4 -> "28 616" (a no-break space between thousands, as Finnish prints them)."""
    return f"{value:,.0f}".replace(",", "\u00a0").replace("-", "\u2212")


def _svg(chart: pygal.graph.graph.Graph, chart_id: str, title: str) -> Markup:
    # A fixed id instead of pygal's random one keeps the output stable and the CSS scoped.
    chart.uuid = chart_id
    svg = chart.render(is_unicode=True)
    svg = _COMMENT.sub("", _SCRIPT.sub("", svg))
    opening = svg.index(">") + 1
    labelled = (
        svg[: opening - 1] + f' role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + svg[opening:]
    )
    return Markup(labelled)  # pygal escapes every text it writes; our title too


def forecast_chart(
    *, title: str, years: list[int], lines: dict[str, list[int]], limit: int
) -> Markup:
    """One line per rate, and the legal minimum as a line of its own."""
    chart = pygal.Line(
        style=_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=760,
        height=380,
        show_dots=False,
        show_minor_x_labels=False,
        x_labels_major_every=5,
        truncate_legend=-1,
        legend_at_bottom=True,
        value_formatter=finnish_number,
        y_title="henkilöä",
    )
    chart.x_labels = [str(y) for y in years]
    for label, values in lines.items():
        chart.add(label, values)
    dashed = {"dasharray": "6,4"}
    chart.add(f"raja {finnish_number(limit)}", [limit] * len(years), stroke_style=dashed)
    return _svg(chart, "forecast", title)


def bar_chart(*, title: str, labels: list[str], values: list[float]) -> Markup:
    chart = pygal.HorizontalBar(
        style=_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=760,
        height=max(160, 34 * len(values) + 80),
        show_legend=False,
        print_values=True,
        value_formatter=finnish_number,
    )
    chart.x_labels = labels
    chart.add("työvoima", values)
    return _svg(chart, "labour-force", title)


@dataclass(frozen=True)
class MapPoint:
    code: str
    name: str
    lat: float
    lon: float
    population: float | None


_MAP_WIDTH, _MAP_HEIGHT, _PAD = 640, 520, 60


def member_map(*, title: str, points: list[MapPoint], links: list[tuple[str, str]]) -> Markup:
    """Members at their coordinates, sized by population, linked where they share a border.

    Equirectangular with the longitude scaled by the cosine of the mean latitude: right
    enough for the tens of kilometres of one area, and nothing more is claimed.
    """
    if not points:
        return Markup("")
    mean_lat = math.radians(sum(p.lat for p in points) / len(points))
    xs = [p.lon * math.cos(mean_lat) for p in points]
    ys = [p.lat for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    scale = min(_MAP_WIDTH, _MAP_HEIGHT) - 2 * _PAD
    at = {
        p.code: (_PAD + (x - min(xs)) / span * scale, _PAD + (max(ys) - y) / span * scale)
        for p, x, y in zip(points, xs, ys, strict=True)
    }
    largest = max((p.population or 0 for p in points), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_MAP_WIDTH} {_MAP_HEIGHT}" '
        f'class="member-map" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{_MAP_WIDTH}" height="{_MAP_HEIGHT}" fill="white"/>',
    ]
    for a, b in links:
        if a in at and b in at:
            (x1, y1), (x2, y2) = at[a], at[b]
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                'stroke="#8aa2b8" stroke-width="2"/>'
            )
    for p in points:
        x, y = at[p.code]
        radius = 5 + 18 * math.sqrt((p.population or 0) / largest)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#1f4e79" '
            'fill-opacity="0.75" stroke="white" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y - radius - 4:.1f}" text-anchor="middle" '
            f'font-family="DejaVu Sans, sans-serif" font-size="13">{escape(p.name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text in it is escaped above
