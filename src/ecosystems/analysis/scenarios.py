"""Scenarios: a study other than the paper's, and what it changes against the paper's.

A scenario is a parameter file under ``params/`` (or your own). ``make scenario
PARAMS=params/NAME.yaml`` (``python -m ecosystems scenario``) checks it, runs
every notebook with it into ``build/scenarios/NAME/`` and writes a summary
there: the settings, the cut points actually used, the cluster-years whose
type changed and the claims whose verdict flipped against the paper's
configuration on the same data (:func:`scenario_summary`).
"""

from __future__ import annotations

import pandas as pd

from .. import config
from ..typology.rule import slugs_of
from ..typology.thresholds import CUT_COLUMNS
from .study import Study


def paper_study(study: Study) -> Study:
    """The paper's configuration on the same data (and sheet) as ``study``."""
    return Study(data_path=study.data_path, data_sheet=study.data_sheet)


def compare_with_paper(study: Study) -> pd.DataFrame:
    """Every cluster-year's type under ``study`` next to its type under the paper's configuration.

    Returns
    -------
    pandas.DataFrame
        ``cluster, year, paper_type, scenario_type, changed`` in the data's
        order; a cluster-year the scenario leaves out (``clusters``) has no
        scenario type.
    """
    paper = paper_study(study)
    left = paper.published[["cluster", "year"]].assign(paper_type=slugs_of(paper.codes))
    right = study.indicators[["cluster", "year"]].assign(scenario_type=slugs_of(study.codes))
    merged = left.merge(right, on=["cluster", "year"], how="left", validate="one_to_one")
    merged["changed"] = merged["paper_type"].astype(object) != merged["scenario_type"].astype(
        object)
    return merged


def claims_against_paper(study: Study) -> pd.DataFrame:
    """The claims ledger's verdicts under ``study`` next to the paper's configuration's.

    Returns
    -------
    pandas.DataFrame
        ``claim_id, statement`` (the claim's short quote, ``data/claims.csv``
        column ``short``, so that a reader need not open that file to learn what
        the claim says)``, paper_verdict, scenario_verdict, flipped``.
    """
    from .claims.ledger import claims_table, evaluate_claims

    paper = paper_study(study)
    before = evaluate_claims(paper.indicators, paper.cut_points)
    after = evaluate_claims(study.indicators, study.cut_points)  # per year when so chosen
    short = claims_table().set_index("claim_id")["short"]
    return pd.DataFrame({"claim_id": before["claim_id"],
                         "statement": before["claim_id"].map(short).to_numpy(),
                         "paper_verdict": before["verdict"],
                         "scenario_verdict": after["verdict"],
                         "flipped": (before["verdict"] != after["verdict"]).to_numpy()})


def _table(df: pd.DataFrame) -> str:
    return df.to_markdown(index=False) if len(df) else "(none)"


def scenario_summary(study: Study, name: str, params: dict, source: str) -> str:
    """A short Markdown page: the scenario's settings, cut points, changed types, flipped claims.

    Parameters
    ----------
    study : Study
        The scenario's study.
    name : str
        The scenario's name (its parameter file's stem).
    params : dict
        The parameter file's keys, shown as given.
    source : str
        The parameter file, for the page.
    """
    from ..io.reference import cluster_names, type_names

    types, names = type_names(short=True), cluster_names()
    changes = compare_with_paper(study)
    moved = changes[changes["changed"]]
    moved = pd.DataFrame({
        "cluster": moved["cluster"].map(names).fillna(moved["cluster"]), "year": moved["year"],
        "paper": moved["paper_type"].map(types), "scenario": moved["scenario_type"].map(types)})
    claims = claims_against_paper(study)
    flipped = claims[claims["flipped"]]
    cuts = study.cut_points.rename(columns={c: c.replace("_", " ") for c in CUT_COLUMNS})
    settings = "\n".join(f"- `{k}`: `{v!r}`" for k, v in params.items()) or "- (none)"
    lines = [
        f"# Scenario {name}",
        "",
        f"Parameter file: `{source}`. Every notebook of this folder ran with it; figures and "
        "tables carry these settings in a note.",
        "",
        "## Settings",
        "",
        settings,
        "",
        f"Data: `{config.relative(study.source)}`; cut points: {study.cuts_label()}; "
        + (f"real terms, rubles of {study.base_year} ({study.deflator_label()})" if study.deflator
           else "nominal rubles") + "; suspect zeros "
        + ("as missing" if study.suspect_zeros_as_missing else "as published") + ".",
        "",
        "## Cut points used (million rubles per employee)",
        "",
        _table(cuts),
        "",
        *([] if study.cut_method in ("paper", "explicit") else [
            f"The cut points are chosen from the data ({study.cut_method}): the classes are "
            "relative, so a type name here names a cell of the grid among these clusters (e.g. "
            "the top third on both indicators), not the paper's absolute level.", ""]),
        f"## Cluster-years that change type against the paper ({len(moved)} of "
        f"{len(changes)})",
        "",
        _table(moved),
        "",
        f"## Claims whose verdict flips ({len(flipped)} of {len(claims)})",
        "",
        "Each claim with its short quote (the full sentence is in `data/claims.csv`), its "
        "verdict under the paper's configuration (old) and under this scenario (new).",
        "",
        _table(flipped.drop(columns="flipped").rename(columns={
            "claim_id": "claim", "statement": "the paper says", "paper_verdict": "old verdict",
            "scenario_verdict": "new verdict"})),
        "",
    ]
    return "\n".join(lines)
