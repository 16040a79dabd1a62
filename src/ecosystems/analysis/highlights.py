"""Which clusters a figure with many clusters picks out (computing only).

A phase portrait or a set of small multiples of hundreds of clusters cannot
show each; :func:`highlight_clusters` ranks them by a stated rule so that a
figure draws the first few in full (the rest as a density layer, or listed in
a table) and says which rule chose them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..typology.rule import classify

# Clusters drawn in full (a legend entry, a panel) by default when there are more.
HIGHLIGHTED = 12
HIGHLIGHT_RULE = ("the clusters that change type most often; ties: the largest move between "
                  "their first and last year (distance in log(1 + value) of both indicators), "
                  "then the name")


def highlight_clusters(data: pd.DataFrame, thresholds=None, n: int = HIGHLIGHTED,
                       chosen=None) -> pd.DataFrame:
    """Every cluster ranked by :data:`HIGHLIGHT_RULE`, the first ``n`` marked as chosen.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy indicators (``cluster, year, rd_per_employee,
        value_added_per_employee``).
    thresholds : Thresholds or mapping, optional
        Cut points (the paper's by default).
    n : int
        How many clusters are chosen by the rule.
    chosen : sequence of str, optional
        Clusters the user picks instead of the rule (names as in ``data``);
        they come first, in the order given, then the rest by the rule.

    Returns
    -------
    pandas.DataFrame
        One row per cluster, best first: ``rank`` (from 1), ``cluster``,
        ``years``, ``type_changes``, ``movement``, ``first_type``,
        ``last_type`` and ``chosen`` (bool).

    Raises
    ------
    KeyError
        A cluster of ``chosen`` that is not in ``data`` (naming it).
    """
    if n < 0:
        raise ValueError(f"n must be at least 0, got {n}")
    c = classify(data, thresholds).sort_values(["cluster", "year"], kind="stable")
    kind = c["ecosystem_type"].astype(object)
    same_cluster = c["cluster"].eq(c["cluster"].shift())
    changed = same_cluster & kind.ne(kind.shift()) & kind.notna() & kind.shift().notna()
    logs = np.log1p(c[["rd_per_employee", "value_added_per_employee"]].clip(lower=0))
    g = c.assign(changed=changed.to_numpy(), lx=logs["value_added_per_employee"],
                 ly=logs["rd_per_employee"], kind=kind).groupby("cluster", sort=False)
    first, last = g.first(), g.last()
    out = pd.DataFrame({
        "cluster": first.index,
        "years": g.size().to_numpy(),
        "type_changes": g["changed"].sum().astype(int).to_numpy(),
        "movement": np.hypot(last["lx"] - first["lx"], last["ly"] - first["ly"]).to_numpy(),
        "first_type": first["kind"].to_numpy(), "last_type": last["kind"].to_numpy(),
    })
    out["movement"] = out["movement"].fillna(0.0)
    picked = [] if chosen is None else ([chosen] if isinstance(chosen, str) else list(chosen))
    unknown = [p for p in picked if p not in set(out["cluster"])]
    if unknown:
        raise KeyError(f"cluster(s) {unknown} to highlight are not in the data")
    out["_user"] = out["cluster"].map({p: k for k, p in enumerate(picked)})
    out = out.sort_values(["_user", "type_changes", "movement", "cluster"],
                          ascending=[True, False, False, True], kind="stable",
                          na_position="last").drop(columns="_user")
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out["chosen"] = out["rank"] <= (len(picked) if picked else n)
    return out.reset_index(drop=True)
