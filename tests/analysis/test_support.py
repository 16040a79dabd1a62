import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystems import (
    DataError,
    Thresholds,
    classify,
    cluster_names,
    cluster_profile_markdown,
    config,
    development_options,
    load_indicators,
    measure_changes,
    overview,
    policy_summaries,
    support_measures,
    support_profile,
    table1,
    table2,
    type_slugs,
)
from ecosystems.analysis.support import CATEGORIES


def frame(rows):
    return pd.DataFrame(rows, columns=["cluster", "year", "rd_per_employee",
                                       "value_added_per_employee"])


def measures_of(typ, lang="en"):
    m = support_measures(lang)
    return tuple(m.loc[m["type"] == typ, "measure"])


def test_every_type_has_all_four_categories_in_both_languages():
    for lang in ("en", "ru"):
        m = support_measures(lang)
        assert len(m) == len(type_slugs()) * len(CATEGORIES)
        counts = m.groupby("type")["category"].apply(tuple)
        assert all(counts[t] == CATEGORIES for t in type_slugs())
        assert (m["measure"].str.strip() != "").all()


def test_the_two_special_growth_cells_are_marked():
    en = support_measures("en").set_index(["type", "category"])
    ru = support_measures("ru").set_index(["type", "category"])
    assert en.loc[("growth", "organizational"), "source"] == "paper_text"
    assert en.loc[("growth", "cooperation"), "source"] == "ours"
    assert ru.loc[("growth", "cooperation"), "source"] == "paper_table2"
    others = en.drop([("growth", "organizational"), ("growth", "cooperation")])
    assert (others["source"] == "paper_table2").all()
    assert (ru.drop([("growth", "cooperation")])["source"] == "ours").all()


def test_missing_measure_is_a_data_error(tmp_path, monkeypatch):
    table = pd.read_csv(config.SUPPORT_MEASURES, dtype=str, keep_default_na=False)
    broken = tmp_path / "support_measures.csv"
    table.iloc[1:].to_csv(broken, index=False)
    monkeypatch.setattr(config, "SUPPORT_MEASURES", broken)
    with pytest.raises(DataError, match="no measure for"):
        support_measures()
    table.loc[3, "category"] = "fiscal"
    broken = tmp_path / "support_measures_bad_category.csv"
    table.to_csv(broken, index=False)
    monkeypatch.setattr(config, "SUPPORT_MEASURES", broken)
    with pytest.raises(DataError, match="line 5, column 'category'.*'fiscal'"):
        support_measures()


def test_profile_lists_exactly_added_and_dropped_measures():
    data = classify(frame([
        ("X", 2020, 0.05, 1.0),   # traditional production
        ("X", 2021, 0.20, 3.0),   # growth
        ("X", 2022, 0.20, 3.5),   # growth again
        ("X", 2024, 0.05, 1.0),   # after a gap: not compared
    ]))
    p = support_profile(data)
    assert p["ecosystem_type"].tolist() == ["traditional_production", "growth", "growth",
                                            "traditional_production"]
    assert p["type_changed"].tolist() == [False, True, False, False]
    assert p.loc[1, "previous_type"] == "traditional_production"
    assert p.loc[1, "measures_added"] == measures_of("growth")
    assert p.loc[1, "measures_dropped"] == measures_of("traditional_production")
    assert p.loc[2, "measures_added"] == () and p.loc[2, "measures_dropped"] == ()
    assert pd.isna(p.loc[3, "previous_type"])
    assert tuple(p.loc[1, list(CATEGORIES)]) == measures_of("growth")


def test_shared_measures_are_neither_added_nor_dropped():
    custom = support_measures()
    shared = custom.loc[(custom["type"] == "traditional_production")
                        & (custom["category"] == "legal"), "measure"].item()
    custom.loc[(custom["type"] == "growth") & (custom["category"] == "legal"), "measure"] = shared
    data = classify(frame([("X", 2020, 0.05, 1.0), ("X", 2021, 0.20, 3.0)]))
    p = support_profile(data, custom)
    assert shared not in p.loc[1, "measures_added"] + p.loc[1, "measures_dropped"]
    assert len(p.loc[1, "measures_added"]) == 3 and len(p.loc[1, "measures_dropped"]) == 3
    long = measure_changes(data, custom)
    assert sorted(long["change"].value_counts().items()) == [("added", 3), ("dropped", 3)]
    assert "legal" not in set(long["category"])


def test_missing_indicator_gives_missing_measures():
    data = classify(frame([("X", 2020, float("nan"), 1.0), ("X", 2021, 0.05, 1.0)]))
    p = support_profile(data)
    assert p.loc[0, list(CATEGORIES)].isna().all()
    assert not p.loc[1, "type_changed"]


