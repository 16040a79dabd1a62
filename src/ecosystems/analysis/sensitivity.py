"""How much of the classification is the thresholds' doing (computing only).

One-at-a-time sweeps of each cut point, two-dimensional maps of a pair of
cuts, the stability margin of every cluster-year and Monte-Carlo measurement
noise. Every function returns a DataFrame; the drawing functions are in
:mod:`ecosystems.draw.sensitivity_figures`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.reference import cluster_names, type_slugs
from ..typology.rule import (
    combine_levels,
    indicator_arrays,
    level_codes,
    slugs_of,
    type_codes,
)
from ..typology.sweeps import sweep, sweep_summary
from ..typology.thresholds import CUT_COLUMNS, Thresholds, threshold_array

PAIRS = {
    "lower": ("innovation_lower", "productivity_lower"),
    "upper": ("innovation_upper", "productivity_upper"),
}


def base_array(thresholds=None) -> np.ndarray:
    """The four cut points of ``thresholds`` (the paper's by default), length 4."""
    return threshold_array(Thresholds() if thresholds is None else thresholds)[0]


def cluster_year_labels(data: pd.DataFrame) -> pd.Series:
    """Short display labels such as ``"Kalashnikov 2020"`` for each row of ``data``."""
    names = data["cluster"].map(cluster_names()).fillna(data["cluster"])
    return names.astype(str) + " " + data["year"].astype(str)


def factor_grid(low: float = 0.5, high: float = 2.0, steps: int = 61) -> np.ndarray:
    """Multiplicative factors from ``low`` to ``high``, evenly spaced on a log scale.

    Includes exactly 1 (the unmoved cut) when ``low < 1 < high`` and ``steps``
    is odd and the range is symmetric on the log scale.
    """
    if not 0 < low < high:
        raise ValueError(f"factor range must satisfy 0 < low < high, got ({low}, {high})")
    if steps < 2:
        raise ValueError(f"steps must be at least 2, got {steps}")
    factors = np.geomspace(low, high, int(steps))
    factors[np.isclose(factors, 1.0)] = 1.0
    return factors


def one_at_a_time(data: pd.DataFrame, factors=None, thresholds=None) -> pd.DataFrame:
    """Move each cut point alone and count the cluster-years that change type.

    Parameters
    ----------
    data : pandas.DataFrame
        Indicators with ``cluster`` and ``year`` (e.g. :func:`load_indicators`).
    factors : array-like of float, optional
        Multiples of each cut point to try; :func:`factor_grid` (half to
        double, 61 steps) by default.
    thresholds : Thresholds or mapping, optional
        The base cut points (the paper's by default).

    Returns
    -------
    pandas.DataFrame
        One row per cut and factor: ``cut`` (a name from
        :data:`~ecosystems.typology.thresholds.CUT_COLUMNS`), ``factor``, ``threshold`` (the
        moved cut), ``changed`` (number of cluster-years whose type differs
        from the base classification) and ``which`` (their labels, ``"; "``
        separated, empty when none). A factor that would put a lower cut
        above its upper cut gives ``changed`` missing.
    """
    factors = factor_grid() if factors is None else np.asarray(factors, dtype=float)
    base = base_array(thresholds)
    ref = type_codes(*indicator_arrays(data), Thresholds.from_any(base))
    labels = cluster_year_labels(data).to_numpy()
    rows = []
    for j, cut in enumerate(CUT_COLUMNS):
        sets = np.tile(base, (len(factors), 1))
        sets[:, j] = base[j] * factors
        lo = j - j % 2
        valid = sets[:, lo] <= sets[:, lo + 1]
        codes = sweep(data, sets[valid])
        diff = codes != ref
        counts = np.full(len(factors), np.nan)
        which = np.full(len(factors), "", dtype=object)
        counts[valid] = diff.sum(axis=1)
        which[valid] = ["; ".join(labels[d]) for d in diff]
        rows.append(pd.DataFrame({"cut": cut, "factor": factors, "threshold": sets[:, j],
                                  "changed": pd.array(counts, dtype="Int64"), "which": which}))
    return pd.concat(rows, ignore_index=True)


def threshold_map(data: pd.DataFrame, pair: str = "lower", innovation=None, productivity=None,
                  thresholds=None, resolution: int = 41, factors=(0.5, 2.0)) -> pd.DataFrame:
    """Classify under a grid of two cut points (the rest held at the base).

    Parameters
    ----------
    data : pandas.DataFrame
    pair : {"lower", "upper"}
        Which innovation and productivity cuts are varied together.
    innovation, productivity : array-like of float, optional
        Values of the two varied cuts; by default ``resolution`` values from
        ``factors[0]`` to ``factors[1]`` times the base cut (log-spaced).
    thresholds : Thresholds or mapping, optional
        Base cut points (the paper's by default) and the reference
        classification.
    resolution : int
    factors : (float, float)

    Returns
    -------
    pandas.DataFrame
        One row per grid point: ``innovation_cut``, ``productivity_cut``,
        ``changed`` (cluster-years whose type differs from the base's) and
        ``types_used`` (distinct types among the cluster-years), both missing
        where the grid point would put a lower cut above its upper cut.
    """
    if pair not in PAIRS:
        raise ValueError(f"pair must be one of {sorted(PAIRS)}, got {pair!r}")
    base = base_array(thresholds)
    ji, jp = (CUT_COLUMNS.index(c) for c in PAIRS[pair])
    grid = factor_grid(factors[0], factors[1], resolution)
    inn = base[ji] * grid if innovation is None else np.asarray(innovation, dtype=float)
    prod = base[jp] * grid if productivity is None else np.asarray(productivity, dtype=float)
    ii, pp = np.meshgrid(inn, prod, indexing="ij")
    sets = np.tile(base, (ii.size, 1))
    sets[:, ji], sets[:, jp] = ii.ravel(), pp.ravel()
    valid = (sets[:, 0] <= sets[:, 1]) & (sets[:, 2] <= sets[:, 3])
    summary = sweep_summary(data, sets[valid], reference=base)
    changed = np.full(len(sets), np.nan)
    used = np.full(len(sets), np.nan)
    changed[valid] = summary["changed"].to_numpy()
    used[valid] = summary["types_used"].to_numpy()
    return pd.DataFrame({
        "innovation_cut": sets[:, ji], "productivity_cut": sets[:, jp],
        "changed": pd.array(changed, dtype="Int64"), "types_used": pd.array(used, dtype="Int64"),
    })


def _margins_one_axis(v: np.ndarray, lower: float, upper: float):
    """Relative moves of the lower and upper cut that change the level of each value.

    Returns (margin_lower, dir_lower, margin_upper, dir_upper, level); a move
    that cannot change the level while keeping lower <= upper is ``inf``.
    """
    level = level_codes(v, lower, upper).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        m_lo = np.where(level == 0, (lower - v) / lower,
                        np.where((level == 1) & (v < upper), (v - lower) / lower, np.inf))
        d_lo = np.where(level == 0, -1, 1)
        m_up = np.where(level == 2, (v - upper) / upper,
                        np.where((level == 1) & (v > lower), (upper - v) / upper, np.inf))
        d_up = np.where(level == 2, 1, -1)
    if lower == 0:
        m_lo = np.full(v.shape, np.inf)
    if upper == 0:
        m_up = np.full(v.shape, np.inf)
    return m_lo, d_lo, m_up, d_up, level


def stability_margins(data: pd.DataFrame, thresholds=None) -> pd.DataFrame:
    """Smallest relative move of any one cut point that changes each cluster-year's type.

    A cluster-year with R&D 0.101 against a lower cut of 0.1 changes type
    once that cut rises by 1%: its margin is 0.01. Moves keep each lower cut
    at or below its upper cut; a cut that cannot change the type that way
    has an infinite margin.

    Parameters
    ----------
    data : pandas.DataFrame
        Indicators with ``cluster`` and ``year``.
    thresholds : Thresholds, mapping or 4 cut points, optional
        The cut points (the paper's by default).

    Returns
    -------
    pandas.DataFrame
        One row per cluster-year, sorted by margin (smallest first, missing
        indicators last): ``cluster``, ``year``, ``label``, ``ecosystem_type``,
        ``margin`` (relative move, 0.01 = 1%), ``cut`` (which cut point),
        ``direction`` (``up``/``down``), ``flip_at`` (the cut's value at the
        margin), ``new_type`` (the type just beyond it), and ``margin_<cut>``
        for each of the four cuts. The type is unchanged for every single-cut
        move smaller than ``margin``; it changes for a move of ``margin`` in
        ``direction`` (or any move beyond it; at exactly the margin only when
        the value reaches the cut from below the rule's equality).
    """
    base = base_array(thresholds)
    rd, va = indicator_arrays(data)
    ref = type_codes(rd, va, Thresholds.from_any(base))
    inn = _margins_one_axis(rd, base[0], base[1])
    prod = _margins_one_axis(va, base[2], base[3])
    margins = np.column_stack([inn[0], inn[2], prod[0], prod[2]])
    directions = np.column_stack([inn[1], inn[3], prod[1], prod[3]])
    known = ref >= 0
    best = np.argmin(margins, axis=1)
    rows = np.arange(len(best))
    margin = margins[rows, best]
    direction = directions[rows, best]
    flip_at = base[best] * (1 + direction * margin)
    # The type just beyond the margin: level moves by one step on that axis.
    step = -direction  # a cut moving up lowers the level by one, moving down raises it
    on_innovation = best < 2
    level_inn = np.where(on_innovation & np.isfinite(margin), inn[4] + step, inn[4])
    level_prod = np.where(~on_innovation & np.isfinite(margin), prod[4] + step, prod[4])
    moved = known & np.isfinite(margin)
    new_codes = np.where(moved, combine_levels(np.clip(level_inn, 0, 2),
                                               np.clip(level_prod, 0, 2)), -1)
    out = pd.DataFrame({
        "cluster": data["cluster"].to_numpy(),
        "year": data["year"].to_numpy(),
        "label": cluster_year_labels(data).to_numpy(),
        "ecosystem_type": slugs_of(ref),
        "margin": np.where(known, margin, np.nan),
        "cut": np.where(known & np.isfinite(margin), np.array(CUT_COLUMNS)[best], None),
        "direction": np.where(known & np.isfinite(margin),
                              np.where(direction > 0, "up", "down"), None),
        "flip_at": np.where(known & np.isfinite(margin), flip_at, np.nan),
        "new_type": slugs_of(new_codes),
    })
    for j, cut in enumerate(CUT_COLUMNS):
        out[f"margin_{cut}"] = np.where(known, margins[:, j], np.nan)
    return out.sort_values("margin", kind="stable", na_position="last").reset_index(drop=True)


NOISE_CELLS = 4_000_000  # draws x cluster-years drawn at once by noise_probabilities


def noise_probabilities(data: pd.DataFrame, sigma: float = 0.1, draws: int = 10_000,
                        seed: int = 0, thresholds=None, chunk: int = 1000) -> pd.DataFrame:
    """Probability of each type under multiplicative log-normal measurement error.

    Every value is multiplied by ``exp(sigma * z)``, ``z`` standard normal,
    independently for each indicator, cluster-year and draw; zeros stay zero.

    Parameters
    ----------
    data : pandas.DataFrame
        Indicators with ``cluster`` and ``year``.
    sigma : float
        Standard deviation of the log error (0.1 is roughly +-10%).
    draws : int
        Monte-Carlo draws.
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    thresholds : Thresholds or mapping, optional
        The cut points (the paper's by default).
    chunk : int
        Draws generated at a time (bounds memory), fewer when ``chunk`` times
        the cluster-years exceeds :data:`NOISE_CELLS`. The random numbers are
        drawn chunk by chunk, so the exact result depends on it (and so on
        the number of cluster-years) as on ``seed``.

    Returns
    -------
    pandas.DataFrame
        One row per cluster-year: ``cluster``, ``year``, ``label``,
        ``ecosystem_type`` (without noise), one column per type slug with the
        share of draws giving that type, and ``p_same`` (share keeping the
        noise-free type). Missing indicators give missing probabilities.
    """
    if sigma < 0 or not np.isfinite(sigma):
        raise ValueError(f"sigma must be a finite non-negative number, got {sigma!r}")
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    base = base_array(thresholds)
    rd, va = indicator_arrays(data)
    ref = type_codes(rd, va, Thresholds.from_any(base))
    rng = np.random.default_rng(seed)
    counts = np.zeros((len(rd), 9), dtype=np.int64)
    # at most NOISE_CELLS values per array at once: memory stays bounded at any size
    step = max(1, min(chunk, NOISE_CELLS // max(len(rd), 1)))
    done = 0
    while done < draws:
        m = min(step, draws - done)
        noisy_rd = rd * np.exp(sigma * rng.standard_normal((m, len(rd))))
        noisy_va = va * np.exp(sigma * rng.standard_normal((m, len(va))))
        codes = combine_levels(level_codes(noisy_rd, base[0], base[1]),
                               level_codes(noisy_va, base[2], base[3]))
        for t in range(9):
            counts[:, t] += np.count_nonzero(codes == t, axis=0)
        done += m
    probs = counts / draws
    known = ref >= 0
    probs[~known] = np.nan
    out = pd.DataFrame({
        "cluster": data["cluster"].to_numpy(), "year": data["year"].to_numpy(),
        "label": cluster_year_labels(data).to_numpy(), "ecosystem_type": slugs_of(ref),
    })
    for t, slug in enumerate(type_slugs()):
        out[slug] = probs[:, t]
    out["p_same"] = np.where(known, probs[np.arange(len(rd)), np.clip(ref, 0, 8)], np.nan)
    return out


#: The deflator choices :func:`real_terms` compares by default, each used when its
#: series are in the deflator table: R&D by the GDP deflator (Frascati practice) with
#: value added by the value-added deflator of manufacturing or by the GDP deflator,
#: and the CPI for both as the alternative.
REAL_TERMS_CHOICES = (
    {"rd_per_employee": "gdp_deflator", "value_added_per_employee": "gva_deflator_manufacturing"},
    "gdp_deflator",
    "cpi_dec_dec",
)


def _default_choices(deflators: pd.DataFrame) -> list:
    from ..io.deflation import deflator_series

    have = set(deflators["series"])
    chosen = [c for c in REAL_TERMS_CHOICES if set(deflator_series(c).values()) <= have]
    used = {s for c in chosen for s in deflator_series(c).values()}
    return chosen + sorted(have - used)


def deflator_coverage(deflators: pd.DataFrame, years, base_year: int = 2020,
                      choices=None) -> pd.DataFrame:
    """Which deflator choices cover the data's years: check before :func:`real_terms`.

    Parameters
    ----------
    deflators : pandas.DataFrame
        From :func:`ecosystems.load_deflators`.
    years : iterable of int
        The years of the data.
    base_year : int
    choices : sequence, optional
        As for :func:`real_terms` (its default choices by default).

    Returns
    -------
    pandas.DataFrame
        One row per choice: ``deflator`` (its label), ``choice`` (as given),
        ``missing_years`` (the data's years one of its series has no price
        level for, ``", "``-joined; empty when covered) and ``covered``.
    """
    from ..io.deflation import deflator_label, price_indices

    wanted = sorted({int(y) for y in years})
    rows = []
    for choice in (_default_choices(deflators) if choices is None else choices):
        indices = price_indices(deflators, choice, base_year)
        lacking = sorted({y for i in indices.values() if i is not None
                          for y in wanted if y not in i.index})
        rows.append({"deflator": deflator_label(choice), "choice": choice,
                     "missing_years": ", ".join(map(str, lacking)), "covered": not lacking})
    return pd.DataFrame(rows, columns=["deflator", "choice", "missing_years", "covered"])


def real_terms(data: pd.DataFrame, deflators: pd.DataFrame, thresholds=None,
               base_year: int = 2020, choices=None) -> pd.DataFrame:
    """Every cluster-year's type in nominal rubles and in base-year rubles, per deflator choice.

    Parameters
    ----------
    data : pandas.DataFrame
        Indicators with ``cluster`` and ``year`` (nominal rubles).
    deflators : pandas.DataFrame
        From :func:`ecosystems.load_deflators`.
    thresholds : Thresholds, mapping or 4 cut points, optional
        The cut points (the paper's by default), the same in both terms.
    base_year : int
        Year whose rubles the real indicators are in.
    choices : sequence of str or mapping, optional
        Deflator choices (:func:`ecosystems.deflator_series`: a series for both
        indicators, or one per indicator). By default those of
        :data:`REAL_TERMS_CHOICES` whose series the table has, then every other
        series of the table for both indicators.

    Returns
    -------
    pandas.DataFrame
        One row per choice and cluster-year: ``deflator`` (the choice's label,
        :func:`ecosystems.deflator_label`), ``rd_series``, ``va_series``,
        ``cluster, year``, ``rd_price_level`` and ``va_price_level`` (base
        year = 1), ``rd_real``, ``value_added_real``, ``nominal_type``,
        ``real_type`` and ``changed``.
    """
    from ..io.deflation import deflate, deflator_label, deflator_series, price_indices

    base = Thresholds.from_any(base_array(thresholds))
    nominal = slugs_of(type_codes(*indicator_arrays(data), base))
    rows = []
    for choice in (_default_choices(deflators) if choices is None else choices):
        series = deflator_series(choice)
        indices = price_indices(deflators, choice, base_year)
        real = deflate(data, indices)
        levels = {c: (np.ones(len(data)) if i is None else data["year"].map(i).to_numpy())
                  for c, i in indices.items()}
        rows.append(pd.DataFrame({
            "deflator": deflator_label(choice),
            "rd_series": series["rd_per_employee"], "va_series": series["value_added_per_employee"],
            "cluster": data["cluster"], "year": data["year"],
            "rd_price_level": levels["rd_per_employee"],
            "va_price_level": levels["value_added_per_employee"],
            "rd_real": real["rd_per_employee"],
            "value_added_real": real["value_added_per_employee"],
            "nominal_type": nominal,
            "real_type": slugs_of(type_codes(*indicator_arrays(real), base))}))
    if not rows:  # no choice (none covers the data, say): the columns, no rows
        rows = [pd.DataFrame(columns=["deflator", "rd_series", "va_series", "cluster", "year",
                                      "rd_price_level", "va_price_level", "rd_real",
                                      "value_added_real", "nominal_type", "real_type"])]
    out = pd.concat(rows, ignore_index=True)
    out["changed"] = out["nominal_type"] != out["real_type"]
    return out


def real_terms_changes(real: pd.DataFrame) -> pd.DataFrame:
    """Which cluster-years change type under each deflator choice.

    Parameters
    ----------
    real : pandas.DataFrame
        From :func:`real_terms`.

    Returns
    -------
    pandas.DataFrame
        One row per choice, in the order of ``real``: ``deflator``,
        ``rd_series``, ``va_series``, ``changed`` (how many cluster-years) and
        ``which`` (``"Kalashnikov 2022: improvement -> traditional_production"``
        for each, ``"; "``-joined; empty when none).
    """
    rows = []
    for label, group in real.groupby("deflator", sort=False):
        moved = group[group["changed"]]
        which = "; ".join(f"{name}: {a} -> {b}" for name, a, b in zip(
            cluster_year_labels(moved), moved["nominal_type"], moved["real_type"], strict=True))
        rows.append({"deflator": label, "rd_series": group["rd_series"].iloc[0],
                     "va_series": group["va_series"].iloc[0], "changed": len(moved),
                     "which": which})
    return pd.DataFrame(rows)
