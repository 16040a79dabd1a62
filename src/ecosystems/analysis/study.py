"""The study a notebook runs: its data, cut points, clusters, languages and output folders.

Every notebook turns its ``parameters`` cell into one :class:`Study` and takes
everything it shows from it; no notebook resolves a path or reads an
environment variable itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import config
from ..io.loaders import load_indicators, load_participants
from ..io.quality import suspect_zeros_as_missing
from ..io.reference import LANGS, check_lang
from ..typology.thresholds import Thresholds


@dataclass(frozen=True)
class Study:
    """What a run depends on, checked when made.

    Parameters
    ----------
    data_path : str or pathlib.Path, optional
        Indicator table (CSV or ``.xlsx``); the paper's Table 3 by default.
        Relative paths are taken from the repository root.
    data_sheet : str or int, optional
        Workbook sheet (name or 0-based number); the first by default.
    thresholds : Thresholds or mapping, optional
        Cut points; the paper's by default.
    clusters : sequence of str, optional
        The clusters studied (names as in the data); every cluster by default.
    langs : sequence of {"en", "ru"}, optional
        Languages of the outputs, the first shown in the notebook; both by default.
    suspect_zeros_as_missing : bool
        Count exact zeros of value added as missing (``False``: as published).
    output_dir : str or pathlib.Path, optional
        Folder of the figures (tables in its ``tables/``); relative paths from
        the repository root. By default ``figures/``, or the runner's staging
        folder.
    participants_path : str or pathlib.Path, optional
        Participant-level supplies (Resolution 779 cooperation form); the
        SYNTHETIC example by default.
    participants_sheet : str or int, optional
        Workbook sheet of the participant table.

    Examples
    --------
    >>> Study().thresholds
    Thresholds(innovation=(0.1, 0.3), productivity=(2.0, 4.0))
    """

    data_path: str | Path | None = None
    data_sheet: str | int | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    clusters: tuple[str, ...] | None = None
    langs: tuple[str, ...] = LANGS
    suspect_zeros_as_missing: bool = False
    output_dir: str | Path | None = None
    participants_path: str | Path | None = None
    participants_sheet: str | int | None = None

    def __post_init__(self):
        object.__setattr__(self, "thresholds", Thresholds.from_any(self.thresholds))
        if self.clusters is not None:
            chosen = (self.clusters,) if isinstance(self.clusters, str) else tuple(self.clusters)
            object.__setattr__(self, "clusters", chosen)
        langs = (self.langs,) if isinstance(self.langs, str) else tuple(self.langs or LANGS)
        object.__setattr__(self, "langs", tuple(check_lang(lang) for lang in langs))

    @property
    def source(self) -> Path:
        """The indicator table read (absolute path)."""
        return config.user_path(self.data_path, config.TABLE3)

    @property
    def participants_source(self) -> Path:
        """The participant table read (absolute path)."""
        return config.user_path(self.participants_path, config.PARTICIPANTS_SYNTHETIC)

    @property
    def participants_synthetic(self) -> bool:
        """Whether the participant table is SYNTHETIC (its file name says so)."""
        return "synthetic" in self.participants_source.name.lower()

    @cached_property
    def participants(self) -> pd.DataFrame:
        """The participant table (:func:`ecosystems.load_participants`)."""
        return load_participants(self.participants_source, sheet=self.participants_sheet)

    def relative(self, path) -> str:
        """``path`` as messages show it: from the repository root when inside it."""
        return config.relative(path)

    @property
    def lang(self) -> str:
        """The language shown in the notebook (the first of :attr:`langs`)."""
        return self.langs[0]

    @property
    def figures(self) -> Path:
        """Folder the figures are written to (:func:`ecosystems.config.figures_dir`)."""
        return config.figures_dir(self.output_dir)

    @property
    def tables(self) -> Path:
        """Folder the tables are written to: ``tables/`` inside :attr:`figures`."""
        return config.tables_dir(self.output_dir)

    @cached_property
    def published(self) -> pd.DataFrame:
        """The indicators as the file gives them (the studied clusters only)."""
        data = load_indicators(self.source, sheet=self.data_sheet)
        if self.clusters is not None:
            unknown = [c for c in self.clusters if c not in set(data["cluster"])]
            if unknown:
                raise ValueError(f"cluster(s) {unknown} not in {config.relative(self.source)}; "
                                 f"it has {list(pd.unique(data['cluster']))}")
            data = data[data["cluster"].isin(self.clusters)].reset_index(drop=True)
        return data

    @cached_property
    def indicators(self) -> pd.DataFrame:
        """The indicators studied: :attr:`published`, suspect zeros as missing when asked."""
        return (suspect_zeros_as_missing(self.published) if self.suspect_zeros_as_missing
                else self.published)

    def describe(self) -> str:
        """What the run uses, in a few lines (notebooks print it first)."""
        data = self.indicators
        t = self.thresholds
        return "\n".join([
            f"data: {config.relative(self.source)}, {len(data)} cluster-years, "
            f"{data['cluster'].nunique()} clusters, years {data['year'].min()}-"
            f"{data['year'].max()}",
            f"thresholds: innovation {t.innovation}, productivity {t.productivity} "
            "(million rubles per employee)",
            "suspect zeros: " + ("treated as missing" if self.suspect_zeros_as_missing
                                 else "used as published"),
        ])
