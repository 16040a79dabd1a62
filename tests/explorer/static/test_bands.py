"""The OECD layer of the explorer without a server: the rays, their limits and the names."""

import altair as alt
import numpy as np
import pandas as pd
import vl_convert
from hypothesis import given
from hypothesis import strategies as st

from ecosystems import load_indicators, rd_intensity_bands
from ecosystems.explorer.static.bands import label_rows, strip_rows, vega_symlog
from ecosystems.explorer.static.chart import HEIGHT, WIDTH, explorer_charts
from ecosystems.io.reference import label

LIMITS, CONSTANTS = ((0.0, 12.0), (0.0, 0.8)), (0.1, 0.01)


@given(st.floats(0, 1e3), st.floats(1e-3, 10))
def test_the_page_symlog_goes_back_and_forth(v, constant):
    forward, inverse = vega_symlog(constant)
    assert np.isclose(inverse(forward(v)), v, rtol=1e-9, atol=1e-12)


def test_strips_lie_between_the_rays_of_the_band_limits():
    rows = pd.DataFrame(strip_rows(LIMITS, CONSTANTS))
    bands = rd_intensity_bands().dropna(subset=["gap_below_percent"]).set_index("group")
    assert list(pd.unique(rows["g"])) == list(bands.index)
    inside = rows[rows["x"] > 0]
    for g, part in inside.groupby("g"):
        low, high = bands.loc[g, ["gap_below_percent", "lowest_percent"]] / 100
        assert np.allclose(part["lo"] / part["x"], low, rtol=1e-5)  # 6 significant digits
        assert np.allclose(part["hi"] / part["x"], high, rtol=1e-5)
        assert part["x"].is_monotonic_increasing and part["x"].max() == LIMITS[0][1]
    assert (rows["x"] >= 0).all()


def test_group_names_in_both_languages_lie_in_the_plot(table3):
    rows = pd.DataFrame(label_rows(table3, LIMITS, CONSTANTS, (WIDTH, HEIGHT)))
    for lang, part in rows.groupby("lang"):
        assert set(part["text"]) == {label(f"oecd.{g}", lang) for g in part["g"]}
        assert len(part) >= 3
    assert rows["px"].between(0, WIDTH).all() and rows["py"].between(0, HEIGHT).all()


def test_the_portrait_spec_draws_the_layer_only_while_the_bands_signal_is_on():
    spec = explorer_charts(load_indicators())["portrait"].to_dict()
    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    vega = vl_convert.vegalite_to_vega(spec, vl_version=version)
    signals = {s["name"]: s for s in vega["signals"]}
    assert signals["bands"]["value"] is False
    data = {d["name"]: d for d in vega["data"]}
    for name in ("oecd_strips", "oecd_labels"):
        filters = [t["expr"] for d in vega["data"] if d.get("source") == name
                   or d["name"] == name for t in d.get("transform", []) if t["type"] == "filter"]
        assert "bands" in filters, (name, filters)
    assert len(data["oecd_strips"]["values"]) > 4 * 100
