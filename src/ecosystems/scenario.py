"""Scenarios: named parameter files under ``params/`` and their classification.

A scenario file holds notebook parameters. ``make scenario PARAMS=params/NAME.yaml``
runs every notebook with it (each notebook gets the keys it declares; a key no
notebook declares is an error) into ``build/scenarios/NAME/`` and then

``python -m ecosystems.scenario_cli compare params/NAME.yaml --dest build/scenarios/NAME``

writes ``comparison_with_paper`` (CSV and Markdown): the type of every
cluster-year under the scenario against the paper's classification. The
scenario's classification is set by the keys :data:`CLASSIFICATION_KEYS`
(the same ones notebook 05 declares), read here exactly as the notebook does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .alternatives import METHODS, alternative_classification
from .deflation import deflate, load_deflators, price_index
from .loaders import load_indicators
from .reference import type_slugs
from .sweep_engine import reference_codes

CLASSIFICATION_KEYS = ("data_path", "thresholds", "cut_method", "deflator", "deflator_path",
                       "base_year", "seed")
CUT_METHODS = ("paper",) + METHODS + tuple(f"{m}_per_year" for m in METHODS)


def scenario_indicators(data_path=None, deflator=None, deflator_path=None,
                        base_year: int = 2020) -> pd.DataFrame:
    """The indicators a scenario classifies: nominal, or deflated by a named series.

    Parameters
    ----------
    data_path : path, optional
        Indicator table (Table 3 by default).
    deflator : str, optional
        A series of the deflator table (e.g. ``"cpi_dec_dec"``); ``None``
        keeps nominal rubles.
    deflator_path : path, optional
        Deflator table (``data/deflators.csv`` by default), for your own series.
    base_year : int
        Year whose rubles the deflated indicators are expressed in.
    """
    data = load_indicators(paths.user_path(data_path, paths.TABLE3))
    if deflator:
        data = deflate(data, price_index(load_deflators(deflator_path), deflator, base_year))
    return data


def scenario_classification(data_path=None, thresholds=None, cut_method=None, deflator=None,
                            deflator_path=None, base_year: int = 2020,
                            seed: int = 0) -> pd.DataFrame:
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
        :data:`~ecosystems.alternatives.METHODS`, optionally with
        ``_per_year`` (cut points from each year separately).
    seed : int
        Seed of the k-means method.

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
        codes = reference_codes(data, thresholds)
    else:
        if thresholds is not None:
            raise ValueError(f"cut_method {method!r} chooses its own cut points; "
                             "leave thresholds unset")
        scope = "per_year" if method.endswith("_per_year") else "pooled"
        codes, _ = alternative_classification(data, method.removesuffix("_per_year"), scope, seed)
    slugs = np.array(type_slugs() + [None], dtype=object)
    out = data[["cluster", "year", "rd_per_employee", "value_added_per_employee"]].copy()
    out["ecosystem_type"] = slugs[codes]
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


def main(argv=None) -> int:
    from .output import save_table
    from .pipeline import read_params

    parser = argparse.ArgumentParser(prog="python -m ecosystems.scenario_cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    cmp_ = sub.add_parser("compare", help="write a scenario's classification against the paper's")
    cmp_.add_argument("params", type=Path)
    cmp_.add_argument("--dest", type=Path, required=True)
    args = parser.parse_args(argv)
    params = read_params([args.params])
    keys = {k: params[k] for k in CLASSIFICATION_KEYS if k in params}
    try:
        table = compare_with_paper(scenario_classification(**keys), keys.get("data_path"))
    except (ValueError, KeyError) as exc:
        print(f"error: {args.params}: {exc}", file=sys.stderr)
        return 1
    written = save_table(table, "comparison_with_paper", folder=args.dest)
    print(f"{args.params}: {int(table['changed'].sum())} of {len(table)} cluster-years change "
          f"type against the paper's classification ({paths.relative(written[0])})")
    return 0
