"""The chart of the explorer without a server: a Vega-Lite specification built with Altair.

Two charts (two Vega views on the page, laid out by its CSS), both driven by
the signals the page's own controls set (:mod:`ecosystems.explorer.static.export`):
the cut points ``lo1, hi1`` (innovation) and ``lo2, hi2`` (productivity), ``lang``
and ``bands`` (the OECD toggle).

- ``portrait``: the phase portrait (the paper's Fig. 1): the nine type regions
  and the four cut lines move with the signals, the trajectories stay; with
  ``bands`` the OECD R&D-intensity groups are drawn over the regions
  (:mod:`ecosystems.explorer.static.bands`);
- ``tables``: ``classification``, the type of every cluster-year, beside
  ``counts``, the clusters of each type per year.

The type of every cluster-year is computed in the browser, by the paper's rule
written once as a Vega expression (:func:`rule_expression`): four comparisons
per value (``value >= lower`` and ``value > upper`` on each axis), the two
levels combined through the Table 1 grid (:func:`ecosystems.typology.rule.grid_codes`).
``tests/explorer/static/test_export.py`` checks it in Chromium against
:func:`ecosystems.typology.rule.type_codes` on every cluster-year for a grid of
cut points, including cuts exactly on values.

Every name comes from ``data/`` in both languages and is switched by ``lang``;
names enter the specification as JSON string literals (never markup), and
Vega draws them as text.
"""

from __future__ import annotations

import json
import textwrap

import pandas as pd

from ...draw.scales import X_LINSCALE, default_linthresh, plot_limits, symlog_ticks
from ...draw.style import (
    REGION_SHADES,
    REGION_TEXT,
    THRESHOLD_COLOUR,
    YEAR_MARKERS,
    cluster_palette,
)
from ...io import reference
from ...io.loaders import INDICATORS
from ...typology.rule import LEVELS, grid_codes
from ...typology.thresholds import Thresholds
from ..labels import cluster_labels
from ..styling import HIGHLIGHT_COLOUR
from .bands import band_layers

LANGS = reference.LANGS
SIGNALS = {"lo1": ("innovation", 0), "hi1": ("innovation", 1),
           "lo2": ("productivity", 0), "hi2": ("productivity", 1)}
# matplotlib's year markers as Vega shapes (one per year, in year order)
SHAPES = {"o": "circle", "s": "square", "^": "triangle-up", "D": "diamond",
          "v": "triangle-down", "P": "cross", "X": "M-0.7,-0.7L0.7,0.7M0.7,-0.7L-0.7,0.7",
          "*": "wedge"}
WIDTH, HEIGHT = 520, 390  # the portrait's plot area, CSS pixels
ROW = 26  # height of a row of the classification and counts grids


def js(value) -> str:
    """A JSON literal for use inside a Vega expression (ASCII only)."""
    return json.dumps(value, ensure_ascii=True)


def by_lang(texts: dict) -> str:
    """A Vega expression choosing ``texts[lang]`` by the ``lang`` signal."""
    return f"(lang == 'ru' ? {js(texts['ru'])} : {js(texts['en'])})"


def two_lines(name: str) -> str:
    """A name broken at the space nearest its middle (for narrow cells and regions)."""
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if not spaces:
        return name
    i = min(spaces, key=lambda k: abs(k - len(name) / 2))
    return name[:i] + "\n" + name[i + 1:]


def rule_expression(value: str, lower: str, upper: str) -> str:
    """The level (0 low, 1 medium, 2 high, -1 missing) of ``datum[value]`` in Vega's
    expression language: ``low < lower <= medium <= upper < high``."""
    v = f"datum.{value}"
    return f"(isValid({v}) ? ({v} >= {lower} ? 1 : 0) + ({v} > {upper} ? 1 : 0) : -1)"


def type_expression(inn: str, prod: str) -> str:
    """The type code (Table 1 order, -1 missing) from two level fields."""
    codes = js([int(c) for c in grid_codes()])
    return (f"(datum.{inn} < 0 || datum.{prod} < 0) ? -1 : "
            f"{codes}[3 * datum.{inn} + datum.{prod}]")