def test_distances_to_thresholds_hand_computed():
    data = classify(frame([
        ("A", 2023, 0.08, 1.5),   # traditional production: low / low
        ("B", 2023, 0.30, 4.0),   # growth, exactly on both upper cuts
        ("C", 2023, 0.50, 5.0),   # leadership: top cell
        ("D", 2023, 0.00, 3.0),   # adaptation with zero R&D
    ]))
    opt = development_options(data)
    a = opt[opt["cluster"] == "A"].set_index("move")
    assert a.index.tolist() == ["innovation", "productivity", "both"]
    assert a.loc["innovation", "target_type"] == "improvement"
    assert a.loc["productivity", "target_type"] == "adaptation"
    assert a.loc["both", "target_type"] == "growth"
    assert a.loc["innovation", "rd_rule"] == ">="
    assert a.loc["innovation", "rd_gap"] == pytest.approx(0.02)
    assert a.loc["innovation", "rd_gap_percent"] == pytest.approx(25.0)
    assert math.isnan(a.loc["innovation", "va_gap"])
    assert a.loc["productivity", "va_gap"] == pytest.approx(0.5)
    assert a.loc["productivity", "va_gap_percent"] == pytest.approx(100 / 3)
    assert a.loc["both", ["rd_gap", "va_gap"]].tolist() == pytest.approx([0.02, 0.5])
    assert a.loc["both", "measures_added"] == measures_of("growth")
    b = opt[opt["cluster"] == "B"].set_index("move")
    # on the upper cut the level is medium; high needs strictly more
    assert b.loc["innovation", "target_type"] == "new_models_transition"
    assert (b.loc["innovation", "rd_rule"], b.loc["innovation", "rd_gap"]) == (">", 0.0)
    assert (b.loc["productivity", "va_rule"], b.loc["productivity", "va_cut"]) == (">", 4.0)
    c = opt[opt["cluster"] == "C"]
    assert len(c) == 1 and pd.isna(c["move"].item())
    d = opt[opt["cluster"] == "D"].set_index("move")
    assert d.loc["innovation", "rd_gap"] == pytest.approx(0.1)
    assert math.isinf(d.loc["innovation", "rd_gap_percent"])


def test_options_follow_other_thresholds_and_check_them():
    cuts = Thresholds(innovation=(0.05, 0.2), productivity=(1.0, 3.0))
    data = classify(frame([("A", 2023, 0.08, 1.5)]), cuts)
    opt = development_options(data, cuts).set_index("move")
    assert opt.loc["innovation", "rd_cut"] == 0.2
    assert opt.loc["innovation", "rd_gap"] == pytest.approx(0.12)
    with pytest.raises(ValueError, match="other thresholds"):
        development_options(data)


def test_year_selection():
    data = classify(load_indicators())
    opt = development_options(data, year=2021)
    assert set(opt["year"]) == {2021}
    assert set(development_options(data)["year"]) == {int(data["year"].max())}
    with pytest.raises(ValueError, match="year 1999"):
        development_options(data, year=1999)


def test_russian_output_present():
    data = classify(load_indicators())
    cyrillic = r"[А-Яа-яЁё]"
    assert support_measures("ru")["measure"].str.contains(cyrillic).all()
    assert table2("ru", marks=False).columns.str.contains(cyrillic).all()
    assert table1("ru").stack().str.contains(cyrillic).all()
    assert policy_summaries("ru")["summary"].str.contains(cyrillic).all()
    ov = overview(data, lang="ru")
    assert "Тип экосистемы" in ov.columns and len(ov) == data["cluster"].nunique()
    page = cluster_profile_markdown(data, data["cluster"].iloc[0], lang="ru")
    assert "Текущий тип" in page
    assert support_profile(data, lang="ru")["legal"].str.contains(cyrillic).all()


def test_word_export_is_deterministic_and_complete(tmp_path):
    import docx

    from ecosystems import save_profiles_docx

    data = classify(load_indicators())
    first = save_profiles_docx(data, "p", lang="ru", folder=tmp_path / "a")
    second = save_profiles_docx(data, "p", lang="ru", folder=tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    document = docx.Document(first)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # the Russian cluster names of data/clusters.csv (our translation)
    assert headings == list(dict.fromkeys(data["cluster"].map(cluster_names("ru", short=False))))
    assert any("Текущий тип" in p.text for p in document.paragraphs)
    assert document.core_properties.created.year == 2000


def test_real_type_changes_of_table3():
    data = classify(load_indicators())
    changes = measure_changes(data)
    assert not changes.empty  # Table 3 has type changes; the loop below must check something
    for _, group in changes.groupby(["cluster", "year"]):
        old, new = group["previous_type"].iloc[0], group["ecosystem_type"].iloc[0]
        assert tuple(group.loc[group["change"] == "added", "measure"]) == measures_of(new)
        assert tuple(group.loc[group["change"] == "dropped", "measure"]) == measures_of(old)
        assert tuple(group.loc[group["change"] == "added", "category"]) == CATEGORIES
    profile = support_profile(data)
    assert profile["type_changed"].sum() == changes.groupby(["cluster", "year"]).ngroups


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 0.6), st.floats(0, 6)), min_size=2, max_size=6))
def test_added_and_dropped_are_the_set_differences(values):
    data = classify(frame([("X", 2000 + i, rd, va) for i, (rd, va) in enumerate(values)]))
    p = support_profile(data)
    for i in range(1, len(p)):
        old, new = p.loc[i - 1, "ecosystem_type"], p.loc[i, "ecosystem_type"]
        assert p.loc[i, "type_changed"] == (old != new)
        assert set(p.loc[i, "measures_added"]) == set(measures_of(new)) - set(measures_of(old))
        assert set(p.loc[i, "measures_dropped"]) == set(measures_of(old)) - set(measures_of(new))
