import hashlib

import matplotlib.pyplot as plt
import pandas as pd

from ecosystems import save_figure, save_table


def _figure():
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, 1], label="line")
    ax.set_title("Кластер")
    ax.legend()
    return fig


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_figures_are_byte_deterministic(tmp_path):
    a = save_figure(_figure(), "f", formats=("png", "svg", "pdf"), folder=tmp_path / "a")
    b = save_figure(_figure(), "f", formats=("png", "svg", "pdf"), folder=tmp_path / "b")
    assert [digest(p) for p in a] == [digest(p) for p in b]
    svg = a[1].read_text()
    assert "<dc:date>" not in svg
    assert b"matplotlib version" not in a[0].read_bytes().lower()


def test_font_is_matplotlibs_bundled_dejavu():
    import matplotlib as mpl
    from matplotlib import font_manager

    from ecosystems.draw.style import RC

    path = font_manager.findfont(RC["font.family"])
    assert path.startswith(mpl.get_data_path())


def test_save_table_writes_csv_and_markdown(tmp_path):
    df = pd.DataFrame({"a": [1.23456], "b": ["x"]})
    csv, md = save_table(df, "t", folder=tmp_path)
    assert csv.read_text() == "a,b\n1.23456,x\n"
    assert "1.235" in md.read_text()
    _, noted = save_table(df, "n", folder=tmp_path, notes=["† first note", "‡ second"])
    assert noted.read_text(encoding="utf-8").endswith("\n\n† first note\n\n‡ second\n")


def test_save_text_writes_the_file_and_its_sidecar(tmp_path):
    from ecosystems import save_text
    from ecosystems.outputs import provenance

    (path,) = save_text("# Profiles\n", "profiles.md", folder=tmp_path)
    assert path.read_text(encoding="utf-8") == "# Profiles\n"
    side = provenance.sidecar_path(tmp_path, "profiles")
    assert provenance.check_sidecar(side) == []
