"""The note every output of a non-paper run carries: which settings made it.

A figure gets it as a line above everything else, a Markdown table as its
first line, a sidecar as its ``note`` field. The paper's configuration, run
with the notebooks' defaults, gets no note, so its outputs are the committed
ones byte for byte.
"""

from __future__ import annotations

import json
from functools import cache

from ..analysis.study import Study
from ..draw.style import settle
from ..io.read_log import sha256
from . import provenance


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def _note(defaults_json: str, overrides_json: str) -> str | None:
    defaults, overrides = json.loads(defaults_json), json.loads(overrides_json)
    changed = {k: v for k, v in overrides.items() if k not in defaults or defaults[k] != v}
    if not changed:
        return None
    study = Study.from_params({**defaults, **overrides})
    parts = []
    if not study.is_paper():
        data = ("Table 3" if study.is_paper_data else
                f"{study.source.name} (sha256 {sha256(study.source)[:12]})")
        parts.append(f"data {data}; cut points {study.cuts_label()}")
        if study.deflator:
            parts.append(f"rubles of {study.base_year} ({study.deflator_label()})")
        if study.suspect_zeros_as_missing:
            parts.append("suspect zeros as missing")
        if study.clusters is not None:
            parts.append(f"{len(study.clusters)} clusters chosen")
    others = {k: v for k, v in changed.items() if k not in Study.keys()}
    parts += [f"{k} = {_short(v)}" for k, v in others.items()]
    if not parts:
        return None
    return "Not the paper's configuration: " + "; ".join(parts)


def run_note() -> str | None:
    """The note for outputs of the current run, or ``None`` for the paper's configuration."""
    defaults, overrides = provenance.run_parameters()
    if not overrides:
        return None
    return _note(json.dumps(defaults, sort_keys=True, default=repr),
                 json.dumps(overrides, sort_keys=True, default=repr))


def add_to_figure(fig, note: str, height_in: float = 0.22) -> None:
    """Make ``fig`` taller by a band at its top and write ``note`` there.

    Everything already in the figure keeps its size and place in inches from
    the bottom: a laid-out figure stays as it was, with the note above it.
    """
    settle(fig)  # finish any layout first
    width, height = fig.get_size_inches()
    scale = height / (height + height_in)
    for ax in fig.axes:
        x0, y0, w, h = ax.get_position().bounds
        ax.set_position((x0, y0 * scale, w, h * scale))
    for text in fig.texts:
        x, y = text.get_position()
        text.set_position((x, y * scale))
    fig.set_size_inches(width, height + height_in)
    fig.text(0.01, 1 - 0.5 * height_in / (height + height_in), note, ha="left", va="center",
             fontsize=6, color="#444444", wrap=True)

