"""The threshold explorer: what students see change when they move a cut point.

:class:`Explorer` is the plain logic behind the widgets: from a state
(thresholds, selected clusters, axis scale, language) to the phase portrait
and the tables, recomputing and redrawing only the views whose inputs changed
and reusing one figure. :class:`ExplorerApp` wraps it in ipywidgets (sliders,
a cluster multi-select, scale and language toggles) for JupyterLab and Voila.

:func:`main` (``make explore``) serves notebook 07 with Voila on 127.0.0.1 as a
standalone page; :func:`voila_command` is the command it runs.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import sys
from dataclasses import dataclass, replace
from html import escape

import numpy as np
import pandas as pd

from . import paths, reference
from .loaders import load_indicators
from .thresholds import Thresholds
from .typology import INDICATORS, classify, level_codes, type_grid

SCALES = ("symlog", "linear")
VIEWS = ("figure", "classification", "counts", "claims", "measures")
# Which parts of the state each view depends on: a view is recomputed (and
# redrawn) only when one of these changed.
DEPENDS = {
    "figure": ("thresholds", "clusters", "scale", "lang"),
    "classification": ("thresholds", "clusters", "lang"),
    "counts": ("thresholds", "clusters", "lang"),
    "claims": ("thresholds", "lang"),
    "measures": ("thresholds", "clusters", "lang"),
}
HIGHLIGHT = "background-color: #F4D03F; font-weight: bold"
FIGURE_HEIGHT = 5.0  # inches; the width is the journal full width (style.FULL_WIDTH)
SCREEN_DPI = 100


@dataclass(frozen=True)
class ExplorerState:
    """Everything a student can change.

    Parameters
    ----------
    thresholds : Thresholds
    clusters : tuple of str
        Selected clusters (names as in the data), in data order; not empty.
    scale : {"symlog", "linear"}
        Axis scale of the phase portrait.
    lang : {"en", "ru"}
    """

    thresholds: Thresholds
    clusters: tuple[str, ...]
    scale: str
    lang: str


def cluster_labels(names, lang: str = "en") -> dict[str, str]:
    """Display names for clusters, in ``lang`` where ``data/clusters.csv`` has them.

    Table 3 clusters get their short name; other clusters (a user's own or
    synthetic data) keep their own name. When ``data/clusters.csv`` has no
    short names in ``lang``, the English short names are used.
    """
    try:
        known = reference.cluster_names(lang, short=True)
    except KeyError:
        known = reference.cluster_names("en", short=True)
    return {name: known.get(name, name) for name in names}


def _same(old, new) -> bool:
    if isinstance(old, tuple):
        return all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, pd.DataFrame):
        return old.equals(new) and list(old.columns) == list(new.columns)
    return old == new


def _highlighted(table: pd.DataFrame, mask: np.ndarray, uuid: str):
    """Styler of ``table`` with the cells where ``mask`` is True highlighted.

    A CSS class on the cells and one rule (rather than a rule per cell, and
    no cell ids) keeps the HTML of a 151 x 10 table small and quick to render.
    """
    from pandas.io.formats.style import Styler

    classes = pd.DataFrame(np.where(mask, "differs", ""), index=table.index,
                           columns=table.columns)
    return (Styler(table, uuid=uuid, cell_ids=False).set_td_classes(classes)
            .set_table_styles([{"selector": "td.differs", "props": HIGHLIGHT}]))


class Explorer:
    """Thresholds (and selection, scale, language) to figure and tables.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Tidy indicators (``cluster, year, rd_per_employee,
        value_added_per_employee``); Table 3 by default.
    thresholds : Thresholds or mapping, optional
        Starting cut points; the paper's by default. Cells that differ from
        the classification under the paper's cut points are highlighted.
    clusters : sequence of str, optional
        Starting selection; every cluster by default.
    scale : {"symlog", "linear"}
    lang : {"en", "ru"}
    views : sequence of str, optional
        The views to keep up to date (a subset of :data:`VIEWS`); all by
        default. A table-only explorer (no ``"figure"``) never draws.

    Examples
    --------
    >>> ex = Explorer(views=("classification", "counts"))
    >>> ex.update(thresholds=Thresholds(innovation=(0.2, 0.3)))
    ('classification', 'counts')
    >>> ex.update(scale="linear")
    ()
    """

    def __init__(self, data: pd.DataFrame | None = None, *, thresholds=None, clusters=None,
                 scale: str = "symlog", lang: str = "en", views=VIEWS):
        unknown = [v for v in views if v not in VIEWS]
        if unknown:
            raise ValueError(f"unknown view(s) {unknown}; expected some of {VIEWS}")
        self.views = tuple(v for v in VIEWS if v in views)
        self.data = load_indicators() if data is None else data
        missing = [c for c in ("cluster", "year", *INDICATORS.values()) if c not in self.data]
        if missing:
            raise KeyError(f"Explorer needs column(s) {missing}; got {list(self.data.columns)}")
        self.all_clusters = tuple(pd.unique(self.data["cluster"]))
        self.years = tuple(int(y) for y in sorted(pd.unique(self.data["year"])))
        # Positions of each cluster-year in a clusters x years matrix: the
        # tables are then numpy indexing, fast enough to follow a slider.
        self._row = pd.Index(self.all_clusters).get_indexer(self.data["cluster"])
        self._col = pd.Index(self.years).get_indexer(self.data["year"])
        self._values = {axis: self.data[col].to_numpy(dtype=float)
                        for axis, col in INDICATORS.items()}
        self._slugs = reference.type_slugs()
        slug_code = {s: i for i, s in enumerate(self._slugs)}
        self._grid = np.array([[slug_code[s] for s in row] for row in type_grid()], dtype=np.int8)
        self.paper = Thresholds()
        self._paper_matrix = self._matrix(self.paper)
        self._figure = None
        self._ax = None
        self._layout_key = None
        self._results: dict[str, object] = {}
        self._keys: dict[str, tuple] = {}
        self._matrix_for: Thresholds | None = None
        self._current_matrix: np.ndarray | None = None
        self._text: dict[str, dict] = {}
        self._paper_claims: pd.DataFrame | None = None
        self.state = self._checked(ExplorerState(
            Thresholds.from_any(thresholds),
            self.all_clusters if clusters is None else tuple(clusters),
            scale, lang,
        ))
        for view in self.views:
            self._compute(view)

    # -- state -------------------------------------------------------------
    def _checked(self, state: ExplorerState) -> ExplorerState:
        if state.scale not in SCALES:
            raise ValueError(f"scale must be one of {SCALES}, got {state.scale!r}")
        if state.lang not in reference.LANGS:
            raise ValueError(f"lang must be one of {reference.LANGS}, got {state.lang!r}")
        unknown = [c for c in state.clusters if c not in self.all_clusters]
        if unknown:
            raise ValueError(
                f"unknown cluster(s) {unknown}; the data has {list(self.all_clusters)}")
        if not state.clusters:
            raise ValueError("select at least one cluster")
        chosen = set(state.clusters)
        ordered = tuple(c for c in self.all_clusters if c in chosen)
        return replace(state, clusters=ordered)

    def update(self, *, thresholds=None, clusters=None, scale=None, lang=None) -> tuple[str, ...]:
        """Change the state and recompute the views that depend on what changed.

        Parameters
        ----------
        thresholds : Thresholds or mapping, optional
        clusters : sequence of str, optional
        scale : {"symlog", "linear"}, optional
        lang : {"en", "ru"}, optional
            ``None`` leaves that part of the state as it is.

        Returns
        -------
        tuple of str
            The views (of :attr:`views`, in :data:`VIEWS` order) that changed:
            their inputs changed and, for a table, some cell of it did (moving
            a cut point past no value changes no type). The figure is redrawn
            in place whenever its inputs changed.

        Raises
        ------
        ValueError
            On invalid thresholds, an unknown or empty cluster selection, an
            unknown scale or language; the state is then left unchanged.
        """
        new = self._checked(ExplorerState(
            self.state.thresholds if thresholds is None else Thresholds.from_any(thresholds),
            self.state.clusters if clusters is None else tuple(clusters),
            self.state.scale if scale is None else scale,
            self.state.lang if lang is None else lang,
        ))
        self.state = new
        stale = [v for v in self.views if self._keys.get(v) != self._key(v)]
        return tuple(v for v in stale if self._compute(v))

    def _key(self, view: str) -> tuple:
        return tuple(getattr(self.state, part) for part in DEPENDS[view])

    def _view(self, view: str):
        if view not in self.views:
            raise ValueError(f"this explorer does not keep the {view!r} view (views={self.views})")
        if self._keys.get(view) != self._key(view):
            self._compute(view)
        return self._results[view]

    def _compute(self, view: str) -> bool:
        """Recompute ``view``; True when the result differs from the last one
        (a table whose cells all stayed the same need not be redrawn)."""
        old = self._results.get(view)
        new = self._results[view] = getattr(self, f"_make_{view}")()
        self._keys[view] = self._key(view)
        return view == "figure" or old is None or not _same(old, new)

    # -- computing ---------------------------------------------------------
    def _matrix(self, thresholds: Thresholds) -> np.ndarray:
        """Type codes, clusters x years: 0-8 (Table 1 order), -1 missing
        indicator, -2 no row for that cluster-year."""
        inn = level_codes(self._values["innovation"], *thresholds.innovation)
        prod = level_codes(self._values["productivity"], *thresholds.productivity)
        codes = np.where((inn >= 0) & (prod >= 0), self._grid[inn, prod], -1).astype(np.int8)
        matrix = np.full((len(self.all_clusters), len(self.years)), -2, dtype=np.int8)
        matrix[self._row, self._col] = codes
        return matrix

    def _current(self) -> np.ndarray:
        if self._matrix_for != self.state.thresholds:
            self._current_matrix = self._matrix(self.state.thresholds)
            self._matrix_for = self.state.thresholds
        return self._current_matrix

    def _rows(self) -> np.ndarray:
        return pd.Index(self.all_clusters).get_indexer(self.state.clusters)

    def _words(self) -> dict:
        """Display strings of the current language (read once per language)."""
        lang = self.state.lang
        if lang not in self._text:
            names = reference.type_names(lang, short=True)
            self._text[lang] = {
                # index by type code + 2: "", "missing", then the nine types
                "types": np.array(["", "", *(names[s] for s in self._slugs)], dtype=object),
                "clusters": cluster_labels(self.all_clusters, lang),
                **{k: reference.label(f"word.{k}", lang) for k in ("cluster", "year", "type")},
            }
        return self._text[lang]

    def classified(self) -> pd.DataFrame:
        """Every cluster-year classified under the current thresholds.

        Returns
        -------
        pandas.DataFrame
            :func:`ecosystems.classify` output plus ``paper_type`` (the type
            under the paper's thresholds) and ``differs`` (bool).
        """
        out = classify(self.data, self.state.thresholds)
        paper = classify(self.data, self.paper)["ecosystem_type"]
        out["paper_type"] = paper
        out["differs"] = (out["ecosystem_type"].astype(object) != paper.astype(object)).to_numpy()
        return out

    def _frame(self, values, rows, words) -> pd.DataFrame:
        frame = pd.DataFrame(values, index=[words["clusters"][self.all_clusters[r]] for r in rows],
                             columns=list(self.years))
        frame.index.name, frame.columns.name = words["cluster"], words["year"]
        return frame

    def _make_classification(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows, words = self._rows(), self._words()
        now, paper = self._current()[rows], self._paper_matrix[rows]
        shown = self._frame(words["types"][now + 2], rows, words)
        differs = self._frame((now != paper) & (now >= 0), rows, words)
        return shown, differs

    def classification(self) -> pd.DataFrame:
        """Ecosystem type of each selected cluster (rows) in each year (columns).

        Type and cluster names are in the current language; a missing
        indicator or a year without data gives an empty cell.
        """
        return self._view("classification")[0]

    def differs(self) -> pd.DataFrame:
        """Boolean mask like :meth:`classification`: True where the type differs
        from the type under the paper's thresholds."""
        return self._view("classification")[1]

    def classification_styler(self, uuid: str = "explorer"):
        """:meth:`classification` as a pandas Styler, differing cells highlighted.

        The uuid is fixed so that the HTML is the same on every run.
        """
        shown, differs = self._view("classification")
        return _highlighted(shown, differs.to_numpy(), uuid)

    def _make_counts(self) -> pd.DataFrame:
        rows, words = self._rows(), self._words()
        n = len(self._slugs)

        def count(matrix):
            m = matrix[rows]
            # one bincount over (year, type + 1) pairs; -2 (no row) is dropped
            keep = m >= -1
            year = np.broadcast_to(np.arange(m.shape[1]), m.shape)[keep]
            flat = np.bincount(year * (n + 1) + m[keep] + 1, minlength=m.shape[1] * (n + 1))
            return flat.reshape(m.shape[1], n + 1).T  # rows: missing, then the types

        now, paper = count(self._current()), count(self._paper_matrix)
        has_missing = bool(now[0].any() or paper[0].any())
        index = list(words["types"][2:]) + (["missing"] if has_missing else [])
        order = list(range(1, n + 1)) + ([0] if has_missing else [])
        years = list(self.years)
        columns = pd.MultiIndex.from_product([["now", "paper"], years], names=["", words["year"]])
        out = pd.DataFrame(np.hstack([now[order], paper[order]]), index=index, columns=columns)
        out.index.name = words["type"]
        return out

    def counts(self) -> pd.DataFrame:
        """Number of selected clusters of each type in each year.

        Returns
        -------
        pandas.DataFrame
            Rows: the nine types (Table 1 order, names in the current
            language), then ``missing`` if some cluster-year has a missing
            indicator. Columns: a two-level index, ``now`` (current
            thresholds) or ``paper`` (the paper's), then year.
        """
        return self._view("counts")

    def counts_styler(self, uuid: str = "explorer-counts"):
        """:meth:`counts` (current thresholds) as a Styler; counts that differ
        from the paper's are highlighted and shown with the paper's in brackets."""
        counts = self.counts()
        now, paper = counts["now"], counts["paper"]
        a, b = now.to_numpy(), paper.to_numpy()
        text = [[str(x) if x == y else f"{x} ({y})" for x, y in zip(r, q, strict=True)]
                for r, q in zip(a, b, strict=True)]
        text = pd.DataFrame(text, index=now.index, columns=now.columns)
        return _highlighted(text, a != b, uuid)

    def _make_claims(self) -> pd.DataFrame:
        from .claims import evaluate_claims

        if self._paper_claims is None:
            self._paper_claims = evaluate_claims(self.data, self.paper)
        paper, now = self._paper_claims, evaluate_claims(self.data, self.state.thresholds)
        flipped = (now["verdict"] != paper["verdict"]).to_numpy()
        lang = self.state.lang
        out = pd.DataFrame({
            "claim_id": now["claim_id"],
            "statement": now["statement"],
            reference.label("explorer.verdict_paper", lang): paper["verdict"],
            reference.label("explorer.verdict_now", lang): now["verdict"],
            "evidence": now["evidence"],
        })[flipped]
        return out.reset_index(drop=True)

    def flipped_claims(self) -> pd.DataFrame:
        """The paper's claims whose verdict differs from the verdict under its
        own thresholds (claims ledger, :func:`ecosystems.evaluate_claims`).

        Claims are checked on all the data, whatever the cluster selection.

        Returns
        -------
        pandas.DataFrame
            ``claim_id``, ``statement`` (the paper's words), the verdict under
            the paper's thresholds and under the current ones, and the
            ``evidence`` under the current ones; no rows when nothing flips.
        """
        return self._view("claims")

    def claims_styler(self, uuid: str = "explorer-claims"):
        """:meth:`flipped_claims` as a Styler (fixed uuid, no index)."""
        return self.flipped_claims().style.set_uuid(uuid).hide(axis="index")

    def _measure_words(self) -> dict:
        """Table 2 (type slug x category), category and type names in the
        current language (read once per language)."""
        from .support import CATEGORIES, category_names, support_measures

        words, lang = self._words(), self.state.lang
        if "measures" not in words:
            grid = support_measures(lang).pivot(index="type", columns="category", values="measure")
            words["measures"] = grid.reindex(index=self._slugs, columns=list(CATEGORIES))
            words["categories"] = category_names(lang)
            words["full_types"] = reference.type_names(lang, short=False)
        return words

    def _make_measures(self) -> tuple[pd.DataFrame, list[bool]]:
        rows, words = self._rows(), self._measure_words()
        now, paper = self._current()[rows, -1], self._paper_matrix[rows, -1]
        names = [words["clusters"][self.all_clusters[r]] for r in rows]
        present = [code for code in range(len(self._slugs)) if (now == code).any()]
        table = words["measures"].to_numpy()[present]
        out = pd.DataFrame({
            words["type"]: [words["full_types"][self._slugs[c]] for c in present],
            words["cluster"]: ["; ".join(n for n, t in zip(names, now, strict=True) if t == c)
                               for c in present],
        })
        for j, title in enumerate(words["categories"].values()):
            out[title] = table[:, j]
        out.columns.name = f"{words['year']} {self.years[-1]}"
        changed = [bool(((now == c) != (paper == c)).any()) for c in present]
        return out, changed

    def measures(self) -> pd.DataFrame:
        """Support measures (Table 2) for the types of the selected clusters.

        Only the latest year of the data is used: one row per type present
        among the selected clusters in that year (Table 1 order), with the
        clusters of that type and the type's legal, economic, organizational
        and cooperation measures, in the current language.
        """
        return self._view("measures")[0]

    def measures_styler(self, uuid: str = "explorer-measures"):
        """:meth:`measures` as a Styler; the clusters of a type are highlighted
        where they differ from that type's clusters under the paper's thresholds."""
        table, changed = self._view("measures")
        css = pd.DataFrame("", index=table.index, columns=table.columns)
        css.iloc[:, 1] = [HIGHLIGHT if c else "" for c in changed]
        return table.style.set_uuid(uuid).hide(axis="index").apply(lambda _: css, axis=None)

    # -- drawing -----------------------------------------------------------
    @property
    def figure(self):
        """The one matplotlib Figure of this explorer, redrawn in place."""
        self._view("figure")
        return self._figure

    def _make_figure(self):
        from matplotlib.figure import Figure

        from .plots import MANY_CLUSTERS, default_linthresh, phase_portrait, update_thresholds
        from .style import FULL_WIDTH, paper_style

        state = self.state
        layout_key = (state.clusters, state.scale, state.lang)
        # Only the cut points moved (the common case: a slider): move the lines,
        # regions and region names in place; trajectories and legends stay.
        if (self._figure is not None and layout_key == self._layout_key
                and update_thresholds(self._ax, state.thresholds)):
            return self._ax
        with paper_style():
            if self._figure is None:
                self._figure = Figure(figsize=(FULL_WIDTH, FIGURE_HEIGHT), dpi=SCREEN_DPI)
                self._ax = self._figure.add_subplot()
            # Lay out only when what sits around the Axes (legend, ticks, title)
            # may have changed size, then keep the positions. The title wraps to
            # the Axes width, so a new layout takes two passes.
            for _ in range(2 if layout_key != self._layout_key else 1):
                self._ax.clear()
                # The symlog's linear part stays that of the paper's cut points
                # so the axes hold still while a cut point moves.
                phase_portrait(self.data, thresholds=state.thresholds,
                               clusters=list(state.clusters), ax=self._ax, scale=state.scale,
                               lang=state.lang, linthresh=default_linthresh(self.paper),
                               legend="outside" if len(state.clusters) <= MANY_CLUSTERS else False)
                if layout_key != self._layout_key:
                    self._figure.set_layout_engine("constrained")
                    self._figure.draw_without_rendering()
                    self._figure.set_layout_engine("none")
            self._layout_key = layout_key
        return self._ax

    def figure_png(self, dpi: int = SCREEN_DPI) -> bytes:
        """The figure as PNG bytes (what the widget page shows; fast, light compression).

        At the screen resolution the figure is rendered in two layers: what
        does not depend on the cut points (trajectories, markers, axes, ticks,
        title, legends) is rendered once per layout and limits, on a
        transparent background, and composited over the regions, threshold
        lines and region names, which alone are rendered again on a slider
        move. Other resolutions render the whole figure.
        """
        from .style import paper_style

        if dpi == SCREEN_DPI:
            return self._layered_png()
        buf = io.BytesIO()
        with paper_style():  # ticks are made at draw time, from the rc settings then
            self.figure.savefig(buf, format="png", dpi=dpi, metadata={"Software": None},
                                pil_kwargs={"compress_level": 1})
        return buf.getvalue()


    def _render(self, visible) -> np.ndarray:
        """RGBA pixels of the figure with only the ``visible`` artists of the Axes drawn."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from .style import paper_style

        fig, ax = self._figure, self._ax
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        children = [a for a in ax.get_children() if a is not ax.patch]
        was = [a.get_visible() for a in children]
        try:
            for a in children:
                a.set_visible(a in visible and a.get_visible())
            with paper_style():  # ticks are made at draw time, from the rc settings then
                canvas.draw()
            return np.asarray(canvas.buffer_rgba()).copy()
        finally:
            for a, v in zip(children, was, strict=True):
                a.set_visible(v)

    def _layered_png(self) -> bytes:
        from PIL import Image

        from .plots import threshold_artists

        ax = self.figure.axes[0]  # brings the figure up to date
        moving = threshold_artists(ax)
        key = (self._layout_key, ax.get_xlim(), ax.get_ylim())
        if getattr(self, "_top_key", None) != key:
            fig = self._figure
            faces = fig.patch.get_facecolor(), ax.patch.get_facecolor()
            fig.patch.set_facecolor("none")
            ax.patch.set_facecolor("none")
            try:
                still = set(ax.get_children()) - set(moving)
                self._top = Image.fromarray(self._render(still), "RGBA")
            finally:
                fig.patch.set_facecolor(faces[0])
                ax.patch.set_facecolor(faces[1])
            self._top_key = key
        renderer = self._figure.canvas.get_renderer()
        glyphs = _GlyphReplay(renderer, getattr(self, "_glyphs", None))
        renderer.draw_text = glyphs.draw_text
        try:
            image = Image.fromarray(self._render(set(moving)), "RGBA")
        finally:
            del renderer.draw_text
        self._glyphs = glyphs
        image.alpha_composite(self._top)
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()


class _GlyphReplay:
    """Replays the glyph bitmaps of texts drawn at exactly the same place.

    Rasterizing a text (shaping, then one FreeType render per glyph) is most
    of the cost of the threshold-dependent layer, yet on a slider move most
    of its texts (the names of regions that did not change, the labels of the
    cut points that did not move) are drawn again with the same string, font,
    angle and pixel position. Agg blends each glyph's coverage bitmap with the
    text colour, so replaying the recorded bitmaps gives the same pixels.
    Only the texts drawn in the previous render are kept.
    """

    def __init__(self, renderer, previous=None):
        self.renderer = renderer
        self.frame = (renderer.width, renderer.height, renderer.dpi)
        self.old = previous.cache if previous is not None and previous.frame == self.frame else {}
        self.cache = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        renderer = self.renderer
        if ismath:
            return type(renderer).draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
        extra = (None, None) if mtext is None else (mtext.get_fontfeatures(),
                                                    mtext.get_language())
        font = (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
                prop.get_stretch(), prop.get_size_in_points(), prop.get_file(),
                prop.get_math_fontfamily())
        key = (s, font, float(x), float(y), float(angle),
               bool(gc.get_antialiased()), repr(extra))
        glyphs = self.old.get(key) or self.cache.get(key)
        if glyphs is None:
            target = renderer._renderer
            glyphs = []

            class _Recorder:
                def draw_text_image(self, image, x, y, angle, gc):
                    glyphs.append((np.array(image, copy=True), x, y, angle))
                    return target.draw_text_image(image, x, y, angle, gc)

                def __getattr__(self, name):
                    return getattr(target, name)

            renderer._renderer = _Recorder()
            try:
                type(renderer).draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
            finally:
                renderer._renderer = target
        else:
            for image, gx, gy, gangle in glyphs:
                renderer._renderer.draw_text_image(image, gx, gy, gangle, gc)
        self.cache[key] = glyphs
        return None


# -- widgets ---------------------------------------------------------------

def _slider_bounds(values, upper: float, step: float) -> float:
    top = max(float(pd.Series(values).max(skipna=True) or 0.0), 2 * upper)
    return math.ceil(top / step) * step


class ExplorerApp:
    """ipywidgets front end of an :class:`Explorer`.

    Two range sliders (innovation and productivity cut points), a cluster
    multi-select, scale and language toggles; the phase portrait (an image),
    the classification table and the counts per type. Moving a control calls
    :meth:`Explorer.update` and refreshes only the views that changed.

    Parameters
    ----------
    explorer : Explorer, optional
        A Table 3 explorer at the paper's thresholds by default.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        ``innovation``, ``productivity``, ``clusters``, ``scale``, ``lang``.
    views : dict of str to ipywidgets.Widget
        ``figure`` (Image), ``classification`` and ``counts`` (HTML),
        ``status`` (HTML: the last error, if any).
    widget : ipywidgets.VBox
        The whole page; displaying the app displays it.
    """

    STEPS = {"innovation": 0.01, "productivity": 0.1}

    def __init__(self, explorer: Explorer | None = None):
        import ipywidgets as w

        self.explorer = explorer or Explorer()
        ex, state = self.explorer, self.explorer.state
        self.controls = {}
        for axis, step in self.STEPS.items():
            lower, upper = getattr(state.thresholds, axis)
            top = _slider_bounds(ex.data[INDICATORS[axis]], getattr(ex.paper, axis)[1], step)
            self.controls[axis] = w.FloatRangeSlider(
                value=(lower, upper), min=0.0, max=top, step=step,
                readout_format=".2f" if step < 0.1 else ".1f", continuous_update=False,
                layout=w.Layout(width="95%"), style={"description_width": "12em"})
        self.controls["clusters"] = w.SelectMultiple(
            options=[(n, c) for c, n in cluster_labels(ex.all_clusters, state.lang).items()],
            value=state.clusters, rows=min(10, len(ex.all_clusters)),
            layout=w.Layout(width="95%"))
        self.controls["scale"] = w.ToggleButtons(options=list(SCALES), value=state.scale)
        self.controls["lang"] = w.ToggleButtons(options=list(reference.LANGS), value=state.lang)
        makers = {
            "figure": lambda: w.Image(format="png", layout=w.Layout(max_width="100%")),
            "classification": w.HTML, "counts": w.HTML, "claims": w.HTML, "measures": w.HTML,
        }
        self.views = {v: makers[v]() for v in ex.views}
        self.views["status"] = w.HTML()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._label_controls()
        self._refresh(ex.views)
        settings = w.VBox([self.controls["innovation"], self.controls["productivity"],
                           w.HBox([self.controls["scale"], self.controls["lang"]]),
                           self.views["status"]], layout=w.Layout(width="60%"))
        self.widget = w.VBox([
            w.HBox([settings, w.VBox([self.controls["clusters"]], layout=w.Layout(width="40%"))]),
            *(self.views[v] for v in ex.views),
        ])

    def _label_controls(self) -> None:
        lang = self._labelled = self.explorer.state.lang
        for axis in self.STEPS:
            self.controls[axis].description = reference.label(f"axis.{axis}", lang)
        self.controls["clusters"].description = reference.label("word.cluster", lang)
        self._name_clusters()

    def _thresholds_from_controls(self) -> Thresholds:
        return Thresholds(**{axis: tuple(round(v, 6) for v in self.controls[axis].value)
                             for axis in self.STEPS})

    def _on_change(self, _change=None) -> None:
        """Apply every control; a control with an invalid value (equal cut
        points, no cluster selected) keeps its last valid effect and is named
        in the status line."""
        problems, parts = [], {
            "thresholds": self._thresholds_from_controls,
            "clusters": lambda: self.controls["clusters"].value,
            "scale": lambda: self.controls["scale"].value,
            "lang": lambda: self.controls["lang"].value,
        }
        changed: set[str] = set()
        for name, read in parts.items():
            try:
                changed.update(self.explorer.update(**{name: read()}))
            except ValueError as exc:
                problems.append(escape(str(exc)))
        self.views["status"].value = "".join(
            f"<div style='color:#B03A2E'>{p}</div>" for p in problems)
        if self.explorer.state.lang != self._labelled:
            self._label_controls()
        self._refresh(changed)

    def _name_clusters(self) -> None:
        """Cluster list options in the current language, the selection kept
        (without calling back: the selection itself did not change)."""
        ex, control = self.explorer, self.controls["clusters"]
        options = [(n, c) for c, n in cluster_labels(ex.all_clusters, ex.state.lang).items()]
        if list(control.options) == options:
            return
        value = control.value
        control.unobserve(self._on_change, names="value")
        try:
            control.options = options
            control.value = value
        finally:
            control.observe(self._on_change, names="value")

    def _refresh(self, changed) -> None:
        ex, lang = self.explorer, self.explorer.state.lang
        changed = [v for v in changed if v in self.views]
        if "figure" in changed:
            self.views["figure"].value = ex.figure_png()
        for view in ("classification", "counts", "claims", "measures"):
            if view not in changed:
                continue
            body = getattr(ex, f"{view}_styler")().to_html()
            if view == "claims" and ex.flipped_claims().empty:
                body = f"<p>{escape(reference.label('explorer.no_claims', lang))}</p>"
            heading = escape(reference.label(f"explorer.{view}", lang))
            self.views[view].value = f"<h4>{heading}</h4>{body}"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        # The widget's own text is a truncated repr; say instead what this is.
        bundle["text/plain"] = ("ExplorerApp: the interactive threshold explorer (needs a running "
                                "kernel: JupyterLab or `make explore`)")
        return bundle


# -- serving ---------------------------------------------------------------
SNAPSHOT_TAG = "static-snapshot"  # notebook 07 cells that only show a static snapshot
DEFAULT_PORT = 8866


def voila_command(port: int = DEFAULT_PORT, ip: str = "127.0.0.1") -> list[str]:
    """The command that serves the explorer notebook as a standalone Voila page.

    Voila (from this environment) runs notebook 07 with its ``ecosystems``
    kernel, hides the code and leaves out the cells tagged
    :data:`SNAPSHOT_TAG` (the static snapshot for readers without a kernel).
    The page is at ``http://<ip>:<port>/``.
    """
    voila = os.path.join(os.path.dirname(sys.executable), "voila")
    return [voila, str(paths.EXPLORER_NOTEBOOK), f"--port={port}", f"--Voila.ip={ip}",
            "--no-browser", f"--TagRemovePreprocessor.remove_cell_tags={SNAPSHOT_TAG}"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="make explore",
                                     description="Serve the threshold explorer with Voila.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (loopback)")
    args = parser.parse_args(argv)
    command = voila_command(args.port, args.ip)
    print(f"threshold explorer: http://{args.ip}:{args.port}/ (Ctrl-C stops the server)",
          flush=True)
    os.execv(command[0], command)
