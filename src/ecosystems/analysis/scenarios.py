"""Scenarios: named parameter files under ``params/`` and their classification.

A scenario file holds notebook parameters. ``make scenario PARAMS=params/NAME.yaml``
runs every notebook with it into ``build/scenarios/NAME/`` and then writes
``comparison_with_paper`` (CSV and Markdown, ``python -m ecosystems compare-scenario``):
the type of every cluster-year under the scenario against the paper's
classification. The scenario's classification is set by the keys
:data:`CLASSIFICATION_KEYS` (the same ones notebook 05 declares), read here
exactly as the notebook does.
"""

from __future__ import annotations

import pandas as pd

from .. import config
from ..io.deflation import deflate_by, load_deflators
from ..io.loaders import load_indicators
from ..typology.cut_methods import METHODS, alternative_classification
from ..typology.rule import indicator_arrays, slugs_of, type_codes

CLASSIFICATION_KEYS = ("data_path", "thresholds", "cut_method", "deflator", "deflator_path",
                       "base_year")
CUT_METHODS = ("paper", *METHODS, *(f"{m}_per_year" for m in METHODS))


def scenario_indicators(data_path=None, deflator=None, deflator_path=None,
                        base_year: int = 2020) -> pd.DataFrame:
    """The indicators a scenario classifies: nominal, or deflated by a named series.

    Parameters
    ----------
    data_path : path, optional
        Indicator table (Table 3 by default).
    deflator : str or mapping, optional
        A series of the deflator table for both indicators (e.g.
        ``"gdp_deflator"``), or one series per indicator
        (``{"rd_per_employee": "gdp_deflator", "value_added_per_employee":
        "gva_deflator_manufacturing"}``, see :func:`ecosystems.deflator_series`);
        ``None`` keeps nominal rubles.
    deflator_path : path, optional
        Deflator table (``data/deflators.csv`` by default), for your own series.
    base_year : int
        Year whose rubles the deflated indicators are expressed in.
    """
    data = load_indicators(config.user_path(data_path, config.TABLE3))
    if deflator:
        data = deflate_by(data, load_deflators(deflator_path), deflator, base_year)
    return data


def scenario_classification(data_path=None, thresholds=None, cut_method=None, deflator=None,
                            deflator_path=None, base_year: int = 2020) -> pd.DataFrame:
    """Classify under a scenario's parameters.

    Parameters
    ----------
    data_path, deflator, deflator_path, base_year
        See :func:`scenario_indicators`.
    thresholds : Thresholds or mapping, optional
        Cut points (the paper's by default); only with ``cut_method`` unset
        or ``"paper"``.
    cut_method : str, optional
        ``"paper"`` (fixed cut points) or a data-driven method from
        :data:`~ecosystems.typology.cut_methods.METHODS`, optionally with
        ``_per_year`` (cut points from each year separately).

    Returns
    -------
    pandas.DataFrame
        ``cluster, year, rd_per_employee, value_added_per_employee`` (as
        classified, i.e. deflated when asked) and ``ecosystem_type``.
    """
    data = scenario_indicators(data_path, deflator, deflator_path, base_year)
    method = cut_method or "paper"
    if method not in CUT_METHODS:
        raise ValueError(f"cut_method must be one of {CUT_METHODS}, got {cut_method!r}")
    if method == "paper":
        codes = type_codes(*indicator_arrays(data), thresholds)
    else:
        if thresholds is not None:
            raise ValueError(f"cut_method {method!r} chooses its own cut points; "
                             "leave thresholds unset")
        scope = "per_year" if method.endswith("_per_year") else "pooled"
        codes, _ = alternative_classification(data, method.removesuffix("_per_year"), scope)
    out = data[["cluster", "year", "rd_per_employee", "value_added_per_employee"]].copy()
    out["ecosystem_type"] = slugs_of(codes)
    return out


def compare_with_paper(scenario: pd.DataFrame, data_path=None) -> pd.DataFrame:
    """A scenario's types next to the paper's classification of the nominal data.

    Returns
    -------
    pandas.DataFrame
        ``cluster, year, paper_type, scenario_type, changed``.
    """
    paper = scenario_classification(data_path=data_path)
    merged = paper[["cluster", "year", "ecosystem_type"]].merge(
        scenario[["cluster", "year", "ecosystem_type"]], on=["cluster", "year"], how="outer",
        suffixes=("_paper", "_scenario"), validate="one_to_one", sort=False)
    merged = merged.rename(columns={"ecosystem_type_paper": "paper_type",
                                    "ecosystem_type_scenario": "scenario_type"})
    paper_type = merged["paper_type"].astype(object)
    merged["changed"] = paper_type != merged["scenario_type"].astype(object)
    return merged
