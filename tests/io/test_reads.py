"""Data files read are noted for the provenance sidecars."""

import pandas as pd
import pytest

from ecosystems import config
from ecosystems.io import reads


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch):
    """Each test notes its own reads; the process's registry is left as it was."""
    monkeypatch.setattr(reads, "_read", {})


def test_data_files_opened_for_reading_are_recorded():
    reads.install()
    pd.read_csv(config.TABLE3)
    recorded = reads.data_read()
    assert list(recorded) == ["data/table3.csv"]
    assert recorded["data/table3.csv"] == reads.sha256(config.TABLE3)


def test_a_user_file_is_recorded_when_declared(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("a\n1\n")
    reads.record_read(mine)
    assert reads.data_read() == {str(mine): reads.sha256(mine)}
