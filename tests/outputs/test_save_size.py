"""Tables at size: Markdown capped (the CSV keeps every row), missing marked, displays cut."""

import numpy as np
import pandas as pd
from pandas.testing import assert_frame_equal

import ecosystems as eco
from ecosystems.outputs import save


def test_markdown_keeps_at_most_its_rows_and_says_so(tmp_path):
    df = pd.DataFrame({"cluster": [f"c{i}" for i in range(12)], "value": np.arange(12) / 4})
    csv, md = eco.save_table(df, "big", folder=tmp_path, note=None, max_rows=5)
    assert_frame_equal(pd.read_csv(csv), df)
    text = md.read_text(encoding="utf-8")
    assert [line.split("|")[1].strip() for line in text.splitlines()[2:7]] == [
        "c0", "c1", "c2", "c3", "c4"]
    assert "| c5 " not in text
    assert "*The first 5 of 12 rows; every row is in big.csv.*" in text
    _csv, whole = eco.save_table(df, "whole", folder=tmp_path, note=None, max_rows=None)
    assert len(whole.read_text(encoding="utf-8").splitlines()) == 2 + 12
    default = pd.DataFrame({"a": range(save.MARKDOWN_ROWS + 1)})
    _csv, md = eco.save_table(default, "default", folder=tmp_path, note=None)
    assert f"The first {save.MARKDOWN_ROWS:,} of {save.MARKDOWN_ROWS + 1:,} rows" in (
        md.read_text(encoding="utf-8"))


def test_small_tables_are_whole_without_a_line(tmp_path):
    df = pd.DataFrame({"a": [1, 2]})
    _csv, md = eco.save_table(df, "small", folder=tmp_path, note=None)
    assert md.read_text(encoding="utf-8") == "|   a |\n|----:|\n|   1 |\n|   2 |\n"


def test_missing_values_are_marked_not_nan(tmp_path):
    df = pd.DataFrame({"x": [1.5, np.nan], "name": ["a", None], "n": pd.array([pd.NA, 2])})
    _csv, md = eco.save_table(df, "gaps", folder=tmp_path, note=None)
    text = md.read_text(encoding="utf-8")
    assert "nan" not in text.lower().replace("name", "") and "<NA>" not in text
    assert [c.strip() for c in text.splitlines()[3].split("|")[1:-1]] == ["n/a", "n/a", "2"]


def test_shown_rows_cuts_and_says_where_the_rest_is(capsys):
    df = pd.DataFrame({"a": range(100)})
    assert_frame_equal(eco.shown_rows(df, limit=10, where="t.csv"), df.head(10))
    assert capsys.readouterr().out == "showing the first 10 of 100 rows; every row is in t.csv\n"
    assert eco.shown_rows(df) is df if len(df) <= eco.SHOWN_ROWS else True
    small = df.head(3)
    assert eco.shown_rows(small) is small and capsys.readouterr().out == ""


def test_listed_names_a_few_and_counts_the_rest():
    assert eco.listed([]) == "none"
    assert eco.listed(["a", "b"]) == "a, b"
    assert eco.listed([f"x{i}" for i in range(1500)], limit=2) == "x0, x1 and 1,498 more"


def test_profile_documents_hold_at_most_their_clusters_and_say_so(tmp_path):
    import docx

    data = eco.classify(eco.synthetic_indicators(5, 2, seed=1), eco.Thresholds())
    text = eco.cluster_profiles_markdown(data, max_clusters=2)
    assert text.startswith("*The profiles of the first 2 of 5 clusters")
    assert text.count("\n## ") + text.startswith("## ") == 2
    whole = eco.cluster_profiles_markdown(data, max_clusters=None)
    assert "The profiles of the first" not in whole
    assert whole.count("SYNTHETIC cluster 5") >= 1
    path = eco.save_profiles_docx(data, "p", lang="ru", folder=tmp_path, max_clusters=2)
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    assert any(p.startswith("Профили первых 2 из 5 кластеров") for p in paragraphs)
    assert eco.profiled_clusters(data, max_clusters=5) == (list(data["cluster"].unique()), None)


def test_long_text_cells_are_cut_in_markdown_and_displays(tmp_path):
    long = "x" * (save.CELL_CHARS + 500)
    df = pd.DataFrame({"which": [long, "short"], "n": [1, 2]})
    csv, md = eco.save_table(df, "long", folder=tmp_path, note=None)
    assert pd.read_csv(csv)["which"].tolist() == [long, "short"]
    text = md.read_text(encoding="utf-8")
    assert f"{'x' * save.CELL_CHARS} … ({len(long):,} characters; all of them in the CSV)" in text
    assert "x" * (save.CELL_CHARS + 1) not in text
    shown = eco.shown_rows(df)
    assert shown.loc[0, "which"].endswith("characters; all of them in the CSV)")
    assert df.loc[0, "which"] == long  # the caller's frame is not changed


def test_missing_mark_in_the_tables_language(tmp_path):
    df = pd.DataFrame({"x": [np.nan, 1.0]})
    _csv, md = eco.save_table(df, "ru", folder=tmp_path, note=None,
                              missing=eco.label("word.no_data", "ru"))
    assert "нет данных" in md.read_text(encoding="utf-8")
    assert eco.label("word.no_data", "en") == save.MISSING
