"""Phase portraits: cluster trajectories over the 3x3 grid of ecosystem types (Fig. 1).

Value added per employee (productivity) runs along x, R&D expenditure per
employee (innovativeness) along y. The nine regions of Table 1 are shaded and
named, the four cut points drawn and labelled with their values, and each
cluster's years are joined by arrows, one marker shape per year.

:class:`PhasePortrait` draws one into an Axes and keeps its artists, so that
:meth:`PhasePortrait.update_thresholds` can move the cut points in place (the
threshold explorer does that on every slider move); :func:`phase_portrait`
draws one and returns the Axes. Both only add artists to the Axes they are
given (apart from the figure they create when given none). The artists are
made in :mod:`ecosystems.draw.artists`, axes and scales in
:mod:`ecosystems.draw.scales`, names fitted into regions by
:mod:`ecosystems.draw.text`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import require_columns
from ..io.reference import LANGS, cluster_names, label
from ..typology.thresholds import Thresholds
from . import text as fit
from .artists import (
    cut_label,
    cut_labels_width_pt,
    draw_density,
    draw_regions,
    draw_thresholds,
    draw_trajectory,
    draw_year_markers,
    label_regions,
    region_edges,
    year_markers,
)
from .intensity import STRIP_ALPHA, STRIP_COLOUR, IntensityBands, strip_legend
from .scales import (
    X_COLUMN,
    Y_COLUMN,
    check_scale,
    default_linthresh,
    plot_limits,
    scale_note,
    set_scales,
)
from .style import (
    DYSFUNCTION_HATCH,
    FULL_WIDTH,
    PALETTE,
    cluster_palette,
    outlined,
    paper_style,
    settle,
)

# More clusters than this: a density layer of every cluster-year, this many highlighted
# (too many colours to tell apart otherwise).
MANY_CLUSTERS = 12
# Cluster names wider than this (inches at 6.5 pt) are written on two lines in the legend.
LEGEND_WIDTH_IN = 1.5


def prepare(data, clusters, thresholds):
    """``(chosen clusters, palette, their rows sorted by cluster and year, Thresholds)``.

    Raises ``KeyError`` naming a missing column or a cluster not in the data.
    """
    require_columns(data, ("cluster", "year", X_COLUMN, Y_COLUMN), "phase portrait")
    every = list(pd.unique(data["cluster"]))
    if clusters is None:
        chosen = every
    else:
        chosen = [clusters] if isinstance(clusters, str) else list(clusters)
        unknown = [c for c in chosen if c not in every]
        if unknown:
            raise KeyError(f"cluster(s) {unknown} not in the data; the data have {every}")
    palette = cluster_palette(every)  # colours from all clusters: a subset keeps its colours
    sub = data[data["cluster"].isin(chosen)].sort_values(["cluster", "year"], kind="stable")
    return chosen, palette, sub, Thresholds.from_any(thresholds)


def years_span(sub) -> tuple[int, int]:
    """First and last year of ``sub``."""
    return int(sub["year"].min()), int(sub["year"].max())


# --------------------------------------------------------------------------- the figure

class PhasePortrait:
    """Every cluster's trajectory over the nine ecosystem-type regions (the paper's Fig. 1).

    Drawing happens when the object is made; it keeps the artists that depend
    on the cut points so that :meth:`update_thresholds` can move them.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy indicators: ``cluster, year, rd_per_employee,
        value_added_per_employee`` (e.g. :func:`ecosystems.load_indicators`).
    thresholds : Thresholds or mapping, optional
        Cut points; the paper's by default.
    clusters : sequence of str, optional
        Clusters to draw (names as in ``data``), all by default. Colours stay
        those of the full palette whatever the subset.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; only artists (and the Axes' scales, limits, ticks,
        title, legend) are added to it, nothing is drawn. Otherwise a new
        full-width figure, laid out once and then fixed (so that saving it
        twice gives the same bytes).
    scale : {"symlog", "linear"}
        ``symlog``: linear within ``[0, linthresh]``, logarithmic above, so
        exact zeros, the many small values and the cut points are all legible.
    lang : {"en", "ru"}
        Language of every label (type names, axes, clusters, title, numbers).
    linthresh : (float, float), optional
        Linear part of the symlog x and y axes;
        :func:`~ecosystems.draw.scales.default_linthresh`.
    limits : ((x0, x1), (y0, y1)), optional
        Axis limits; :func:`~ecosystems.draw.scales.plot_limits` by default.
        Pass fixed limits to keep a view steady while thresholds change.
    legend : {"outside", "inside"} or False
        Cluster and year legends right of the Axes, inside it, or none.
    region_labels : bool
        Write the type name in each region (placed in the corner of the
        region that the trajectories cross least).
    mark_dysfunctions : bool
        Hatch the two regions of the paper's "development dysfunctions".
    title : bool or str
        ``True``: the collection's title and the scale note; a string: that
        title plus the scale note; ``False``: none.
    intensity_bands : bool
        Draw the international yardstick: R&D per employee over value added
        per employee is R&D intensity, and the groups of the OECD taxonomy of
        industries by R&D intensity (Galindo-Rueda and Verger, 2016) are
        rays through the origin (curves on symlog axes). The intervals
        between the groups' member industries are shaded and each group is
        named (:class:`~ecosystems.draw.intensity.IntensityBands`; limits
        and source in ``data/rd_intensity_industries.csv``).

    highlight : sequence of str, optional
        With more than :data:`MANY_CLUSTERS` clusters: those drawn in full
        over the density layer (one colour each, up to nine); by default the
        nine that :func:`ecosystems.highlight_clusters` ranks first (most changes of
        type, then the largest move).

    Attributes
    ----------
    ax : matplotlib.axes.Axes
        Each trajectory is a ``Line2D`` with gid ``trajectory:<cluster>``.
        With more than :data:`MANY_CLUSTERS` clusters every cluster-year is
        one cell count of a grey density layer (gid ``density``, cells equal
        on the screen) and only the highlighted clusters are drawn as
        trajectories, with year markers and a legend entry (the legend's
        title names the rule and how many of how many); regions, their
        labels and the threshold lines carry gids ``region:<type>``, ``region-label:<type>``,
        ``threshold:x:<value>``; the OECD strips and names ``oecd-strip:<group>``
        and ``oecd-label:<group>``.
    thresholds : Thresholds
        The cut points drawn.
    bands : IntensityBands or None
        The OECD layer when ``intensity_bands`` is set.
    """

    def __init__(self, data: pd.DataFrame, *, thresholds=None, clusters=None, ax=None,
                 scale: str = "symlog", lang: str = "en", linthresh=None, limits=None,
                 legend: str | bool = "outside", region_labels: bool = True,
                 mark_dysfunctions: bool = True, title: bool | str = True,
                 intensity_bands: bool = False, highlight=None):
        import matplotlib.pyplot as plt

        check_scale(scale)
        chosen, palette, sub, t = prepare(data, clusters, thresholds)
        lin = tuple(linthresh) if linthresh is not None else default_linthresh(t)
        lims = limits if limits is not None else plot_limits(sub, t, scale, lin)
        display = cluster_names(lang, short=True)
        created = ax is None
        with paper_style():
            if created:
                _fig, ax = plt.subplots(figsize=(FULL_WIDTH, 4.4), layout="constrained")
            set_scales(ax, lims, scale, lin, lang)
            groups = {c: g for c, g in sub.groupby("cluster", sort=False)}
            drawn = [c for c in chosen if c in groups]
            traj = [(groups[c][X_COLUMN].to_numpy(float), groups[c][Y_COLUMN].to_numpy(float))
                    for c in drawn]
            self.regions = draw_regions(ax, lims, t, mark_dysfunctions)
            self.cut_lines, self.cut_texts = draw_thresholds(ax, t, lang, labels=True)
            self.bands = IntensityBands(ax, lims, lang) if intensity_bands else None
            many = len(drawn) > MANY_CLUSTERS
            markers = year_markers(sub["year"])
            density = None
            if many:  # all cluster-years as a density, the highlighted ones drawn in full
                density = _density(ax, sub, lims, t, highlight, lang)
                drawn, many = density[0], False
                palette = {**palette, **dict(zip(drawn, PALETTE, strict=False))}
                traj = [(groups[c][X_COLUMN].to_numpy(float),
                         groups[c][Y_COLUMN].to_numpy(float)) for c in drawn]
            for c, (xs, ys) in zip(drawn, traj, strict=True):
                draw_trajectory(ax, xs, ys, palette[c], display.get(c, c),
                                gid=f"trajectory:{c}")
            draw_year_markers(ax, sub if density is None else sub[sub["cluster"].isin(drawn)],
                              palette, markers, 18)
            ax.set_xlabel(label(f"axis.{X_COLUMN}", lang))
            ax.set_ylabel(label(f"axis.{Y_COLUMN}", lang))
            if title:
                # wrap to the Axes' width (a new figure's Axes end up ~2/3 of it after the legend)
                width_in = 0.66 * FULL_WIDTH if created else fit.axes_size_inches(ax)[0]
                ax.set_title("\n".join(_title_lines(title, sub, scale, lin, t, lang, width_in)),
                             fontsize=8, pad=12)
            if legend:
                _legends(ax, legend == "outside", [] if many else drawn, palette, display,
                         markers, mark_dysfunctions, lang, intensity_bands,
                         cut_labels_width_pt(t, lang), density=density)
            if created:
                settle(ax.figure)
            self.ax = ax
            if self.bands is not None:
                self.bands.place_labels(fit.obstacles(ax, traj))
            points = self._obstacles(traj) if region_labels else None
            self.region_texts = (label_regions(ax, lims, t, lang, points) if region_labels
                                 else [])
        # region labels are placed after the layout, which they do not change
        self.ax, self.thresholds = ax, t
        self._sub, self._scale, self._lang = sub, scale, lang
        self._linthresh, self._limits = lin, lims
        self._fixed_linthresh, self._fixed_limits = linthresh is not None, limits is not None
        self._traj, self._points = traj, (lims, points)

    def _obstacles(self, traj):
        """What region names keep off: the trajectories and the OECD group names."""
        points = fit.obstacles(self.ax, traj)
        if self.bands is None:
            return points
        both = np.vstack([points, self.bands.label_points()])
        return both[np.argsort(both[:, 0], kind="stable")]

    def threshold_artists(self) -> list:
        """The artists that depend on the cut points.

        The regions, the threshold lines and their labels, the region names
        and the OECD group names, which keep off the cut lines
        (everything :meth:`update_thresholds` moves); an interactive view may
        render the rest once and composite it over these.
        """
        bands = self.bands.texts if self.bands is not None else []
        return [*self.regions, *self.cut_lines, *self.cut_texts, *self.region_texts, *bands]

    def update_thresholds(self, thresholds) -> bool:
        """Move the cut points in place.

        The threshold lines and their value labels move, the nine regions (and
        the hatched dysfunction regions) are resized and the region names
        (and the OECD group names, with ``intensity_bands``) placed again;
        the trajectories, markers, legends and title are left as
        they are (they do not depend on the thresholds). The result looks like
        a fresh portrait with these thresholds, at a fraction of the cost.

        Parameters
        ----------
        thresholds : Thresholds or mapping

        Returns
        -------
        bool
            ``True`` when the artists were moved in place. ``False`` when they
            cannot be: the portrait's symlog axes follow the cut points (no
            ``linthresh`` given) and their linear part changes, which moves
            every trajectory; draw a new portrait then.
        """
        ax = self.ax
        t = Thresholds.from_any(thresholds)
        lin = self._linthresh if self._fixed_linthresh else default_linthresh(t)
        if self._scale == "symlog" and tuple(lin) != tuple(self._linthresh):
            return False
        lims = self._limits if self._fixed_limits else plot_limits(self._sub, t, self._scale,
                                                                     lin)
        with paper_style():
            if tuple(map(tuple, lims)) != tuple(map(tuple, self._limits)):
                set_scales(ax, lims, self._scale, lin, self._lang)
                if self.bands is not None:
                    self.bands.update(lims)
            xe, ye = region_edges(lims, t)
            for k, patch in enumerate(self.regions):
                i, j = divmod(k, 3)
                patch.set_bounds(xe[j], ye[i], xe[j + 1] - xe[j], ye[i + 1] - ye[i])
            cuts = [("x", c) for c in t.productivity] + [("y", c) for c in t.innovation]
            for line, (axis, cut) in zip(self.cut_lines, cuts, strict=True):
                (line.set_xdata if axis == "x" else line.set_ydata)([cut, cut])
                line.set_gid(f"threshold:{axis}:{cut:g}")
            for k, (text, (axis, cut)) in enumerate(zip(self.cut_texts, cuts, strict=True)):
                (text.set_x if axis == "x" else text.set_y)(cut)
                text.set_text(cut_label(axis, k % 2, cut, self._lang)[0])
                text.set_gid(f"threshold-label:{axis}:{cut:g}")
            if self.bands is not None:  # the group names keep off the moved cut lines
                self.bands.place_labels(fit.obstacles(ax, self._traj))
            if self.region_texts:
                if self._points[0] != lims or self.bands is not None:  # they follow limits, names
                    self._points = (lims, self._obstacles(self._traj))
                self.region_texts = label_regions(ax, lims, t, self._lang, self._points[1],
                                                  reuse=self.region_texts)
        self.thresholds, self._limits = t, lims
        return True


def _title_lines(title, sub, scale, lin, t, lang, width_in) -> list[str]:
    """The title and its notes, each wrapped into as many lines as its longest translation.

    The same number of lines in every language keeps the Axes the same height,
    so that the names fit their regions alike.
    """
    start, end = years_span(sub)

    def parts(language):
        head = title if isinstance(title, str) else label(
            "portrait.title", language).format(start=start, end=end)
        return [head, scale_note(scale, language, lin, t)]

    translations = [parts(other) for other in LANGS]
    lines = []
    for k, text in enumerate(parts(lang)):
        n = max(fit.lines_needed(other[k], width_in, 8) for other in translations)
        lines += fit.balanced(text, width_in, 8, nlines=n)
    return lines


def _density(ax, sub, lims, t, highlight, lang):
    """The density layer of every cluster-year, and which clusters are drawn over it.

    ``(highlighted clusters, cluster-legend title, density legend text)``.
    """
    from ..analysis.highlights import highlight_clusters

    ranked = highlight_clusters(sub, t, n=len(PALETTE), chosen=highlight)
    chosen = ranked.loc[ranked["chosen"], "cluster"].tolist()
    _mesh, top = draw_density(ax, sub[X_COLUMN], sub[Y_COLUMN], lims)
    rule = label("portrait.rule_changes" if highlight is None else "portrait.rule_given", lang)
    title = label("portrait.highlighted", lang).format(k=len(chosen), n=len(ranked), rule=rule)
    n = int((sub[X_COLUMN].notna() & sub[Y_COLUMN].notna()).sum())
    text = label("portrait.density", lang).format(n=f"{n:,}".replace(",", "\u2009"), top=top)
    return chosen, title, text


def year_handles(markers, lang, dysfunctions: bool, bands: bool) -> list:
    """Legend entries of a portrait's years (one marker each), then the hatching of the
    development dysfunctions and the OECD R&D-intensity strips when they are drawn; the
    portrait and the small multiples show the same entries."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Line2D([], [], marker=m, linestyle="none", color="#666666", markersize=4.5,
                      markeredgecolor="white", markeredgewidth=0.5, label=str(y))
               for y, m in markers.items()]
    if dysfunctions:
        handles.append(Patch(facecolor="white", edgecolor=DYSFUNCTION_HATCH, hatch="////",
                             linewidth=0, label=label("dysfunction.region", lang)))
    if bands:
        text = "\n".join(fit.balanced(strip_legend(lang), 2.2, 6.5))
        handles.append(Patch(facecolor=STRIP_COLOUR, alpha=STRIP_ALPHA, edgecolor=STRIP_COLOUR,
                             linewidth=0.4, label=text))
    return handles


