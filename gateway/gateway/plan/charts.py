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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
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


def finnish_money(value: Decimal | str) -> str:
    """Decimal("1234567.891") -> "1 234 567,89 €": cents rounded half up, a comma for the
    decimal point, no-break spaces between thousands and before the euro sign, U+2212 for
    the minus (the way Finnish public finance documents print euros)."""
    cents = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    cents = cents.copy_abs() if cents.is_zero() else cents  # never a negative zero
    text = f"{cents:,.2f}".replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")
    return f"{text}\u00a0€"


def finnish_decimal(value: float | Decimal | str, places: int = 2) -> str:
    """28.94 -> "28,94", 1234.5 -> "1 234,50": FTE and customers per FTE, rounded half up to
    `places` (a float through its shortest repr, so 1.005 is 1,01 as printed, not 1,00)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    rounded = rounded.copy_abs() if rounded.is_zero() else rounded  # never a negative zero
    return f"{rounded:,.{places}f}".replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")


MONTHS_FI = (
    "tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu",
    "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu",
)  # fmt: skip


def month_fi(month: str) -> str:
    """ "2023-06" -> "kesäkuu 2023"."""
    year, number = month.split("-")
    return f"{MONTHS_FI[int(number) - 1]} {year}"


def month_in_fi(month: str) -> str:
    """ "2023-06" -> "kesäkuussa 2023" (every month's name ends in -kuu: its inessive -kuussa)."""
    year, number = month.split("-")
    return f"{MONTHS_FI[int(number) - 1]}ssa {year}"


def short_month_fi(month: str) -> str:
    """ "2023-06" -> "6/2023": a chart's label."""
    year, number = month.split("-")
    return f"{int(number)}/{year}"


def finnish_percent(share: Decimal | str, places: int = 1) -> str:
    """Decimal("0.0123") -> "1,2 %" (a share of one printed as a percentage)."""
    percent = (Decimal(share) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{percent:.{places}f}".replace(".", ",").replace("-", "\u2212") + "\u00a0%"


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


def euros(value: float) -> str:
    """A chart's label of euros, to the euro ("1 234 568 €"); its table prints the cents."""
    return f"{finnish_number(value)}\u00a0€"


def euro_axis(values: Iterable[float | None]) -> Callable[[float], str]:
    """The value axis's labels in one unit for the chart's range: "1,2 milj. €" or "800 t€"."""
    largest = max((abs(v) for v in values if v is not None), default=0.0)
    if largest >= 1_000_000:
        return lambda v: (
            f"{v / 1_000_000:.1f}".replace(".", ",").replace("-", "\u2212") + ("\u00a0milj.\u00a0€")
        )
    if largest >= 10_000:
        return lambda v: f"{finnish_number(v / 1000)}\u00a0t€"
    return euros


def ticks(values: Iterable[float | None], count: int = 5) -> list[float]:
    """About `count` round values from zero past the largest: the value axis's labels."""
    largest = max((v for v in values if v is not None), default=0.0)
    if largest <= 0:
        return [0.0]
    rough = largest / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    return [step * i for i in range(math.ceil(largest / step) + 1)]


def bar_chart(
    *,
    title: str,
    labels: list[str],
    values: list[float],
    chart_id: str = "labour-force",
    series: str = "työvoima",
    formatter: Callable[[float], str] = finnish_number,
    axis: Callable[[float], str] | None = None,
) -> Markup:
    """One horizontal bar a label, its value printed on it (`formatter`; the axis: `axis`)."""
    chart = pygal.HorizontalBar(
        style=_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=760,
        height=max(160, 34 * len(values) + 80),
        show_legend=False,
        print_values=True,
        formatter=formatter,
        value_formatter=axis or formatter,
    )
    chart.x_labels = labels
    if axis is not None:
        chart.y_labels = ticks(values)
    chart.add(series, values)
    return _svg(chart, chart_id, title)


def grouped_bar_chart(
    *,
    title: str,
    chart_id: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    formatter: Callable[[float], str] = euros,
    axis: Callable[[float], str] | None = None,
) -> Markup:
    """Several series side by side for each label (None: the label has no value in it).

    The value axis is in euros (`euro_axis`) unless `axis` says otherwise."""
    chart = pygal.HorizontalBar(
        style=_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=760,
        height=max(200, (14 * len(series) + 14) * len(labels) + 120),
        legend_at_bottom=True,
        truncate_legend=-1,
        formatter=formatter,
        value_formatter=axis or euro_axis(v for values in series.values() for v in values),
    )
    chart.x_labels = labels
    chart.y_labels = ticks(v for values in series.values() for v in values)
    for name, values in series.items():
        chart.add(name, values)
    return _svg(chart, chart_id, title)


def line_chart(
    *,
    title: str,
    chart_id: str,
    labels: list[str],
    lines: dict[str, list[float | None]],
    formatter: Callable[[float], str] = finnish_number,
    axis: Callable[[float], str] | None = None,
    y_title: str = "",
    from_zero: bool = True,
) -> Markup:
    """One line a series over `labels` (None: no value there, a gap in the line); its values
    printed with `formatter`, the value axis with `axis` (default: the same). Without
    `from_zero` the axis spans the values only, for lines that differ by a little."""
    chart = pygal.Line(
        style=_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=760,
        height=340,
        legend_at_bottom=True,
        truncate_legend=-1,
        allow_interruptions=True,
        formatter=formatter,
        value_formatter=axis or formatter,
        y_title=y_title,
        include_x_axis=from_zero,
    )
    chart.x_labels = labels
    drawn = [v for values in lines.values() for v in values if v is not None]
    if from_zero:
        chart.y_labels = ticks(drawn)
    elif drawn:
        # Whole numbers around the values, so lines a fraction apart do not touch the frame.
        low, high = math.floor(min(drawn)), math.ceil(max(drawn))
        high = high if high > low else low + 1
        chart.range = (low, high)
        if high - low <= 10:
            chart.y_labels = list(range(low, high + 1))
    for name, values in lines.items():
        chart.add(name, values)
    return _svg(chart, chart_id, title)


def stacked_against_limit(
    *,
    title: str,
    chart_id: str,
    stacked_label: str,
    stacks: dict[str, float],
    limit_label: str,
    limit: float,
    formatter: Callable[[float], str] = euros,
) -> Markup:
    """One bar stacked from `stacks` (the budget's lines) beside one bar of the limit."""
    chart = pygal.HorizontalStackedBar(
        style=_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=760,
        height=260 + 22 * ((len(stacks) + 2) // 3),
        legend_at_bottom=True,
        truncate_legend=-1,
        formatter=formatter,
        value_formatter=euro_axis([sum(stacks.values()), limit]),
    )
    chart.x_labels = [stacked_label, limit_label]
    chart.y_labels = ticks([sum(stacks.values()), limit])
    for name, value in stacks.items():
        chart.add(name, [value, None])
    chart.add(limit_label, [None, limit])
    return _svg(chart, chart_id, title)


@dataclass(frozen=True)
class MapPoint:
    code: str
    name: str
    lat: float
    lon: float
    population: float | None


@dataclass(frozen=True)
class MapPlace:
    """A place of service drawn over the members' map: `kind` chooses its symbol."""

    name: str
    lat: float
    lon: float
    kind: str  # office | local_service_point | mobile (a kind without a symbol: a ring)


# The symbols of the places of service, with the legend's words (the source plan's: a
# "toimipaikka" and a "lähipalvelutoimipaikka", plan §4).
PLACE_SYMBOLS = {
    "office": ("square", 8.0, "#c0504d", "Toimipaikka"),
    "local_service_point": ("diamond", 7.0, "#d08c2c", "Lähipalvelutoimipaikka"),
    "mobile": ("ring", 6.0, "#4f8a3c", "Liikkuva palvelupiste"),
}
_RING = ("ring", 6.0, "#7f6084", "Muu palvelupiste")

_MAP_WIDTH, _MAP_HEIGHT, _PAD = 640, 520, 60


def member_map(
    *,
    title: str,
    points: list[MapPoint],
    links: list[tuple[str, str]],
    places: Sequence[MapPlace] = (),
) -> Markup:
    """Members at their coordinates, sized by population, linked where they share a border;
    and the `places` of service over them, each kind its symbol, with a legend.

    Equirectangular with the longitude scaled by the cosine of the mean latitude: right
    enough for the tens of kilometres of one area, and nothing more is claimed. The frame
    holds the members and the places (without places: the members alone, so section 1's
    map and section 4's put the members at the same spots when the places lie among them).
    """
    if not points:
        return Markup("")
    mean_lat = math.radians(sum(p.lat for p in points) / len(points))
    coordinates = [(p.lon, p.lat) for p in points] + [(p.lon, p.lat) for p in places]
    xs = [lon * math.cos(mean_lat) for lon, _ in coordinates]
    ys = [lat for _, lat in coordinates]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    scale = min(_MAP_WIDTH, _MAP_HEIGHT) - 2 * _PAD

    def projected(lat: float, lon: float) -> tuple[float, float]:
        x = lon * math.cos(mean_lat)
        return _PAD + (x - min(xs)) / span * scale, _PAD + (max(ys) - lat) / span * scale

    at = {p.code: projected(p.lat, p.lon) for p in points}
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
    for place in places:
        parts.append(_place_symbol(place, *projected(place.lat, place.lon)))
    if places:
        parts.append(_legend(sorted({p.kind for p in places}, key=_kind_order)))
    parts.append("</svg>")
    return Markup("".join(parts))  # every text in it is escaped above


def _kind_order(kind: str) -> tuple[int, str]:
    kinds = list(PLACE_SYMBOLS)
    return (kinds.index(kind) if kind in kinds else len(kinds), kind)


def _symbol(shape: str, size: float, colour: str, x: float, y: float) -> str:
    if shape == "square":
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" '
            f'height="{2 * size:.1f}" fill="{colour}" stroke="white" stroke-width="1.5"/>'
        )
    if shape == "diamond":
        corners = ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
        drawn = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
        return f'<polygon points="{drawn}" fill="{colour}" stroke="white" stroke-width="1.5"/>'
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="white" stroke="{colour}" '
        'stroke-width="3"/>'
    )


def _place_symbol(place: MapPlace, x: float, y: float) -> str:
    shape, size, colour, _ = PLACE_SYMBOLS.get(place.kind, _RING)
    return f"<g><title>{escape(place.name)}</title>{_symbol(shape, size, colour, x, y)}</g>"


def _legend(kinds: list[str]) -> str:
    """The symbols' key in the map's upper right corner: the members are drawn in the square
    left of it (`_PAD` to `_PAD` + `scale` both ways), so it covers none of them."""
    rows = [("circle", "Jäsenkunta")]
    rows += [("place:" + kind, PLACE_SYMBOLS.get(kind, _RING)[3]) for kind in kinds]
    left = _MAP_HEIGHT - _PAD + 10
    parts = ['<g class="legend" font-family="DejaVu Sans, sans-serif" font-size="12">']
    for i, (symbol, label) in enumerate(rows):
        y = 24 + 22 * i
        if symbol == "circle":
            parts.append(f'<circle cx="{left}" cy="{y}" r="7" fill="#1f4e79" fill-opacity="0.75"/>')
        else:
            shape, size, colour, _ = PLACE_SYMBOLS.get(symbol.removeprefix("place:"), _RING)
            parts.append(_symbol(shape, min(size, 7.0), colour, left, y))
        parts.append(f'<text x="{left + 14}" y="{y + 4}">{escape(label)}</text>')
    parts.append("</g>")
    return "".join(parts)
