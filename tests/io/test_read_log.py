"""Data files read are noted for the provenance sidecars."""

import pandas as pd
import pytest

from ecosystems import config
from ecosystems.io import read_log


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch):
    """Each test notes its own reads; the process's registry is left as it was."""
    monkeypatch.setattr(read_log, "_read", {})


def test_data_files_opened_for_reading_are_recorded():
    read_log.install()
    pd.read_csv(config.TABLE3)
    recorded = read_log.data_read()
    assert list(recorded) == ["data/table3.csv"]
    assert recorded["data/table3.csv"] == read_log.sha256(config.TABLE3)


def test_a_user_file_is_recorded_when_declared(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("a\n1\n")
    read_log.record_read(mine)
    assert read_log.data_read() == {str(mine): read_log.sha256(mine)}
