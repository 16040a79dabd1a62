"""The explorer's phase portrait: one figure, moved in place, rendered in layers.

:class:`PortraitView` keeps one matplotlib Figure. A new selection, scale,
language or OECD layer (shown or hidden) draws the portrait anew
(:class:`ecosystems.draw.portrait.PhasePortrait`) and lays it out; a moved
cut point only moves the threshold artists (:meth:`PhasePortrait.update_thresholds`).

The page shows the figure at its CSS size (:data:`CSS_DPI` pixels per inch,
720 x 500 CSS pixels) from an image rendered at :data:`PIXEL_RATIO` times as
many device pixels, so that it is sharp on high-density screens. At that
resolution (:data:`SCREEN_DPI`) the page image is composed of layers, with the
public Agg canvas API only (artist visibility, ``canvas.draw``,
``buffer_rgba``) and Pillow:

1. the still layer: everything that does not depend on the cut points
   (trajectories, markers, axes, ticks, title, legends), rendered once per
   layout and limits on a transparent background (the layout key holds the
   OECD toggle, so switching it makes a new one);
2. the shapes that move: regions and cut lines, rendered on every move, and,
   when the OECD layer is shown, its strips and the texts under them (the
   region names: the strips cover them), in z-order; with the layer hidden a
   move costs what it did without it;
3. the texts that move (region names, cut values, OECD group names): each
   rendered text is kept as a small RGBA image keyed on its string, style and
   exact pixel position, and pasted again when the next frame draws the same text at the same place
   (most names do not move when one cut does); only new or moved texts are
   rendered, all in one pass.

The layers are alpha-composited bottom to top (2, 3, 1). The page gets the
result as JPEG (:meth:`PortraitView.jpeg`: quality 95, no chroma subsampling):
at 1440 x 1000 pixels, PNG encoding (Pillow's adaptive row filters and zlib,
even at level 1) took about a third of a threshold move's CPU time, JPEG a
fifth of that; the pixels differ by at most a few levels along edges, which the
2x image hides (``tests/explorer/test_views.py`` bounds the difference).
"""

from __future__ import annotations

import io

import numpy as np

from ..draw.portrait import MANY_CLUSTERS, PhasePortrait
from ..draw.scales import default_linthresh
from ..draw.style import FULL_WIDTH, paper_style

FIGURE_HEIGHT = 5.0  # inches; the width is the journal full width (style.FULL_WIDTH)
CSS_DPI = 100  # CSS pixels per inch of the figure on the page (720 x 500 CSS pixels)
PIXEL_RATIO = 2  # device pixels per CSS pixel the image is rendered for (high-density screens)
SCREEN_DPI = CSS_DPI * PIXEL_RATIO
JPEG_QUALITY = 95  # of the page image (Pillow's scale); with full-resolution colour
CSS_SIZE = (round(FULL_WIDTH * CSS_DPI), round(FIGURE_HEIGHT * CSS_DPI))  # width, height


