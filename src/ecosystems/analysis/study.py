"""The study a run carries out: everything its results depend on, in one checked object.

Every notebook takes the study keys as one mapping (its ``study`` parameter),
turns it into one :class:`Study` (:meth:`Study.from_params`) and takes from it
the data, the cut points, the languages and the output folders; no notebook
resolves a path or reads an environment variable itself. A parameter file
(``params/*.yaml``, ``make scenario``) sets the same keys, checked before
anything runs (:func:`ecosystems.analysis.parameters.check_parameters`).

What each key means, its default and its check are said once, in the model
:class:`ecosystems.analysis.parameters.Parameters`; a Study checks its keys with
that model's checks.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import ParameterError
from ..io.loaders import load_indicators, load_participants
from ..io.quality import suspect_zeros_as_missing
from ..io.reference import LANGS
from ..typology.rule import classify, indicator_arrays, type_codes
from ..typology.thresholds import CUT_COLUMNS, Thresholds
from .parameters import FIELDS, default, flatten, problems, suggest

#: Methods that choose the cut points: the paper's, explicit ones, or from the data.
DATA_METHODS = ("tertiles", "fisher_jenks")
CUT_METHODS = ("paper", "explicit", *DATA_METHODS, *(f"{m}_per_year" for m in DATA_METHODS))


@dataclass(frozen=True)
class Study:
    """What a run depends on, checked when made by the model's checks.

    The fields are the study keys of :class:`~ecosystems.analysis.parameters.Parameters`
    (their meanings and defaults are said there), and the three keys of notebooks
    04 and 05 the study carries (``participants_path``, ``participants_sheet``, ``seed``).
    Made, a study holds ``clusters`` and ``langs`` as tuples, ``thresholds`` as
    :class:`~ecosystems.typology.thresholds.Thresholds` and ``cut_method`` resolved
    (``"paper"``, or ``"explicit"`` when thresholds are given).

    Raises
    ------
    ParameterError
        Naming the key and the value, when a value has the wrong type or is
        impossible, or two keys contradict each other.

    Examples
    --------
    >>> Study().cut_method, Study(thresholds={"productivity": [1, 3]}).cut_method
    ('paper', 'explicit')
    """

    data_path: str | Path | None = default("data_path")
    data_sheet: str | int | None = default("data_sheet")
    clusters: tuple[str, ...] | None = default("clusters")
    thresholds: Thresholds | None = default("thresholds")
    cut_method: str | None = default("cut_method")
    deflator: str | dict | None = default("deflator")
    deflator_path: str | Path | None = default("deflator_path")
    base_year: int = default("base_year")
    suspect_zeros_as_missing: bool = default("suspect_zeros_as_missing")
    langs: tuple[str, ...] = LANGS  # the model's null: both
    seed: int = default("seed")
    output_dir: str | Path | None = default("output_dir")
    participants_path: str | Path | None = default("participants_path")
    participants_sheet: str | int | None = default("participants_sheet")

    def __post_init__(self):
        def put(name, value):
            object.__setattr__(self, name, value)

        values = {f.name: getattr(self, f.name) for f in fields(self)}
        found = problems(values)  # the model's checks, and contradictions between keys
        if found:
            raise ParameterError("\n".join(found))
        for key in ("data_path", "deflator_path", "output_dir", "participants_path"):
            put(key, values[key] or None)  # "" is no path
        if self.clusters is not None:
            put("clusters", (self.clusters,) if isinstance(self.clusters, str)
                else tuple(self.clusters))
        if self.thresholds is not None:
            put("thresholds", Thresholds.from_any(self.thresholds))
        put("cut_method", self.cut_method or ("explicit" if self.thresholds is not None
                                              else "paper"))
        put("langs", (self.langs,) if isinstance(self.langs, str) else tuple(self.langs or LANGS))

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """The fields of a study: the study keys and the three of notebooks 04 and 05."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_params(cls, params, **own) -> Study:
        """The study of a mapping of parameters: a notebook's ``study`` mapping, or a
        parameter file (flat keys).

        Keys that are not fields of the study (a notebook's own keys, in a parameter
        file) are ignored; ``own`` adds those a notebook takes besides the study keys
        (``seed=seed``).

        Raises
        ------
        ParameterError
            When ``params`` names a key no notebook takes (with the closest valid
            name), or a value is refused.
        """
        params = flatten(params)
        unknown = [k for k in params if k not in FIELDS]
        if unknown:
            raise ParameterError(f"unknown parameter {unknown[0]!r}"
                                 f"{suggest(unknown[0], FIELDS)}")
        params = {**params, **own}
        return cls(**{k: params[k] for k in cls.keys() if k in params})

    def as_params(self) -> dict:
        """The keys that differ from the defaults, as a parameter file would hold them."""
        default = Study()
        out = {}
        for key in self.keys():
            value = getattr(self, key)
            if value != getattr(default, key):
                out[key] = value.as_dict() if isinstance(value, Thresholds) else value
        return out

    # -- places ---------------------------------------------------------------
    @property
    def source(self) -> Path:
        """The indicator table read (absolute path)."""
        return config.user_path(self.data_path, config.TABLE3)

    @property
    def is_paper_data(self) -> bool:
        """Whether the data are the paper's Table 3 (``data/table3.csv``)."""
        return self.source.resolve() == config.TABLE3.resolve()

    @property
    def participants_source(self) -> Path:
        """The participant table read (absolute path)."""
        return config.user_path(self.participants_path, config.PARTICIPANTS_SYNTHETIC)

    @property
    def participants_synthetic(self) -> bool:
        """Whether the participant table is SYNTHETIC (its file name says so)."""
        return "synthetic" in self.participants_source.name.lower()

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

    @staticmethod
    def relative(path) -> str:
        """``path`` as messages show it: from the repository root when inside it."""
        return config.relative(path)

    # -- data -----------------------------------------------------------------
    @cached_property
    def published(self) -> pd.DataFrame:
        """The indicators as the file gives them (nominal rubles, the studied clusters only)."""
        data = load_indicators(self.source, sheet=self.data_sheet)
        if self.clusters is not None:
            unknown = [c for c in self.clusters if c not in set(data["cluster"])]
            if unknown:
                raise ParameterError(f"clusters: {unknown} not in {config.relative(self.source)}; "
                                     f"it has {list(pd.unique(data['cluster']))}")
            data = data[data["cluster"].isin(self.clusters)].reset_index(drop=True)
        return data

    @cached_property
    def indicators(self) -> pd.DataFrame:
        """The indicators studied: suspect zeros as missing when asked, deflated when asked."""
        data = self.published
        if self.suspect_zeros_as_missing:
            data = suspect_zeros_as_missing(data)
        if self.deflator is not None:
            from ..io.deflation import deflate_by, load_deflators

            try:
                data = deflate_by(data, load_deflators(self.deflator_path), self.deflator,
                                  self.base_year)
            except KeyError as exc:
                raise ParameterError(f"deflator: {exc.args[0]}") from None
        return data

    # -- cut points -----------------------------------------------------------
    @cached_property
    def cut_points(self) -> pd.DataFrame:
        """The cut points actually used: one row per year of the data, :data:`CUT_COLUMNS`.

        The rows are equal unless the method chooses cut points per year.
        """
        from ..typology.cut_methods import method_thresholds

        data = self.indicators
        years = sorted(pd.unique(data["year"]))
        method = self.cut_method
        if method == "paper":
            per_year = {y: Thresholds() for y in years}
        elif method == "explicit":
            per_year = {y: self.thresholds for y in years}
        elif method.endswith("_per_year"):
            base = method.removesuffix("_per_year")
            per_year = {y: method_thresholds(data[data["year"] == y], base)[0] for y in years}
        else:
            pooled = method_thresholds(data, method)[0]
            per_year = {y: pooled for y in years}
        rows = [[int(y), *per_year[y].as_array()] for y in years]
        return pd.DataFrame(rows, columns=["year", *CUT_COLUMNS])

    @property
    def per_year(self) -> bool:
        """Whether the cut points differ between years."""
        values = self.cut_points[list(CUT_COLUMNS)].to_numpy()
        return bool((values != values[0]).any())

    @property
    def cuts(self) -> Thresholds:
        """The one set of cut points of this study.

        Raises
        ------
        ParameterError
            When the method chose different cut points for different years
            (use :attr:`cut_points`, which every classifying function accepts).
        """
        if self.per_year:
            raise ParameterError(f"cut_method: {self.cut_method!r} chooses cut points per year; "
                                 "this output needs one set (use a pooled method)")
        return Thresholds.from_any(self.cut_points[list(CUT_COLUMNS)].to_numpy()[0])

    @property
    def base_cuts(self) -> Thresholds:
        """One set of cut points for what needs one (portraits, sensitivity baselines,
        development gaps): :attr:`cuts`, or for a ``*_per_year`` method the cut points of the
        same method over all years pooled (:meth:`describe` says so)."""
        if not self.per_year:
            return self.cuts
        return self.with_(cut_method=self.cut_method.removesuffix("_per_year")).cuts

    @cached_property
    def codes(self) -> np.ndarray:
        """Type code of every cluster-year of :attr:`indicators` under :attr:`cut_points`."""
        data = self.indicators
        rd, va = indicator_arrays(data)
        out = np.full(len(data), -1, dtype=np.int8)
        years = data["year"].to_numpy()
        for row in self.cut_points.itertuples(index=False):
            sel = years == row.year
            out[sel] = type_codes(rd[sel], va[sel], Thresholds.from_any(row[1:]))
        return out

    @cached_property
    def classified(self) -> pd.DataFrame:
        """:attr:`indicators` with levels and types under the study's cut points."""
        return classify(self.indicators, self.cuts if not self.per_year else self.cut_points)

    @cached_property
    def participants(self) -> pd.DataFrame:
        """The participant table (:func:`ecosystems.load_participants`)."""
        return load_participants(self.participants_source, sheet=self.participants_sheet)

    # -- words ------------------------------------------------------------------
    def cuts_label(self) -> str:
        """The cut points used, in a few words, e.g. ``"paper: R&D 0.1/0.3, VA 2/4"``."""
        method = {"paper": "the paper's", "explicit": "explicit"}.get(self.cut_method,
                                                                      self.cut_method)
        if self.per_year:
            return f"{method}, per year (see cut_points)"
        t = self.cuts
        return (f"{method}: R&D {t.innovation[0]:.4g}/{t.innovation[1]:.4g}, "
                f"VA {t.productivity[0]:.4g}/{t.productivity[1]:.4g}")

    def deflator_label(self) -> str:
        """The deflator in a few words (``"nominal"`` without one)."""
        from ..io.deflation import deflator_label

        return deflator_label(self.deflator)

    def is_paper(self) -> bool:
        """Whether this is the paper's configuration: Table 3 as published, all its clusters,
        nominal rubles and the paper's cut points (however they were given)."""
        if self.data_path is not None and not self.is_paper_data:
            return False
        if self.clusters is not None or self.deflator or self.suspect_zeros_as_missing:
            return False
        paper = Thresholds().as_array()
        return bool((self.cut_points[list(CUT_COLUMNS)].to_numpy() == paper).all())

    def describe(self) -> str:
        """What the run uses, in a few lines (notebooks print it first)."""
        data = self.indicators
        terms = (f"rubles of {self.base_year} (deflator {self.deflator_label()})"
                 if self.deflator else "nominal rubles")
        return "\n".join([
            f"data: {config.relative(self.source)}, {len(data)} cluster-years, "
            f"{data['cluster'].nunique()} clusters, years {data['year'].min()}-"
            f"{data['year'].max()}",
            f"cut points: {self.cuts_label()} (million rubles per employee, {terms})",
            "suspect zeros: " + ("treated as missing" if self.suspect_zeros_as_missing
                                 else "used as published"),
        ] + ([f"one set where one is needed (portraits, sensitivity baselines, gaps): "
              f"{self.with_(cut_method=self.cut_method.removesuffix('_per_year')).cuts_label()}"]
             if self.per_year else []))

    def with_(self, **changes) -> Study:
        """A copy with some keys changed (checked again)."""
        return replace(self, **changes)
