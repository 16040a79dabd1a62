"""The threshold explorer without a server: one HTML file that works opened from disk.

:func:`write_static_explorer` writes ``build/report/explorer.html`` (``make
static-explorer``, ``python -m ecosystems static-explorer``): cut-point sliders
with a typed box each, the type of every cluster-year, the counts per type and
the phase portrait recomputed in the browser (the chart of
:mod:`ecosystems.explorer.static.chart`, drawn by Vega; a checkbox draws the OECD
R&D-intensity groups on it, :mod:`ecosystems.explorer.static.bands`), and the
paper's claims whose verdict flips, in English and Russian.

- **Offline.** Vega, Vega-Lite and vega-embed are pasted into the page from
  vl-convert's bundle; a Content-Security-Policy forbids every request (the
  browser test fails on any request but the page's own ``file://`` URL).
- **Cut points** lie on a grid of steps of ``10**-decimals`` (fine enough for
  every value of the data, :func:`ecosystems.explorer.verdicts.grid_decimals`)
  from 0 to the same maximum as the Voila page's sliders
  (:func:`ecosystems.explorer.controls.slider_top`). A typed value off that grid,
  negative, above the maximum or crossing the other cut of its axis is named
  next to the box and not applied; a dragged lower cut stops at the upper one.
- **Claims** cannot be evaluated in a browser: their verdicts are precomputed
  (:func:`ecosystems.explorer.verdicts.verdict_tables`) for every setting with at
  most one axis moved from the paper's cuts, and the page says so; with both
  axes moved it says that this combination was not precomputed.
- **Deterministic**: the same data and environment give the same bytes.
- **Escaped**: every name from the data enters the page as JSON inside a
  ``<script>`` (with ``<``, ``>`` and ``&`` written as ``\\u`` escapes) and is shown
  as text (``textContent``, Vega text marks), never as markup.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pandas as pd

from ... import config
from ...draw.intensity import strip_legend
from ...draw.portrait import MANY_CLUSTERS
from ...io import reference
from ...io.loaders import INDICATORS, load_indicators
from ...typology.thresholds import Thresholds
from ..controls import slider_top
from ..labels import cluster_labels, verdict_word
from ..verdicts import verdict_tables
from .chart import SIGNALS, cluster_colours, explorer_charts
from .page import CSP, PAGE, SCRIPT, STYLE

DEFAULT_PATH = config.BUILD / "report" / "explorer.html"
LABEL_KEYS = (
    "static.title", "static.intro", "static.data", "static.reset", "static.off_step",
    "static.not_number", "static.drag_lower", "static.drag_upper", "static.claims_note",
    "static.claims_both", "explorer.lang", "explorer.claims", "explorer.no_claims",
    "explorer.claim_id", "explorer.statement", "explorer.verdict_paper", "explorer.verdict_now",
    "explorer.input_negative", "explorer.input_above", "explorer.input_lower_above",
    "explorer.input_upper_below", "explorer.equal_cuts", "axis.innovation", "axis.productivity",
    "axis.rd_per_employee", "axis.value_added_per_employee", "cut.lower", "cut.upper",
    "explorer.intensity_bands",
)
_STEPS = {"innovation": 0.01, "productivity": 0.1}  # the Voila page's steps set its maxima


def safe_json(value) -> str:
    """JSON that can sit inside an HTML ``<script>`` element: no ``<``, ``>`` or
    ``&`` (written as ``\\u`` escapes), so no text in it can close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(data: pd.DataFrame, source: str, lang: str = "en", progress: bool = True) -> dict:
    """Everything the page's script needs besides the chart: labels in both
    languages, the cut grid, the precomputed verdicts, the data's description."""
    paper = Thresholds()
    tops = {axis: slider_top(data[INDICATORS[axis]], getattr(paper, axis)[1],
                             getattr(paper, axis)[1], _STEPS[axis])
            for axis in INDICATORS}
    tables = verdict_tables(data, tops, progress=progress)
    cuts = {}
    for name, (axis, which) in SIGNALS.items():
        tab = tables.axes[axis]
        largest = float(data[INDICATORS[axis]].max(skipna=True))
        cuts[name] = {"axis": axis, "which": which, "decimals": tab.decimals, "top": tab.top,
                      "paper": getattr(paper, axis)[which], "largest": largest}
    years = sorted(int(y) for y in pd.unique(data["year"]))
    clusters = list(pd.unique(data["cluster"]))
    labels = {lg: {k: reference.label(k, lg) for k in LABEL_KEYS} for lg in reference.LANGS}
    for lg in reference.LANGS:
        labels[lg]["verdicts"] = [verdict_word(v, lg) for v in tables.verdicts]
        labels[lg]["data"] = labels[lg]["static.data"].format(
            source=source, rows=len(data), clusters=len(clusters), start=years[0], end=years[-1])
        labels[lg]["cluster_names"] = [cluster_labels(clusters, lg)[c] for c in clusters]
        labels[lg]["bands_note"] = strip_legend(lg)  # the OECD band limits and their source
    # more clusters than colours to tell apart: no legend (as in the portrait, draw.portrait)
    legend = cluster_colours(clusters) if len(clusters) <= MANY_CLUSTERS else []
    return {
        "lang": lang, "labels": labels, "cuts": cuts, "legend": legend,
        "claims": {
            "ids": tables.claims["claim_id"].tolist(),
            "statements": tables.claims["statement"].tolist(),
            "vectors": [list(v) for v in tables.vectors], "paper": tables.paper,
            "evaluations": tables.evaluations,
            "axes": {axis: {"lower": t.lower.tolist(), "upper": t.upper.tolist(),
                            "table": t.table.tolist()} for axis, t in tables.axes.items()},
        },
    }


