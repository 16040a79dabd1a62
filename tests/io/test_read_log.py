"""Data files read are noted for the provenance records, by the functions that read them."""

import pandas as pd
import pytest

from ecosystems import config
from ecosystems.io import read_log, reference


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch):
    """Each test notes its own reads; the process's registry is left as it was."""
    monkeypatch.setattr(read_log, "_read", {})


def test_a_shipped_data_file_read_by_the_package_is_recorded():
    reference.read_data_csv.cache_clear()  # read it now, not from an earlier test's cache
    reference.read_data_csv(config.CLUSTERS)
    recorded = read_log.data_read()
    assert list(recorded) == ["data/clusters.csv"]
    assert recorded["data/clusters.csv"] == read_log.sha256(config.CLUSTERS)


def test_nothing_watches_other_reads():
    """No audit hook: a file opened outside the package's readers is not noted."""
    pd.read_csv(config.TABLE3)
    assert read_log.data_read() == {}


def test_a_user_file_is_recorded_when_declared(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("a\n1\n")
    read_log.record_read(mine)
    assert read_log.data_read() == {str(mine): read_log.sha256(mine)}
