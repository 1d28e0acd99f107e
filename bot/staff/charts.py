"""Small inline-SVG bar charts, each with the same numbers in a table beside it.

The SVG is a picture for sighted readers (`role="img"` with a short description); the table
is what screen readers and keyboard users read, so the chart adds nothing they miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.staff.markup import Safe, el

# Dark, colour-blind-safe colours (Okabe-Ito), each at least 3:1 against white.
COLOURS = ("#0a5d8f", "#b35900", "#1a7a55", "#a3365f", "#5b4a9e", "#6b6b00", "#4d4d4d")
WIDTH, HEIGHT, PAD = 640, 180, 24


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def stacked_bars(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    total: bool = True,
    label_heading: str = "Day",
) -> Safe:
    """A figure: heading, SVG bars stacked per label, a legend and the data table."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    slot = (WIDTH - PAD) / max(len(labels), 1)
    bar = max(slot * 0.7, 1)
    shapes = []
    for index in range(len(labels)):
        y = HEIGHT - PAD
        for colour, item in zip(COLOURS * 3, series, strict=False):
            value = item.values[index]
            if not value:
                continue
            height = (HEIGHT - 2 * PAD) * value / top
            y -= height
            shapes.append(
                el(
                    "rect",
                    el("title", f"{labels[index]}: {item.name} {_number(value)}{unit}"),
                    x=f"{PAD + index * slot:.1f}",
                    y=f"{y:.1f}",
                    width=f"{bar:.1f}",
                    height=f"{height:.1f}",
                    fill=colour,
                )
            )
    axis = [
        el("line", x1=PAD, y1=HEIGHT - PAD, x2=WIDTH, y2=HEIGHT - PAD, stroke="#555"),
        el("text", _number(top) + unit, x=0, y=PAD - 8, font_size="11", fill="#333"),
        el("text", labels[0] if labels else "", x=PAD, y=HEIGHT - 6, font_size="11", fill="#333"),
        el(
            "text",
            labels[-1] if labels else "",
            x=WIDTH,
            y=HEIGHT - 6,
            font_size="11",
            fill="#333",
            text_anchor="end",
        ),
    ]
    summary = f"{title}: bar chart, {len(labels)} bars; the table beside it has the numbers."
    svg = el(
        "svg",
        el("title", summary),
        shapes,
        axis,
        viewBox=f"0 0 {WIDTH} {HEIGHT}",
        role="img",
        aria_label=summary,
        class_="chart",
        focusable="false",
    )
    legend = el(
        "ul",
        [
            el("li", el("span", class_=f"swatch c{index % len(COLOURS)}"), item.name)
            for index, item in enumerate(series)
        ],
        class_="legend",
        aria_hidden="true",
    )
    return el(
        "section",
        el("h3", title, id=f"{chart_id}-title"),
        el(
            "div",
            el("div", svg, legend, class_="chart-box"),
            data_table(title, labels, series, unit, total, label_heading),
            class_="chart-pair",
        ),
        aria_labelledby=f"{chart_id}-title",
        class_="figure",
    )


def data_table(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    total: bool = True,
    label_heading: str = "Day",
) -> Safe:
    """The chart's numbers: one row per label, one column per series (and a total)."""
    show_total = total and len(series) > 1 and not unit
    head = el(
        "tr",
        el("th", label_heading, scope="col"),
        [el("th", item.name, scope="col") for item in series],
        el("th", "Total", scope="col") if show_total else None,
    )
    rows = []
    for index, label in enumerate(labels):
        values = [item.values[index] for item in series]
        rows.append(
            el(
                "tr",
                el("th", label, scope="row"),
                [el("td", _number(v) + unit, class_="num") for v in values],
                el("td", _number(sum(values)), class_="num") if show_total else None,
            )
        )
    return el(
        "div",
        el("table", el("caption", title), el("thead", head), el("tbody", rows), class_="data"),
        class_="table-scroll",
        tabindex="0",
        role="region",
        aria_label=f"{title} (table)",
    )


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
