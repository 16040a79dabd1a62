"""The threshold explorer's views: what students see change when they move a cut.

:class:`Explorer` is the plain logic behind the widgets: from a state
(thresholds, selected clusters, axis scale, language, the OECD layer) to the
tables and the phase portrait, recomputing only the views whose inputs changed. Tables are
NumPy indexing into a clusters x years matrix of type codes
(:func:`ecosystems.typology.rule.type_codes`); the portrait is drawn by
:class:`~ecosystems.explorer.render.PortraitView` (matplotlib is imported only
when a figure is asked for), the tables styled by
:mod:`ecosystems.explorer.styling`, and :class:`~ecosystems.explorer.app.ExplorerApp`
wraps it all in ipywidgets for JupyterLab and Voila.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..draw.scales import SCALES
from ..errors import require_columns
from ..io import reference
from ..io.loaders import INDICATORS, load_indicators
from ..typology.rule import classify, type_codes
from ..typology.thresholds import Thresholds
from . import styling
from .labels import cluster_labels, verdict_word
from .state import DEPENDS, VIEWS, ExplorerState


def _same(old, new) -> bool:
    if isinstance(old, tuple):
        return all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, pd.DataFrame):
        return old.equals(new) and list(old.columns) == list(new.columns)
    return old == new


class Explorer:
    """Thresholds (and selection, scale, language, OECD layer) to figure and tables.

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
    intensity_bands : bool
        Start with the OECD R&D-intensity groups drawn on the portrait.
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
    >>> ex.update(intensity_bands=True)  # the figure only: no table depends on it
    ()
    """

    def __init__(self, data: pd.DataFrame | None = None, *, thresholds=None, clusters=None,
                 scale: str = "symlog", lang: str = "en", intensity_bands: bool = False,
                 views=VIEWS):
        unknown = [v for v in views if v not in VIEWS]
        if unknown:
            raise ValueError(f"unknown view(s) {unknown}; expected some of {VIEWS}")
        self.views = tuple(v for v in VIEWS if v in views)
        self.data = load_indicators() if data is None else data
        require_columns(self.data, ("cluster", "year", *INDICATORS.values()), "Explorer")
        self.all_clusters = tuple(pd.unique(self.data["cluster"]))
        self.years = tuple(int(y) for y in sorted(pd.unique(self.data["year"])))
        # Positions of each cluster-year in a clusters x years matrix: the
        # tables are then numpy indexing, fast enough to follow a slider.
        self._clusters = pd.Index(self.all_clusters)  # also for each view's selected rows
        self._row = self._clusters.get_indexer(self.data["cluster"])
        self._col = pd.Index(self.years).get_indexer(self.data["year"])
        self._values = {axis: self.data[col].to_numpy(dtype=float)
                        for axis, col in INDICATORS.items()}
        self._slugs = reference.type_slugs()
        self.paper = Thresholds()
        self._paper_matrix = self._matrix(self.paper)
        self._portrait = None
        self._results: dict[str, object] = {}
        self._keys: dict[str, tuple] = {}
        self._matrix_for: Thresholds | None = None
        self._current_matrix: np.ndarray | None = None
        self._text: dict[str, dict] = {}
        self._paper_claims: pd.DataFrame | None = None
        self.state = self._checked(ExplorerState(
            Thresholds.from_any(thresholds),
            self.all_clusters if clusters is None else tuple(clusters),
            scale, lang, intensity_bands,
        ))
        for view in self.views:
            self._compute(view)

    # -- state -------------------------------------------------------------
    def _checked(self, state: ExplorerState) -> ExplorerState:
        if state.scale not in SCALES:
            raise ValueError(f"scale must be one of {SCALES}, got {state.scale!r}")
        if state.lang not in reference.LANGS:
            raise ValueError(f"lang must be one of {reference.LANGS}, got {state.lang!r}")
        if not isinstance(state.intensity_bands, bool | np.bool_):
            raise ValueError(f"intensity_bands must be True or False, got "
                             f"{state.intensity_bands!r}")
        unknown = [c for c in state.clusters if c not in self.all_clusters]
        if unknown:
            raise ValueError(
                f"unknown cluster(s) {unknown}; the data has {list(self.all_clusters)}")
        if not state.clusters:
            raise ValueError("select at least one cluster")
        chosen = set(state.clusters)
        ordered = tuple(c for c in self.all_clusters if c in chosen)
        return replace(state, clusters=ordered, intensity_bands=bool(state.intensity_bands))

    def update(self, *, thresholds=None, clusters=None, scale=None, lang=None,
               intensity_bands=None) -> tuple[str, ...]:
        """Change the state and recompute the views that depend on what changed.

        Parameters
        ----------
        thresholds : Thresholds or mapping, optional
        clusters : sequence of str, optional
        scale : {"symlog", "linear"}, optional
        lang : {"en", "ru"}, optional
        intensity_bands : bool, optional
            Show or hide the OECD R&D-intensity groups on the portrait.
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
            unknown scale or language, a non-boolean ``intensity_bands``; the
            state is then left unchanged.
        """
        new = self._checked(ExplorerState(
            self.state.thresholds if thresholds is None else Thresholds.from_any(thresholds),
            self.state.clusters if clusters is None else tuple(clusters),
            self.state.scale if scale is None else scale,
            self.state.lang if lang is None else lang,
            self.state.intensity_bands if intensity_bands is None else intensity_bands,
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
        codes = type_codes(self._values["innovation"], self._values["productivity"], thresholds)
        matrix = np.full((len(self.all_clusters), len(self.years)), -2, dtype=np.int8)
        matrix[self._row, self._col] = codes
        return matrix

    def _current(self) -> np.ndarray:
        if self._matrix_for != self.state.thresholds:
            self._current_matrix = self._matrix(self.state.thresholds)
            self._matrix_for = self.state.thresholds
        return self._current_matrix

    def _rows(self) -> np.ndarray:
        return self._clusters.get_indexer(self.state.clusters)

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

        At most :data:`~ecosystems.explorer.styling.MAX_ROWS` clusters, those
        with a differing cell first (the caption says how many of how many).

        The uuid is fixed so that the HTML is the same on every run.
        """
        shown, differs = self._view("classification")
        return styling.highlighted(shown, differs.to_numpy(), uuid, max_rows=styling.MAX_ROWS)

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
        missing = reference.label("explorer.missing", self.state.lang)
        index = list(words["types"][2:]) + ([missing] if has_missing else [])
        order = list(range(1, n + 1)) + ([0] if has_missing else [])
        columns = pd.MultiIndex.from_product([["now", "paper"], list(self.years)],
                                             names=["", words["year"]])
        out = pd.DataFrame(np.hstack([now[order], paper[order]]), index=index, columns=columns)
        out.index.name = words["type"]
        return out

    def counts(self) -> pd.DataFrame:
        """Number of selected clusters of each type in each year.

        Returns
        -------
        pandas.DataFrame
            Rows: the nine types (Table 1 order, names in the current
            language), then "missing indicator" (``explorer.missing``, in the
            current language) if some cluster-year has a missing indicator.
            Columns: a two-level index, ``now`` (current thresholds) or
            ``paper`` (the paper's), then year.
        """
        return self._view("counts")

    def counts_styler(self, uuid: str = "explorer-counts"):
        """:meth:`counts` (current thresholds) as a Styler; counts that differ
        from the paper's are highlighted and shown with the paper's in brackets."""
        return styling.counts_styler(self.counts(), uuid)

    def _make_claims(self) -> pd.DataFrame:
        from ..analysis.claims.ledger import evaluate_claims

        if self._paper_claims is None:
            self._paper_claims = evaluate_claims(self.data, self.paper)
        paper, now = self._paper_claims, evaluate_claims(self.data, self.state.thresholds)
        flipped = (now["verdict"] != paper["verdict"]).to_numpy()
        lang = self.state.lang
        out = pd.DataFrame({
            reference.label("explorer.claim_id", lang): now["claim_id"],
            reference.label("explorer.statement", lang): now["statement"],
            reference.label("explorer.verdict_paper", lang): paper["verdict"].map(
                lambda v: verdict_word(v, lang)),
            reference.label("explorer.verdict_now", lang): now["verdict"].map(
                lambda v: verdict_word(v, lang)),
            reference.label("explorer.evidence", lang): now["evidence"],
        })[flipped]
        return out.reset_index(drop=True)

    def flipped_claims(self) -> pd.DataFrame:
        """The paper's claims whose verdict differs from the verdict under its
        own thresholds (claims ledger, :func:`ecosystems.evaluate_claims`).

        Claims are checked on all the data, whatever the cluster selection.

        Returns
        -------
        pandas.DataFrame
            The claim's id, its statement (the paper's words, quoted in
            English), the verdict under the paper's thresholds and under the
            current ones (words in the current language, :func:`verdict_word`)
            and the evidence under the current ones (the ledger's, in
            English); headers in the current language (``data/labels.csv``,
            keys ``explorer.*``); no rows when nothing flips.
        """
        return self._view("claims")

    def claims_styler(self, uuid: str = "explorer-claims"):
        """:meth:`flipped_claims` as a Styler (fixed uuid, no index)."""
        return styling.plain_styler(self.flipped_claims(), uuid)

    def _measure_words(self) -> dict:
        """Table 2 (type slug x category), category and type names in the
        current language (read once per language)."""
        from ..analysis.support import category_names, measure_grid

        words, lang = self._words(), self.state.lang
        if "measures" not in words:
            words["measures"] = measure_grid(lang).reindex(index=self._slugs)
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
        return styling.measures_styler(table, changed, uuid)

    # -- drawing -----------------------------------------------------------
    @property
    def portrait(self):
        """The :class:`~ecosystems.explorer.render.PortraitView` of this explorer."""
        self._view("figure")
        return self._portrait

    @property
    def figure(self):
        """The one matplotlib Figure of this explorer, redrawn in place."""
        return self.portrait.figure

    def figure_png(self, dpi: int | None = None) -> bytes:
        """The figure as PNG bytes (see :meth:`PortraitView.png
        <ecosystems.explorer.render.PortraitView.png>`)."""
        return self.portrait.png(dpi)

    def figure_jpeg(self) -> bytes:
        """The page image as JPEG bytes (see :meth:`PortraitView.jpeg
        <ecosystems.explorer.render.PortraitView.jpeg>`): what the widget page shows."""
        return self.portrait.jpeg()

    def _make_figure(self):
        from .render import PortraitView

        if self._portrait is None:
            self._portrait = PortraitView(self.data, self.paper)
        return self._portrait.show(self.state)