def _legends(ax, outside: bool, drawn, palette, display, markers, mark_dysfunctions, lang,
             bands=False, gap_pt=0.0, density=None):
    """The cluster legend (when ``drawn`` names clusters) and the year legend.

    Outside, the legends start ``gap_pt`` (the widest cut label right of the
    Axes) plus 6 points right of the Axes, whatever the Axes' width.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.transforms import ScaledTranslation

    where = {"frameon": False, "fontsize": 6.5, "title_fontsize": 7, "alignment": "left",
             "borderaxespad": 0.0}
    if outside:
        where["bbox_transform"] = ax.transAxes + ScaledTranslation(
            (gap_pt + 6.0) / 72, 0, ax.figure.dpi_scale_trans)
    if drawn:
        # long names on two lines: the legend (so the Axes) about as wide in every language
        handles = [Line2D([], [], color=palette[c], linewidth=1.6, solid_capstyle="round",
                          label="\n".join(fit.balanced(display.get(c, c), LEGEND_WIDTH_IN, 6.5)),
                          **outlined(palette[c], 1.6))
                   for c in drawn]
        if density is not None:
            handles.append(Patch(facecolor="0.55", edgecolor="none", alpha=0.8,
                                 label="\n".join(fit.balanced(density[2], LEGEND_WIDTH_IN, 6.5))))
        heading = (label("word.cluster", lang) if density is None
                   else "\n".join(fit.balanced(density[1], LEGEND_WIDTH_IN, 7)))
        first = ax.legend(handles=handles, title=heading,
                          loc="upper left" if outside else "upper right",
                          bbox_to_anchor=(1.0, 1.0) if outside else None, **where)
        ax.add_artist(first)
        first.set_clip_on(False)  # else the constrained layout leaves it out
    extra = year_handles(markers, lang, mark_dysfunctions, bands)
    ax.legend(handles=extra, title=label("word.year", lang),
              ncols=1 if density is None else 1 + (len(extra) - 1) // 8,
              loc="lower left" if outside else "lower right",
              bbox_to_anchor=(1.0, 0.0) if outside else None, **where)


def phase_portrait(data: pd.DataFrame, **kwargs):
    """Draw the paper's Fig. 1 and return its Axes: :class:`PhasePortrait` ``(data, **kwargs).ax``.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy indicators.
    **kwargs
        The keyword arguments of :class:`PhasePortrait` (``thresholds``,
        ``clusters``, ``ax``, ``scale``, ``lang``, ...).

    Returns
    -------
    matplotlib.axes.Axes
    """
    return PhasePortrait(data, **kwargs).ax
