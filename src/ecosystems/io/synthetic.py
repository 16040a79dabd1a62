"""SYNTHETIC indicator tables of any size, seeded: for tests, benchmarks and trying the notebooks.

Nothing here is data about any cluster. The values imitate the ranges of the
paper's Table 3 (R&D 0-0.27, value added 0-3.3 million rubles per employee,
three decimals, a few exact zeros) at the sizes real uses meet: GISP's
Industrial Atlas lists 151 clusters, a study of firms or regions thousands.
Every cluster name starts with ``SYNTHETIC``.

Distribution (per cluster ``c`` and year ``t``, natural logarithms):

- starting levels: ``log rd ~ N(log 0.03, 1.2)`` and ``log va ~ N(log 1.0, 0.6)``,
  correlated (0.3);
- yearly changes: ``log x[t] = log x[t-1] + drift[c] + e``, ``e ~ N(0, 0.25)`` for
  R&D and ``N(0, 0.15)`` for value added, ``drift[c] ~ N(0, 0.05)``; one cluster
  in ten is a mover, drifting by +0.25 a year on one indicator, so that types change;
- rounded to three decimals (small R&D values become ``0.000``, as in Table 3);
- exact zeros: 3 % of R&D values and 1 % of value-added values (the "unreported"
  zeros of Table 3);
- missing (NaN): 2 % of the values of each indicator.

Same arguments, same NumPy: the same table (``numpy.random.default_rng``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The seed of ``make synthetic`` and of the benchmarks.
SEED = 20261201
LAST_YEAR = 2023
SHARE_MOVERS, SHARE_ZERO_RD, SHARE_ZERO_VA, SHARE_MISSING = 0.10, 0.03, 0.01, 0.02


def synthetic_indicators(n_clusters: int = 151, n_years: int = 10, seed: int = SEED,
                         last_year: int = LAST_YEAR) -> pd.DataFrame:
    """A SYNTHETIC table of cluster indicators, one row per cluster and year.

    Parameters
    ----------
    n_clusters, n_years : int
        Size: 151 x 10 is the Industrial Atlas's count of clusters over ten
        years; 5,000 x 20 a study of firms.
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    last_year : int
        The years are ``last_year - n_years + 1`` to ``last_year``.

    Returns
    -------
    pandas.DataFrame
        ``cluster`` (``"SYNTHETIC cluster 0001"``, ...), ``year`` (int64),
        ``rd_per_employee`` and ``value_added_per_employee`` (float64, million
        rubles per employee, three decimals, NaN where missing), in the layout
        :func:`ecosystems.load_indicators` returns. The distribution is in the
        module's documentation.

    Examples
    --------
    >>> df = synthetic_indicators(3, 2, seed=1)
    >>> df.shape, df["cluster"].iloc[0]
    ((6, 4), 'SYNTHETIC cluster 1')
    """
    if n_clusters < 1 or n_years < 1:
        raise ValueError(f"need at least one cluster and one year, got {n_clusters} x {n_years}")
    rng = np.random.default_rng(seed)
    start = rng.multivariate_normal([np.log(0.03), np.log(1.0)],
                                    [[1.2**2, 0.3 * 1.2 * 0.6], [0.3 * 1.2 * 0.6, 0.6**2]],
                                    size=n_clusters)
    drift = rng.normal(0.0, 0.05, size=(n_clusters, 2))
    movers = rng.random(n_clusters) < SHARE_MOVERS
    drift[movers, rng.integers(0, 2, size=int(movers.sum()))] += 0.25
    steps = rng.normal(0.0, 1.0, size=(n_clusters, n_years, 2)) * np.array([0.25, 0.15])
    steps[:, 0, :] = 0.0
    steps[:, 1:, :] += drift[:, None, :]
    logs = start[:, None, :] + np.cumsum(steps, axis=1)
    values = np.round(np.exp(logs), 3).reshape(-1, 2)
    n = values.shape[0]
    values[rng.random(n) < SHARE_ZERO_RD, 0] = 0.0
    values[rng.random(n) < SHARE_ZERO_VA, 1] = 0.0
    values[rng.random((n, 2)) < SHARE_MISSING] = np.nan
    width = len(str(n_clusters))
    names = [f"SYNTHETIC cluster {i:0{width}d}" for i in range(1, n_clusters + 1)]
    years = np.arange(last_year - n_years + 1, last_year + 1, dtype="int64")
    return pd.DataFrame({
        "cluster": np.repeat(names, n_years),
        "year": np.tile(years, n_clusters),
        "rd_per_employee": values[:, 0],
        "value_added_per_employee": values[:, 1],
    })
