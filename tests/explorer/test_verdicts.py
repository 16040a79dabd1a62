"""The claims' verdicts precomputed for the page without a server equal the ledger's."""

import numpy as np
import pytest

from ecosystems import Thresholds, evaluate_claims
from ecosystems.explorer.verdicts import (
    class_starts,
    cut_grid,
    grid_decimals,
    verdict_tables,
)
from ecosystems.io.loaders import INDICATORS

# under pytest-xdist (`make unit`, --dist loadgroup) one worker runs this module: the
# verdict tables are made once
pytestmark = pytest.mark.xdist_group("verdict_tables")

TOPS = {"innovation": 0.6, "productivity": 8.0}


@pytest.fixture(scope="session")  # not rebuilt when a worker runs another module in between
def table3_tables():
    from ecosystems import load_indicators

    data = load_indicators()
    return data, verdict_tables(data, TOPS, progress=False)


def test_grid_points_are_the_doubles_a_browser_reads():
    grid = cut_grid(3, 0.6)
    assert len(grid) == 601 and grid[-1] == 0.6
    assert all(grid[k] == float(f"{k / 1000:.3f}") for k in range(601))
    assert grid_decimals([0.121, 2.179, 0.0]) == 3
    assert grid_decimals([1.0, 2.0]) == 2  # at least two decimals
    assert grid_decimals([0.1234567891]) == 6  # at most six


def test_classes_group_grid_points_with_the_same_comparisons(table3):
    values = table3[INDICATORS["innovation"]].to_numpy(dtype=float)
    grid = cut_grid(3, 0.6)
    for side, compare in (("lower", np.greater_equal), ("upper", np.greater)):
        starts = class_starts(values, grid, side)
        signature = compare(values[None, :], grid[:, None])
        for a, b in zip(starts, [*starts[1:], len(grid)], strict=True):
            assert (signature[a:b] == signature[a]).all()  # same inside a class
            if b < len(grid):
                assert (signature[b] != signature[a]).any()  # different across a start


def test_table_verdicts_equal_the_ledger_off_class_starts(table3_tables, rng):
    """Settings sampled anywhere on the grid (not only where the tables were evaluated),
    including cuts exactly on data values and equal cuts."""
    data, tables = table3_tables
    paper = Thresholds()
    settings = [paper, {"innovation": (0.101, 0.3)}, {"innovation": (0.266, 0.266)},
                {"productivity": (2.179, 4.0)}, {"productivity": (0.0, 0.0)},
                {"productivity": (3.305, 8.0)}, {"innovation": (0.08, 0.1)}]
    for _ in range(12):
        axis = ["innovation", "productivity"][int(rng.integers(2))]
        scale = 1000
        lo, hi = sorted(rng.integers(0, round(TOPS[axis] * scale) + 1, 2))
        settings.append({axis: (lo / scale, hi / scale)})
    for setting in settings:
        t = Thresholds.from_any(setting)
        want = tuple(evaluate_claims(data, t)["verdict"])
        assert tables.verdicts_at(t) == want, setting


def test_both_axes_moved_is_not_tabulated(table3_tables):
    _, tables = table3_tables
    assert tables.verdicts_at({"innovation": (0.2, 0.3), "productivity": (1.0, 4.0)}) is None


def test_every_pair_of_classes_with_room_for_lower_at_most_upper_has_verdicts(table3_tables):
    _, tables = table3_tables
    for axis, tab in tables.axes.items():
        grid = cut_grid(tab.decimals, tab.top)
        ends = np.append(tab.upper[1:] - 1, len(grid) - 1)
        for i, lo in enumerate(tab.lower):
            for j, hi in enumerate(ends):
                assert (tab.table[i, j] >= 0) == (grid[lo] <= grid[hi]), (axis, i, j)


def test_a_comparison_the_tables_do_not_know_is_caught(tiny, monkeypatch):
    """If the ledger compared a cut with a value the classes ignore, the build says so."""
    from ecosystems.explorer import verdicts

    real = verdicts.evaluate_claims

    # a verdict that changes at lower cut 0.15: no value of `tiny` lies there, nor 0.8 x 0.15
    def moody(data, t, rules):
        out = real(data, t, rules).copy()
        if t.innovation[0] > 0.15:
            out.loc[0, "verdict"] = "not checkable"
        return out

    monkeypatch.setattr(verdicts, "evaluate_claims", moody)
    with pytest.raises(RuntimeError, match="does not know"):
        verdict_tables(tiny, TOPS, progress=False)