def cluster_colours(clusters) -> list[str]:
    """Each cluster's colour (:func:`ecosystems.cluster_palette`), in the order given."""
    palette = cluster_palette(clusters)
    return [palette[c] for c in clusters]


def rows(data: pd.DataFrame, clusters) -> list[dict]:
    """One record per cluster-year: cluster index ``c``, ``year``, ``rd``, ``va``
    (``None`` where missing)."""
    index = {c: i for i, c in enumerate(clusters)}
    out = []
    for cluster, year, rd, va in data[["cluster", "year", *INDICATORS.values()]].itertuples(
            index=False):
        out.append({"c": index[cluster], "year": int(year),
                    "rd": None if pd.isna(rd) else float(rd),
                    "va": None if pd.isna(va) else float(va)})
    return out


def explorer_charts(data: pd.DataFrame, lang: str = "en") -> dict:
    """The explorer's two charts for ``data`` (Altair; ``chart.to_dict()`` is a spec).

    Parameters
    ----------
    data : pandas.DataFrame
        Cluster indicators (``cluster, year, rd_per_employee,
        value_added_per_employee``).
    lang : {"en", "ru"}
        The language the page starts in.

    Returns
    -------
    dict of str to altair chart
        ``portrait`` (a layered chart) and ``tables`` (the classification and
        the counts side by side), two views the page sets the same signals in.
    """
    import altair as alt

    reference.check_lang(lang)
    paper = Thresholds()
    clusters = list(pd.unique(data["cluster"]))
    years = sorted(int(y) for y in pd.unique(data["year"]))
    names = {lg: [cluster_labels(clusters, lg)[c] for c in clusters] for lg in LANGS}
    types = {lg: [reference.type_names(lg, short=True)[s] for s in reference.type_slugs()]
             for lg in LANGS}
    types2 = {lg: [two_lines(n) for n in v] for lg, v in types.items()}
    label = {k: {lg: reference.label(k, lg) for lg in LANGS} for k in (
        "axis.rd_per_employee", "axis.value_added_per_employee", "portrait.title",
        "explorer.classification", "explorer.counts", "word.cluster", "word.year", "word.type")}
    # the tables' titles in lines of at most 50 characters (a title never wraps itself)
    lines = {k: {lg: textwrap.wrap(label[k][lg], 50) for lg in LANGS}
             for k in ("explorer.classification", "explorer.counts")}
    cluster_name = f"{by_lang(names)}[datum.c]"
    params = [alt.param(name=k, value=getattr(paper, axis)[i]) for k, (axis, i) in SIGNALS.items()]
    params.append(alt.param(name="lang", value=lang))
    params.append(alt.param(name="bands", value=False))

    classify = [
        alt.CalculateTransform(calculate=rule_expression("rd", "lo1", "hi1"), **{"as": "inn"}),
        alt.CalculateTransform(calculate=rule_expression("va", "lo2", "hi2"), **{"as": "prod"}),
        alt.CalculateTransform(calculate=type_expression("inn", "prod"), **{"as": "t"}),
        alt.CalculateTransform(calculate=rule_expression("rd", *map(str, paper.innovation)),
                               **{"as": "inn_paper"}),
        alt.CalculateTransform(calculate=rule_expression("va", *map(str, paper.productivity)),
                               **{"as": "prod_paper"}),
        alt.CalculateTransform(calculate=type_expression("inn_paper", "prod_paper"),
                               **{"as": "t_paper"}),
        alt.CalculateTransform(calculate="datum.t >= 0 && datum.t != datum.t_paper",
                               **{"as": "differs"}),
        alt.CalculateTransform(calculate=f"datum.t < 0 ? '' : {by_lang(types)}[datum.t]",
                               **{"as": "type_name"}),
        alt.CalculateTransform(calculate=f"datum.t < 0 ? '' : {by_lang(types2)}[datum.t]",
                               **{"as": "type_name2"}),
        alt.CalculateTransform(calculate=cluster_name, **{"as": "cluster_name"}),
    ]
    base = alt.Chart(alt.InlineData(values=rows(data, clusters), name="cluster_years"))
    portrait = _portrait(alt, data, base, classify, clusters, years, names, types2, label, paper)
    tooltip = _tooltip(alt)

    grid = base.properties(width=len(years) * 112, height=len(clusters) * ROW)
    cells = grid.mark_rect(stroke="#BBBBBB", strokeWidth=0.5).encode(
        x=alt.X("year:O", axis=alt.Axis(title=None, orient="top", labelAngle=0)),
        y=alt.Y("c:O", sort=list(range(len(clusters))),
                axis=alt.Axis(title=None, labelExpr=f"{by_lang(names)}[toNumber(datum.value)]",
                              labelLimit=260)),
        fill=alt.condition("datum.differs", alt.value(HIGHLIGHT_COLOUR), alt.value("white")),
        tooltip=tooltip)
    cells.transform = classify
    texts = grid.mark_text(fontSize=10, lineBreak="\n", lineHeight=12, limit=108).encode(
        x="year:O", y=alt.Y("c:O", sort=list(range(len(clusters)))), text="type_name2:N",
        yOffset=alt.YOffset("half:Q", scale=None))
    # a text's first line sits at the anchor: one line is centred at ROW / 2, two
    # lines start half a line higher (Vega does not centre multi-line text)
    texts.transform = classify + [alt.CalculateTransform(
        calculate=f"indexof(datum.type_name2, '\\n') >= 0 ? {ROW / 2 - 6} : {ROW / 2}",
        **{"as": "half"})]
    classification = alt.layer(cells, texts).properties(
        name="classification",
        title=alt.TitleParams(text=alt.expr(by_lang(lines["explorer.classification"])),
                              anchor="start", fontSize=12))

    count = classify + [
        alt.FoldTransform(fold=["t", "t_paper"], **{"as": ["kind", "ti"]}),
        alt.FilterTransform(filter="datum.ti >= 0"),
        alt.AggregateTransform(aggregate=[alt.AggregatedFieldDef(op="count", **{"as": "n"})],
                               groupby=["kind", "ti", "year"]),
        alt.ImputeTransform(impute="n", key="ti", keyvals=list(range(9)),
                            groupby=["kind", "year"], value=0),
        alt.PivotTransform(pivot="kind", value="n", groupby=["ti", "year"]),
        alt.CalculateTransform(calculate="isValid(datum.t) ? datum.t : 0", **{"as": "now"}),
        alt.CalculateTransform(calculate="isValid(datum.t_paper) ? datum.t_paper : 0",
                               **{"as": "then"}),
        alt.CalculateTransform(calculate="datum.now == datum.then ? '' + datum.now : "
                                         "datum.now + ' (' + datum.then + ')'",
                               **{"as": "text"}),
    ]
    table = base.properties(width=len(years) * 60, height=9 * ROW * 0.85)
    y_type = alt.Y("ti:O", sort=list(range(9)), axis=alt.Axis(
        title=None, labelExpr=f"{by_lang(types)}[toNumber(datum.value)]", labelLimit=220))
    count_cells = table.mark_rect(stroke="#BBBBBB", strokeWidth=0.5).encode(
        x=alt.X("year:O", axis=alt.Axis(title=None, orient="top", labelAngle=0)), y=y_type,
        fill=alt.condition("datum.now != datum.then", alt.value(HIGHLIGHT_COLOUR),
                           alt.value("white")))
    count_cells.transform = count
    count_texts = table.mark_text(fontSize=11).encode(x="year:O", y=y_type, text="text:N")
    count_texts.transform = count
    counts = alt.layer(count_cells, count_texts).properties(
        name="counts",
        title=alt.TitleParams(text=alt.expr(by_lang(lines["explorer.counts"])), anchor="start",
                              fontSize=12))

    def finish(chart):
        return chart.add_params(*params).properties(
            autosize=alt.AutoSizeParams(type="pad", resize=True),  # names change length
        ).configure_view(stroke="#888888").configure(font="DejaVu Sans, Verdana, sans-serif")

    return {"portrait": finish(portrait),
            "tables": finish(alt.hconcat(classification, counts, spacing=30))}


