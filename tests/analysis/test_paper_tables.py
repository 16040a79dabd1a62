"""Tables 1 and 2 in the paper's layout: the marks of the cells that are ours, the paragraphs."""

from ecosystems import (
    errata,
    paragraph_coverage,
    support_measures,
    table1,
    table2,
    table2_notes,
)
from ecosystems.analysis.paper_tables import MARKS


def test_tables_1_and_2_layout():
    t1, t2 = table1(), table2(marks=False)
    assert t1.shape == (3, 3) and t2.shape == (9, 4)
    assert t1.iloc[1, 1].startswith("Growth ecosystem. ")
    growth_org = t2.loc["Growth ecosystem", "Organizational"]
    assert growth_org == "Establish technology development centers"


def test_table2_marks_the_cells_that_are_ours():
    marked = table2()
    plain = table2(marks=False)
    differ = (marked != plain).stack()
    assert sorted(differ[differ].index) == [("Growth ecosystem", "Cooperation stimulation"),
                                            ("Growth ecosystem", "Organizational")]
    assert marked.loc["Growth ecosystem", "Organizational"].endswith(f" {MARKS['filled']}")
    assert marked.loc["Growth ecosystem", "Cooperation stimulation"].endswith(
        f" {MARKS['other_source']}")
    notes = table2_notes()
    assert [n[0] for n in notes] == [MARKS["filled"], MARKS["other_source"]]
    assert "Our translation" in notes[1]
    # in Russian every text but the one printed in Russian is ours: that one is marked
    ru = table2("ru")
    assert ru.iloc[4, 3].endswith(MARKS["other_source"]) and ru.iloc[4, 2].endswith(
        MARKS["filled"])
    assert "Как напечатано в статье" in table2_notes("ru")[1]
    # a measures table without sources gets no marks and no notes
    bare = support_measures()[["type", "category", "measure"]]
    assert (table2(measures=bare) == plain).all().all() and table2_notes(measures=bare) == []


def test_paragraph_coverage_and_the_errata_agree():
    coverage = paragraph_coverage()
    assert len(coverage) == 36
    left_out = coverage[~coverage["restated"]]
    assert [(r.paragraph, r.category) for r in left_out.itertuples()] == [
        (1, "legal"), (6, "organizational"), (7, "legal"), (8, "organizational"),
        (9, "economic")]
    # one erratum per paragraph that leaves a measure out, naming that measure
    omitted = errata()[errata()["kind"] == "omitted measure"]
    assert len(omitted) == len(left_out)
    for erratum, r in zip(omitted.itertuples(), left_out.itertuples(), strict=True):
        assert erratum.location.endswith(f"paragraph {r.paragraph}")
        assert f'"{r.measure}"' in erratum.issue and f" {r.category}" in erratum.issue
    # the note of the filled cell says how weak its source is, with the same count
    note = support_measures().set_index(["type", "category"]).loc[("growth", "organizational"),
                                                                   "note"]
    assert f"{left_out['paragraph'].nunique()} of the {coverage['paragraph'].nunique()}" in \
        note
    assert "E19-E23" in note and list(omitted["erratum_id"]) == [f"E{i}" for i in range(19, 24)]
