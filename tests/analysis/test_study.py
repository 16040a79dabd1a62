"""The study configuration: checked when made, and every cut method applied by the paper's rule."""

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import ecosystems as eco
from ecosystems.analysis.study import CUT_METHODS, DATA_METHODS
from ecosystems.typology.rule import indicator_arrays


@pytest.mark.parametrize("method", CUT_METHODS[2:])
def test_each_cut_method_is_applied_by_the_papers_rule(method):
    study = eco.Study(cut_method=method)
    data = study.indicators
    rd, va = indicator_arrays(data)
    expected = np.full(len(data), -1, dtype=np.int8)
    for row in study.cut_points.itertuples(index=False):
        sel = (data["year"] == row.year).to_numpy()
        expected[sel] = eco.type_codes(rd[sel], va[sel], eco.Thresholds.from_any(row[1:]))
    np.testing.assert_array_equal(study.codes, expected)
    # ... and gives the method's own classes
    codes, _ = eco.alternative_classification(data, method.removesuffix("_per_year"),
                                              "per_year" if "per_year" in method else "pooled")
    np.testing.assert_array_equal(study.codes, codes)
    slugs = study.classified["ecosystem_type"].astype(object).tolist()
    assert slugs == [eco.type_slugs()[c] for c in expected]
    assert study.per_year == method.endswith("_per_year")


def test_paper_explicit_and_defaults(table3):
    paper = eco.Study()
    assert paper.cut_method == "paper" and paper.is_paper()
    assert_frame_equal(paper.classified, eco.classify(table3))
    explicit = eco.Study(thresholds={"innovation": [0.1, 0.3], "productivity": [2, 4]})
    assert explicit.cut_method == "explicit" and explicit.is_paper()  # the same cut points
    halved = eco.Study(thresholds={"innovation": [0.05, 0.15], "productivity": [1, 2]})
    assert not halved.is_paper()
    assert halved.cuts == eco.Thresholds((0.05, 0.15), (1, 2))
    assert not eco.Study(cut_method="tertiles").is_paper()


def test_per_year_cut_points_are_not_one_set():
    study = eco.Study(cut_method="fisher_jenks_per_year")
    with pytest.raises(eco.ParameterError, match="per year"):
        study.cuts  # noqa: B018
    assert len(study.cut_points) == 4


@pytest.mark.parametrize("kwargs, message", [
    ({"cut_method": "median"}, "cut_method: 'median' is not one of"),
    ({"cut_method": "tertiles", "thresholds": {"innovation": [0.1, 0.3]}},
     "given with cut_method 'tertiles'"),
    ({"cut_method": "explicit"}, "'explicit' needs thresholds"),
    ({"thresholds": {"innovation": [0.3, 0.1]}}, "innovation_lower 0.3 is above"),
    ({"thresholds": {"inovation": [0.1, 0.3]}}, "unknown threshold key"),
    ({"langs": ["de"]}, "langs: \\['de'\\] is not a list"),
    ({"base_year": "2020"}, "base_year: '2020' is not a whole year"),
    ({"clusters": []}, "clusters: \\[\\] is empty"),
    ({"suspect_zeros_as_missing": "yes"}, "is not true or false"),
    ({"data_sheet": -1}, "data_sheet: -1 is not a sheet"),
])
def test_mistakes_are_named_with_key_and_value(kwargs, message):
    with pytest.raises(eco.ParameterError, match=message):
        eco.Study(**kwargs)


def test_clusters_filter_and_unknown_cluster(table3):
    some = list(pd.unique(table3["cluster"])[:2])
    assert set(eco.Study(clusters=some).indicators["cluster"]) == set(some)
    with pytest.raises(eco.ParameterError, match="not in data/table3.csv"):
        eco.Study(clusters=["No such cluster"]).indicators  # noqa: B018


def test_real_terms_and_suspect_zeros(table3):
    real = eco.Study(deflator="cpi_dec_dec")
    index = eco.price_index(eco.load_deflators(), "cpi_dec_dec", 2020)
    assert_frame_equal(real.indicators, eco.deflate(table3, index))
    zeros = eco.Study(suspect_zeros_as_missing=True)
    assert_frame_equal(zeros.indicators, eco.suspect_zeros_as_missing(table3))
    with pytest.raises(eco.ParameterError, match="deflator: .*no deflator series 'gdp'"):
        eco.Study(deflator="gdp").indicators  # noqa: B018


def test_data_driven_methods_are_the_cut_methods():
    assert set(DATA_METHODS) == set(eco.typology.cut_methods.METHODS)


def test_per_year_cut_points_reach_the_ledger():
    study = eco.Study(cut_method="fisher_jenks_per_year")
    ledger = eco.evaluate_claims(study.classified, study.cut_points)
    assert "by year" in ledger.loc[ledger["claim_id"] == "C3", "check"].item()
    with pytest.raises(ValueError, match="the cut points given"):  # levels must match the cuts
        eco.evaluate_claims(study.classified, study.base_cuts)
    summary = eco.claims_against_paper(study)
    assert summary["scenario_verdict"].isin(ledger["verdict"]).all()
    assert study.base_cuts == eco.Study(cut_method="fisher_jenks").cuts
