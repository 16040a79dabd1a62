import matplotlib as mpl

from ecosystems.draw.style import PALETTE, RC, cluster_palette, paper_style


def test_paper_style_sets_and_restores_only_its_keys():
    before_size, before_interactive = mpl.rcParams["font.size"], mpl.rcParams["interactive"]
    try:
        with paper_style():
            assert mpl.rcParams["font.size"] == RC["font.size"]
            # what the notebook inline backend does when the first figure is made
            mpl.rcParams["interactive"] = not before_interactive
        assert mpl.rcParams["font.size"] == before_size
        assert mpl.rcParams["interactive"] == (not before_interactive)
    finally:
        mpl.rcParams["interactive"] = before_interactive


def test_cluster_palette_is_stable_under_subsets():
    full = cluster_palette()
    assert list(full.values()) == list(PALETTE[:len(full)])
    names = list(full)[::-1][:3] + ["my own cluster"]
    sub = cluster_palette(names)
    assert all(sub[n] == full[n] for n in names[:3])
    assert sub["my own cluster"] not in full.values()
