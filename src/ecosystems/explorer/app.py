"""The explorer as a page: ipywidgets controls around an :class:`~.state.Explorer`, served by Voila.

:class:`ExplorerApp` is the widget page (JupyterLab, notebook 07, or
``make explore``); :func:`voila_command` is the command that serves notebook 07 with
Voila on 127.0.0.1 as a standalone page (``make explore``,
``python -m ecosystems explore``).
"""

from __future__ import annotations

import math
import os
import sys
from html import escape

import pandas as pd

from .. import config
from ..draw.scales import SCALES
from ..io import reference
from ..io.loaders import INDICATORS
from ..typology.thresholds import Thresholds
from .state import Explorer, cluster_labels


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
    return [voila, str(config.EXPLORER_NOTEBOOK), f"--port={port}", f"--Voila.ip={ip}",
            "--no-browser", f"--TagRemovePreprocessor.remove_cell_tags={SNAPSHOT_TAG}"]