def static_explorer_html(data: pd.DataFrame | str | Path | None = None, lang: str = "en",
                         source: str | None = None, progress: bool = True) -> str:
    """The page as text.

    Parameters
    ----------
    data : pandas.DataFrame or path, optional
        Cluster indicators, or a table to read with
        :func:`ecosystems.load_indicators`; Table 3 by default.
    lang : {"en", "ru"}
        The language the page opens in (a toggle on the page switches).
    source : str, optional
        How the page names the data; by default the file's path (relative to
        the repository when inside it) or "a table given in Python".
    progress : bool
        Show a progress bar while the claims' verdicts are computed.

    Returns
    -------
    str
    """
    import altair as alt
    import vl_convert

    reference.check_lang(lang)
    if data is None or isinstance(data, str | Path):
        path = config.TABLE3 if data is None else Path(data)
        source = source or config.relative(path)
        data = load_indicators(path)
    source = source or "a table given in Python"
    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # the Vega-Lite altair targets
    specs = {name: vl_convert.vegalite_to_vega(chart.to_dict(), vl_version=version)
             for name, chart in explorer_charts(data, lang).items()}
    bundle = vl_convert.javascript_bundle(vl_version=version)
    if "</script" in bundle.lower():
        raise ValueError("vl-convert's script bundle contains '</script': it cannot be inlined")
    # plain replacement, not a template engine: the bundle may contain any characters
    return (PAGE.replace("__CSP__", CSP).replace("__LANG__", lang).replace("__TITLE__", escape(
        reference.label("static.title", lang))).replace("__STYLE__", STYLE)
        .replace("__BUNDLE__", bundle).replace("__SPEC__", safe_json(specs))
        .replace("__DATA__", safe_json(page_data(data, source, lang, progress)))
        .replace("__SCRIPT__", SCRIPT))


def write_static_explorer(path: str | Path | None = None, data=None, lang: str = "en",
                          source: str | None = None, progress: bool = True) -> Path:
    """Write the explorer without a server to ``path`` (``build/report/explorer.html``).

    Parameters
    ----------
    path : str or Path, optional
        Where to write the page; :data:`DEFAULT_PATH` by default. Its folder is
        made if missing; an existing file at ``path`` is replaced only if it is
        such a page (the project made it).
    data, lang, source, progress
        As for :func:`static_explorer_html`.

    Returns
    -------
    pathlib.Path
        The page written.

    Raises
    ------
    FileExistsError
        If ``path`` exists and is not a page this function wrote.

    Examples
    --------
    >>> import ecosystems as eco
    >>> eco.write_static_explorer("build/report/explorer.html")  # doctest: +SKIP
    """
    target = Path(path) if path is not None else DEFAULT_PATH
    if target.exists() and MARK not in target.read_text(encoding="utf-8", errors="replace")[:2000]:
        raise FileExistsError(f"{target} exists and is not a page written by "
                              "ecosystems.write_static_explorer: not replacing it")
    html = static_explorer_html(data, lang, source, progress)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target


MARK = "<!-- ecosystems static explorer -->"
