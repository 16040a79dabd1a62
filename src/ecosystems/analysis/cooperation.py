"""Cooperation inside a cluster and the paper's selection of clusters.

The paper measures cooperation as in the GISP calculation form for Government
Resolution No. 779 of 31.07.2015: the goods, works and services that cluster
participants supply and that *other participants of the same cluster* use,
divided by the total the participants supply (both in million rubles). It then
keeps, for Table 3, the clusters with cooperation "above 30%" and both
indicators (innovation, productivity) available.

:func:`cooperation_ratio` computes the form's volume-weighted ratio per cluster
and year, and next to it what the form hides: the unweighted mean of the
participants' own ratios, the number of participants, the largest
participant's share of the cluster's output, and the participants with zero
output (whose own ratio is undefined). :func:`select_clusters` applies the
selection rule and gives a reason for every cluster it keeps or drops, or cannot
decide on: a cluster without a cooperation share is *unknown*, not dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataError
from ..io.loaders import INDICATORS, check_participants
from ..io.reference import read_data_csv

TO_CLUSTER, TOTAL = "supplied_to_cluster_mln_rub", "supplied_total_mln_rub"

#: The paper's selection line: cooperation "above 30%" (section "Russia's
#: industrial ecosystem development dynamics analysis").
PAPER_MIN_COOPERATION = 0.30
#: Lines the notebook compares: the legal minimum shares reported in the
#: literature for Resolution No. 779 (50%, later 20%, 10% for some
#: territories; see data/README.md) and the paper's 30%.
COOPERATION_LINES = (0.10, 0.20, 0.30, 0.50)
#: Shares this close to the line count as equal to it (ratios of money
#: amounts and percentages divided by 100 are not exact in binary).
AT_LINE_ATOL = 1e-9

INDICATOR_COLUMNS = tuple(INDICATORS.values())


def participant_ratios(df: pd.DataFrame) -> pd.DataFrame:
    """Each participant's own cooperation ratio.

    Parameters
    ----------
    df : pandas.DataFrame
        Participant-level table with columns ``cluster, participant, year,
        supplied_to_cluster_mln_rub, supplied_total_mln_rub`` (as read by
        ``ecosystems.load_participants``).

    Returns
    -------
    pandas.DataFrame
        ``df`` with three more columns: ``participant_ratio`` (supplied to
        the cluster over supplied in total; NaN where the total is zero,
        because 0/0 is undefined, or a volume is missing), ``zero_output``
        (True where the total is zero) and ``missing`` (True where either
        volume is missing, i.e. NaN).

    Raises
    ------
    DataError
        When a column is missing, a volume is negative, infinite or not a
        number, a (cluster, participant, year) repeats, or a participant
        supplies more to the cluster than in total
        (:func:`ecosystems.io.loaders.check_participants`).
    """
    check_participants(df)
    out = df.copy()
    total = pd.to_numeric(out[TOTAL]).astype(float)
    to_cluster = pd.to_numeric(out[TO_CLUSTER]).astype(float)
    out["missing"] = total.isna() | to_cluster.isna()
    out["zero_output"] = total == 0
    out["participant_ratio"] = (to_cluster / total.where(total > 0)).astype(float)
    return out


def cooperation_ratio(df: pd.DataFrame) -> pd.DataFrame:
    """Cooperation per cluster and year: the GISP form's ratio and what it hides.

    Parameters
    ----------
    df : pandas.DataFrame
        Participant-level table, see :func:`participant_ratios`.

    Returns
    -------
    pandas.DataFrame
        One row per cluster and year (clusters in order of first appearance,
        years ascending) with columns

        ``n_participants``
            Participants listed for the cluster in that year.
        ``n_zero_output``, ``zero_output_participants``
            Participants whose total supply is zero (names joined by ``"; "``,
            empty string if none). Their own ratio is undefined; they add
            nothing to either sum of the weighted ratio and are left out of the
            unweighted mean.
        ``n_missing``, ``missing_participants``
            Participants with a missing volume (either column empty). They are
            left out of both sums and of the mean, and named here: the ratios
            then describe the other participants only.
        ``supplied_to_cluster_mln_rub``, ``supplied_total_mln_rub``
            The sums over participants.
        ``weighted_ratio``
            Sum supplied to the cluster over sum supplied in total: the GISP
            form for Resolution No. 779. NaN when every participant has zero
            output.
        ``unweighted_ratio``
            Mean of the participants' own ratios over those with output.
        ``largest_participant``, ``largest_share``
            The participant with the largest total and its share of the
            cluster's total (NaN when the total is zero). A share near 1 means
            the weighted ratio is essentially that participant's own ratio.

    Raises
    ------
    DataError
        See :func:`participant_ratios`.

    Examples
    --------
    Two participants, 90 of 100 and 1 of 10 million rubles supplied to the
    cluster: weighted ratio 91/110 = 0.827, unweighted (0.9 + 0.1) / 2 = 0.5.
    """
    parts = participant_ratios(df)
    parts[TOTAL] = pd.to_numeric(parts[TOTAL]).astype(float)
    parts[TO_CLUSTER] = pd.to_numeric(parts[TO_CLUSTER]).astype(float)
    cluster_order = {c: i for i, c in enumerate(pd.unique(parts["cluster"]))}
    rows = []
    for (cluster, year), listed in parts.groupby(["cluster", "year"], sort=False):
        missing = listed.loc[listed["missing"], "participant"].astype(str).tolist()
        group = listed[~listed["missing"]]
        total = group[TOTAL].sum()
        to_cluster = group[TO_CLUSTER].sum()
        zero = group.loc[group["zero_output"], "participant"].astype(str).tolist()
        largest = group.loc[group[TOTAL].idxmax()] if len(group) else None
        rows.append({
            "cluster": cluster,
            "year": year,
            "n_participants": len(listed),
            "n_zero_output": len(zero),
            "zero_output_participants": "; ".join(zero),
            "n_missing": len(missing),
            "missing_participants": "; ".join(missing),
            TO_CLUSTER: to_cluster,
            TOTAL: total,
            "weighted_ratio": to_cluster / total if total > 0 else np.nan,
            "unweighted_ratio": group["participant_ratio"].mean(),  # skips NaN
            "largest_participant": "" if largest is None else largest["participant"],
            "largest_share": largest[TOTAL] / total if total > 0 else np.nan,
        })
    out = pd.DataFrame(rows)
    out["_order"] = out["cluster"].map(cluster_order)
    out = out.sort_values(["_order", "year"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)


def reported_shares(path=None) -> pd.DataFrame:
    """The cooperation shares the paper reports, from ``data/cooperation_reported.csv``.

    Parameters
    ----------
    path : path, optional
        Defaults to ``data/cooperation_reported.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``cluster_as_reported``, ``cluster`` (the Table 3 name, empty
        string where none matches), ``share`` (a fraction: the printed percent
        divided by 100), ``share_percent`` (as printed), ``source``,
        ``match_note``.
    """
    table = read_data_csv(config.COOPERATION if path is None else path).copy()
    table["share_percent"] = table["share_percent"].astype(float)
    table.insert(2, "share", table["share_percent"] / 100)
    return table


def _check_line(line: float) -> float:
    line = float(line)
    if not 0 < line <= 1:
        hint = f"; did you mean {line / 100:g}?" if 1 < line <= 100 else ""
        raise ValueError(f"min_cooperation is a share in (0, 1], got {line:g}{hint}")
    return line


def _indicator_gaps(indicators: pd.DataFrame, years) -> dict[str, str]:
    """Map each cluster of ``indicators`` to a description of its missing values ('' if none)."""
    absent = [c for c in ("cluster", "year", *INDICATOR_COLUMNS) if c not in indicators.columns]
    if absent:
        raise DataError(f"indicator table: required column(s) {absent} missing")
    years = sorted(indicators["year"].unique()) if years is None else sorted(years)
    order = [c for c in pd.unique(indicators["cluster"]) if not pd.isna(c)]
    # every cluster x year at once (a year absent from the table counts as missing)
    full = indicators.set_index(["cluster", "year"])[list(INDICATOR_COLUMNS)].reindex(
        pd.MultiIndex.from_product([order, years]))
    missing = full.isna().to_numpy().reshape(len(order), len(years), len(INDICATOR_COLUMNS))
    gaps = dict.fromkeys(order, "")
    for k in np.flatnonzero(missing.any(axis=(1, 2))):
        parts = []
        for j, column in enumerate(INDICATOR_COLUMNS):
            lacking = [int(y) for y, m in zip(years, missing[k, :, j], strict=True) if m]
            if lacking:
                parts.append(f"{column} {', '.join(map(str, lacking))}")
        gaps[order[k]] = "; ".join(parts)
    return gaps


def select_clusters(cooperation: pd.DataFrame, indicators: pd.DataFrame | None,
                    min_cooperation: float = PAPER_MIN_COOPERATION, *, share: str = "share",
                    inclusive: bool = False, years=None) -> pd.DataFrame:
    """Apply the paper's selection rule and say why each cluster is kept or dropped.

    A cluster is kept when its cooperation share is above ``min_cooperation`` and
    both indicators (R&D and value added per employee) are available in every
    one of ``years``; dropped when either fails; and *unknown* when it has no
    share and nothing else fails (a Table 3 cluster whose share the paper does
    not report: the rule can neither keep nor drop it).

    "Above" is read strictly (``share > min_cooperation``), as the paper writes
    "above 30%"; a share equal to the line (within 1e-9) is dropped with
    the reason "equal to the line". Resolution No. 779 states its minimum
    as "not less than"; pass ``inclusive=True`` for that reading.

    Parameters
    ----------
    cooperation : pandas.DataFrame
        One row per cluster with columns ``cluster`` and ``share`` (a fraction,
        e.g. :func:`reported_shares`, or one year of :func:`cooperation_ratio`
        with ``share="weighted_ratio"``). Rows with an empty ``cluster`` (a
        reported share matching no Table 3 cluster) are not selectable and
        are reported under ``cluster_as_reported`` when that column exists.
    indicators : pandas.DataFrame or None
        Indicator table (``ecosystems.load_indicators``). ``None`` checks the
        cooperation criterion only, and every reason says so.
    min_cooperation : float
        Share in (0, 1]; the paper's 0.30 by default.
    share : str
        Column of ``cooperation`` holding the share.
    inclusive : bool
        Keep shares equal to the line.
    years : iterable of int, optional
        Years in which both indicators must be present; default every year of
        ``indicators``.

    Returns
    -------
    pandas.DataFrame
        One row per cluster (those of ``cooperation`` in their order, then
        those only in ``indicators``) with columns ``cluster``, ``share``,
        ``indicators_complete`` (NA when not checked), ``status`` (``kept``,
        ``dropped`` or ``unknown``), ``kept`` (nullable boolean: NA when
        unknown) and ``reason``. ``result[result["status"] == "kept"]`` are
        the kept clusters.

    Raises
    ------
    ValueError
        When ``min_cooperation`` is not in (0, 1] (a percentage such as 30 is caught).
    DataError
        When a column is missing or a cluster has more than one share.
    """
    line = _check_line(min_cooperation)
    for column in ("cluster", share):
        if column not in cooperation.columns:
            raise DataError(
                f"cooperation table: column {column!r} missing; found {list(cooperation.columns)}"
            )
    coop = cooperation.copy()
    if "cluster_as_reported" in coop.columns:
        unmatched = coop["cluster"].fillna("") == ""
        coop.loc[unmatched, "cluster"] = coop.loc[unmatched, "cluster_as_reported"]
        matched = ~unmatched
    else:
        matched = pd.Series(True, index=coop.index)
    dup = coop["cluster"].duplicated()
    if dup.any():
        name = coop["cluster"][dup].iloc[0]
        raise DataError(
            f"cooperation table: cluster {name!r} has more than one share; pass one row per "
            "cluster (e.g. one year of cooperation_ratio)"
        )
    gaps = None if indicators is None else _indicator_gaps(indicators, years)
    pct = f"{line:.0%}" if round(line * 100, 6) % 1 == 0 else f"{line:.2%}"
    rows = []
    reported = set(coop["cluster"])
    names = list(coop["cluster"]) + [c for c in (gaps or {}) if c not in reported]
    shares = dict(zip(coop["cluster"], pd.to_numeric(coop[share]), strict=True))
    in_table3 = dict(zip(coop["cluster"], matched, strict=True))
    for name in names:
        value = shares.get(name, np.nan)
        reasons, ok, unknown = [], True, False
        if name in in_table3 and not in_table3[name]:
            ok = False
            reasons.append("reported share matches no cluster of the indicator table")
        if pd.isna(value):
            unknown = True
            reasons.append("no cooperation share reported")
        else:
            at = np.isclose(value, line, rtol=0, atol=AT_LINE_ATOL)
            if at and inclusive:
                reasons.append(f"cooperation {value:.2%} equal to the line {pct} (inclusive)")
            elif at:
                ok = False
                reasons.append(f"cooperation {value:.2%} equal to the line {pct}, "
                               "not above it")
            elif value > line:
                reasons.append(f"cooperation {value:.2%} above {pct}")
            else:
                ok = False
                reasons.append(f"cooperation {value:.2%} below {pct}")
        if gaps is None:
            complete = pd.NA
            reasons.append("indicators not checked")
        elif name not in gaps:
            complete, ok = False, False
            if in_table3.get(name, True):
                reasons.append("not in the indicator table")
        elif gaps[name]:
            complete, ok = False, False
            reasons.append(f"indicators missing: {gaps[name]}")
        else:
            complete = True
            reasons.append("both indicators available")
        status = "dropped" if not ok else "unknown" if unknown else "kept"
        rows.append({"cluster": name, "share": value, "indicators_complete": complete,
                     "status": status, "kept": pd.NA if status == "unknown" else ok,
                     "reason": "; ".join(reasons)})
    out = pd.DataFrame(rows)
    out["indicators_complete"] = out["indicators_complete"].astype("boolean")
    out["kept"] = out["kept"].astype("boolean")
    return out


def selection_counts(cooperation: pd.DataFrame, indicators: pd.DataFrame | None,
                     lines=None, **kwargs) -> pd.DataFrame:
    """How many clusters :func:`select_clusters` keeps at each selection line.

    Parameters
    ----------
    cooperation, indicators
        As for :func:`select_clusters`.
    lines : iterable of float, optional
        Default :data:`COOPERATION_LINES` (10%, 20%, 30%, 50%).
    **kwargs
        Passed on to :func:`select_clusters` (``share``, ``inclusive``, ``years``).

    Returns
    -------
    pandas.DataFrame
        Columns ``min_cooperation``, ``n_candidates`` (rows considered), ``n_kept``,
        ``n_unknown`` (no share, nothing else failing), ``n_dropped`` and
        ``kept`` (names joined by ``"; "``), one row per line, ascending.
    """
    lines = COOPERATION_LINES if lines is None else lines
    rows = []
    for line in sorted(_check_line(t) for t in lines):
        result = select_clusters(cooperation, indicators, line, **kwargs)
        status = result["status"]
        rows.append({"min_cooperation": line, "n_candidates": len(result),
                     "n_kept": int((status == "kept").sum()),
                     "n_unknown": int((status == "unknown").sum()),
                     "n_dropped": int((status == "dropped").sum()),
                     "kept": "; ".join(result.loc[status == "kept", "cluster"])})
    return pd.DataFrame(rows)
