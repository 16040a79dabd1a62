"""The cut-point controls of the explorer page: a range slider and a typed box per cut.

A :class:`CutControl` is one axis of the typology: a range slider to drag (its
own readout switched off, since ipywidgets clamps a value typed into a readout
to the slider's range without a word) and one text box per cut point, into
which a student types an exact value. A typed value is checked here, before it
reaches the explorer:

- a negative number, a number above the slider's range, or a lower cut above
  its upper cut is named in plain words next to the boxes, in the page's
  language (``data/labels.csv``, keys ``explorer.input_*``), and the box goes
  back to the cut that is drawn: the controls and the drawing never disagree;
- two equal cuts are allowed (the medium level is then the one value at the
  cut); the page says so.

:func:`input_problem` is the check itself (no widgets), so it can be tested on
its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from ..io import reference
from ..io.loaders import INDICATORS
from .labels import message_text

ROUND = 6  # decimals kept of a dragged slider value (float steps leave 0.30000000000000004)
ERROR_STYLE = "color:#B03A2E"
INFO_STYLE = "color:#555555"


def input_problem(which: int, value: float, cuts: tuple[float, float], top: float):
    """What is wrong with typing ``value`` as cut ``which`` (0 lower, 1 upper), or None.

    Parameters
    ----------
    which : {0, 1}
        The lower (0) or the upper (1) cut of the axis.
    value : float
        The typed value.
    cuts : tuple of float
        The cuts in force (lower, upper).
    top : float
        The largest cut the control offers (its slider's maximum).

    Returns
    -------
    tuple or None
        ``(label_key, parameters)`` of the message (a key of ``data/labels.csv``
        and the values its text names), or None when the value can be applied.
    """
    kept = cuts[which]
    if not math.isfinite(value) or value < 0:
        return "explorer.input_negative", {"value": value, "kept": kept}
    if value > top:
        return "explorer.input_above", {"value": value, "max": top, "kept": kept}
    other = cuts[1 - which]
    if which == 0 and value > other:
        return "explorer.input_lower_above", {"value": value, "other": other, "kept": kept}
    if which == 1 and value < other:
        return "explorer.input_upper_below", {"value": value, "other": other, "kept": kept}
    return None


def slider_top(values, paper_upper: float, start_upper: float, step: float) -> float:
    """The largest cut a control offers: at least every value of the data, twice
    the paper's upper cut and the starting upper cut, rounded up to the step.

    Both explorers use it (the Voila page's sliders and the page without a
    server), so their ranges agree."""
    largest = float(pd.Series(values).max(skipna=True)) if len(values) else 0.0
    top = max(0.0 if math.isnan(largest) else largest, 2 * paper_upper, start_upper)
    return round(math.ceil(top / step - 1e-9) * step, 6)


def _on_step(value: float, step: float) -> bool:
    return abs(value / step - round(value / step)) < 1e-6


class CutControl:
    """The two cut points of one axis: a range slider and a typed box for each cut.

    Parameters
    ----------
    axis : {"innovation", "productivity"}
    cuts : tuple of float
        The starting cuts (lower, upper).
    top : float
        The slider's maximum (the largest cut the control offers).
    step : float
        The slider's step. Typed values may be finer: the slider then shows
        the nearest step, and the box the exact cut in force.
    largest : float
        The largest value of the axis's indicator in the data (named in messages).
    on_change : callable
        ``on_change(axis, (lower, upper))`` applies new cuts; it returns True
        when they were applied and False when they were refused (the control
        then shows the cuts in force again).
    lang : {"en", "ru"}

    Attributes
    ----------
    slider : ipywidgets.FloatRangeSlider
    boxes : tuple of ipywidgets.FloatText
        The lower and the upper cut, as typed values.
    message : ipywidgets.HTML
        The last problem with a typed value, or a note on equal cuts; empty otherwise.
    widget : ipywidgets.VBox
    """

    def __init__(self, axis: str, cuts, top: float, step: float, largest: float,
                 on_change: Callable, lang: str = "en"):
        import ipywidgets as w

        self.axis, self.top, self.largest, self._on_change = axis, top, largest, on_change
        self.cuts = tuple(float(c) for c in cuts)
        self.lang = lang
        self._message: tuple | None = None  # (key, params, style)
        self.title = w.HTML()
        self.slider = w.FloatRangeSlider(
            value=self.cuts, min=0.0, max=top, step=step, readout=False,
            continuous_update=False, layout=w.Layout(width="100%"))
        self.boxes = tuple(
            w.FloatText(value=c, step=None, layout=w.Layout(width="50%"),
                        style={"description_width": "initial"}) for c in self.cuts)
        self.message = w.HTML(layout=w.Layout(min_height="1.2em"))
        self.slider.observe(self._slid, names="value")
        for which, box in enumerate(self.boxes):
            box.observe(lambda change, which=which: self._typed(which, change["new"]),
                        names="value")
        boxes = w.HBox(list(self.boxes), layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([self.title, self.slider, boxes, self.message],
                             layout=w.Layout(width="100%"))
        self.relabel(lang)

    # -- what the student does -------------------------------------------------
    def _slid(self, change) -> None:
        # A typed cut finer than the step shows on the slider at the nearest step;
        # dragging the other handle sends that step back, which is not a move.
        step = self.slider.step
        cuts = tuple(old if abs(new - old) <= step / 2 + 1e-12 and _on_step(new, step)
                     else round(float(new), ROUND)
                     for new, old in zip(change["new"], self.cuts, strict=True))
        if cuts == self.cuts:
            return
        self._apply(cuts)

    def _typed(self, which: int, value) -> None:
        value = float(value)
        if value == self.cuts[which]:
            return
        problem = input_problem(which, value, self.cuts, self.top)
        if problem is not None:
            self._say(*problem, ERROR_STYLE)
            self.show(self.cuts)  # the box goes back to the cut that is drawn
            return
        cuts = list(self.cuts)
        cuts[which] = value
        self._apply(tuple(cuts))

    def _apply(self, cuts) -> None:
        if self._on_change(self.axis, cuts):
            self.show(cuts)
            if cuts[0] == cuts[1]:
                self._say("explorer.equal_cuts", {"value": cuts[0]}, INFO_STYLE)
            else:
                self._say(None)
        else:
            self.show(self.cuts)

    # -- what the page shows ---------------------------------------------------
    def show(self, cuts) -> None:
        """Set the slider and the boxes to ``cuts`` without applying them again.

        The cuts are stored first, so the boxes' own callbacks see no change.
        """
        self.cuts = tuple(float(c) for c in cuts)
        self.slider.unobserve(self._slid, names="value")
        try:
            self.slider.value = self.cuts
        finally:
            self.slider.observe(self._slid, names="value")
        for box, c in zip(self.boxes, self.cuts, strict=True):
            box.value = c

    def _say(self, key, params=None, style=ERROR_STYLE) -> None:
        self._message = None if key is None else (key, params or {}, style)
        self._render_message()

    @property
    def message_text(self) -> str:
        """The message shown next to the boxes, as plain text; empty when there is none."""
        if self._message is None:
            return ""
        key, params, _ = self._message
        return message_text(key, {**params, "largest": self.largest}, self.lang)

    def _render_message(self) -> None:
        from html import escape

        if self._message is None:
            self.message.value = ""
            return
        self.message.value = f"<div style='{self._message[2]}'>{escape(self.message_text)}</div>"

    def relabel(self, lang: str) -> None:
        """Every word of the control in ``lang`` (the message too)."""
        from html import escape

        self.lang = lang
        name = reference.label(f"axis.{self.axis}", lang)
        indicator = reference.label(f"axis.{INDICATORS[self.axis]}", lang)  # with its unit
        self.title.value = f"<b>{escape(name)}</b>: {escape(indicator)}"
        self.slider.description = ""
        for box, key in zip(self.boxes, ("cut.lower", "cut.upper"), strict=True):
            box.description = reference.label(key, lang)
        self._render_message()
