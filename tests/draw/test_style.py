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


def test_low_contrast_colours_are_outlined_in_a_darker_shade_of_themselves():
    from matplotlib.colors import to_rgb

    from ecosystems.draw.style import contrast_ratio, outline_colour, outlined

    assert round(contrast_ratio("black", "white"), 6) == 21.0
    assert contrast_ratio("white") == 1.0
    low = [c for c in PALETTE if outline_colour(c)]
    assert low == ["#DDCC77", "#88CCEE", "#44AA99"]  # sand, cyan, teal: under 3:1 on white
    for colour in low:
        edge = outline_colour(colour)
        assert contrast_ratio(edge) >= 3.0  # the outline itself stands out on white
        hue = [a / b for a, b in zip(to_rgb(edge), to_rgb(colour), strict=True)]
        assert max(hue) - min(hue) < 0.01  # the same colour, darker
    assert outlined("#332288", 1.0) == {} and outlined("#DDCC77", 1.0)["path_effects"]


def test_trajectories_and_markers_use_the_outline(table3):
    import ecosystems as eco

    ax = eco.phase_portrait(table3)
    lines = {line.get_gid(): line for line in ax.get_lines()}
    transmash = lines['trajectory:"TRANSMASH" industrial cluster']
    kalashnikov = lines['trajectory:"Kalashnikov" industrial cluster']
    assert transmash.get_path_effects() and not kalashnikov.get_path_effects()
    assert transmash.get_color() == "#DDCC77"  # one colour per cluster, outlined