def _tooltip(alt):
    return [alt.Tooltip("cluster_name:N", title="cluster / кластер"),
            alt.Tooltip("year:O", title="year / год"),
            alt.Tooltip("va:Q", title="VA / ДС", format=".3f"),
            alt.Tooltip("rd:Q", title="R&D / НИОКР", format=".3f"),
            alt.Tooltip("type_name:N", title="type / тип")]


def _portrait(alt, data, base, classify, clusters, years, names, types2, label, paper):
    """The phase portrait layer: regions, names, cut lines, trajectories, axis titles."""
    lin = default_linthresh(paper)
    (x0, x1), (y0, y1) = plot_limits(data, paper, "symlog", lin)
    x_ticks = [t for t in symlog_ticks(x0, x1, lin[0]) if X_LINSCALE >= 1 or t != lin[0] / 2]
    y_ticks = symlog_ticks(y0, y1, lin[1])
    decimal = "lang == 'ru' ? replace(datum.label, '.', ',') : datum.label"
    xs = alt.Scale(type="symlog", constant=lin[0], domain=[x0, x1], nice=False, zero=False)
    ys = alt.Scale(type="symlog", constant=lin[1], domain=[y0, y1], nice=False, zero=False)
    x_axis = alt.Axis(values=x_ticks, format="~g", title=None, labelExpr=decimal, grid=False)
    y_axis = alt.Axis(values=y_ticks, format="~g", title=None, labelExpr=decimal, grid=False)
    table = reference.type_table()
    regions = alt.InlineData(name="regions", values=[
        {"t": t, "inn": LEVELS.index(r.innovation_level),
         "prod": LEVELS.index(r.productivity_level)} for t, r in enumerate(table.itertuples())])
    bounds = [
        alt.CalculateTransform(calculate=f"[{x0}, lo2, hi2][datum.prod]", **{"as": "x0"}),
        alt.CalculateTransform(calculate=f"[lo2, hi2, {x1}][datum.prod]", **{"as": "x1"}),
        alt.CalculateTransform(calculate=f"[{y0}, lo1, hi1][datum.inn]", **{"as": "y0"}),
        alt.CalculateTransform(calculate=f"[lo1, hi1, {y1}][datum.inn]", **{"as": "y1"}),
        alt.CalculateTransform(calculate=f"{js(list(REGION_SHADES))}[datum.inn + datum.prod]",
                               **{"as": "shade"}),
        alt.CalculateTransform(calculate=f"{by_lang(types2)}[datum.t]", **{"as": "name"}),
    ]
    shade = alt.Chart(regions).mark_rect(clip=True).encode(
        x=alt.X("x0:Q", scale=xs, axis=x_axis), x2="x1:Q",
        y=alt.Y("y0:Q", scale=ys, axis=y_axis), y2="y1:Q", fill=alt.Fill("shade:N", scale=None))
    shade.transform = bounds
    # a name no wider than its region (the plot's x scale is "portrait_x" in Vega)
    fits = alt.expr("scale('portrait_x', datum.x1) - scale('portrait_x', datum.x0) - 6")
    region_names = alt.Chart(regions).mark_text(
        clip=True, align="left", baseline="top", dx=3, dy=3, fontSize=9, color=REGION_TEXT,
        fontStyle="italic", lineBreak="\n", limit=fits).encode(
        x=alt.X("x0:Q", scale=xs), y=alt.Y("y1:Q", scale=ys), text="name:N")
    region_names.transform = bounds + [alt.FilterTransform(filter="datum.x1 > datum.x0 && "
                                                                  "datum.y1 > datum.y0")]
    cuts = alt.InlineData(name="cuts", values=[{"k": k} for k in SIGNALS])
    cut_value = [
        alt.CalculateTransform(calculate="datum.k == 'lo1' ? lo1 : datum.k == 'hi1' ? hi1 : "
                                         "datum.k == 'lo2' ? lo2 : hi2", **{"as": "v"}),
        alt.CalculateTransform(calculate="lang == 'ru' ? replace(format(datum.v, '~g'), '.', ',')"
                                         " : format(datum.v, '~g')", **{"as": "text"})]
    # the OECD group names keep off the region names and cut lines at the paper's cuts
    x_edges = [x0, *paper.productivity]
    y_tops = [*paper.innovation, y1]
    boxes = {lg: [(x_edges[r["prod"]], y_tops[r["inn"]], types2[lg][r["t"]].split("\n"), 9)
                  for r in regions.values] for lg in LANGS}
    layers = [shade, *band_layers(alt, data, ((x0, x1), (y0, y1)), lin, xs, ys,
                                  (WIDTH, HEIGHT), (paper.productivity, paper.innovation),
                                  boxes), region_names]
    for axis, keys in (("x", "'lo2', 'hi2'"), ("y", "'lo1', 'hi1'")):
        pick = cut_value + [alt.FilterTransform(filter=f"indexof([{keys}], datum.k) >= 0")]
        enc = {axis: alt.X("v:Q", scale=xs) if axis == "x" else alt.Y("v:Q", scale=ys)}
        rule = alt.Chart(cuts).mark_rule(color=THRESHOLD_COLOUR, strokeDash=[4, 3],
                                         clip=True).encode(**enc)
        rule.transform = pick
        text = (alt.Chart(cuts).mark_text(baseline="bottom", dy=-2, fontSize=9,
                                          color=THRESHOLD_COLOUR, y=0)
                if axis == "x" else
                alt.Chart(cuts).mark_text(align="left", dx=3, fontSize=9,
                                          color=THRESHOLD_COLOUR, x=WIDTH))
        text = text.encode(**enc, text="text:N")
        text.transform = pick
        layers += [rule, text]
    # the cluster legend is the page's own (HTML beside the chart, laid out again by the
    # browser when the names change language; Vega keeps a legend's first width)
    colour = alt.Color("c:N", scale=alt.Scale(domain=list(range(len(clusters))),
                                              range=cluster_colours(clusters)), legend=None)
    year_legend = alt.Legend(title=None, orient="right")
    valid = [alt.FilterTransform(filter="isValid(datum.rd) && isValid(datum.va)")]
    line = base.mark_line(strokeWidth=1.5, clip=True).encode(
        x=alt.X("va:Q", scale=xs), y=alt.Y("rd:Q", scale=ys), color=colour, order="year:O",
        detail="c:N")
    line.transform = valid
    shapes = [SHAPES[YEAR_MARKERS[i % len(YEAR_MARKERS)]] for i in range(len(years))]
    points = base.mark_point(filled=True, size=45, opacity=1, clip=True, stroke="white",
                             strokeWidth=0.5).encode(
        x=alt.X("va:Q", scale=xs), y=alt.Y("rd:Q", scale=ys), color=colour,
        shape=alt.Shape("year:N", scale=alt.Scale(domain=years, range=shapes),
                        legend=year_legend),
        tooltip=_tooltip(alt))
    points.transform = classify + valid
    one = alt.InlineData(name="one", values=[{}])
    titles = [
        alt.Chart(one).mark_text(fontSize=11, baseline="top", x=WIDTH / 2, y=HEIGHT + 24,
                                 text=alt.expr(by_lang(label["axis.value_added_per_employee"]))),
        alt.Chart(one).mark_text(fontSize=11, angle=270, baseline="bottom", x=-40,
                                 y=HEIGHT / 2,
                                 text=alt.expr(by_lang(label["axis.rd_per_employee"]))),
    ]
    title = {lg: label["portrait.title"][lg].format(start=years[0], end=years[-1]) for lg in LANGS}
    return alt.layer(*layers, line, points, *titles).properties(
        width=WIDTH, height=HEIGHT, name="portrait",
        title=alt.TitleParams(text=alt.expr(by_lang(title)), anchor="start", fontSize=13))
