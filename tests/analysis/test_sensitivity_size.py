"""Sensitivity at size: deflators checked for the years first, noise drawn in bounded chunks."""

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import ecosystems as eco


def test_covered_years_pass_and_missing_ones_are_named():
    deflators = eco.load_deflators()
    cpi = deflators[deflators["series"] == "cpi_dec_dec"]["year"]
    first = int(cpi.min())
    years = range(first - 3, 2024)
    coverage = eco.deflator_coverage(deflators, years, 2020, choices=["cpi_dec_dec"])
    missing = [y for y in years if y not in set(eco.price_index(deflators, "cpi_dec_dec").index)]
    assert missing  # else this tests nothing
    assert coverage.loc[0, "missing_years"] == ", ".join(map(str, missing))
    assert not coverage.loc[0, "covered"]
    ok = eco.deflator_coverage(deflators, [2020, 2021], 2020, choices=["cpi_dec_dec"])
    assert ok.loc[0, "covered"] and ok.loc[0, "missing_years"] == ""


def test_real_terms_of_no_choice_is_empty_with_its_columns(table3):
    out = eco.real_terms(table3, eco.load_deflators(), choices=[])
    full = eco.real_terms(table3, eco.load_deflators())
    assert out.empty and list(out.columns) == list(full.columns)
    assert eco.real_terms_changes(out).empty


def test_the_synthetic_tables_years_skip_what_is_not_covered():
    data = eco.synthetic_indicators(5, 20, seed=1)
    coverage = eco.deflator_coverage(eco.load_deflators(), data["year"].unique())
    assert not coverage["covered"].all()
    assert set(coverage.columns) == {"deflator", "choice", "missing_years", "covered"}
    assert isinstance(coverage, pd.DataFrame)
    with pytest.raises(KeyError):
        eco.deflator_coverage(eco.load_deflators(), [2020], choices=["no_such_series"])


def test_noise_draws_are_chunked_by_cells_at_size(monkeypatch):
    from ecosystems.analysis import sensitivity

    data = eco.synthetic_indicators(10, 3, seed=4)
    small = eco.noise_probabilities(data, draws=40, seed=2, chunk=40)
    monkeypatch.setattr(sensitivity, "NOISE_CELLS", 30 * 20)  # 20 draws of 30 cluster-years
    chunked = eco.noise_probabilities(data, draws=40, seed=2, chunk=40)
    assert_frame_equal(chunked, eco.noise_probabilities(data, draws=40, seed=2, chunk=20))
    assert (chunked["p_same"] - small["p_same"]).abs().max() < 0.5  # same law, other draws
