"""The explorer as a page: ipywidgets controls around an :class:`~.views.Explorer`, served by Voila.

:class:`ExplorerApp` is the widget page (JupyterLab, notebook 07, or
``make explore``); :func:`voila_command` is the command that serves notebook 07 with
Voila on 127.0.0.1 as a standalone page (``make explore``,
``python -m ecosystems explore``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from html import escape

from .. import config
from ..draw.intensity import strip_legend
from ..draw.scales import SCALES
from ..io import reference
from ..io.loaders import INDICATORS
from .controls import ERROR_STYLE, CutControl, slider_top
from .labels import cluster_labels
from .render import CSS_SIZE
from .views import Explorer

# Compact text and tables, tab titles as wide as their words (ipywidgets gives
# wrapped HTML text a line height of one control and tab titles a fixed width).
PAGE_STYLE = """<style>
.eco-explorer .widget-html-content { line-height: 1.35; }
.eco-explorer .eco-tabs { --jp-widgets-horizontal-tab-width: auto; }
.eco-explorer .eco-tabs .lm-TabBar-content { flex-wrap: wrap; }
.eco-explorer table td, .eco-explorer table th { padding: 1px 8px; line-height: 1.25; }
</style>"""


class ExplorerApp:
    """ipywidgets front end of an :class:`Explorer`: one screen of controls and results.

    The top row holds the title and the scale and language toggles, the help
    line the OECD toggle (the R&D-intensity groups drawn on the portrait or
    not); below, on
    the left, one :class:`~ecosystems.explorer.controls.CutControl` per axis
    (a range slider and a typed box per cut point; out-of-range input is named
    next to the boxes) and the cluster list; on the right the phase portrait
    (720 x 500 CSS pixels, rendered at twice as many device pixels); under
    them the tables in tabs whose titles count what differs from the paper.
    At 1280 x 1000 pixels everything fits one screen. Moving a control calls
    :meth:`Explorer.update` and refreshes only the views that changed. Every
    word on the page follows the language toggle, except the paper's
    statements and the ledger's evidence (English, and said to be).

    Parameters
    ----------
    explorer : Explorer, optional
        A Table 3 explorer at the paper's thresholds by default.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        ``innovation`` and ``productivity`` (the range sliders),
        ``clusters``, ``scale``, ``lang``, ``intensity_bands`` (a ToggleButton).
    cut_controls : dict of str to CutControl
        Per axis: the slider, the typed boxes and the message next to them.
    views : dict of str to ipywidgets.Widget
        ``figure`` (Image), ``classification``, ``counts``, ``claims``,
        ``measures`` (HTML, those the explorer keeps) and ``status`` (HTML:
        a problem with the cluster selection, if any).
    widget : ipywidgets.VBox
        The whole page; displaying the app displays it.
    """

    STEPS = {"innovation": 0.01, "productivity": 0.1}
    TABLES = ("classification", "counts", "claims", "measures")

    def __init__(self, explorer: Explorer | None = None):
        import ipywidgets as w

        self.explorer = explorer or Explorer()
        ex, state = self.explorer, self.explorer.state
        self.cut_controls = {}
        for axis, step in self.STEPS.items():
            values = ex.data[INDICATORS[axis]]
            start = getattr(state.thresholds, axis)
            top = slider_top(values, getattr(ex.paper, axis)[1], start[1], step)
            self.cut_controls[axis] = CutControl(
                axis, start, top, step, float(values.max(skipna=True)), self._on_cuts, state.lang)
        self.controls = {axis: c.slider for axis, c in self.cut_controls.items()}
        self.controls["clusters"] = w.SelectMultiple(
            options=self._cluster_options(), value=state.clusters,
            rows=min(9, len(ex.all_clusters)), layout=w.Layout(width="100%"))
        self.controls["scale"] = w.ToggleButtons(
            options=self._scale_options(), value=state.scale, style={"button_width": "auto"})
        self.controls["lang"] = w.ToggleButtons(
            options=[("English", "en"), ("Русский", "ru")], value=state.lang,
            style={"button_width": "auto"})
        self.controls["intensity_bands"] = w.ToggleButton(
            value=state.intensity_bands, icon="", layout=w.Layout(width="auto"))
        for name in ("clusters", "scale", "lang", "intensity_bands"):
            self.controls[name].observe(self._on_control, names="value")
        self.views = {"figure": w.Image(format="jpeg", layout=w.Layout(
            width=f"{CSS_SIZE[0]}px", max_width="100%", height="auto"))} \
            if "figure" in ex.views else {}
        self.views.update({v: w.HTML() for v in self.TABLES if v in ex.views})
        self.views["status"] = w.HTML()
        self._text = {k: w.HTML() for k in ("title", "help", "clusters", "scale", "lang")}
        tables = [v for v in self.TABLES if v in ex.views]
        self.tabs = w.Tab(children=[w.Box([self.views[v]], layout=w.Layout(
            max_height="330px", overflow="auto")) for v in tables])
        self._tabbed = tables
        self._label_page()
        self._refresh(ex.views)
        text = self._text
        centred = w.Layout(align_items="center")
        header = w.HBox([text["title"], w.HBox([text["scale"], self.controls["scale"]],
                                               layout=centred),
                         w.HBox([text["lang"], self.controls["lang"]], layout=centred)],
                        layout=w.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between"))
        left = w.VBox([self.cut_controls["innovation"].widget,
                       self.cut_controls["productivity"].widget,
                       text["clusters"], self.controls["clusters"], self.views["status"]],
                      layout=w.Layout(width="420px", max_width="100%", margin="0 16px 0 0"))
        middle = [left] + ([self.views["figure"]] if "figure" in self.views else [])
        self.tabs.add_class("eco-tabs")
        # the OECD toggle sits at the end of the help line (the header is full in Russian)
        help_row = w.HBox([text["help"], self.controls["intensity_bands"]],
                          layout=w.Layout(flex_flow="row wrap", align_items="center",
                                          justify_content="space-between"))
        self.widget = w.VBox([w.HTML(PAGE_STYLE), header, help_row,
                              w.HBox(middle, layout=w.Layout(flex_flow="row wrap",
                                                             align_items="flex-start")),
                              *([self.tabs] if tables else [])])
        self.widget.add_class("eco-explorer")

    # -- words ---------------------------------------------------------------
    def _cluster_options(self):
        ex = self.explorer
        return [(n, c) for c, n in cluster_labels(ex.all_clusters, ex.state.lang).items()]

    def _scale_options(self):
        lang = self.explorer.state.lang
        return [(reference.label(f"explorer.scale_{s}", lang), s) for s in SCALES]

    def _label_page(self) -> None:
        """Every word on the page in the current language."""
        lang = self._labelled = self.explorer.state.lang
        for name, key in (("title", "explorer.title"), ("help", "explorer.help"),
                          ("clusters", "explorer.clusters"), ("scale", "explorer.scale"),
                          ("lang", "explorer.lang")):
            words = escape(reference.label(key, lang))
            self._text[name].value = (f"<h3 style='margin:4px 0'>{words}</h3>" if name == "title"
                                      else f"<span style='margin-right:6px'>{words}</span>")
        for control in self.cut_controls.values():
            control.relabel(lang)
        self._set_options("clusters", self._cluster_options())
        self._set_options("scale", self._scale_options())
        bands = self.controls["intensity_bands"]
        bands.description = reference.label("explorer.intensity_bands", lang)
        bands.tooltip = strip_legend(lang)
        if self.views["status"].value:
            self._say_status()

    def _set_options(self, name: str, options) -> None:
        """New option labels for a control, its value kept (without calling back)."""
        control = self.controls[name]
        if list(control.options) == options:
            return
        value = control.value
        control.unobserve(self._on_control, names="value")
        try:
            control.options = options
            control.value = value
        finally:
            control.observe(self._on_control, names="value")

    def _say_status(self) -> None:
        words = escape(reference.label("explorer.no_cluster", self.explorer.state.lang))
        self.views["status"].value = f"<div style='{ERROR_STYLE}'>{words}</div>"

    # -- what the student does -----------------------------------------------
    def _on_cuts(self, axis: str, cuts) -> bool:
        """Apply new cuts of one axis (a :class:`CutControl` checked them)."""
        current = self.explorer.state.thresholds
        try:
            thresholds = replace(current, **{axis: tuple(cuts)})
            changed = self.explorer.update(thresholds=thresholds)
        except ValueError:
            return False  # CutControl shows the cuts in force again
        self._refresh(changed)
        return True

    def _on_control(self, change) -> None:
        """The cluster list, the scale, the language or the OECD toggle changed."""
        control = change["owner"]
        name = next(k for k, c in self.controls.items() if c is control)
        if name == "clusters" and not change["new"]:
            self._say_status()
            self._set_options("clusters", self._cluster_options())
            control.unobserve(self._on_control, names="value")
            try:
                control.value = self.explorer.state.clusters  # the control matches the views
            finally:
                control.observe(self._on_control, names="value")
            return
        if name == "clusters":
            self.views["status"].value = ""
        changed = self.explorer.update(**{name: change["new"]})
        if self.explorer.state.lang != self._labelled:
            self._label_page()
        self._refresh(changed)

    # -- what the page shows -------------------------------------------------
    def _refresh(self, changed) -> None:
        ex, lang = self.explorer, self.explorer.state.lang
        changed = [v for v in changed if v in self.views]
        if "figure" in changed:
            self.views["figure"].value = ex.figure_jpeg()
        for view in self.TABLES:
            if view not in changed:
                continue
            body = getattr(ex, f"{view}_styler")().to_html()
            if view == "claims" and ex.flipped_claims().empty:
                body = f"<p>{escape(reference.label('explorer.no_claims', lang))}</p>"
            heading = escape(reference.label(f"explorer.{view}", lang))
            self.views[view].value = f"<p style='margin:2px 0'><b>{heading}</b></p>{body}"
        self._title_tabs()

    def _title_tabs(self) -> None:
        """Tab titles in the current language, counting what differs from the paper."""
        ex, lang = self.explorer, self.explorer.state.lang
        counts = {
            "classification": lambda: int(ex.differs().to_numpy().sum()),
            "counts": lambda: int((ex.counts()["now"].to_numpy()
                                   != ex.counts()["paper"].to_numpy()).sum()),
            "claims": lambda: len(ex.flipped_claims()),
            "measures": lambda: None,
        }
        titles = []
        for view in self._tabbed:
            n = counts[view]()
            titles.append(reference.label(f"explorer.tab_{view}", lang).format(n=n))
        if tuple(self.tabs.titles) != tuple(titles):
            self.tabs.titles = titles

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        # The widget's own text is a truncated repr; say instead what this is.
        bundle["text/plain"] = ("ExplorerApp: the interactive threshold explorer (needs a running "
                                "kernel: JupyterLab or `make explore`)")
        return bundle


# -- serving ---------------------------------------------------------------
SNAPSHOT_TAG = "static-snapshot"  # notebook 07 cells that only show a static snapshot
NOTEBOOK_TAG = "notebook-only"  # notebook 07 cells for notebook readers (English text, prints)
REMOVED_TAGS = (SNAPSHOT_TAG, NOTEBOOK_TAG)  # cells the Voila page leaves out
DEFAULT_PORT = 8866
TEMPLATE = "ecosystems"  # share/voila/templates/ecosystems: Voila's lab template, offline
TEMPLATES = os.path.join(os.path.dirname(__file__), "share")  # a Jupyter data directory
CULL_IDLE_S = 300  # a kernel no page is connected to is shut down after this long idle
CULL_INTERVAL_S = 60  # how often the server looks for such kernels
KERNEL_MANAGER = "ecosystems.explorer.kernels.PageKernelManager"  # culls closed pages' kernels


def voila_command(port: int = DEFAULT_PORT, ip: str = "127.0.0.1",
                  cull_idle: int = CULL_IDLE_S, cull_interval: int = CULL_INTERVAL_S) -> list[str]:
    """The command that serves the explorer notebook as a standalone Voila page.

    Voila (from this environment) runs notebook 07 with its ``ecosystems``
    kernel, hides the code and leaves out the cells tagged
    :data:`SNAPSHOT_TAG` (the static snapshot for readers without a kernel)
    and :data:`NOTEBOOK_TAG` (the notebook's own English text). The page is
    at ``http://<ip>:<port>/``. Run it with the environment of
    :func:`voila_env`, which makes the page's template (:data:`TEMPLATE`,
    requesting nothing from the network) known to Voila.

    Each page opened starts a kernel. Kernels no page is connected to any
    more (the tab was closed) are shut down once idle for ``cull_idle``
    seconds, checked every ``cull_interval`` seconds (jupyter_server's
    ``MappingKernelManager.cull_*`` settings; connected kernels are never
    culled). ``cull_idle=0`` keeps every kernel until the server stops. The server's
    kernel manager is :class:`~ecosystems.explorer.kernels.PageKernelManager`: the kernel of a
    page still loading (no connection yet) is left alone however busy the machine is.
    """
    voila = os.path.join(os.path.dirname(sys.executable), "voila")
    return [voila, str(config.EXPLORER_NOTEBOOK), f"--port={port}", f"--Voila.ip={ip}",
            "--no-browser", f"--template={TEMPLATE}",
            *(f"--TagRemovePreprocessor.remove_cell_tags={tag}" for tag in REMOVED_TAGS),
            f"--MappingKernelManager.cull_idle_timeout={int(cull_idle)}",
            f"--MappingKernelManager.cull_interval={int(cull_interval)}",
            "--MappingKernelManager.cull_connected=False",
            f"--VoilaConfiguration.multi_kernel_manager_class={KERNEL_MANAGER}"]


def voila_env(environ=None) -> dict[str, str]:
    """``environ`` (the process's by default) with :data:`TEMPLATES` first on ``JUPYTER_PATH``,
    where Voila looks for templates."""
    env = dict(os.environ if environ is None else environ)
    rest = env.get("JUPYTER_PATH")
    env["JUPYTER_PATH"] = TEMPLATES + (os.pathsep + rest if rest else "")
    return env
