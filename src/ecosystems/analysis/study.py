"""The study a run carries out: everything its results depend on, in one checked object.

Every notebook declares the same study keys in its ``parameters`` cell (the
block marked "study"), turns them into one :class:`Study` and takes from it
the data, the cut points, the languages and the output folders; no notebook
resolves a path or reads an environment variable itself. A parameter file
(``params/*.yaml``, ``make scenario``) sets the same keys, checked before
anything runs (:func:`ecosystems.analysis.parameters.check_parameters`).

What each key means is said once, in :data:`ecosystems.analysis.parameters.PARAMETERS`.
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

#: Methods that choose the cut points: the paper's, explicit ones, or from the data.
DATA_METHODS = ("tertiles", "fisher_jenks")
CUT_METHODS = ("paper", "explicit", *DATA_METHODS, *(f"{m}_per_year" for m in DATA_METHODS))


def _problem(key: str, value, expected: str) -> ParameterError:
    return ParameterError(f"{key}: {value!r} {expected}")


def _optional_path(key, value):
    if value is None or value == "":
        return None
    if not isinstance(value, str | Path):
        raise _problem(key, value, "is not a path; give a file name (text) or null")
    return value


def _sheet(key, value):
    if value is None or isinstance(value, str) or (isinstance(value, int)
                                                   and not isinstance(value, bool) and value >= 0):
        return value
    raise _problem(key, value, "is not a sheet; give a sheet name, a number from 0, or null")


@dataclass(frozen=True)
class Study:
    """What a run depends on, checked when made (see :data:`PARAMETERS` for each key's meaning).

    Parameters
    ----------
    data_path, data_sheet : optional
        The indicator table (Table 3 by default) and its workbook sheet.
    clusters : sequence of str, optional
        The clusters studied; every cluster of the data by default.
    thresholds : Thresholds or mapping, optional
        Explicit cut points (then ``cut_method`` is ``"explicit"``).
    cut_method : str, optional
        One of :data:`CUT_METHODS`; ``"paper"`` when no thresholds are given.
    deflator, deflator_path, base_year : optional
        Real terms: a series of the deflator table for both indicators, or a
        mapping ``{rd_per_employee: series, value_added_per_employee: series}``
        (:func:`ecosystems.deflator_series`), in rubles of ``base_year``.
    suspect_zeros_as_missing : bool
    langs : sequence of {"en", "ru"}, optional
    seed : int
    output_dir : path, optional
    participants_path, participants_sheet : optional

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

    data_path: str | Path | None = None
    data_sheet: str | int | None = None
    clusters: tuple[str, ...] | None = None
    thresholds: Thresholds | None = None
    cut_method: str | None = None
    deflator: str | dict | None = None
    deflator_path: str | Path | None = None
    base_year: int = 2020
    suspect_zeros_as_missing: bool = False
    langs: tuple[str, ...] = LANGS
    seed: int = 0
    output_dir: str | Path | None = None
    participants_path: str | Path | None = None
    participants_sheet: str | int | None = None

    def __post_init__(self):
        def put(name, value):
            object.__setattr__(self, name, value)

        for key in ("data_path", "deflator_path", "output_dir", "participants_path"):
            put(key, _optional_path(key, getattr(self, key)))
        for key in ("data_sheet", "participants_sheet"):
            put(key, _sheet(key, getattr(self, key)))
        if self.clusters is not None:
            chosen = (self.clusters,) if isinstance(self.clusters, str) else self.clusters
            if not isinstance(chosen, list | tuple) or not all(isinstance(c, str) for c in chosen):
                raise _problem("clusters", self.clusters, "is not a list of cluster names")
            if not chosen:
                raise _problem("clusters", self.clusters, "is empty; give names or null (all)")
            put("clusters", tuple(chosen))
        if self.thresholds is not None:
            try:
                put("thresholds", Thresholds.from_any(self.thresholds))
            except (TypeError, ValueError) as exc:
                raise ParameterError(f"thresholds: {exc}") from None
        method = self.cut_method or ("explicit" if self.thresholds is not None else "paper")
        if method not in CUT_METHODS:
            raise _problem("cut_method", self.cut_method, f"is not one of {list(CUT_METHODS)}")
        if method == "explicit" and self.thresholds is None:
            raise ParameterError("cut_method: 'explicit' needs thresholds; give them or use "
                                 "cut_method 'paper'")
        if method != "explicit" and self.thresholds is not None:
            raise ParameterError(f"thresholds: given with cut_method {method!r}, which chooses "
                                 "its own cut points; leave one of them out")
        put("cut_method", method)
        if self.deflator is not None:
            from ..io.deflation import deflator_series

            try:
                deflator_series(self.deflator)
            except (TypeError, ValueError) as exc:
                raise ParameterError(f"deflator: {exc}") from None
        if isinstance(self.base_year, bool) or not isinstance(self.base_year, int) \
                or not 1990 <= self.base_year <= 2100:
            raise _problem("base_year", self.base_year, "is not a whole year between 1990 and 2100")
        if not isinstance(self.suspect_zeros_as_missing, bool):
            raise _problem("suspect_zeros_as_missing", self.suspect_zeros_as_missing,
                           "is not true or false")
        langs = (self.langs,) if isinstance(self.langs, str) else tuple(self.langs or LANGS)
        unknown = [lang for lang in langs if lang not in LANGS]
        if unknown or len(set(langs)) != len(langs):
            raise _problem("langs", self.langs, f"is not a list of distinct {list(LANGS)}")
        put("langs", langs)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise _problem("seed", self.seed, "is not a whole number >= 0")

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """The study keys (the names of a notebook's study block)."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_params(cls, params) -> Study:
        """The study of a mapping of parameters (e.g. a notebook's namespace, ``globals()``).

        Keys that are not study keys are ignored.
        """
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
