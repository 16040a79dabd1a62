"""Data files read are noted for the provenance sidecars."""

import pandas as pd

from ecosystems import config
from ecosystems.io import reads


def test_data_files_opened_for_reading_are_recorded():
    reads.install()
    reads._read.clear()
    pd.read_csv(config.TABLE3)
    recorded = reads.data_read()
    assert list(recorded) == ["data/table3.csv"]
    assert recorded["data/table3.csv"] == reads.sha256(config.TABLE3)


def test_a_user_file_is_recorded_when_declared(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("a\n1\n")
    reads._read.clear()
    reads.record_read(mine)
    assert reads.data_read() == {str(mine): reads.sha256(mine)}