class PortraitView:
    """The explorer's figure for a sequence of states.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy indicators, every cluster.
    paper : Thresholds
        The symlog axes keep the linear part these cut points give, so the
        axes hold still while a cut point moves.
    dpi : int
        Resolution of :meth:`png` by default (and of the layered rendering):
        :data:`SCREEN_DPI`, twice the CSS size.
    """

    def __init__(self, data, paper, dpi: int = SCREEN_DPI):
        self.data, self.paper, self.dpi = data, paper, dpi
        self.figure = None
        self.portrait: PhasePortrait | None = None
        self._layout_key = None
        self._still = None  # (key, RGBA image) of layer 1
        self._texts: dict = {}  # text key -> (left, top, RGBA image) of the last frame

    def show(self, state):
        """Bring the figure to ``state`` (an :class:`~ecosystems.explorer.state.ExplorerState`).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from matplotlib.figure import Figure

        layout_key = (state.clusters, state.scale, state.lang, state.intensity_bands)
        if (self.portrait is not None and layout_key == self._layout_key
                and self.portrait.update_thresholds(state.thresholds)):
            return self.portrait.ax
        with paper_style():
            if self.figure is None:
                self.figure = Figure(figsize=(FULL_WIDTH, FIGURE_HEIGHT), dpi=SCREEN_DPI)
                self.figure.add_subplot()
            ax = self.figure.axes[0]
            # Lay out only when what sits around the Axes (legend, ticks, title) may
            # have changed size, then keep the positions. The title wraps to the
            # Axes width, so a new layout takes two passes.
            new_layout = layout_key != self._layout_key
            for _ in range(2 if new_layout else 1):
                ax.clear()
                self.portrait = PhasePortrait(
                    self.data, thresholds=state.thresholds, clusters=list(state.clusters),
                    ax=ax, scale=state.scale, lang=state.lang,
                    linthresh=default_linthresh(self.paper),
                    intensity_bands=state.intensity_bands,
                    legend="outside" if len(state.clusters) <= MANY_CLUSTERS else False)
                if new_layout:
                    self.figure.set_layout_engine("constrained")
                    self.figure.draw_without_rendering()
                    self.figure.set_layout_engine("none")
            self._layout_key = layout_key
            self._texts = {}
        return ax

    def png(self, dpi: int | None = None) -> bytes:
        """The figure as PNG bytes (what the widget page shows; fast, light compression).

        At :attr:`dpi` the figure is composed of layers (see the module
        docstring); other resolutions render the whole figure.
        """
        dpi = self.dpi if dpi is None else dpi
        if dpi == SCREEN_DPI:
            image = self._layered()
        else:
            buf = io.BytesIO()
            with paper_style():  # ticks are made at draw time, from the rc settings then
                self.figure.savefig(buf, format="png", dpi=dpi, metadata={"Software": None},
                                    pil_kwargs={"compress_level": 1})
            return buf.getvalue()
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def jpeg(self) -> bytes:
        """The page image (layered, at :data:`SCREEN_DPI`) as JPEG bytes: what the widget page
        shows after every move (quality :data:`JPEG_QUALITY`, colour at full resolution)."""
        buf = io.BytesIO()
        self._layered().convert("RGB").save(buf, format="jpeg", quality=JPEG_QUALITY,
                                            subsampling=0)
        return buf.getvalue()

    # -- layers -------------------------------------------------------------
    def _render(self, visible, transparent: bool = False) -> np.ndarray:
        """RGBA pixels of the figure with only the ``visible`` artists of the Axes drawn.

        The array is the canvas's own memory (no copy): valid until the next draw.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = self.figure
        ax = fig.axes[0]
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        children = [a for a in ax.get_children() if a is not ax.patch]
        was = [a.get_visible() for a in children]
        faces = fig.patch.get_facecolor(), ax.patch.get_facecolor()
        try:
            for a in children:
                a.set_visible(a in visible and a.get_visible())
            if transparent:
                fig.patch.set_facecolor("none")
                ax.patch.set_facecolor("none")
            with paper_style():  # ticks are made at draw time, from the rc settings then
                canvas.draw()
            return np.asarray(canvas.buffer_rgba())
        finally:
            for a, v in zip(children, was, strict=True):
                a.set_visible(v)
            fig.patch.set_facecolor(faces[0])
            ax.patch.set_facecolor(faces[1])

    def _layered(self):
        from matplotlib.text import Text
        from PIL import Image

        ax = self.figure.axes[0]
        bands = self.portrait.bands
        moving = self.portrait.threshold_artists() + (bands.strips if bands is not None else [])
        key = (self._layout_key, ax.get_xlim(), ax.get_ylim())
        # Each layer is copied out of the canvas once, into an image Pillow may change
        # (an image made on the canvas's memory is read-only: compositing onto it would
        # copy it again).
        if self._still is None or self._still[0] != key:
            still = set(ax.get_children()) - set(moving)
            self._still = (key, Image.fromarray(self._render(still, transparent=True),
                                                "RGBA").copy())
        texts = [a for a in moving if isinstance(a, Text) and a.get_visible()]
        shapes = [a for a in moving if not isinstance(a, Text)]
        if bands is not None:  # texts under the strips (region names) are drawn with them
            floor = min((s.get_zorder() for s in bands.strips), default=np.inf)
            shapes += [t for t in texts if t.get_zorder() < floor]
            texts = [t for t in texts if t.get_zorder() >= floor]
        image = Image.fromarray(self._render(set(shapes)), "RGBA").copy()
        keys = {t: _text_key(t) for t in texts}
        fresh = [t for t in texts if keys[t] not in self._texts]
        kept = {keys[t]: self._texts[keys[t]] for t in texts if keys[t] in self._texts}
        pasted = list(kept.values())
        if fresh:
            layer = self._render(set(fresh), transparent=True)
            crops = _crops(layer, fresh, keys, self.figure)
            if len(crops) == len(fresh):  # each alone: its box is all it changes
                pasted = list(crops.values()) + pasted
            else:  # texts that overlap: the whole layer, as drawn
                image.alpha_composite(Image.fromarray(layer, "RGBA"))
            kept.update(crops)
        for left, top, crop in pasted:  # over the fresh texts, as before
            image.alpha_composite(crop, (left, top))
        self._texts = kept  # only the texts of this frame are kept
        return Image.alpha_composite(image, self._still[1])


def _text_key(text) -> tuple:
    """What a rendered text's pixels depend on (its own style and exact pixel position)."""
    x, y = text.get_transform().transform(text.get_position())
    return (id(text), text.get_text(), text.get_fontsize(), text.get_rotation(),
            text.get_horizontalalignment(), text.get_verticalalignment(), float(x), float(y))


def _crops(layer: np.ndarray, texts, keys, figure) -> dict:
    """Each text's pixels from a layer of texts, for the texts whose boxes overlap no other."""
    from PIL import Image

    renderer = figure.canvas.get_renderer()
    height, width = layer.shape[:2]
    boxes = {}
    for t in texts:
        box = t.get_window_extent(renderer)
        patch = t.get_bbox_patch()
        if patch is not None:
            box = type(box).union([box, patch.get_window_extent(renderer)])
        left, right = int(np.floor(box.x0)) - 2, int(np.ceil(box.x1)) + 2
        top, bottom = height - int(np.ceil(box.y1)) - 2, height - int(np.floor(box.y0)) + 2
        boxes[t] = (max(left, 0), max(top, 0), min(right, width), min(bottom, height))
    out = {}
    for t, (left, top, right, bottom) in boxes.items():
        alone = all(right <= o[0] or o[2] <= left or bottom <= o[1] or o[3] <= top
                    for u, o in boxes.items() if u is not t)
        if alone and right > left and bottom > top:
            crop = Image.fromarray(np.ascontiguousarray(layer[top:bottom, left:right]), "RGBA")
            out[keys[t]] = (left, top, crop)
    return out
