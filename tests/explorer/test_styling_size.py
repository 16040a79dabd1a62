"""The explorer's classification table at size: capped, rows that differ first, caption says so."""

import numpy as np
import pandas as pd

import ecosystems as eco
from ecosystems.explorer import styling


def test_many_rows_keep_the_differing_ones_first_in_order():
    table = pd.DataFrame({"2020": [f"t{i}" for i in range(10)]},
                         index=[f"c{i}" for i in range(10)])
    mask = np.zeros((10, 1), dtype=bool)
    mask[[7, 9]] = True
    styler = styling.highlighted(table, mask, "u", max_rows=4)
    assert styler.data.index.tolist() == ["c0", "c1", "c7", "c9"]
    assert styler.caption == "4 of 10 clusters (2 with a cell that differs, those first)"
    whole = styling.highlighted(table, mask, "u", max_rows=10)
    assert whole.data.index.tolist() == table.index.tolist() and whole.caption is None


def test_explorer_classification_is_capped_at_size():
    data = eco.synthetic_indicators(styling.MAX_ROWS + 15, 2, seed=3)
    explorer = eco.Explorer(data)
    styler = explorer.classification_styler()
    assert len(styler.data) == styling.MAX_ROWS
    assert f"{styling.MAX_ROWS} of {styling.MAX_ROWS + 15} clusters" in styler.caption
